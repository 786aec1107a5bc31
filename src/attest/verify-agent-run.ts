import { AttestError } from './attest-error.js';
import { CHANGESET_SUBJECT, parseAgentRunStatement, type AgentRunPredicate, type Statement } from './agent-run-statement.js';
import type { AgentIdentityPolicy } from './identity-policy.js';
import type { Trust } from './trust-material.js';
import { verifyAttestation, type VerifiedAttestation } from './verify-bundle.js';

export interface VerifiedAgentRun {
  statement: Statement<AgentRunPredicate>;
  changesetDigest: string;
  /** sha256 of the DSSE payload: how the App's verdict names this attestation. */
  payloadDigest: string;
  signer: { subject: string; issuer: string; runnerEnvironment?: string; runInvocationUri?: string };
}

/**
 * Verifies an agent-run attestation: the Sigstore signature chains to a trusted root with a
 * timestamp, the certificate names an allowed workflow of the repository (anchored, escaped),
 * and the statement's claims agree with what the certificate proves and, when given, with the
 * changeset digest the caller computed itself. Any failure throws an AttestError.
 */
export function verifyAgentRun(json: unknown, trust: Trust, policy: AgentIdentityPolicy, expected: { changesetDigest?: string } = {}): VerifiedAgentRun {
  return agentRunFrom(verifyAttestation(json, trust, policy), policy, expected);
}

/** Holds an attestation whose signature and signer have verified to what an agent run must state. */
export function agentRunFrom(verified: VerifiedAttestation, policy: AgentIdentityPolicy, expected: { changesetDigest?: string } = {}): VerifiedAgentRun {
  const { signer } = verified;
  const server = policy.serverUrl.replace(/\/+$/, '');
  const statement = parseAgentRunStatement(verified.payload);
  const subjects = statement.subject.filter((s) => s.name === CHANGESET_SUBJECT);
  const changesetDigest = subjects[0]?.digest.sha256;
  if (subjects.length !== 1 || !changesetDigest) throw new AttestError('MALFORMED_STATEMENT', `the statement must have exactly one "${CHANGESET_SUBJECT}" subject with a sha256 digest`);
  if (expected.changesetDigest !== undefined && changesetDigest !== expected.changesetDigest) {
    throw new AttestError('SUBJECT_MISMATCH', `the attested changeset ${changesetDigest.slice(0, 12)} is not the pull request's ${expected.changesetDigest.slice(0, 12)}`);
  }

  // The statement is the signer's claim; hold it to what the certificate proves.
  const run = statement.predicate.run;
  const mismatch = (what: string, claimed: string, proven: string | undefined) => {
    if (proven !== undefined && claimed !== proven) throw new AttestError('CLAIM_MISMATCH', `the statement claims ${what} ${claimed}, the certificate says ${proven}`);
  };
  mismatch('repository', `${server}/${run.repository}`.toLowerCase(), signer.sourceRepositoryUri?.toLowerCase());
  mismatch('repository id', run.repositoryId, signer.sourceRepositoryId);
  mismatch('workflow', `${server}/${run.workflowRef}`, signer.buildConfigUri);
  mismatch('run', `${server}/${run.repository}/actions/runs/${run.runId}/attempts/${run.runAttempt}`, signer.runInvocationUri);

  return {
    statement,
    changesetDigest,
    payloadDigest: verified.payloadDigest,
    signer: { subject: signer.subject, issuer: signer.issuer, runnerEnvironment: signer.runnerEnvironment, runInvocationUri: signer.runInvocationUri },
  };
}
