/** Why an attestation was refused; the closed set callers (gate, CLI) branch on. */
export type AttestErrorCode =
  | 'MALFORMED_BUNDLE'
  | 'UNTRUSTED_SIGNATURE'
  | 'MISSING_TIMESTAMP'
  | 'WRONG_IDENTITY'
  | 'MALFORMED_STATEMENT'
  | 'SUBJECT_MISMATCH'
  | 'CLAIM_MISMATCH'
  | 'VERDICT_FAILED'
  | 'SIGNING_FAILED'
  | 'CHANGES_UNREADABLE';

export class AttestError extends Error {
  constructor(
    readonly code: AttestErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AttestError';
  }
}
