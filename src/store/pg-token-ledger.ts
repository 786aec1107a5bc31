import { randomUUID } from 'node:crypto';
import { tokenHash, type LedgerEntry, type TokenLedger } from '../../app/sts/token-ledger.js';
import { appendAuditWith } from '../audit/append-audit.js';
import { auditedTransition } from './audited-transition.js';
import type { Database, Queryable } from './database.js';
import { pgMintIntents } from './pg-mint-intents.js';
import { StoreError } from './store-error.js';
import { encryptionKeyId, openToken, sealToken } from './token-cipher.js';

/** Who minted a token and why, for incident response; never the OIDC token itself. */
export interface ClaimsSummary {
  workflow?: string;
  workflowRef?: string;
  actor?: string;
  ref?: string;
  eventName?: string;
  sha?: string;
}

export interface PgLedgerEntry extends LedgerEntry {
  claims: ClaimsSummary;
  mintedAt: number;
}

export interface PurgeReport {
  /** Ciphertexts of expired tokens erased: GitHub no longer honours them, so nothing to revoke. */
  ciphertextsErased: number;
  jtisDeleted: number;
}

export interface PgTokenLedger extends TokenLedger {
  record(
    entry: Omit<LedgerEntry, 'id' | 'tokenHash'> & { claims?: ClaimsSummary },
    token: string,
  ): Promise<PgLedgerEntry>;
  recordMint(
    intentId: string,
    entry: Omit<LedgerEntry, 'id' | 'tokenHash'> & { claims?: ClaimsSummary },
    token: string,
    audit: Parameters<TokenLedger['recordMint']>[3],
  ): Promise<PgLedgerEntry>;
  findByToken(token: string): Promise<PgLedgerEntry | undefined>;
  findById(id: string): Promise<PgLedgerEntry | undefined>;
  live(now: number): Promise<PgLedgerEntry[]>;
  claimDue(now: number, leaseUntil: number, limit: number): Promise<PgLedgerEntry[]>;
  purgeExpired(now: number): Promise<PurgeReport>;
}

export interface PgTokenLedgerOptions {
  encryptionKey: Buffer;
  clock: () => number;
}

// A jti outlives its token's `exp` here by more than any verification leeway (60 s), so a
// replay inside the leeway still finds it.
export const JTI_RETENTION_MS = 10 * 60 * 1000;
const MAX_JTI_LENGTH = 256;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CLAIM_KEYS: readonly (keyof ClaimsSummary)[] = [
  'workflow',
  'workflowRef',
  'actor',
  'ref',
  'eventName',
  'sha',
];
const MAX_CLAIM_LENGTH = 512;
const MINTED_REASON = 'GitHub answered 201; the token is in the ledger';

interface TokenRow {
  id: string;
  token_hash: string;
  repository_id: number;
  run_id: string;
  identity: string;
  permissions: Record<string, string>;
  repositories: string[];
  claims: ClaimsSummary;
  minted_at: Date;
  expires_at: Date;
  revoke_by: Date;
  revoked_at: Date | null;
}

const COLUMNS =
  'id, token_hash, repository_id, run_id, identity, permissions, repositories, claims, minted_at, expires_at, revoke_by, revoked_at';
const iso = (ms: number): string => new Date(ms).toISOString();

function toEntry(row: TokenRow): PgLedgerEntry {
  return {
    id: row.id,
    tokenHash: row.token_hash,
    repositoryId: row.repository_id,
    runId: row.run_id,
    identity: row.identity,
    permissions: row.permissions,
    repositories: row.repositories,
    claims: row.claims,
    mintedAt: row.minted_at.getTime(),
    expiresAt: row.expires_at.getTime(),
    revokeBy: row.revoke_by.getTime(),
    ...(row.revoked_at === null ? {} : { revokedAt: row.revoked_at.getTime() }),
  };
}

// Only the known string fields, bounded: the summary is for people, not a place to park claims.
function summary(claims: ClaimsSummary | undefined): ClaimsSummary {
  const kept: ClaimsSummary = {};
  for (const key of CLAIM_KEYS) {
    const value = claims?.[key];
    if (typeof value === 'string') kept[key] = value.slice(0, MAX_CLAIM_LENGTH);
  }
  return kept;
}

/**
 * The token ledger on PostgreSQL or PGlite, shared by every App replica. Tokens are kept only
 * AES-256-GCM sealed, and only until revoked or expired (issue 3, "The store").
 */
export function pgTokenLedger(db: Database, options: PgTokenLedgerOptions): PgTokenLedger {
  const { encryptionKey, clock } = options;
  if (encryptionKey.length !== 32)
    throw new StoreError(
      'encryption_key_invalid',
      `the token encryption key must be 32 bytes, not ${encryptionKey.length}`,
    );
  const keyId = encryptionKeyId(encryptionKey);

  const intents = pgMintIntents(db, clock);

  /**
   * Writes the token row; with `mintedFrom`, the statement also moves the intent of the same id
   * from those states to minted (a data-modifying WITH: one round trip, one statement's atomicity).
   * https://www.postgresql.org/docs/current/queries-with.html#QUERIES-WITH-MODIFYING
   */
  const insert = async (
    q: Queryable,
    id: string,
    entry: Omit<LedgerEntry, 'id' | 'tokenHash'> & { claims?: ClaimsSummary },
    token: string,
    mintedFrom?: readonly ('pending' | 'uncertain')[],
  ): Promise<PgLedgerEntry> => {
    const claims = summary(entry.claims);
    const mintedAt = clock();
    const settle = mintedFrom
      ? `WITH settled AS (UPDATE mint_intents SET state = 'minted', reason = $14, settled_at = $9 WHERE id = $1 AND state IN (${mintedFrom.map((_, i) => `$${i + 15}`).join(', ')}) RETURNING id) `
      : '';
    await q.query(
      `${settle}INSERT INTO minted_tokens (id, token_hash, repository_id, run_id, identity, permissions, repositories, claims, minted_at, expires_at, revoke_by, token_ciphertext, key_id)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8::jsonb, $9, $10, $11, $12, $13)`,
      [
        id,
        tokenHash(token),
        entry.repositoryId,
        entry.runId,
        entry.identity,
        JSON.stringify(entry.permissions),
        JSON.stringify(entry.repositories),
        JSON.stringify(claims),
        iso(mintedAt),
        iso(entry.expiresAt),
        iso(entry.revokeBy),
        sealToken(encryptionKey, id, token),
        keyId,
        ...(mintedFrom ? [MINTED_REASON, ...mintedFrom] : []),
      ],
    );
    return {
      id,
      tokenHash: tokenHash(token),
      repositoryId: entry.repositoryId,
      runId: entry.runId,
      identity: entry.identity,
      permissions: entry.permissions,
      repositories: entry.repositories,
      claims,
      mintedAt,
      expiresAt: entry.expiresAt,
      revokeBy: entry.revokeBy,
    };
  };

  const byId = async (id: string): Promise<PgLedgerEntry | undefined> => {
    if (!UUID.test(id)) return undefined;
    const { rows } = await db.query<TokenRow>(
      `SELECT ${COLUMNS} FROM minted_tokens WHERE id = $1`,
      [id],
    );
    return rows[0] && toEntry(rows[0]);
  };

  return {
    record: (entry, token) => insert(db, randomUUID(), entry, token),

    async recordMint(intentId, entry, token, audit) {
      if (!UUID.test(intentId))
        throw new StoreError('intent_invalid', `mint intent id ${intentId} is not a uuid`);
      let recorded: PgLedgerEntry | undefined;
      // The token row, the intent's state and the token_minted record: all three or none, in one
      // statement when the audit chain's head is as this process last wrote it (append-audit.ts),
      // else in one transaction.
      const claims = summary(entry.claims);
      const mintedAt = clock();
      const fast: PgLedgerEntry = { id: intentId, tokenHash: tokenHash(token), repositoryId: entry.repositoryId, runId: entry.runId, identity: entry.identity, permissions: entry.permissions, repositories: entry.repositories, claims, mintedAt, expiresAt: entry.expiresAt, revokeBy: entry.revokeBy };
      await appendAuditWith(db, audit, { clock }, {
        ctes: (n) => ({
          sql: `settled AS (UPDATE mint_intents SET state = 'minted', reason = $${n}, settled_at = $${n + 1}::timestamptz WHERE id = $${n + 2}::uuid AND state IN ('pending', 'uncertain') AND EXISTS (SELECT 1 FROM head) RETURNING id),
            token AS (INSERT INTO minted_tokens (id, token_hash, repository_id, run_id, identity, permissions, repositories, claims, minted_at, expires_at, revoke_by, token_ciphertext, key_id)
              SELECT $${n + 2}::uuid, $${n + 3}, $${n + 4}::bigint, $${n + 5}, $${n + 6}, $${n + 7}::jsonb, $${n + 8}::jsonb, $${n + 9}::jsonb, $${n + 1}::timestamptz, $${n + 10}::timestamptz, $${n + 11}::timestamptz, $${n + 12}::bytea, $${n + 13} FROM head)`,
          params: [MINTED_REASON, iso(mintedAt), intentId, fast.tokenHash, entry.repositoryId, entry.runId, entry.identity, JSON.stringify(entry.permissions), JSON.stringify(entry.repositories), JSON.stringify(claims), iso(entry.expiresAt), iso(entry.revokeBy), sealToken(encryptionKey, intentId, token), keyId],
        }),
        otherwise: () =>
          auditedTransition(
            db,
            async (tx) => {
              recorded = await insert(tx, intentId, entry, token, ['pending', 'uncertain']);
              return true;
            },
            audit,
            clock,
          ),
      });
      return recorded ?? fast;
    },

    async findByToken(token) {
      const { rows } = await db.query<TokenRow>(
        `SELECT ${COLUMNS} FROM minted_tokens WHERE token_hash = $1`,
        [tokenHash(token)],
      );
      return rows[0] && toEntry(rows[0]);
    },

    findById: byId,

    async reveal(id) {
      if (!UUID.test(id)) return undefined;
      const { rows } = await db.query<{
        token_ciphertext: Buffer | null;
        key_id: string | null;
        expires_at: Date;
        revoked_at: Date | null;
      }>(
        'SELECT token_ciphertext, key_id, expires_at, revoked_at FROM minted_tokens WHERE id = $1',
        [id],
      );
      const row = rows[0];
      if (!row || row.token_ciphertext === null || row.revoked_at !== null) return undefined;
      if (row.expires_at.getTime() <= clock()) {
        // Expired at GitHub: the clear token is worthless to revoke and must not linger.
        await db.query('UPDATE minted_tokens SET token_ciphertext = NULL WHERE id = $1', [id]);
        return undefined;
      }
      if (row.key_id !== keyId) {
        throw new StoreError(
          'token_decrypt_failed',
          `token ${id} was sealed under key ${row.key_id}, but this App holds key ${keyId}; every replica needs the same AIRLOCK_ENCRYPTION_KEY`,
        );
      }
      return openToken(encryptionKey, id, row.token_ciphertext);
    },

    async markRevoked(id, at, options = {}) {
      if (!UUID.test(id)) return false;
      // Only the first revocation changes the row (a revoked row holds no ciphertext already), so
      // of several revokers (sweeps on every replica, the post step, an agent push) one audits.
      return auditedTransition(
        db,
        async (tx) => {
          const { rows } = await tx.query(
            'UPDATE minted_tokens SET revoked_at = $2, token_ciphertext = NULL, sweep_lease_until = NULL WHERE id = $1 AND revoked_at IS NULL RETURNING id',
            [id, iso(at)],
          );
          if (rows.length === 0) return false;
          if (options.abandon !== undefined)
            await intents.settleIn(tx, id, {
              from: ['minted'],
              to: 'abandoned',
              reason: options.abandon,
              at,
            });
          return true;
        },
        options.audit,
        clock,
      );
    },

    async markDue(id, at) {
      if (!UUID.test(id)) return;
      await db.query(
        'UPDATE minted_tokens SET revoke_by = LEAST(revoke_by, $2) WHERE id = $1 AND revoked_at IS NULL',
        [id, iso(at)],
      );
    },

    async claimDue(now, leaseUntil, limit) {
      // SKIP LOCKED: rows another sweep is claiming right now are left to it; once it commits,
      // its lease keeps them out of this query until the lease runs out (a crashed sweep's rows
      // come back then). https://www.postgresql.org/docs/current/sql-select.html#SQL-FOR-UPDATE-SHARE
      const { rows } = await db.query<TokenRow>(
        `UPDATE minted_tokens SET sweep_lease_until = $3 WHERE id IN (
           SELECT id FROM minted_tokens
           WHERE revoked_at IS NULL AND expires_at > $1 AND revoke_by <= $1
             AND (sweep_lease_until IS NULL OR sweep_lease_until <= $1)
           ORDER BY revoke_by, id LIMIT $2
           FOR UPDATE SKIP LOCKED
         ) RETURNING ${COLUMNS}`,
        [iso(now), limit, iso(leaseUntil)],
      );
      return rows.map(toEntry).sort((a, b) => a.revokeBy - b.revokeBy || a.id.localeCompare(b.id));
    },

    async releaseClaim(id) {
      if (!UUID.test(id)) return;
      await db.query('UPDATE minted_tokens SET sweep_lease_until = NULL WHERE id = $1', [id]);
    },

    async live(now) {
      const { rows } = await db.query<TokenRow>(
        `SELECT ${COLUMNS} FROM minted_tokens WHERE revoked_at IS NULL AND expires_at > $1 ORDER BY revoke_by, id`,
        [iso(now)],
      );
      return rows.map(toEntry);
    },

    async claimJti(jti, expiresAt) {
      if (jti.length === 0 || jti.length > MAX_JTI_LENGTH)
        throw new StoreError(
          'jti_invalid',
          `an OIDC jti must be 1 to ${MAX_JTI_LENGTH} characters`,
        );
      // The primary key decides: of any number of replicas inserting the same jti, one wins.
      const { rows } = await db.query(
        'INSERT INTO oidc_jtis (jti, expires_at) VALUES ($1, $2) ON CONFLICT (jti) DO NOTHING RETURNING jti',
        [jti, iso(expiresAt)],
      );
      return rows.length === 1;
    },

    async releaseJti(jti) {
      await db.query('DELETE FROM oidc_jtis WHERE jti = $1', [jti]);
    },

    beginMint: (intent, at) => intents.begin(intent, at),
    settleIntent: (id, change) => intents.settle(id, change),
    openIntents: (states, before, limit) => intents.open(states, before, limit),
    findIntent: (id) => intents.find(id),

    async purgeExpired(now) {
      const erased = await db.query(
        'UPDATE minted_tokens SET token_ciphertext = NULL WHERE token_ciphertext IS NOT NULL AND expires_at <= $1 RETURNING id',
        [iso(now)],
      );
      const deleted = await db.query('DELETE FROM oidc_jtis WHERE expires_at < $1 RETURNING jti', [
        iso(now - JTI_RETENTION_MS),
      ]);
      return { ciphertextsErased: erased.rows.length, jtisDeleted: deleted.rows.length };
    },
  };
}
