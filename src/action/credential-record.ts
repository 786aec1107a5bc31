/** What main hands post through GITHUB_STATE: ids and times, never a credential. */
export interface CredentialRecord {
  kind: 'github' | 'vault-token' | 'vault-lease';
  /** Broker token id, Vault token accessor or lease id. */
  id: string;
  scope: string;
  mintedAt: string;
  expiresAt: string;
  revokedAt?: string;
}

export const STATE_KEY = 'credentials';
export const VAULT_STATE_KEY = 'vault-leftovers';

export function parseRecords(text: string): CredentialRecord[] {
  if (!text) return [];
  const value = JSON.parse(text) as unknown;
  if (!Array.isArray(value)) throw new Error('airlock state is corrupt: expected a list of credential records');
  return value as CredentialRecord[];
}
