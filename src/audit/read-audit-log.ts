import type { Database } from '../store/database.js';
import type { AuditHead, AuditKind, AuditRecord } from './audit-record.js';

interface AuditRow {
  seq: number;
  prev_hash: string;
  hash: string;
  time: Date;
  kind: AuditKind;
  actor: string;
  subject: string;
  data: Record<string, unknown>;
}

const toRecord = (row: AuditRow): AuditRecord => ({
  seq: row.seq,
  prev_hash: row.prev_hash,
  time: row.time.toISOString(),
  kind: row.kind,
  actor: row.actor,
  subject: row.subject,
  data: row.data,
  hash: row.hash,
});

/**
 * Hands every record, in seq order, to `onRecord`, and resolves to the chain head, all from one
 * snapshot (REPEATABLE READ), so appends made meanwhile cannot look like a broken chain.
 */
export async function readAuditLog(
  db: Database,
  onRecord: (record: AuditRecord) => void | Promise<void>,
  pageSize = 1000,
): Promise<AuditHead> {
  return db.transaction(async (tx) => {
    await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    const { rows: heads } = await tx.query<AuditHead>(
      'SELECT seq, hash FROM audit_head WHERE id = 1',
    );
    let after = 0;
    for (;;) {
      const { rows } = await tx.query<AuditRow>(
        'SELECT seq, prev_hash, hash, time, kind, actor, subject, data FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2',
        [after, pageSize],
      );
      for (const row of rows) await onRecord(toRecord(row));
      const last = rows.at(-1);
      if (!last || rows.length < pageSize) break;
      after = last.seq;
    }
    // A missing head row is itself tampering; seq -1 never matches a chain's end.
    return heads[0] ?? { seq: -1, hash: '' };
  });
}
