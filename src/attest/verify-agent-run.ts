import { createHash } from 'node:crypto';
import { bundleFromJSON, isBundleWithDsseEnvelope, type Bundle } from '@sigstore/bundle';
import { ASN1Obj } from '@sigstore/core';
import { PolicyError, toSignedEntity, VerificationError, Verifier, type Signer } from '@sigstore/verify';
import { AttestError } from './attest-error.js';
import { CHANGESET_SUBJECT, IN_TOTO_PAYLOAD_TYPE, parseAgentRunStatement, type AgentRunPredicate, type Statement } from './agent-run-statement.js';
import { subjectPattern, type AgentIdentityPolicy } from './identity-policy.js';
import type { Trust } from './trust-material.js';

/** Fulcio's certificate extensions for CI identities: https://github.com/sigstore/fulcio/blob/main/docs/oid-info.md */
const OID = {
  sourceRepositoryUri: '1.3.6.1.4.1.57264.1.12',
  sourceRepositoryId: '1.3.6.1.4.1.57264.1.15',
  runnerEnvironment: '1.3.6.1.4.1.57264.1.11',
  buildConfigUri: '1.3.6.1.4.1.57264.1.18',
  runInvocationUri: '1.3.6.1.4.1.57264.1.21',
};

export interface VerifiedAgentRun {
  statement: Statement<AgentRunPredicate>;
  changesetDigest: string;
  /** sha256 of the DSSE payload: how the App's verdict names this attestation. */
  payloadDigest: string;
  signer: { subject: string; issuer: string; runnerEnvironment?: string; runInvocationUri?: string };
}

export function parseBundle(json: unknown): Bundle {
  try {
    return bundleFromJSON(json);
  } catch (error) {
    throw new AttestError('MALFORMED_BUNDLE', `not a Sigstore bundle: ${(error as Error).message}`);
  }
}

/** The v2 Fulcio extensions are DER UTF8Strings; read one from the verified signer. */
function extension(signer: Signer, oid: string): string | undefined {
  const found = signer.identity?.oids?.find((o) => o.oid?.id.join('.') === oid);
  if (!found) return undefined;
  try {
    return ASN1Obj.parseBuffer(Buffer.from(found.value)).value.toString('utf8');
  } catch {
    return undefined;
  }
}

function verifySignature(bundle: Bundle, trust: Trust, policy: AgentIdentityPolicy): Signer {
  const verifier = new Verifier(trust.material, { tlogThreshold: 0, ctlogThreshold: trust.hasCtlogs ? 1 : 0, timestampThreshold: 1 });
  try {
    return verifier.verify(toSignedEntity(bundle), { subjectAlternativeName: subjectPattern(policy), extensions: { issuer: policy.issuer } });
  } catch (error) {
    if (error instanceof PolicyError) throw new AttestError('WRONG_IDENTITY', `the signing certificate does not belong to an allowed workflow of ${policy.repository}: ${error.message}`);
    if (error instanceof VerificationError && error.code === 'TIMESTAMP_ERROR') throw new AttestError('MISSING_TIMESTAMP', `the bundle has no verifiable timestamp (Rekor entry or RFC 3161): ${error.message}`);
    throw new AttestError('UNTRUSTED_SIGNATURE', `the signature does not verify against the trusted roots: ${(error as Error).message}`);
  }
}

/**
 * Verifies an agent-run attestation: the Sigstore signature chains to a trusted root with a
 * timestamp, the certificate names an allowed workflow of the repository (anchored, escaped),
 * and the statement's claims agree with what the certificate proves and, when given, with the
 * changeset digest the caller computed itself. Any failure throws an AttestError.
 */
export function verifyAgentRun(json: unknown, trust: Trust, policy: AgentIdentityPolicy, expected: { changesetDigest?: string } = {}): VerifiedAgentRun {
  const bundle = parseBundle(json);
  if (!isBundleWithDsseEnvelope(bundle)) throw new AttestError('MALFORMED_BUNDLE', 'the bundle holds a message signature, not a DSSE envelope with an in-toto statement');
  if (bundle.verificationMaterial.content.$case === 'publicKey') throw new AttestError('WRONG_IDENTITY', 'the bundle is signed with a bare key, not a Fulcio certificate for a workflow');
  const signer = verifySignature(bundle, trust, policy);
  const subject = signer.identity?.subjectAlternativeName ?? '';
  if (!new RegExp(subjectPattern(policy)).test(subject)) throw new AttestError('WRONG_IDENTITY', `certificate identity ${subject} is not an allowed workflow`);

  const server = policy.serverUrl.replace(/\/+$/, '');
  const repoUri = extension(signer, OID.sourceRepositoryUri);
  if (repoUri?.toLowerCase() !== `${server}/${policy.repository}`.toLowerCase()) throw new AttestError('WRONG_IDENTITY', `the certificate's source repository is ${repoUri ?? 'absent'}, not ${server}/${policy.repository}`);
  const repoId = extension(signer, OID.sourceRepositoryId);
  if (policy.repositoryId && repoId !== policy.repositoryId) throw new AttestError('WRONG_IDENTITY', `the certificate's repository id is ${repoId ?? 'absent'}, not ${policy.repositoryId}`);
  const runnerEnvironment = extension(signer, OID.runnerEnvironment);
  if (policy.runnerEnvironments && !policy.runnerEnvironments.includes(runnerEnvironment ?? '')) {
    throw new AttestError('WRONG_IDENTITY', `the run's runner environment is ${runnerEnvironment ?? 'absent'}; allowed: ${policy.runnerEnvironments.join(', ')}`);
  }

  const envelope = bundle.content.dsseEnvelope;
  if (envelope.payloadType !== IN_TOTO_PAYLOAD_TYPE) throw new AttestError('MALFORMED_STATEMENT', `payload type ${envelope.payloadType} is not ${IN_TOTO_PAYLOAD_TYPE}`);
  const statement = parseAgentRunStatement(envelope.payload);
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
  mismatch('repository', `${server}/${run.repository}`.toLowerCase(), repoUri.toLowerCase());
  mismatch('repository id', run.repositoryId, repoId);
  mismatch('workflow', `${server}/${run.workflowRef}`, extension(signer, OID.buildConfigUri));
  mismatch('run', `${server}/${run.repository}/actions/runs/${run.runId}/attempts/${run.runAttempt}`, extension(signer, OID.runInvocationUri));

  return {
    statement,
    changesetDigest,
    payloadDigest: createHash('sha256').update(envelope.payload).digest('hex'),
    signer: { subject, issuer: signer.identity?.extensions?.issuer ?? '', runnerEnvironment, runInvocationUri: extension(signer, OID.runInvocationUri) },
  };
}
