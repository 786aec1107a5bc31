/** Every way canonicalization refuses a value, as a closed set of codes. */
export type CanonicalJsonErrorCode = 'not_json';

export class CanonicalJsonError extends Error {
  constructor(
    readonly code: CanonicalJsonErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CanonicalJsonError';
  }
}
