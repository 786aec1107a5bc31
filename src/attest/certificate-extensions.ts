import { ASN1Obj } from '@sigstore/core';
import type { Signer } from '@sigstore/verify';

/**
 * Fulcio's certificate extensions for CI identities, as GitHub Actions certificates carry them
 * (public-good's Fulcio and GitHub's alike).
 * https://github.com/sigstore/fulcio/blob/main/docs/oid-info.md
 */
const OID = {
  runnerEnvironment: '1.3.6.1.4.1.57264.1.11',
  sourceRepositoryUri: '1.3.6.1.4.1.57264.1.12',
  sourceRepositoryDigest: '1.3.6.1.4.1.57264.1.13',
  sourceRepositoryRef: '1.3.6.1.4.1.57264.1.14',
  sourceRepositoryId: '1.3.6.1.4.1.57264.1.15',
  buildConfigUri: '1.3.6.1.4.1.57264.1.18',
  runInvocationUri: '1.3.6.1.4.1.57264.1.21',
} as const;

export type FulcioExtensions = { [K in keyof typeof OID]?: string };

/** The v2 extensions are DER UTF8Strings; an unreadable one is absent, never guessed. */
function extension(signer: Signer, oid: string): string | undefined {
  const found = signer.identity?.oids?.find((o) => o.oid?.id.join('.') === oid);
  if (!found) return undefined;
  try {
    return ASN1Obj.parseBuffer(Buffer.from(found.value)).value.toString('utf8');
  } catch {
    return undefined;
  }
}

/** The extensions of a signer `@sigstore/verify` has verified. */
export function fulcioExtensions(signer: Signer): FulcioExtensions {
  return Object.fromEntries(Object.entries(OID).map(([name, oid]) => [name, extension(signer, oid)]).filter(([, value]) => value !== undefined));
}
