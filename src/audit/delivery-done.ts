import type { Database, Queryable, SqlParam } from '../store/database.js';
import { appendAudit } from './append-audit.js';
import type { AuditInput, AuditRecord } from './audit-record.js';
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

/**
 * markDeliveryDone in the same statement as the handler's last write, given as a WITH item
 * (`change`, parameters numbered from its argument): one round trip instead of two, and the
 * mark and the write commit together. For a handler that returns DONE_MARKED (app/once-per-delivery.ts).
 */
export async function markDeliveryDoneWith(db: Queryable, key: string, at: number, change: (first: number) => { sql: string; params: SqlParam[] }): Promise<boolean> {
  const { sql, params } = change(3);
  const { rows } = await db.query(
    `WITH ${sql} INSERT INTO webhook_deliveries (delivery_id, received_at) VALUES ($1, $2) ON CONFLICT (delivery_id) DO NOTHING RETURNING delivery_id`,
    [checkedKey(key), new Date(at).toISOString(), ...params],
  );
  return rows.length === 1;
}

/** True once `markDeliveryDone(key)` has run. */
export async function isDeliveryDone(db: Queryable, key: string): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM webhook_deliveries WHERE delivery_id = $1', [checkedKey(key)]);
  return rows.length === 1;
}

/**
 * Appends an audit record at most once per `key`: the done mark and the record commit in one
 * transaction, so a handler run again after a crash neither loses nor doubles its record.
 */
export async function appendAuditOnce(db: Database, key: string, input: AuditInput, options: { clock?: () => number } = {}): Promise<AuditRecord | undefined> {
  const clock = options.clock ?? Date.now;
  return db.transaction(async (tx) => {
    if (!(await markDeliveryDone(tx, key, clock()))) return undefined;
    // appendAudit opens its own transaction; here it runs inside this one.
    const inside: Database = { backend: db.backend, query: (sql, params) => tx.query(sql, params), transaction: (fn) => fn(tx), close: async () => undefined };
    return appendAudit(inside, input, { clock });
  });
}
