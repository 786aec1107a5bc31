import { AttestError, type AttestErrorCode } from './attest-error.js';
import { AGENT_RUN_PREDICATE_TYPE } from './agent-run-statement.js';
import type { AgentIdentityPolicy } from './identity-policy.js';
import { verifyKeySigned } from './key-signing.js';
import type { Trust } from './trust-material.js';
import { parseVerdictStatement, VERDICT_PREDICATE_TYPE } from './verdict-statement.js';
import { verifyAgentRun, type VerifiedAgentRun } from './verify-agent-run.js';

export interface ChainOptions {
  trust: Trust;
  identity: AgentIdentityPolicy;
  /** The App's verdict key (PEM), pinned from its /airlock/v1/keys. */
  appKeyPem: string;
  /** The commit about to be released; the verdict must be about it. */
  commit?: string;
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

/** The predicate type of a bundle's DSSE statement, read without trusting it: only to sort bundles. */
export function predicateTypeOf(bundle: unknown): string | undefined {
  try {
    const payload = (bundle as { dsseEnvelope: { payload: string } }).dsseEnvelope.payload;
    return (JSON.parse(Buffer.from(payload, 'base64').toString('utf8')) as { predicateType?: string }).predicateType;
  } catch {
    return undefined;
  }
}

const fail = (link: ChainLink['link'], error: unknown): ChainLink =>
  error instanceof AttestError ? { link, ok: false, code: error.code, message: error.message } : { link, ok: false, message: (error as Error).message };

/**
 * The promotion gate's check: an agent-run attestation signed by an allowed workflow, the App's
 * PASSED verdict that names exactly that attestation and its changeset, and the commit the verdict
 * is about. Every link must hold; the report says which one broke.
 */
export function verifyChain(bundles: readonly unknown[], options: ChainOptions): ChainReport {
  const report: ChainReport = { ok: false, repository: options.identity.repository, commit: null, changeset: null, links: [] };
  const agentBundles = bundles.filter((b) => predicateTypeOf(b) === AGENT_RUN_PREDICATE_TYPE);
  const verdictBundles = bundles.filter((b) => predicateTypeOf(b) === VERDICT_PREDICATE_TYPE);
  const unknown = bundles.length - agentBundles.length - verdictBundles.length;
  if (unknown > 0) report.links.push({ link: 'agent-run', ok: false, code: 'MALFORMED_BUNDLE', message: `${unknown} bundle(s) are neither an Airlock agent-run attestation nor an App verdict` });

  let agent: VerifiedAgentRun | undefined;
  if (agentBundles.length !== 1) report.links.push({ link: 'agent-run', ok: false, code: 'MALFORMED_BUNDLE', message: `expected one agent-run attestation, got ${agentBundles.length}` });
  else {
    try {
      agent = verifyAgentRun(agentBundles[0], options.trust, options.identity);
      const p = agent.statement.predicate;
      report.changeset = agent.changesetDigest;
      report.agentRun = { signer: agent.signer.subject, run: agent.signer.runInvocationUri ?? null, exitCode: p.agent.exitCode, credentials: p.credentials.length, revoked: p.credentials.filter((c) => c.revokedAt).length };
      report.links.push({ link: 'agent-run', ok: true, message: `signed by ${agent.signer.subject}` });
    } catch (error) {
      report.links.push(fail('agent-run', error));
    }
  }

  if (verdictBundles.length !== 1) report.links.push({ link: 'verdict', ok: false, code: 'MALFORMED_BUNDLE', message: `expected one App verdict, got ${verdictBundles.length}` });
  else {
    try {
      const verdict = parseVerdictStatement(verifyKeySigned(verdictBundles[0], options.appKeyPem));
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
      report.links.push({ link: 'verdict', ok: true, message: `PASSED with ${p.airlock.approvals.length} approval(s)` });
    } catch (error) {
      report.links.push(fail('verdict', error));
    }
  }

  if (!report.commit) report.links.push({ link: 'commit', ok: false, code: 'SUBJECT_MISMATCH', message: 'no verified verdict names a commit' });
  else if (options.commit && options.commit.toLowerCase() !== report.commit) report.links.push({ link: 'commit', ok: false, code: 'SUBJECT_MISMATCH', message: `the verdict is about ${report.commit}, not ${options.commit}` });
  else report.links.push({ link: 'commit', ok: true, message: options.commit ? `${report.commit} is the approved commit` : `approved commit ${report.commit} (pass --commit to require it)` });
  report.ok = report.links.every((l) => l.ok);
  return report;
}
