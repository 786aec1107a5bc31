/**
 * Every way the approvals endpoints refuse, beside the broker's OIDC and trust-policy codes
 * (src/sts/sts-error.ts), which they share. The code is the machine-read part of
 * `{"error": {"code", "message"}}`; every refusal grants nothing.
 */
export type ApprovalErrorCode = 'request_invalid' | 'secrets_denied' | 'approval_not_found' | 'github_unavailable' | 'internal_error';

const statusOf: Record<ApprovalErrorCode, number> = {
  request_invalid: 400,
  secrets_denied: 403,
  approval_not_found: 404,
  github_unavailable: 503,
  internal_error: 500,
};

export class ApprovalError extends Error {
  readonly status: number;
  constructor(
    readonly code: ApprovalErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApprovalError';
    this.status = statusOf[code];
  }
}
