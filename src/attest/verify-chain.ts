import { AttestError, type AttestErrorCode } from './attest-error.js';
import { AGENT_RUN_PREDICATE_TYPE, type Statement } from './agent-run-statement.js';
import type { AgentIdentityPolicy } from './identity-policy.js';
import { verifyKeySigned } from './key-signing.js';
import type { Trust } from './trust-material.js';
import { parseVerdictStatement, type VerdictPredicate } from './verdict-statement.js';
import { agentRunFrom, type VerifiedAgentRun } from './verify-agent-run.js';
import { parseBundle, verifyAttestation } from './verify-bundle.js';

export interface ChainOptions {
  trust: Trust;
  identity: AgentIdentityPolicy;
  /** The App's verdict key (PEM), pinned from its /airlock/v1/keys. */
  appKeyPem: string;
  /** The commit about to be released; the verdict must be about it. */
  commit?: string;
  /** How to name each bundle in messages (its file and line); default `bundle #n`. */
  labels?: readonly string[];
}

export interface ChainLink {
  link: 'agent-run' | 'verdict' | 'commit';
  ok: boolean;
  code?: AttestErrorCode;
  message: string;
}

export interface ChainReport {
  ok: boolean;
  repository: string;
  commit: string | null;
  changeset: string | null;
  links: ChainLink[];
  agentRun?: { signer: string; run: string | null; exitCode: number; credentials: number; revoked: number };
  verdict?: { result: string; approvals: { login: string; via: string }[]; policyDigest: string; time: string };
}

const fail = (link: ChainLink['link'], error: unknown, label?: string): ChainLink => {
  const message = `${label ? `${label}: ` : ''}${(error as Error).message}`;
  return error instanceof AttestError ? { link, ok: false, code: error.code, message } : { link, ok: false, message };
};

/**
 * Whether the bundle says it is signed with a bare key (the App's verdicts are): only to pick the
 * verifier. Every bundle is verified by the one its material names, and nothing in a payload is
 * read before its signature has verified.
 */
function signedWithKey(json: unknown): boolean {
  try {
    return parseBundle(json).verificationMaterial.content.$case === 'publicKey';
  } catch {
    return false;
  }
}

/**
 * The promotion gate's check: an agent-run attestation signed by an allowed workflow, the App's
 * PASSED verdict that names exactly that attestation and its changeset, and the commit the verdict
 * is about. Each bundle is verified first (Sigstore and the signer's identity, or the App key), and
 * only verified statements are sorted by their predicate type; a bundle that does not verify, or a
 * verified statement that is neither, breaks the chain. Every link must hold; the report says which
 * one broke.
 */
export function verifyChain(bundles: readonly unknown[], options: ChainOptions): ChainReport {
  const report: ChainReport = { ok: false, repository: options.identity.repository, commit: null, changeset: null, links: [] };
  const agentLinks: ChainLink[] = [];
  const verdictLinks: ChainLink[] = [];
  const agents: VerifiedAgentRun[] = [];
  const verdicts: Statement<VerdictPredicate>[] = [];
  bundles.forEach((json, i) => {
    const label = options.labels?.[i] ?? `bundle #${i + 1}`;
    if (signedWithKey(json)) {
      try {
        verdicts.push(parseVerdictStatement(verifyKeySigned(json, options.appKeyPem)));
      } catch (error) {
        verdictLinks.push(fail('verdict', error, label));
      }
      return;
    }
    try {
      const verified = verifyAttestation(json, options.trust, options.identity);
      const type = verified.statement.predicateType;
      if (type !== AGENT_RUN_PREDICATE_TYPE) throw new AttestError('MALFORMED_BUNDLE', `a verified ${type} statement is neither an Airlock agent-run attestation nor an App verdict`);
      agents.push(agentRunFrom(verified, options.identity));
    } catch (error) {
      agentLinks.push(fail('agent-run', error, label));
    }
  });

  let agent: VerifiedAgentRun | undefined;
  if (agents.length === 1) {
    agent = agents[0]!;
    const p = agent.statement.predicate;
    report.changeset = agent.changesetDigest;
    report.agentRun = { signer: agent.signer.subject, run: agent.signer.runInvocationUri ?? null, exitCode: p.agent.exitCode, credentials: p.credentials.length, revoked: p.credentials.filter((c) => c.revokedAt).length };
    agentLinks.push({ link: 'agent-run', ok: true, message: `signed by ${agent.signer.subject}` });
  } else if (agents.length > 1 || agentLinks.length === 0) {
    agentLinks.push({ link: 'agent-run', ok: false, code: 'MALFORMED_BUNDLE', message: `expected one agent-run attestation, got ${agents.length}` });
  }

  if (verdicts.length === 1) {
    try {
      const verdict = verdicts[0]!;
      const p = verdict.predicate;
      report.verdict = { result: p.verificationResult, approvals: p.airlock.approvals, policyDigest: p.policy.digest.sha256, time: p.timeVerified };
      const commit = verdict.subject.find((s) => s.name === 'git+commit')?.digest.gitCommit ?? null;
      if (p.verificationResult !== 'PASSED') throw new AttestError('VERDICT_FAILED', `the App's verdict is ${p.verificationResult}: ${p.airlock.deny.join('; ') || 'see the check run'}`);
      if (!p.resourceUri.toLowerCase().includes(`/${options.identity.repository.toLowerCase()}@`)) throw new AttestError('CLAIM_MISMATCH', `the verdict is about ${p.resourceUri}, not ${options.identity.repository}`);
      if (agent) {
        if (!p.inputAttestations.some((a) => a.digest.sha256 === agent.payloadDigest)) throw new AttestError('CLAIM_MISMATCH', 'the verdict does not name this agent-run attestation among its inputs');
        const changeset = verdict.subject.find((s) => s.name === 'changeset')?.digest.sha256;
        if (changeset !== agent.changesetDigest) throw new AttestError('SUBJECT_MISMATCH', `the verdict's changeset ${changeset ?? 'none'} is not the attested ${agent.changesetDigest}`);
      }
      report.commit = commit;
      verdictLinks.push({ link: 'verdict', ok: true, message: `PASSED with ${p.airlock.approvals.length} approval(s)` });
    } catch (error) {
      verdictLinks.push(fail('verdict', error));
    }
  } else if (verdicts.length > 1 || verdictLinks.length === 0) {
    verdictLinks.push({ link: 'verdict', ok: false, code: 'MALFORMED_BUNDLE', message: `expected one App verdict, got ${verdicts.length}` });
  }
  report.links.push(...agentLinks, ...verdictLinks);

  if (!report.commit) report.links.push({ link: 'commit', ok: false, code: 'SUBJECT_MISMATCH', message: 'no verified verdict names a commit' });
  else if (options.commit && options.commit.toLowerCase() !== report.commit) report.links.push({ link: 'commit', ok: false, code: 'SUBJECT_MISMATCH', message: `the verdict is about ${report.commit}, not ${options.commit}` });
  else report.links.push({ link: 'commit', ok: true, message: options.commit ? `${report.commit} is the approved commit` : `approved commit ${report.commit} (pass --commit to require it)` });
  report.ok = report.links.every((l) => l.ok);
  return report;
}
