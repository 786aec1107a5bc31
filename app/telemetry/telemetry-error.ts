/**
 * Every way `POST /airlock/v1/events` refuses a batch, beside the broker's OIDC and trust-policy
 * codes (src/sts/sts-error.ts), which it shares. The code is the machine-read part of
 * `{"error": {"code", "message"}}`; a refused batch stores nothing.
 */
export type TelemetryErrorCode =
  /** Not JSON, or not a JSON object. */
  | 'request_invalid'
  /** The body is larger than RUN_EVENT_BODY_LIMIT bytes. */
  | 'body_too_large'
  /** A field outside the contract (src/telemetry/run-event.ts): unknown, mistyped or out of bounds. */
  | 'batch_invalid'
  /** A string the secret scanner finds a credential in: telemetry is never a way out for one. */
  | 'credential_in_batch'
  /** A batch with this `seq` is stored for the run with other contents; a retry must resend the same batch. */
  | 'seq_conflict'
  /** The batch is stored; containment failed. Retry the same batch with a fresh OIDC token. */
  | 'containment_failed'
  | 'route_not_found'
  | 'internal_error';

const statusOf: Record<TelemetryErrorCode, number> = {
  request_invalid: 400,
  body_too_large: 413,
  batch_invalid: 422,
  credential_in_batch: 422,
  seq_conflict: 409,
  containment_failed: 503,
  route_not_found: 404,
  internal_error: 500,
};

export class TelemetryError extends Error {
  readonly status: number;
  constructor(
    readonly code: TelemetryErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'TelemetryError';
    this.status = statusOf[code];
  }
}
