/**
 * Every way the broker refuses, as a closed set of codes. The code is the stable, machine-read
 * part of `{"error": {"code", "message"}}`; the message says what was expected and how to fix it.
 */
export type StsErrorCode =
  | 'oidc_token_missing'
  | 'oidc_token_too_large'
  | 'oidc_token_malformed'
  | 'oidc_alg_not_allowed'
  | 'oidc_unknown_key'
  | 'oidc_bad_signature'
  | 'oidc_wrong_issuer'
  | 'oidc_wrong_audience'
  | 'oidc_expired'
  | 'oidc_not_yet_valid'
  | 'oidc_issued_in_future'
  | 'oidc_too_old'
  | 'oidc_replayed'
  | 'oidc_claims_invalid'
  | 'oidc_jwks_unavailable'
  | 'request_invalid'
  | 'policy_not_found'
  | 'policy_invalid'
  | 'policy_issuer_mismatch'
  | 'policy_subject_mismatch'
  | 'policy_claim_mismatch'
  | 'event_not_allowed'
  | 'ref_not_allowed'
  | 'workflow_not_allowed'
  | 'repository_mismatch'
  | 'permission_not_allowed'
  | 'repository_not_allowed'
  | 'policy_denied'
  | 'policy_error'
  | 'installation_not_found'
  | 'repository_not_found'
  | 'github_unavailable'
  | 'mint_uncertain'
  | 'deadline_exceeded'
  | 'client_gone'
  | 'store_unavailable'
  | 'token_not_found'
  | 'token_not_owned'
  // Containment (app/containment/) or the kill switch suspended the identity in this repository.
  | 'identity_suspended'
  | 'internal_error';

const statusOf: Partial<Record<StsErrorCode, number>> = {
  oidc_token_missing: 401,
  oidc_token_too_large: 413,
  oidc_jwks_unavailable: 503,
  github_unavailable: 503,
  // GitHub may have minted a token whose answer never reached the broker: retry with a fresh OIDC token.
  mint_uncertain: 503,
  deadline_exceeded: 503,
  // Never sent: the client closed the connection first (logged and audited only).
  client_gone: 503,
  store_unavailable: 503,
  request_invalid: 400,
  policy_not_found: 403,
  token_not_found: 404,
  identity_suspended: 403,
  installation_not_found: 404,
  repository_not_found: 404,
  internal_error: 500,
};

export class StsError extends Error {
  readonly status: number;
  constructor(
    readonly code: StsErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'StsError';
    this.status = statusOf[code] ?? (code.startsWith('oidc_') ? 401 : 403);
  }
}
