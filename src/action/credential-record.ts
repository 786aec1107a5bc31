/** What main hands post through GITHUB_STATE: ids and times, never a credential. */
export interface CredentialRecord {
  kind: 'github' | 'vault-token' | 'vault-lease' | 'aws-sts' | 'gcp-access-token' | 'azure-access-token';
  /** Broker token id, Vault token accessor or lease id; for AWS the assumed role id (`<role id>:<session>`). */
  id: string;
  scope: string;
  mintedAt: string;
  expiresAt: string;
  revokedAt?: string;
  /** AWS: the role assumed, and the session's length; GCP: the service account or principal; Azure: the client id; and the token's lifetime. */
  role?: string;
  durationSeconds?: number;
  /** false: nothing can revoke it (an STS session lives until expiresAt); post leaves it alone. */
  revocable?: false;
  /** When Airlock stopped resolving it for the agent (the step's end), for credentials it cannot revoke. */
  resolvingStoppedAt?: string;
  /** The broker's decision it was minted under (a broker token), for the attestation's `policyDecisions`. */
  policyDecision?: { policy: string; allow: boolean; decisionDigest: string };
}

export const STATE_KEY = 'credentials';
export const VAULT_STATE_KEY = 'vault-leftovers';

export function parseRecords(text: string): CredentialRecord[] {
  if (!text) return [];
  const value = JSON.parse(text) as unknown;
  if (!Array.isArray(value)) throw new Error('airlock state is corrupt: expected a list of credential records');
  return value as CredentialRecord[];
}
