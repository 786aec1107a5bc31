import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);
import {
  verifyChain
} from "./chunk-HCBZHJRB.js";
import {
  parseTrustedRoots,
  publicGoodRoot
} from "./chunk-7RV2RXUN.js";
import {
  agentRunFrom,
  trustFromRoots,
  verifyAttestation
} from "./chunk-P4LCOEUF.js";
import {
  AGENT_RUN_PREDICATE_TYPE
} from "./chunk-MFBMGNTB.js";
import {
  AttestError
} from "./chunk-JJEEWADX.js";
import {
  CliError,
  FORMAT_OPTIONS,
  reportFormat,
  runCommand
} from "./chunk-IW66ZKD5.js";
import "./chunk-5AA5OQFX.js";
import "./chunk-WLT2JI5U.js";

// src/cli/verify-command.ts
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
var SLSA_PROVENANCE = "https://slsa.dev/provenance/v1";
var GITHUB_ACTIONS_ISSUER = "https://token.actions.githubusercontent.com";
var HELP = {
  usage: [
    "airlock verify <bundle|bundles.jsonl>... --repository <owner/repo> --signer-workflow <path[@ref]>",
    "    [--trusted-root <json|jsonl>]... [--predicate-type <uri>] [--subject-digest <alg:hex>]",
    "    [--issuer <url>] [--server-url <url>] [--runner-environment <env>]... [--format text|json] [--json]",
    "airlock verify chain <agent-run bundle> <verdict bundle|check-run text> --repository <owner/repo>",
    "    --signer-workflow <path@ref> --app-key <pem> [--commit <sha>] [--trusted-root <json|jsonl>]...",
    "    [--issuer <url>] [--server-url <url>] [--runner-environment <env>]... [--format text|json] [--json]"
  ],
  about: `Verifies in-toto attestation bundles as a promotion gate, like gh attestation verify: each
bundle's Sigstore signature, certificate chain and timestamp under the trusted root whose CA
issued its certificate, and its signer: the certificate's source repository must be --repository
and its identity the --signer-workflow, run by --issuer. Only then are the verified statements
filtered by --predicate-type (default ${SLSA_PROVENANCE}, as gh) and --subject-digest.

Bundles are Sigstore bundle files, or JSON Lines of them as gh attestation download writes.
--signer-workflow is .github/workflows/<file>[@ref] in --repository, or
<owner>/<repo>/.github/workflows/<file>[@ref] for a reusable workflow; without @ref any ref of
that file is accepted. --trusted-root takes a trusted_root.json or JSON Lines of them (gh
attestation trusted-root prints public-good's and GitHub's, which private repositories sign
with); default: the public-good root shipped with Airlock. An agent-run statement
(${AGENT_RUN_PREDICATE_TYPE}) is also held to its certificate.

chain (also chosen by --app-key, as before; --workflow is --signer-workflow) checks agent-run
attestation -> App verdict -> commit: --app-key is the App's public key from
GET <app>/airlock/v1/keys; a check run's text with the verdict in a json block is accepted.`,
  options: [
    ["--repository <owner/repo>", "the repository the certificates must name as source"],
    ["--signer-workflow <path[@ref]>", "the workflow that must have signed (--workflow: its old name)"],
    ["--trusted-root <json|jsonl>", "trusted roots (repeatable; default: the public-good root)"],
    ["--predicate-type <uri>", `the statement type required (default ${SLSA_PROVENANCE})`],
    ["--subject-digest <alg:hex>", "require a statement about this artifact"],
    ["--issuer <url>", `the OIDC issuer that ran the signer (default ${GITHUB_ACTIONS_ISSUER})`],
    ["--server-url <url>", "the GitHub host (default https://github.com)"],
    ["--runner-environment <env>", "accepted runner environments (repeatable)"],
    ["--app-key <pem>", "chain: the App public key from GET <app>/airlock/v1/keys"],
    ["--commit <sha>", "chain: the commit the verdict must be about"],
    ["-f, --format F", "text (default) or json"],
    ["--json", "short for --format json"]
  ],
  exit: { 0: "verified (a matching statement; in chain, every link)", 1: "not verified", 2: "usage error, or a bundle, root or key file that cannot be read" }
};
var OPTIONS = {
  repository: { type: "string" },
  "signer-workflow": { type: "string" },
  workflow: { type: "string" },
  "trusted-root": { type: "string", multiple: true },
  "predicate-type": { type: "string" },
  "subject-digest": { type: "string" },
  issuer: { type: "string" },
  "server-url": { type: "string" },
  "runner-environment": { type: "string", multiple: true },
  "app-key": { type: "string" },
  commit: { type: "string" },
  ...FORMAT_OPTIONS
};
var VERIFY = { name: "verify", help: HELP, options: OPTIONS, positionals: true };
function parse(values, positionals) {
  const chain = positionals[0] === "chain" || values["app-key"] !== void 0;
  const files = positionals[0] === "chain" ? positionals.slice(1) : positionals;
  if (files.length === 0) throw new CliError("usage", chain ? "give the bundle files: the agent-run attestation and the App verdict" : "give the bundle files to verify (a bundle, or JSON Lines of them)");
  return { files, chain };
}
function signerWorkflow(value, repository, serverUrl, refRequired) {
  if (!value) throw new CliError("usage", `--signer-workflow <path${refRequired ? "@ref" : "[@ref]"}> is required, e.g. .github/workflows/release.yml@refs/heads/main`);
  const host = new URL(serverUrl).host;
  const bare = value.replace(/^https:\/\//, "").replace(new RegExp(`^${host.replace(/\./g, "\\.")}/`), "").replace(/^\/+/, "");
  const at = bare.indexOf("@");
  const path = at < 0 ? bare : bare.slice(0, at);
  const ref = at < 0 ? void 0 : bare.slice(at + 1);
  const file = path.startsWith(".github/") ? `${repository}/${path}` : path;
  if (!/^[^/\s]+\/[^/\s]+\/\.github\/workflows\/[^@\s]+\.ya?ml$/.test(file) || ref === "" || /[@\s]/.test(ref ?? "")) {
    throw new CliError("usage", `--signer-workflow ${value} is not a workflow file: expected .github/workflows/<file>.yml[@ref] or <owner>/<repo>/.github/workflows/<file>.yml[@ref]`);
  }
  if (refRequired && !ref) throw new CliError("usage", `--signer-workflow ${value} needs its ref for a chain, e.g. ${path}@refs/heads/main`);
  return { file, ref };
}
function identityPolicy(values, refRequired) {
  const repository = values.repository;
  if (!repository || !/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(repository)) throw new CliError("usage", "--repository <owner/repo> is required");
  if (values["signer-workflow"] !== void 0 && values.workflow !== void 0) throw new CliError("usage", "give --signer-workflow or --workflow (its old name), not both");
  const serverUrl = (values["server-url"] ?? "https://github.com").replace(/\/+$/, "");
  if (!/^https:\/\/[^/\s]+$/.test(serverUrl)) throw new CliError("usage", `--server-url ${serverUrl} must be https://<host>, e.g. https://github.com`);
  const { file, ref } = signerWorkflow(values["signer-workflow"] ?? values.workflow, repository, serverUrl, refRequired);
  const runnerEnvironments = values["runner-environment"];
  return {
    serverUrl,
    issuer: values.issuer ?? GITHUB_ACTIONS_ISSUER,
    repository,
    workflows: ref ? { refs: [`${file}@${ref}`] } : { anyRefOf: file },
    ...runnerEnvironments?.length ? { runnerEnvironments } : {}
  };
}
async function readText(io, path, what) {
  try {
    return await readFile(resolve(io.cwd, path), "utf8");
  } catch {
    throw new CliError("input", `${path} (${what}) cannot be read`);
  }
}
function bundlesIn(doc, label) {
  const entry = doc;
  if (Array.isArray(entry?.attestations)) return entry.attestations.flatMap((a, i) => bundlesIn(a, `${label}#${i + 1}`));
  if (entry && typeof entry === "object" && "bundle" in entry) {
    if (entry.bundle === null && typeof entry.bundle_url === "string") throw new CliError("input", `${label} holds an attestation served by reference (bundle_url), not its bundle; download it with gh attestation download`);
    return [{ label, json: entry.bundle }];
  }
  return [{ label, json: doc }];
}
async function readBundles(io, path, checkRunText) {
  const text = await readText(io, path, "bundle");
  const fenced = checkRunText ? /```json\n([\s\S]*?)\n```/.exec(text) : null;
  try {
    return bundlesIn(JSON.parse(fenced ? fenced[1] : text), path);
  } catch (error) {
    if (error instanceof CliError) throw error;
  }
  const bundles = [];
  for (const [i, line] of text.split("\n").entries()) {
    if (!line.trim()) continue;
    let doc;
    try {
      doc = JSON.parse(line);
    } catch {
      throw new CliError("input", `${path} line ${i + 1} is not JSON: expected a Sigstore bundle, or JSON Lines of them as gh attestation download writes${checkRunText ? ", or a check run text with one in a json block" : ""}`);
    }
    bundles.push(...bundlesIn(doc, `${path}:${i + 1}`));
  }
  if (bundles.length === 0) throw new CliError("input", `${path} holds no bundle`);
  return bundles;
}
async function readTrust(io, paths) {
  const roots = paths?.length ? (await Promise.all(paths.map(async (p) => parseTrustedRoots(await readText(io, p, "trusted root"), p)))).flat() : [publicGoodRoot()];
  return trustFromRoots(roots);
}
function subjectDigest(value) {
  if (value === void 0) return void 0;
  const match = /^([A-Za-z0-9]+):([0-9a-fA-F]{40,128})$/.exec(value);
  if (!match) throw new CliError("usage", `--subject-digest ${value} must be <algorithm>:<hex>, e.g. sha256:<64 hex digits>`);
  return { algorithm: match[1], hex: match[2].toLowerCase() };
}
var describeSigner = (policy) => "refs" in policy.workflows ? policy.workflows.refs.join(", ") : "anyRefOf" in policy.workflows ? `${policy.workflows.anyRefOf}@<any ref>` : `any workflow @${policy.workflows.anyOnRef}`;
function verifyAttestations(bundles, trust, policy, wanted) {
  const report = {
    ok: false,
    repository: policy.repository,
    signerWorkflow: describeSigner(policy),
    predicateType: wanted.predicateType,
    subjectDigest: wanted.digest ? `${wanted.digest.algorithm}:${wanted.digest.hex}` : null,
    verified: [],
    otherStatements: [],
    refused: []
  };
  for (const { label, json } of bundles) {
    let verified;
    try {
      verified = verifyAttestation(json, trust, policy);
      if (verified.statement.predicateType === AGENT_RUN_PREDICATE_TYPE) agentRunFrom(verified, policy);
    } catch (error) {
      report.refused.push({ bundle: label, code: error instanceof AttestError ? error.code : null, message: error.message });
      continue;
    }
    const { statement } = verified;
    const subjects = statement.subject.map((s) => ({ ...s.name === void 0 ? {} : { name: s.name }, digest: s.digest }));
    const aboutSubject = !wanted.digest || subjects.some((s) => s.digest[wanted.digest.algorithm]?.toLowerCase() === wanted.digest.hex);
    if (statement.predicateType === wanted.predicateType && aboutSubject) {
      report.verified.push({ bundle: label, predicateType: statement.predicateType, subjects, payloadDigest: verified.payloadDigest, signer: verified.signer, authority: verified.authority, timestamps: verified.timestamps });
    } else {
      report.otherStatements.push({ bundle: label, predicateType: statement.predicateType, subjects });
    }
  }
  report.ok = report.verified.length > 0;
  return report;
}
var witness = (t) => `${t.time} (${t.kind === "timestamp-authority" ? "RFC 3161" : "Rekor"})`;
function printAttestations(io, report) {
  for (const v of report.verified) {
    const subject = v.subjects.map((s) => `${s.name ?? "(unnamed)"} ${Object.entries(s.digest).map(([a, h]) => `${a}:${h.slice(0, 12)}`).join(" ")}`).join(", ");
    io.stdout(`ok       ${v.bundle}: ${v.predicateType} about ${subject}; signed by ${v.signer.subject} at ${v.timestamps.map(witness).join(", ")} under ${v.authority}
`);
  }
  for (const o of report.otherStatements) {
    const why = o.predicateType === report.predicateType ? `not about ${report.subjectDigest}` : `its predicate type is ${o.predicateType} (pass --predicate-type ${o.predicateType} to require it)`;
    io.stdout(`other    ${o.bundle}: verified, not counted: ${why}
`);
  }
  for (const r of report.refused) io.stdout(`REFUSED  ${r.bundle}: ${r.code ? `${r.code}: ` : ""}${r.message}
`);
  io.stdout(
    report.ok ? `verified: ${report.verified.length} ${report.predicateType} statement(s) from ${report.repository}, signed by ${report.signerWorkflow}
` : `not verified: no bundle holds a verified ${report.predicateType} statement${report.subjectDigest ? ` about ${report.subjectDigest}` : ""} from ${report.repository} signed by ${report.signerWorkflow}
`
  );
}
function printChain(io, report) {
  for (const l of report.links) io.stdout(`${l.ok ? "ok  " : "FAIL"} ${l.link.padEnd(9)} ${l.code ? `${l.code}: ` : ""}${l.message}
`);
  io.stdout(report.ok ? `verified: ${report.repository} commit ${report.commit}
` : "chain broken: do not release\n");
}
async function runChain(io, values, files) {
  if (values["predicate-type"] !== void 0 || values["subject-digest"] !== void 0) throw new CliError("usage", "--predicate-type and --subject-digest do not apply to a chain, whose statement types are fixed");
  const identity = identityPolicy(values, true);
  if (!values["app-key"]) throw new CliError("usage", "--app-key <file> is required: the App public key from GET <app>/airlock/v1/keys");
  if (values.commit !== void 0 && !/^[0-9a-f]{40}$/i.test(values.commit)) throw new CliError("usage", "--commit must be a 40-digit commit sha");
  const bundles = (await Promise.all(files.map((f) => readBundles(io, f, true)))).flat();
  const trust = await readTrust(io, values["trusted-root"]);
  const appKeyPem = await readText(io, values["app-key"], "App key");
  return verifyChain(bundles.map((b) => b.json), { trust, identity, appKeyPem, commit: values.commit, labels: bundles.map((b) => b.label) });
}
var verifyCommand = (argv, io) => runCommand(VERIFY, argv, io, async ({ values, positionals }) => {
  try {
    const json = reportFormat(values, ["json"]) === "json";
    const { files, chain } = parse(values, positionals);
    if (chain) {
      const report2 = await runChain(io, values, files);
      if (json) io.stdout(`${JSON.stringify(report2)}
`);
      else printChain(io, report2);
      return report2.ok ? 0 : 1;
    }
    if (values.commit !== void 0) throw new CliError("usage", "--commit belongs to airlock verify chain (with --app-key)");
    const policy = identityPolicy(values, false);
    const wanted = { predicateType: values["predicate-type"] ?? SLSA_PROVENANCE, digest: subjectDigest(values["subject-digest"]) };
    const bundles = (await Promise.all(files.map((f) => readBundles(io, f, false)))).flat();
    const report = verifyAttestations(bundles, await readTrust(io, values["trusted-root"]), policy, wanted);
    if (json) io.stdout(`${JSON.stringify(report)}
`);
    else printAttestations(io, report);
    return report.ok ? 0 : 1;
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError("input", error.message.split("\n")[0]);
  }
});
export {
  verifyCommand
};
