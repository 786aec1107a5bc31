/** Every way an audit write refuses, as a closed set of codes. */
export type AuditErrorCode = 'record_invalid' | 'credential_in_record' | 'delivery_id_invalid';

export class AuditError extends Error {
  constructor(
    readonly code: AuditErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AuditError';
  }
}
