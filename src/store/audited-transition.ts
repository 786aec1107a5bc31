import { appendAudit } from '../audit/append-audit.js';
import type { AuditInput } from '../audit/audit-record.js';
import type { Database, Queryable, SqlParam } from './database.js';

/**
 * Runs `change` in one transaction and, when it reports that it changed something (`true`),
 * appends `audit` in that same transaction. A state change and its audit record are written
 * together or not at all, and a change guarded by its current state (`UPDATE … WHERE state = …
 * RETURNING`) is audited once however many callers race for it.
 */
export async function auditedTransition(
  db: Database,
  change: (tx: Queryable) => Promise<boolean>,
  audit: AuditInput | undefined,
  clock: () => number,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const changed = await change(tx);
    if (changed && audit) {
      // appendAudit opens a transaction of its own; here it joins this one.
      const joined: Database = {
        backend: db.backend,
        query: <T>(sql: string, params?: readonly SqlParam[]) => tx.query<T>(sql, params),
        transaction: (fn) => fn(tx),
        close: async () => undefined,
      };
      await appendAudit(joined, audit, { clock, chain: db });
    }
    return changed;
  });
}
