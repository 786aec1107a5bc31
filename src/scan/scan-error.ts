/** Every way the scanning core refuses its input; callers switch on `code`. */
export type ScanErrorCode =
  | 'bad-keyword' // a rule keyword the prefilter cannot use
  | 'bad-rule' // duplicate rule id or malformed token type in rule data
  | 'bad-token-type' // a token type outside [A-Z0-9_]
  | 'stream-ended' // push() after end() on a StreamScanner
  | 'time-budget'; // the scan's time budget ran out (caught by the batch scanner)

export class ScanError extends Error {
  constructor(
    readonly code: ScanErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ScanError';
  }
}
