import { bundleToJSON, type SerializedBundle } from '@sigstore/bundle';
import { DSSEBundleBuilder, FulcioSigner, RekorWitness, TSAWitness, type Witness } from '@sigstore/sign';
import { AttestError } from './attest-error.js';
import { IN_TOTO_PAYLOAD_TYPE, type Statement } from './agent-run-statement.js';

export interface KeylessSigning {
  fulcioUrl: string;
  /** Rekor, for public repositories: the entry is public and its integrated time is the timestamp. */
  rekorUrl?: string;
  /** A timestamp authority, for private repositories: nothing about the run is published. */
  tsaUrl?: string;
  /** An OIDC token with audience `sigstore`; fetched when Fulcio is called, never stored. */
  identityToken: () => Promise<string>;
}

/**
 * Signs an in-toto statement as a DSSE envelope with an ephemeral key certified by Fulcio for the
 * job's OIDC identity, then witnessed by Rekor or a TSA, as actions/attest does.
 * https://docs.sigstore.dev/cosign/signing/overview/
 */
export async function signKeyless(statement: Statement<unknown>, options: KeylessSigning): Promise<SerializedBundle> {
  const witnesses: Witness[] = [];
  if (options.rekorUrl) witnesses.push(new RekorWitness({ rekorBaseURL: options.rekorUrl, entryType: 'dsse', timeout: 15_000, retry: 2 }));
  if (options.tsaUrl) witnesses.push(new TSAWitness({ tsaBaseURL: options.tsaUrl, timeout: 15_000, retry: 2 }));
  if (witnesses.length === 0) throw new AttestError('SIGNING_FAILED', 'keyless signing needs a Rekor or a timestamp authority URL: without a timestamp the signature cannot be verified after the certificate expires');
  const signer = new FulcioSigner({ fulcioBaseURL: options.fulcioUrl, identityProvider: { getToken: options.identityToken }, timeout: 15_000, retry: 2 });
  try {
    const bundle = await new DSSEBundleBuilder({ signer, witnesses }).create({ data: Buffer.from(JSON.stringify(statement)), type: IN_TOTO_PAYLOAD_TYPE });
    return bundleToJSON(bundle);
  } catch (error) {
    throw new AttestError('SIGNING_FAILED', `Sigstore signing failed: ${(error as Error).message}`);
  }
}
