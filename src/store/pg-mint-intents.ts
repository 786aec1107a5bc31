import { randomUUID } from 'node:crypto';
import type {
  BegunMint,
  IntentChange,
  IntentState,
  MintIntent,
  NewMintIntent,
} from '../../app/sts/token-ledger.js';
import { auditedTransition } from './audited-transition.js';
import type { Database, Queryable } from './database.js';

/** The mint intents of app/sts/token-ledger.ts on PostgreSQL or PGlite (table `mint_intents`, migration 3). */
export interface PgMintIntents {
  begin(intent: NewMintIntent, at: number): Promise<BegunMint>;
  settle(id: string, change: IntentChange): Promise<boolean>;
  /** `settle` on a transaction the caller holds (no audit: the caller appends it). */
  settleIn(tx: Queryable, id: string, change: Omit<IntentChange, 'audit'>): Promise<boolean>;
  open(states: readonly IntentState[], before: number, limit: number): Promise<MintIntent[]>;
  find(id: string): Promise<MintIntent | undefined>;
}

interface IntentRow {
  id: string;
  jti: string;
  run_id: string;
  repository_id: number;
  repository: string;
  installation_id: number;
  identity: string;
  permissions: Record<string, string>;
  repositories: string[];
  state: IntentState;
  created_at: Date;
  deadline: Date;
  settled_at: Date | null;
  reason: string | null;
}

const COLUMNS =
  'id, jti, run_id, repository_id, repository, installation_id, identity, permissions, repositories, state, created_at, deadline, settled_at, reason';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_REASON_LENGTH = 1024;
const iso = (ms: number): string => new Date(ms).toISOString();

function toIntent(row: IntentRow): MintIntent {
  return {
    id: row.id,
    jti: row.jti,
    runId: row.run_id,
    repositoryId: row.repository_id,
    repository: row.repository,
    installationId: row.installation_id,
    identity: row.identity,
    permissions: row.permissions,
    repositories: row.repositories,
    state: row.state,
    createdAt: row.created_at.getTime(),
    deadline: row.deadline.getTime(),
    ...(row.settled_at === null ? {} : { settledAt: row.settled_at.getTime() }),
    ...(row.reason === null ? {} : { reason: row.reason }),
  };
}

export function pgMintIntents(db: Database, clock: () => number): PgMintIntents {
  const settleIn = async (tx: Queryable, id: string, change: Omit<IntentChange, 'audit'>) => {
    if (!UUID.test(id) || change.from.length === 0) return false;
    // The guard on the current state is what makes racing settlements (a late answer, a sweep on
    // another replica) leave exactly one of them in effect, and audited.
    const placeholders = change.from.map((_, i) => `$${i + 5}`).join(', ');
    const { rows } = await tx.query(
      `UPDATE mint_intents SET state = $2, reason = $3, settled_at = $4 WHERE id = $1 AND state IN (${placeholders}) RETURNING id`,
      [id, change.to, change.reason.slice(0, MAX_REASON_LENGTH), iso(change.at), ...change.from],
    );
    return rows.length === 1;
  };
  return {
    async begin(intent, at) {
      const id = randomUUID();
      // Committed before the mint is sent, and it must outlive a crash of the server: that holds
      // with synchronous_commit on (PostgreSQL's default), not with it off.
      // https://www.postgresql.org/docs/current/wal-async-commit.html
      // The open suspension (identity_suspensions, migration 6) is read in the same statement, and
      // the intent goes in only without one: one round trip instead of two, and both see one
      // snapshot. A data-modifying WITH runs whether or not the outer query reads it.
      // https://www.postgresql.org/docs/current/queries-with.html#QUERIES-WITH-MODIFYING
      // (INSERT … SELECT infers no parameter types from the target columns, hence the casts.)
      const { rows } = await db.query<{ suspended_at: Date; reason: string }>(
        `WITH suspended AS (
           SELECT suspended_at, reason FROM identity_suspensions WHERE repository_id = $4::bigint AND identity = $7::text AND resumed_at IS NULL
         ), begun AS (
           INSERT INTO mint_intents (id, jti, run_id, repository_id, repository, installation_id, identity, permissions, repositories, state, created_at, deadline)
           SELECT $1::uuid, $2::text, $3::text, $4::bigint, $5::text, $6::bigint, $7::text, $8::jsonb, $9::jsonb, 'pending', $10::timestamptz, $11::timestamptz
           WHERE NOT EXISTS (SELECT 1 FROM suspended)
         )
         SELECT suspended_at, reason FROM suspended`,
        [
          id,
          intent.jti,
          intent.runId,
          intent.repositoryId,
          intent.repository,
          intent.installationId,
          intent.identity,
          JSON.stringify(intent.permissions),
          JSON.stringify(intent.repositories),
          iso(at),
          iso(intent.deadline),
        ],
      );
      const suspension = rows[0];
      if (suspension) return { suspension: { suspendedAt: suspension.suspended_at.getTime(), reason: suspension.reason } };
      return { intent: { ...intent, id, state: 'pending', createdAt: at } };
    },
    settle: (id, change) =>
      auditedTransition(db, (tx) => settleIn(tx, id, change), change.audit, clock),
    settleIn,
    async open(states, before, limit) {
      if (states.length === 0) return [];
      const placeholders = states.map((_, i) => `$${i + 3}`).join(', ');
      const { rows } = await db.query<IntentRow>(
        `SELECT ${COLUMNS} FROM mint_intents WHERE state IN (${placeholders}) AND created_at < $1 ORDER BY created_at, id LIMIT $2`,
        [iso(before), limit, ...states],
      );
      return rows.map(toIntent);
    },
    async find(id) {
      if (!UUID.test(id)) return undefined;
      const { rows } = await db.query<IntentRow>(
        `SELECT ${COLUMNS} FROM mint_intents WHERE id = $1`,
        [id],
      );
      return rows[0] && toIntent(rows[0]);
    },
  };
}
