/** Every way a glob is refused, as a closed set of codes. */
export type GlobErrorCode = 'invalid_glob';

export class GlobError extends Error {
  constructor(
    readonly code: GlobErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'GlobError';
  }
}
