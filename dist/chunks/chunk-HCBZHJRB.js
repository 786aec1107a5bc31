import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);
import {
  agentRunFrom,
  parseBundle,
  parseVerdictStatement,
  verifyAttestation,
  verifyKeySigned
} from "./chunk-P4LCOEUF.js";
import {
  AGENT_RUN_PREDICATE_TYPE
} from "./chunk-MFBMGNTB.js";
import {
  AttestError
} from "./chunk-JJEEWADX.js";

// src/attest/verify-chain.ts
var fail = (link, error, label) => {
  const message = `${label ? `${label}: ` : ""}${error.message}`;
  return error instanceof AttestError ? { link, ok: false, code: error.code, message } : { link, ok: false, message };
};
function signedWithKey(json) {
  try {
    return parseBundle(json).verificationMaterial.content.$case === "publicKey";
  } catch {
    return false;
  }
}
function verifyChain(bundles, options) {
  const report = { ok: false, repository: options.identity.repository, commit: null, changeset: null, links: [] };
  const agentLinks = [];
  const verdictLinks = [];
  const agents = [];
  const verdicts = [];
  bundles.forEach((json, i) => {
    const label = options.labels?.[i] ?? `bundle #${i + 1}`;
    if (signedWithKey(json)) {
      try {
        verdicts.push(parseVerdictStatement(verifyKeySigned(json, options.appKeyPem)));
      } catch (error) {
        verdictLinks.push(fail("verdict", error, label));
      }
      return;
    }
    try {
      const verified = verifyAttestation(json, options.trust, options.identity);
      const type = verified.statement.predicateType;
      if (type !== AGENT_RUN_PREDICATE_TYPE) throw new AttestError("MALFORMED_BUNDLE", `a verified ${type} statement is neither an Airlock agent-run attestation nor an App verdict`);
      agents.push(agentRunFrom(verified, options.identity));
    } catch (error) {
      agentLinks.push(fail("agent-run", error, label));
    }
  });
  let agent;
  if (agents.length === 1) {
    agent = agents[0];
    const p = agent.statement.predicate;
    report.changeset = agent.changesetDigest;
    report.agentRun = { signer: agent.signer.subject, run: agent.signer.runInvocationUri ?? null, exitCode: p.agent.exitCode, credentials: p.credentials.length, revoked: p.credentials.filter((c) => c.revokedAt).length };
    agentLinks.push({ link: "agent-run", ok: true, message: `signed by ${agent.signer.subject}` });
  } else if (agents.length > 1 || agentLinks.length === 0) {
    agentLinks.push({ link: "agent-run", ok: false, code: "MALFORMED_BUNDLE", message: `expected one agent-run attestation, got ${agents.length}` });
  }
  if (verdicts.length === 1) {
    try {
      const verdict = verdicts[0];
      const p = verdict.predicate;
      report.verdict = { result: p.verificationResult, approvals: p.airlock.approvals, policyDigest: p.policy.digest.sha256, time: p.timeVerified };
      const commit = verdict.subject.find((s) => s.name === "git+commit")?.digest.gitCommit ?? null;
      if (p.verificationResult !== "PASSED") throw new AttestError("VERDICT_FAILED", `the App's verdict is ${p.verificationResult}: ${p.airlock.deny.join("; ") || "see the check run"}`);
      if (!p.resourceUri.toLowerCase().includes(`/${options.identity.repository.toLowerCase()}@`)) throw new AttestError("CLAIM_MISMATCH", `the verdict is about ${p.resourceUri}, not ${options.identity.repository}`);
      if (agent) {
        if (!p.inputAttestations.some((a) => a.digest.sha256 === agent.payloadDigest)) throw new AttestError("CLAIM_MISMATCH", "the verdict does not name this agent-run attestation among its inputs");
        const changeset = verdict.subject.find((s) => s.name === "changeset")?.digest.sha256;
        if (changeset !== agent.changesetDigest) throw new AttestError("SUBJECT_MISMATCH", `the verdict's changeset ${changeset ?? "none"} is not the attested ${agent.changesetDigest}`);
      }
      report.commit = commit;
      verdictLinks.push({ link: "verdict", ok: true, message: `PASSED with ${p.airlock.approvals.length} approval(s)` });
    } catch (error) {
      verdictLinks.push(fail("verdict", error));
    }
  } else if (verdicts.length > 1 || verdictLinks.length === 0) {
    verdictLinks.push({ link: "verdict", ok: false, code: "MALFORMED_BUNDLE", message: `expected one App verdict, got ${verdicts.length}` });
  }
  report.links.push(...agentLinks, ...verdictLinks);
  if (!report.commit) report.links.push({ link: "commit", ok: false, code: "SUBJECT_MISMATCH", message: "no verified verdict names a commit" });
  else if (options.commit && options.commit.toLowerCase() !== report.commit) report.links.push({ link: "commit", ok: false, code: "SUBJECT_MISMATCH", message: `the verdict is about ${report.commit}, not ${options.commit}` });
  else report.links.push({ link: "commit", ok: true, message: options.commit ? `${report.commit} is the approved commit` : `approved commit ${report.commit} (pass --commit to require it)` });
  report.ok = report.links.every((l) => l.ok);
  return report;
}

export {
  verifyChain
};
