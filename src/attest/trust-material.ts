import { X509Certificate } from '@sigstore/core';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { toTrustMaterial, type TrustMaterial } from '@sigstore/verify';

/** The evidence a bundle must carry, in `@sigstore/verify` Verifier thresholds. */
export interface AuthorityThresholds {
  /** SCTs from the root's CT logs embedded in the certificate. */
  ctlogThreshold: number;
  /** Entries in the root's transparency (Rekor) logs. */
  tlogThreshold: number;
  /** Verified timestamps: a Rekor entry's integrated time or an RFC 3161 timestamp from the root's TSA. */
  timestampThreshold: number;
}

/**
 * One `trusted_root.json`: a certificate authority (Fulcio) and the logs and timestamp authorities
 * that vouch for what it issues. A bundle is verified against the material of the root whose CA
 * issued its certificate, never against another root's logs or TSAs.
 */
export interface TrustAuthority {
  /** For messages: `trusted root #2 (fulcio.githubapp.com)`. */
  name: string;
  material: TrustMaterial;
  /** Every certificate of the root's CA chains: the leaf's issuer must be one of them. */
  caCertificates: X509Certificate[];
  thresholds: AuthorityThresholds;
  /** Which witnesses the root can verify, to say which one a bundle lacks. */
  witnesses: { transparencyLog: boolean; timestampAuthority: boolean };
}

export interface Trust {
  authorities: readonly TrustAuthority[];
}

/**
 * What a bundle needs, decided by the root whose CA issued its certificate:
 * - an SCT iff the root lists CT logs: public-good's Fulcio embeds SCTs from its CT log; GitHub's
 *   root lists none and its Fulcio issues certificates without SCTs;
 * - one verified timestamp, always: a Fulcio certificate lives ten minutes, and only a witnessed
 *   time shows the signature was made inside that window (the certificate is checked at that time,
 *   so a bundle stays verifiable after its certificate expires);
 * - a Rekor entry iff the root lists transparency logs and no timestamp authority (public-good
 *   style, where the entry's integrated time is the only witness the root offers). Where the root
 *   lists TSAs an RFC 3161 timestamp from them is accepted instead: GitHub's root has TSAs and no
 *   logs, so its bundles carry an RFC 3161 timestamp. Every Rekor entry a bundle carries is still
 *   verified against the root's logs.
 * `gh attestation verify` picks the policy by the leaf issuer's organization name instead
 * (public-good: SCT, Rekor entry and a timestamp; GitHub: an RFC 3161 timestamp; another root:
 * a timestamp, and a Rekor entry if it has logs); see chooseVerifier and the new*Verifier functions in
 * https://github.com/cli/cli/blob/44ee17760709bedf1cad7e452e61751489b81a33/pkg/cmd/attestation/verification/sigstore.go
 * Deciding by what the root holds gives the same answer for GitHub's root without trusting a name.
 * Public-good's root has listed a TSA (timestamp.sigstore.dev) since 2025-07, so a public-good
 * bundle with an SCT and a Sigstore TSA timestamp but no Rekor entry passes here, where gh would
 * also ask for the entry. `@sigstore/verify` takes one set of thresholds per Verifier, and one
 * TrustMaterial per root (sigstore-js's own client builds one Verifier from one root:
 * https://github.com/sigstore/sigstore-js/blob/769a53d8713248a8bf49edfc2a5d1955b0dcc24d/packages/client/src/sigstore.ts),
 * so each root gets its own.
 */
export function authorityThresholds(root: TrustedRoot): AuthorityThresholds {
  return {
    ctlogThreshold: root.ctlogs.length > 0 ? 1 : 0,
    tlogThreshold: root.tlogs.length > 0 && root.timestampAuthorities.length === 0 ? 1 : 0,
    timestampThreshold: 1,
  };
}

function authorityName(root: TrustedRoot, index: number): string {
  const uris = [...new Set(root.certificateAuthorities.map((ca) => ca.uri).filter(Boolean))];
  return `trusted root #${index + 1}${uris.length ? ` (${uris.join(', ')})` : ''}`;
}

/**
 * Trust from one or more `trusted_root.json` documents (Sigstore public-good, GitHub's instance,
 * a private deployment), each kept with its own logs, TSAs and thresholds: a bundle verifies if the
 * root whose CA issued its certificate vouches for it.
 * https://github.com/sigstore/protobuf-specs/blob/main/protos/sigstore_trustroot.proto
 */
export function trustFromRoots(roots: readonly unknown[]): Trust {
  if (roots.length === 0) throw new Error('no trusted root given: pass a trusted_root.json, or JSON Lines of them from gh attestation trusted-root');
  const authorities = roots.map((json, i): TrustAuthority => {
    const fail = (what: string, error: unknown) => new Error(`trusted root #${i + 1} ${what}: ${(error as Error).message}`, { cause: error });
    let root: TrustedRoot;
    try {
      root = TrustedRoot.fromJSON(json);
    } catch (error) {
      throw fail('is not a Sigstore trusted_root.json', error);
    }
    if (root.certificateAuthorities.length === 0) throw new Error(`trusted root #${i + 1} has no certificate authority: it cannot vouch for any signing certificate`);
    if (root.tlogs.length === 0 && root.timestampAuthorities.length === 0) {
      throw new Error(`trusted root #${i + 1} has neither a transparency log nor a timestamp authority: nothing could witness when its certificates signed`);
    }
    try {
      const caCertificates = root.certificateAuthorities.flatMap((ca) => ca.certChain?.certificates.map((c) => X509Certificate.parse(Buffer.from(c.rawBytes))) ?? []);
      return {
        name: authorityName(root, i),
        material: toTrustMaterial(root),
        caCertificates,
        thresholds: authorityThresholds(root),
        witnesses: { transparencyLog: root.tlogs.length > 0, timestampAuthority: root.timestampAuthorities.length > 0 },
      };
    } catch (error) {
      throw fail('holds a certificate or key that cannot be parsed', error);
    }
  });
  return { authorities };
}

function issuedBy(leaf: X509Certificate, ca: X509Certificate): boolean {
  if (!ca.subject.equals(leaf.issuer)) return false;
  try {
    return leaf.verify(ca);
  } catch {
    return false;
  }
}

/**
 * The roots one of whose CA certificates signed the leaf: only these may verify it. The name match
 * is a shortcut; the signature check decides (gh compares the issuer's organization name only).
 */
export function issuingAuthorities(trust: Trust, leaf: X509Certificate): TrustAuthority[] {
  return trust.authorities.filter((authority) => authority.caCertificates.some((ca) => issuedBy(leaf, ca)));
}
