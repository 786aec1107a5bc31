/**
 * Why the Sigstore bundle an attestation serves by reference (`bundle_url`) could not be read. The
 * closed set callers branch on; the gate makes any of them an unverifiable attestation, never a pass.
 */
export type BundleBlobErrorCode =
  /** Not https, nor http to a loopback address; or a URL carrying credentials. Nothing was sent. */
  | 'URL_REFUSED'
  /** No answer: connection refused or reset, DNS, TLS. */
  | 'FETCH_FAILED'
  /** No complete answer within the deadline. */
  | 'TIMED_OUT'
  /** An answer other than 200 (redirects included: they are not followed). */
  | 'HTTP_STATUS'
  /** The body, or the JSON it decodes to, is larger than the cap. */
  | 'TOO_LARGE'
  /** Not plain JSON and not a valid snappy block. */
  | 'CORRUPT_SNAPPY'
  /** Decoded, but not a JSON object. */
  | 'NOT_JSON';

export class BundleBlobError extends Error {
  constructor(
    readonly code: BundleBlobErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'BundleBlobError';
  }
}
