import type { Database, Queryable, SqlParam } from '../store/database.js';
import { appendAudit, appendAuditWith } from './append-audit.js';
import type { AuditInput } from './audit-record.js';
import { AuditError } from './audit-error.js';

// GitHub sends a GUID; a handler or effect key adds `:<name>`. Anything much longer or stranger is not one.
const DONE_KEY = /^[A-Za-z0-9._:-]{1,128}$/;

function checkedKey(key: string): string {
  if (!DONE_KEY.test(key))
    throw new AuditError('delivery_id_invalid', 'a delivery key (X-GitHub-Delivery, optionally with :<handler>) must be 1 to 128 letters, digits or ._:-');
  return key;
}

/**
 * Records that the work named `key` (a delivery's handler, or one effect of it) completed: true the
 * first time, false if it was already recorded, across all replicas (the primary key decides).
 * Written only after the work succeeded, so a delivery whose handler failed or whose process died
 * is never taken for done: the queue runs it again (app/queue/webhook-queue.ts).
 */
export async function markDeliveryDone(db: Queryable, key: string, at: number = Date.now()): Promise<boolean> {
  const { rows } = await db.query(
    'INSERT INTO webhook_deliveries (delivery_id, received_at) VALUES ($1, $2) ON CONFLICT (delivery_id) DO NOTHING RETURNING delivery_id',
    [checkedKey(key), new Date(at).toISOString()],
  );
  return rows.length === 1;
}

/** True once `markDeliveryDone(key)` has run. */
export async function isDeliveryDone(db: Queryable, key: string): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM webhook_deliveries WHERE delivery_id = $1', [checkedKey(key)]);
  return rows.length === 1;
}

/**
 * A write that goes in with a done mark and its audit record (appendAuditOnce), exactly when they
 * do: as WITH items that read `head` (one row when the record goes in, none otherwise; parameters
 * numbered from `first`), and the same write on a transaction for the slow way.
 */
export interface JoinedWrite {
  ctes: (first: number) => { sql: string; params: SqlParam[] };
  run: (tx: Queryable) => Promise<void>;
}

/**
 * Appends an audit record at most once per `key`, with the done mark of `key` (and `also`): all
 * of them or none, so a handler run again after a crash neither loses nor doubles its record, and
 * a delivery is never marked done without it. True when this call appended the record; false when
 * `key` was already done (nothing is written then but `also`).
 *
 * One statement in the common case (appendAuditWith): the chain head moves only while `key` is not
 * done, and the mark reads the moved head. Otherwise one transaction, which locks the chain head
 * before it marks, as the one statement does (it moves the head first): two writers of one key
 * then queue on the head and never wait on each other in opposite orders.
 */
export async function appendAuditOnce(db: Database, key: string, input: AuditInput, options: { clock?: () => number; also?: JoinedWrite } = {}): Promise<boolean> {
  const clock = options.clock ?? Date.now;
  const { also } = options;
  const doneKey = checkedKey(key);
  return appendAuditWith(db, input, { clock }, {
    ctes: (n) => {
      const more = also?.ctes(n + 2);
      return {
        sql: `done AS (INSERT INTO webhook_deliveries (delivery_id, received_at) SELECT $${n}::text, $${n + 1}::timestamptz FROM head ON CONFLICT (delivery_id) DO NOTHING)${more ? `, ${more.sql}` : ''}`,
        params: [doneKey, new Date(clock()).toISOString(), ...(more?.params ?? [])],
        guard: `NOT EXISTS (SELECT 1 FROM webhook_deliveries WHERE delivery_id = $${n}::text)`,
      };
    },
    otherwise: () =>
      db.transaction(async (tx) => {
        await tx.query('SELECT 1 FROM audit_head WHERE id = 1 FOR UPDATE');
        await also?.run(tx);
        if (!(await markDeliveryDone(tx, doneKey, clock()))) return false;
        // appendAudit opens its own transaction; here it runs inside this one, on `db`'s chain.
        const inside: Database = { backend: db.backend, query: (sql, params) => tx.query(sql, params), transaction: (fn) => fn(tx), close: async () => undefined };
        await appendAudit(inside, input, { clock, chain: db });
        return true;
      }),
  });
}
