export type CloudTokenErrorCode = 'refused' | 'unreachable' | 'bad-response';

/** A Google Cloud or Azure token endpoint refused, could not be reached, or answered out of its contract. Never carries a token. */
export class CloudTokenError extends Error {
  override readonly name = 'CloudTokenError';
  constructor(
    readonly cloud: 'gcp' | 'azure',
    readonly code: CloudTokenErrorCode,
    message: string,
    /** The provider's own error code (invalid_grant, PERMISSION_DENIED, AADSTS700213…), when it gave one. */
    readonly providerCode?: string,
  ) {
    super(message);
  }
}
