import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);
import {
  summarize
} from "./chunk-PCGUCC26.js";
import {
  signKeyless
} from "./chunk-7QD6OFWW.js";
import {
  localKeySigner,
  signWithKey,
  trustFromRoots,
  verdictStatement,
  verifyAgentRun,
  verifyKeySigned
} from "./chunk-P4LCOEUF.js";
import {
  agentRunStatement
} from "./chunk-MFBMGNTB.js";
import "./chunk-5NANKWQZ.js";
import {
  defaultJobClaims,
  startOidcIssuer,
  startSigstore
} from "./chunk-W3YAAO3Z.js";
import "./chunk-K3MR4WOR.js";
import "./chunk-JJEEWADX.js";
import "./chunk-VJTT6KNH.js";
import {
  numberOption,
  runCommand
} from "./chunk-IW66ZKD5.js";
import "./chunk-5AA5OQFX.js";
import "./chunk-WLT2JI5U.js";

// src/bench/attest-bench.ts
import { generateKeyPairSync } from "node:crypto";
import { performance } from "node:perf_hooks";
async function time(n, run) {
  const samples = [];
  let last;
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    last = await run(i);
    samples.push(performance.now() - start);
  }
  return { samples, last };
}
var ATTEST = {
  name: "bench attest",
  help: {
    usage: ["airlock bench attest [--n N]"],
    about: "Keyless signing through the world's Fulcio with Rekor or a TSA, verification of those bundles, and the App's key-signed verdicts, over loopback. One JSON document on stdout.",
    options: [["--n N", "operations measured per kind (default 40)"]],
    exit: { 0: "measured", 2: "usage error" }
  },
  options: { n: { type: "string" } }
};
var attestBench = (argv, io) => runCommand(ATTEST, argv, io, ({ values }) => measureAttest(numberOption("--n", values.n, 40, { integer: true, min: 1 }), io));
async function measureAttest(n, io) {
  const oidc = await startOidcIssuer({ defaults: defaultJobClaims({ repositoryId: 4100, ownerId: 4e3, actorId: 1 }) });
  const sigstore = await startSigstore({ oidcIssuer: oidc.issuer, jwks: () => oidc.jwks() });
  try {
    const now = (/* @__PURE__ */ new Date()).toISOString();
    const predicate = {
      agent: { identity: "agent", commandDigest: { sha256: "c".repeat(64) }, exitCode: 0 },
      run: { serverUrl: "https://github.com", repository: "acme/widgets", repositoryId: "4100", workflowRef: "acme/widgets/.github/workflows/agent.yml@refs/heads/main", runId: "7000001", runAttempt: "1", ref: "refs/heads/main", sha: "a".repeat(40), eventName: "workflow_dispatch", runnerEnvironment: "github-hosted" },
      inputsDigest: { sha256: "d".repeat(64) },
      base: { commit: "b".repeat(40) },
      changes: { files: 3, needsApproval: [] },
      credentials: [{ kind: "github", id: "bench", scope: "contents:read on widgets", mintedAt: now, expiresAt: now, revokedAt: now }],
      sandbox: { backend: "bwrap", network: "proxy" },
      egress: { mode: "proxy", allowedHosts: [], requests: 0, blocked: 0 },
      redaction: { outputRedactions: 0 },
      policyDecisions: [],
      timestamps: { startedOn: now, finishedOn: now }
    };
    const statement = agentRunStatement("e".repeat(64), predicate);
    const token = () => oidc.mint({}, "sigstore");
    const rekor = await time(n, () => signKeyless(statement, { fulcioUrl: sigstore.url, rekorUrl: sigstore.url, identityToken: token }));
    const tsa = await time(n, () => signKeyless(statement, { fulcioUrl: sigstore.url, tsaUrl: sigstore.url, identityToken: token }));
    const trust = trustFromRoots([sigstore.trustedRoot]);
    const policy = { serverUrl: "https://github.com", issuer: oidc.issuer, repository: "acme/widgets", repositoryId: "4100", workflows: { anyOnRef: "refs/heads/main" } };
    const verifyRekor = await time(n * 5, () => verifyAgentRun(rekor.last, trust, policy));
    const verifyTsa = await time(n * 5, () => verifyAgentRun(tsa.last, trust, policy));
    const signer = localKeySigner(generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey);
    const verdict = verdictStatement({ verifierId: "airlock[bot]", repositoryUrl: "https://github.com/acme/widgets", headSha: "f".repeat(40), changesetDigest: "e".repeat(64), passed: true, policyDigest: "a".repeat(64), inputDigest: "b".repeat(64), agentRunDigest: "c".repeat(64), attestation: "verified", pullRequest: 1, approvals: [{ login: "bob", via: "review" }], deny: [], time: now });
    const signVerdict = await time(n * 5, () => signWithKey(verdict, signer));
    const verifyVerdict = await time(n * 5, () => verifyKeySigned(signVerdict.last, signer.publicKeyPem));
    io.stdout(
      `${JSON.stringify({
        bench: "attest",
        note: "Fulcio, Rekor and the TSA are the world stand-ins on 127.0.0.1; real services add network round trips",
        sign_keyless_rekor_ms: summarize(rekor.samples),
        sign_keyless_tsa_ms: summarize(tsa.samples),
        verify_rekor_bundle_ms: summarize(verifyRekor.samples),
        verify_tsa_bundle_ms: summarize(verifyTsa.samples),
        sign_verdict_ms: summarize(signVerdict.samples),
        verify_verdict_ms: summarize(verifyVerdict.samples),
        bundle_bytes: { rekor: JSON.stringify(rekor.last).length, tsa: JSON.stringify(tsa.last).length, verdict: JSON.stringify(signVerdict.last).length }
      })}
`
    );
    return 0;
  } finally {
    await sigstore.close();
    await oidc.close();
  }
}
export {
  attestBench
};
