import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);

// src/audit/read-audit-log.ts
var toRecord = (row) => ({
  seq: row.seq,
  prev_hash: row.prev_hash,
  time: row.time.toISOString(),
  kind: row.kind,
  actor: row.actor,
  subject: row.subject,
  data: row.data,
  hash: row.hash
});
async function readAuditLog(db, onRecord, pageSize = 1e3) {
  return db.transaction(async (tx) => {
    await tx.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
    const { rows: heads } = await tx.query(
      "SELECT seq, hash FROM audit_head WHERE id = 1"
    );
    let after = 0;
    for (; ; ) {
      const { rows } = await tx.query(
        "SELECT seq, prev_hash, hash, time, kind, actor, subject, data FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2",
        [after, pageSize]
      );
      for (const row of rows) await onRecord(toRecord(row));
      const last = rows.at(-1);
      if (!last || rows.length < pageSize) break;
      after = last.seq;
    }
    return heads[0] ?? { seq: -1, hash: "" };
  });
}

export {
  readAuditLog
};
