import { TrustedRoot } from '@sigstore/protobuf-specs';
import { toTrustMaterial, type TrustMaterial } from '@sigstore/verify';

export interface Trust {
  material: TrustMaterial;
  /** Whether any root has CT logs; GitHub's own Fulcio issues certificates without SCTs. */
  hasCtlogs: boolean;
}

/**
 * Trust material from one or more `trusted_root.json` documents (Sigstore public-good, GitHub's
 * instance, or a private deployment), merged: a bundle verifies if any of them vouches for it.
 * https://github.com/sigstore/protobuf-specs/blob/main/protos/sigstore_trustroot.proto
 */
export function trustFromRoots(roots: readonly unknown[]): Trust {
  const parsed = roots.map((r, i) => {
    try {
      return TrustedRoot.fromJSON(r);
    } catch (error) {
      throw new Error(`trusted root #${i + 1} is not a Sigstore trusted_root.json: ${(error as Error).message}`, { cause: error });
    }
  });
  const merged = TrustedRoot.fromJSON({ mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1', tlogs: [], certificateAuthorities: [], ctlogs: [], timestampAuthorities: [] });
  for (const root of parsed) {
    merged.tlogs.push(...root.tlogs);
    merged.certificateAuthorities.push(...root.certificateAuthorities);
    merged.ctlogs.push(...root.ctlogs);
    merged.timestampAuthorities.push(...root.timestampAuthorities);
  }
  return { material: toTrustMaterial(merged), hasCtlogs: merged.ctlogs.length > 0 };
}
