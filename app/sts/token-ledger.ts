import { createCipheriv, createDecipheriv, createHash, randomBytes, randomUUID } from 'node:crypto';

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
  record(entry: Omit<LedgerEntry, 'id' | 'tokenHash'>, token: string): Promise<LedgerEntry>;
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

/**
 * In-process ledger: AES-256-GCM sealed tokens under a per-process key. One replica only; the
 * PostgreSQL store replaces it for several replicas.
 */
export function memoryTokenLedger(): TokenLedger {
  const key = randomBytes(32);
  const entries = new Map<string, LedgerEntry & { sealed?: Buffer }>();
  const jtis = new Map<string, number>();
  return {
    async record(entry, token) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const sealed = Buffer.concat([iv, cipher.update(token, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      const full = { ...entry, id: randomUUID(), tokenHash: tokenHash(token), sealed };
      entries.set(full.id, full);
      const { sealed: _sealed, ...visible } = full;
      return visible;
    },
    async findByToken(token) {
      const hash = tokenHash(token);
      for (const e of entries.values()) if (e.tokenHash === hash) return strip(e);
      return undefined;
    },
    async findById(id) {
      const e = entries.get(id);
      return e && strip(e);
    },
    async reveal(id) {
      const e = entries.get(id);
      if (!e?.sealed) return undefined;
      const decipher = createDecipheriv('aes-256-gcm', key, e.sealed.subarray(0, 12));
      decipher.setAuthTag(e.sealed.subarray(e.sealed.length - 16));
      return Buffer.concat([decipher.update(e.sealed.subarray(12, e.sealed.length - 16)), decipher.final()]).toString('utf8');
    },
    async markRevoked(id, at) {
      const e = entries.get(id);
      if (e) {
        e.revokedAt = at;
        delete e.sealed;
      }
    },
    async live(now) {
      return [...entries.values()].filter((e) => e.revokedAt === undefined && e.expiresAt > now).map(strip);
    },
    async claimJti(jti, expiresAt) {
      if (jtis.has(jti)) return false;
      jtis.set(jti, expiresAt);
      return true;
    },
  };
}

function strip(e: LedgerEntry & { sealed?: Buffer }): LedgerEntry {
  const { sealed: _sealed, ...visible } = e;
  return { ...visible };
}
