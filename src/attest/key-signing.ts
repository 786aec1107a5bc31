import { createHash, createPublicKey, sign as cryptoSign, type KeyObject } from 'node:crypto';
import { bundleToJSON, toDSSEBundle, type SerializedBundle } from '@sigstore/bundle';
import { dsse } from '@sigstore/core';
import { toSignedEntity, toTrustMaterial, Verifier } from '@sigstore/verify';
import { PublicKeyDetails, TrustedRoot } from '@sigstore/protobuf-specs';
import { AttestError } from './attest-error.js';
import { IN_TOTO_PAYLOAD_TYPE, type Statement } from './agent-run-statement.js';
import { parseBundle } from './verify-bundle.js';

/** Signs with a key the signer holds (a file, a KMS, an HSM): the verdict signer is pluggable. */
export interface KeySigner {
  /** Names the key in bundles (the verification material's hint). */
  keyId: string;
  publicKeyPem: string;
  sign(data: Buffer): Promise<Buffer>;
}

/** The key id: sha256 of the DER SubjectPublicKeyInfo, as Sigstore names keys. */
export function keyIdOf(publicKeyPem: string): string {
  return createHash('sha256').update(createPublicKey(publicKeyPem).export({ format: 'der', type: 'spki' })).digest('hex');
}

/** A KeySigner over an in-process ECDSA P-256 private key. */
export function localKeySigner(privateKey: KeyObject): KeySigner {
  const publicKeyPem = createPublicKey(privateKey).export({ format: 'pem', type: 'spki' }).toString();
  return { keyId: keyIdOf(publicKeyPem), publicKeyPem, sign: async (data) => cryptoSign('sha256', data, privateKey) };
}

/**
 * A DSSE bundle of the statement signed by the key (no certificate, no log: the key is the trust).
 * What @sigstore/sign's DSSEBundleBuilder does with no witnesses (sign the DSSE pre-authentication
 * encoding, https://github.com/secure-systems-lab/dsse/blob/master/protocol.md, then package), from
 * the two sigstore-js packages it uses for it: @sigstore/sign brings its HTTP stack (make-fetch-happen,
 * cacache), about 7 MB of the App's resident memory, for signing that needs none.
 */
export async function signWithKey(statement: Statement<unknown>, signer: KeySigner): Promise<SerializedBundle> {
  const artifact = Buffer.from(JSON.stringify(statement));
  const signature = await signer.sign(dsse.preAuthEncoding(IN_TOTO_PAYLOAD_TYPE, artifact));
  return bundleToJSON(toDSSEBundle({ artifact, artifactType: IN_TOTO_PAYLOAD_TYPE, signature, keyHint: signer.keyId, certificateChain: false }));
}

const EMPTY_ROOT = { mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1', tlogs: [], certificateAuthorities: [], ctlogs: [], timestampAuthorities: [] };

/**
 * Verifies a key-signed DSSE bundle against a public key the caller trusts (from the App's
 * `/airlock/v1/keys`, pinned in the release pipeline), and returns the payload. The bundle's hint
 * only selects the key; a bundle naming another key is refused.
 */
export function verifyKeySigned(json: unknown, publicKeyPem: string): Buffer {
  const bundle = parseBundle(json);
  if (bundle.content.$case !== 'dsseEnvelope') throw new AttestError('MALFORMED_BUNDLE', 'the verdict bundle is not a DSSE envelope');
  if (bundle.verificationMaterial.content.$case !== 'publicKey') throw new AttestError('WRONG_IDENTITY', 'the verdict bundle is not signed with the App key');
  const keyId = keyIdOf(publicKeyPem);
  const der = createPublicKey(publicKeyPem).export({ format: 'der', type: 'spki' });
  const material = toTrustMaterial(TrustedRoot.fromJSON(EMPTY_ROOT), { [keyId]: { rawBytes: der, keyDetails: PublicKeyDetails.PKIX_ECDSA_P256_SHA_256, validFor: undefined } });
  try {
    new Verifier(material, { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 0 }).verify(toSignedEntity(bundle));
  } catch (error) {
    throw new AttestError('UNTRUSTED_SIGNATURE', `the verdict does not verify with the App key ${keyId.slice(0, 16)}: ${(error as Error).message}`);
  }
  return bundle.content.dsseEnvelope.payload;
}

