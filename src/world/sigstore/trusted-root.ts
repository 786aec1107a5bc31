import { createHash } from 'node:crypto';

/** Sigstore's `trusted_root.json` (protobuf-specs `dev.sigstore.trustroot.v1.TrustedRoot`, JSON form). */
export interface TrustedRootJson {
  mediaType: string;
  tlogs: unknown[];
  certificateAuthorities: unknown[];
  ctlogs: unknown[];
  timestampAuthorities: unknown[];
}

const b64 = (bytes: ArrayBufferView | ArrayBuffer) =>
  (ArrayBuffer.isView(bytes) ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) : Buffer.from(bytes)).toString('base64');

/**
 * The trusted root for the world's Fulcio, Rekor, CT log and TSA: what a verifier needs to trust
 * exactly these services and nothing else.
 * https://github.com/sigstore/protobuf-specs/blob/main/protos/sigstore_trustroot.proto
 */
export function buildTrustedRoot(parts: {
  url: string;
  ca: ArrayBufferView;
  ctlog: { publicKey: ArrayBuffer | Buffer; logID: ArrayBufferView };
  tlogPublicKey: Buffer;
  tsa: { rootCertificate: ArrayBufferView; intCertificate: ArrayBufferView };
}): TrustedRootJson {
  // Valid from a minute ago: certificates and log entries made from now on fall inside.
  const validFor = { start: new Date(Date.now() - 60_000).toISOString() };
  const key = (raw: ArrayBuffer | Buffer) => ({ rawBytes: b64(raw), keyDetails: 'PKIX_ECDSA_P256_SHA_256', validFor });
  const subject = { organization: 'sigstore.mock', commonName: 'sigstore' };
  return {
    mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
    tlogs: [{ baseUrl: parts.url, hashAlgorithm: 'SHA2_256', publicKey: key(parts.tlogPublicKey), logId: { keyId: b64(sha256(parts.tlogPublicKey)) } }],
    certificateAuthorities: [{ subject, uri: parts.url, certChain: { certificates: [{ rawBytes: b64(parts.ca) }] }, validFor }],
    ctlogs: [{ baseUrl: parts.url, hashAlgorithm: 'SHA2_256', publicKey: key(parts.ctlog.publicKey), logId: { keyId: b64(parts.ctlog.logID) } }],
    timestampAuthorities: [{ subject, uri: parts.url, certChain: { certificates: [{ rawBytes: b64(parts.tsa.intCertificate) }, { rawBytes: b64(parts.tsa.rootCertificate) }] }, validFor }],
  };
}

function sha256(data: Buffer): Buffer {
  return createHash('sha256').update(data).digest();
}
