/**
 * Every way the Action's Vault backend fails, as a closed set of codes. The message says what
 * Vault answered (its own error text; never a token or secret value) and how to fix it.
 */
export type VaultErrorCode =
  | 'secrets_input_invalid'
  | 'vault_settings_invalid'
  | 'vault_unavailable'
  | 'vault_mount_not_found'
  | 'vault_role_not_found'
  | 'vault_login_refused'
  | 'vault_permission_denied'
  | 'vault_token_invalid'
  | 'vault_secret_not_found'
  | 'vault_key_not_found'
  | 'vault_request_refused'
  | 'vault_bad_response';

export class VaultError extends Error {
  constructor(
    readonly code: VaultErrorCode,
    message: string,
    /** The HTTP status Vault answered, when it answered. */
    readonly status?: number,
  ) {
    super(message);
    this.name = 'VaultError';
  }
}
