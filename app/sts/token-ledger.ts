import { createHash } from 'node:crypto';

/** What the broker remembers about a minted token; the token itself only encrypted. */
export interface LedgerEntry {
  id: string;
  tokenHash: string;
  repositoryId: number;
  runId: string;
  identity: string;
  permissions: Record<string, string>;
  repositories: string[];
  expiresAt: number;
  /** When the broker must revoke it at the latest: the policy's max_lifetime. */
  revokeBy: number;
  revokedAt?: number;
}

export interface TokenLedger {
  /** `claims`: a summary of the OIDC claims (workflow, actor, ref...) kept for the audit trail. */
  record(entry: Omit<LedgerEntry, 'id' | 'tokenHash'> & { claims?: Record<string, string> }, token: string): Promise<LedgerEntry>;
  findByToken(token: string): Promise<LedgerEntry | undefined>;
  findById(id: string): Promise<LedgerEntry | undefined>;
  /** The clear token, for revocation; undefined once revoked or expired. */
  reveal(id: string): Promise<string | undefined>;
  markRevoked(id: string, at: number): Promise<void>;
  live(now: number): Promise<LedgerEntry[]>;
  /** Records a `jti`; false if it was seen before (replay). */
  claimJti(jti: string, expiresAt: number): Promise<boolean>;
}

export const tokenHash = (token: string): string => createHash('sha256').update(token).digest('hex');
