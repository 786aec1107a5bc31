import { createHash, X509Certificate as NodeX509 } from 'node:crypto';
import { bundleFromJSON, isBundleWithDsseEnvelope, type Bundle } from '@sigstore/bundle';
import type { X509Certificate } from '@sigstore/core';
import { PolicyError, toSignedEntity, VerificationError, Verifier, type SignedEntity, type Signer } from '@sigstore/verify';
import { AttestError } from './attest-error.js';
import { IN_TOTO_PAYLOAD_TYPE, type Statement } from './agent-run-statement.js';
import { checkSignerIdentity, subjectPattern, type AgentIdentityPolicy, type SignerIdentity } from './identity-policy.js';
import { parseInTotoStatement } from './in-toto-statement.js';
import { issuingAuthorities, type Trust, type TrustAuthority } from './trust-material.js';

/** A witnessed signing time: the certificate was checked at it. */
export interface SignedTime {
  kind: 'transparency-log' | 'timestamp-authority';
  time: string;
}

interface VerifiedSignature {
  signer: Signer;
  /** The root whose CA issued the certificate and whose thresholds applied. */
  authority: string;
  timestamps: SignedTime[];
}

export interface VerifiedAttestation {
  statement: Statement<unknown>;
  payload: Buffer;
  /** sha256 of the DSSE payload: how the App's verdict names an attestation. */
  payloadDigest: string;
  signer: SignerIdentity;
  authority: string;
  timestamps: SignedTime[];
}

export function parseBundle(json: unknown): Bundle {
  try {
    return bundleFromJSON(json);
  } catch (error) {
    throw new AttestError('MALFORMED_BUNDLE', `not a Sigstore bundle: ${(error as Error).message}`);
  }
}

function signedEntity(bundle: Bundle): SignedEntity {
  try {
    return toSignedEntity(bundle);
  } catch (error) {
    throw new AttestError('MALFORMED_BUNDLE', `the bundle's certificate or timestamp cannot be parsed: ${(error as Error).message}`);
  }
}

const issuerName = (certificate: X509Certificate): string => {
  try {
    return new NodeX509(certificate.root.toDER()).issuer.replace(/\n/g, ', ');
  } catch {
    return 'an unreadable issuer';
  }
};

/** Which witnesses the bundle carries that the root can check; none means no timestamp to trust. */
function witnessFor(entity: SignedEntity, authority: TrustAuthority): string | undefined {
  const tsa = entity.timestamps.some((t) => t.$case === 'timestamp-authority');
  // Only an entry with a signed inclusion promise gives a time (@sigstore/verify getTLogTimestamp).
  const log = entity.timestamps.some((t) => t.$case === 'transparency-log' && t.tlogEntry.inclusionPromise);
  const { transparencyLog, timestampAuthority } = authority.witnesses;
  if ((tsa && timestampAuthority) || (log && transparencyLog)) return undefined;
  const accepted = [transparencyLog && 'a Rekor entry', timestampAuthority && 'an RFC 3161 timestamp'].filter(Boolean).join(' or ');
  const carried = [log && 'a Rekor entry', tsa && 'an RFC 3161 timestamp'].filter(Boolean).join(' and ') || 'no timestamp';
  return `the bundle carries ${carried}; ${authority.name}, whose CA issued its certificate, accepts ${accepted}`;
}

function signedTimes(entity: SignedEntity): SignedTime[] {
  return entity.timestamps.flatMap((t): SignedTime[] => {
    if (t.$case === 'timestamp-authority') return [{ kind: 'timestamp-authority', time: t.timestamp.signingTime.toISOString() }];
    if (!t.tlogEntry.inclusionPromise) return [];
    return [{ kind: 'transparency-log', time: new Date(Number(t.tlogEntry.integratedTime) * 1000).toISOString() }];
  });
}

/**
 * Verifies a certificate-signed bundle with the thresholds of the root whose CA issued its
 * certificate (see authorityThresholds): chain, SCTs, log entries, timestamps and signature, then the
 * identity pattern. Bundles of another CA, or without a witness that root accepts, are
 * refused; so is every other failure.
 */
function verifySignature(bundle: Bundle, trust: Trust, identity: { subjectAlternativeName: string; issuer: string }): VerifiedSignature {
  if (bundle.verificationMaterial.content.$case === 'publicKey') throw new AttestError('WRONG_IDENTITY', 'the bundle is signed with a bare key, not a Fulcio certificate for a workflow');
  const entity = signedEntity(bundle);
  if (entity.key.$case !== 'certificate') throw new AttestError('WRONG_IDENTITY', 'the bundle carries no signing certificate');
  const leaf = entity.key.certificate;
  const authorities = issuingAuthorities(trust, leaf);
  if (authorities.length === 0) {
    throw new AttestError(
      'UNTRUSTED_SIGNATURE',
      `the signing certificate was issued by ${issuerName(leaf)}, which no trusted root's certificate authority is; pass the root that vouches for it (gh attestation trusted-root prints public-good's and GitHub's)`,
    );
  }
  const policy = { subjectAlternativeName: identity.subjectAlternativeName, extensions: { issuer: identity.issuer } };
  const failures: string[] = [];
  const missing: string[] = [];
  for (const authority of authorities) {
    const lacking = witnessFor(entity, authority);
    if (lacking) {
      missing.push(lacking);
      continue;
    }
    try {
      const signer = new Verifier(authority.material, authority.thresholds).verify(entity, policy);
      return { signer, authority: authority.name, timestamps: signedTimes(entity) };
    } catch (error) {
      // The identity is checked only after the signature verified: this root vouches for a signer
      // the policy does not allow, and no other root can change who signed.
      if (error instanceof PolicyError) throw new AttestError('WRONG_IDENTITY', `the signing certificate does not belong to an allowed workflow: ${error.message}`);
      const reason = error instanceof VerificationError ? `${error.code}: ${error.message}${error.cause instanceof Error ? ` (${error.cause.message})` : ''}` : (error as Error).message;
      failures.push(`${authority.name}: ${reason}`);
    }
  }
  if (failures.length === 0) throw new AttestError('MISSING_TIMESTAMP', `no verifiable timestamp: ${missing.join('; ')}`);
  throw new AttestError('UNTRUSTED_SIGNATURE', `the signature does not verify against the trusted roots: ${[...failures, ...missing].join('; ')}`);
}

/**
 * Verifies an in-toto attestation bundle as a promotion gate must: the signature, timestamp and
 * certificate chain under the issuing root, then the signer's identity (workflow, issuer,
 * repository), and only then reads the statement. Nothing in the payload is looked at before the
 * signature over it has verified.
 */
export function verifyAttestation(json: unknown, trust: Trust, policy: AgentIdentityPolicy): VerifiedAttestation {
  const bundle = parseBundle(json);
  if (!isBundleWithDsseEnvelope(bundle)) throw new AttestError('MALFORMED_BUNDLE', 'the bundle holds a message signature, not a DSSE envelope with an in-toto statement');
  const verified = verifySignature(bundle, trust, { subjectAlternativeName: subjectPattern(policy), issuer: policy.issuer });
  const signer = checkSignerIdentity(verified.signer, policy);
  const envelope = bundle.content.dsseEnvelope;
  if (envelope.payloadType !== IN_TOTO_PAYLOAD_TYPE) throw new AttestError('MALFORMED_STATEMENT', `payload type ${envelope.payloadType} is not ${IN_TOTO_PAYLOAD_TYPE}`);
  return {
    statement: parseInTotoStatement(envelope.payload),
    payload: envelope.payload,
    payloadDigest: createHash('sha256').update(envelope.payload).digest('hex'),
    signer,
    authority: verified.authority,
    timestamps: verified.timestamps,
  };
}
