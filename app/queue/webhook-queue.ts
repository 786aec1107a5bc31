import type { Database } from '../../src/store/database.js';

/** A delivery (or internal job) a worker holds the lease of. */
export interface ClaimedDelivery {
  id: string;
  event: string;
  installationId: number | null;
  body: Buffer;
  /** Including this one. */
  attempts: number;
}

/**
 * How far behind GitHub the App is. Depth and age count GitHub's deliveries; internal jobs (the
 * batched incident issue updates) wait on purpose and are counted apart.
 */
export interface Backlog {
  /** Deliveries waiting or running. */
  depth: number;
  running: number;
  /** Age of the oldest delivery not done yet, 0 when there is none. */
  oldestAgeMs: number;
  /** Dead-lettered: retries exhausted or unreadable. */
  failed: number;
  /** Internal jobs waiting or running. */
  jobs: number;
}

export interface StoredDelivery {
  id: string;
  event: string;
  installationId: number | null;
  body: Buffer;
}

/** What `enqueueDelivery` did: a new row, a dead-lettered one queued again, or nothing (already queued, running or done). */
export type EnqueueOutcome = 'queued' | 'requeued' | 'duplicate';

export interface WebhookQueue {
  /** Stores a verified delivery for processing; deduplicated on its id while queued, running or done. */
  enqueueDelivery(delivery: StoredDelivery): Promise<EnqueueOutcome>;
  /**
   * Queues an internal job under a coalescing key: while one with that key waits, nothing more is
   * queued (the waiting run covers this request); while one runs, it runs once more afterwards.
   */
  enqueueJob(job: StoredDelivery): Promise<void>;
  /**
   * Leases one runnable row: queued and due, or running under an expired lease (its worker died).
   * At most one row per installation runs at a time, across replicas. Undefined when none is due.
   * `running`: the rows this worker is still running itself; it never claims one of them again (a
   * late heartbeat is not a dead worker).
   */
  claim(owner: string, leaseMs: number, running?: readonly string[]): Promise<ClaimedDelivery | undefined>;
  /** Extends a lease; false when the lease is no longer `owner`'s (expired and taken over). */
  heartbeat(id: string, owner: string, leaseMs: number): Promise<boolean>;
  /** Marks a leased row done (or queued again when a coalesced job asked for another run). */
  complete(id: string, owner: string): Promise<boolean>;
  /** Gives a leased row back to run at `runAfter`; `countAttempt: false` for a deferral (rate limits, draining). */
  retry(id: string, owner: string, options: { runAfter: number; error: string; countAttempt: boolean }): Promise<boolean>;
  /** Dead-letters a leased row. */
  fail(id: string, owner: string, error: string): Promise<boolean>;
  /** Hands back every lease `owner` holds (draining shutdown), uncounted; resolves to how many. */
  releaseOwner(owner: string): Promise<number>;
  /** Hands back every lease, the queue's and single-flight ones (PGlite at start: its data directory lock proves no other process holds one). */
  releaseAll(): Promise<number>;
  /** Rows due now or running: what a worker still has to do before the queue is idle. */
  due(): Promise<number>;
  backlog(): Promise<Backlog>;
  /**
   * Which of `ids` are stored and not dead-lettered: queued, running or done. A dead-lettered
   * delivery was never handled, so the reconciler asks GitHub for it again, and its redelivery
   * queues it anew (`enqueueDelivery`) once whatever failed it has recovered.
   */
  stored(ids: readonly string[]): Promise<Set<string>>;
  /** Deletes done rows completed before `before`, failed rows a month older, and stale pacing and done marks. */
  prune(before: number): Promise<number>;
}

const iso = (ms: number) => new Date(ms).toISOString();

// A text[] literal of ids (delivery GUIDs and job ids carry no quote or backslash; any is dropped):
// both drivers pass it as one text parameter (SqlParam has no arrays).
const textArray = (ids: readonly string[]) => `{${ids.map((id) => `"${id.replace(/["\\]/g, '')}"`).join(',')}}`;

/**
 * Internal jobs (event `airlock.*`; GitHub's event names have no dot) are due at once but yield
 * to GitHub deliveries that arrived up to this long after them: under a backlog, an installation's
 * paced writes go to check runs first, and a coalescing job (the incident issue) runs about once
 * per this interval, covering every push that arrived meanwhile.
 */
export const INTERNAL_JOB_HANDICAP_SECONDS = 30;

// SQL: the row is an internal job, not one of GitHub's deliveries.
const isInternal = (column = 'event') => `${column} LIKE 'airlock.%'`;
const UNIQUE_VIOLATION = '23505';
const MONTH = 30 * 24 * 3_600_000;

// Errors are stored for operators; a bound keeps a runaway message from bloating the row.
const brief = (text: string) => text.slice(0, 2_000);

/**
 * The durable webhook queue on the App's own database (PostgreSQL or PGlite), shared by every
 * replica on one PostgreSQL. Claims use `FOR UPDATE SKIP LOCKED` so replicas never wait on each
 * other's rows, and are leases with an expiry: a worker renews its lease while it runs, and a
 * row whose lease expired (its process died or hung) is claimed again by whoever comes next.
 * https://www.postgresql.org/docs/current/sql-select.html#SQL-FOR-UPDATE-SHARE
 */
export function webhookQueue(db: Database, options: { clock: () => number }): WebhookQueue {
  const { clock } = options;
  const owned = async (sql: string, params: (string | number | boolean | null)[]) => (await db.query(sql, params)).rows.length === 1;
  return {
    async enqueueDelivery(delivery) {
      const now = iso(clock());
      const { rows } = await db.query<{ existed: number }>(
        `INSERT INTO webhook_queue (delivery_id, event, installation_id, body, state, received_at, run_after)
         VALUES ($1, $2, $3, $4, 'queued', $5, $5)
         ON CONFLICT (delivery_id) DO UPDATE SET state = 'queued', body = EXCLUDED.body, attempts = 0, received_at = EXCLUDED.received_at,
           run_after = EXCLUDED.run_after, completed_at = NULL, last_error = NULL
         WHERE webhook_queue.state = 'failed'
         RETURNING (SELECT count(*)::int FROM webhook_queue WHERE delivery_id = $1) AS existed`,
        [delivery.id, delivery.event, delivery.installationId, delivery.body, now],
      );
      if (rows.length === 0) return 'duplicate';
      // The sub-select sees the table as it was before this statement: 1 when the row already existed.
      return rows[0]!.existed === 0 ? 'queued' : 'requeued';
    },

    async enqueueJob(job) {
      const now = iso(clock());
      await db.query(
        `INSERT INTO webhook_queue (delivery_id, event, installation_id, body, state, received_at, run_after)
         VALUES ($1, $2, $3, $4, 'queued', $5, $5)
         ON CONFLICT (delivery_id) DO UPDATE SET
           requeue = (webhook_queue.state = 'running'),
           state = CASE WHEN webhook_queue.state = 'running' THEN 'running' ELSE 'queued' END,
           body = EXCLUDED.body,
           run_after = CASE WHEN webhook_queue.state = 'queued' THEN webhook_queue.run_after ELSE EXCLUDED.run_after END,
           received_at = CASE WHEN webhook_queue.state IN ('queued', 'running') THEN webhook_queue.received_at ELSE EXCLUDED.received_at END,
           attempts = CASE WHEN webhook_queue.state IN ('queued', 'running') THEN webhook_queue.attempts ELSE 0 END,
           completed_at = NULL, last_error = NULL`,
        [job.id, job.event, job.installationId, job.body, now],
      );
    },

    async claim(owner, leaseMs, running = []) {
      const now = clock();
      try {
        const { rows } = await db.query<{ delivery_id: string; event: string; installation_id: number | null; body: Buffer; attempts: number }>(
          `UPDATE webhook_queue q SET state = 'running', lease_owner = $1, lease_expires_at = $3, attempts = q.attempts + 1, requeue = false
           FROM (
             SELECT c.delivery_id FROM webhook_queue c
             WHERE ((c.state = 'queued' AND c.run_after <= $2) OR (c.state = 'running' AND c.lease_expires_at <= $2))
               AND NOT (c.delivery_id = ANY($4::text[]))
               AND (c.state = 'running' OR c.installation_id IS NULL OR NOT EXISTS (
                 SELECT 1 FROM webhook_queue r WHERE r.state = 'running' AND r.installation_id = c.installation_id))
             ORDER BY CASE WHEN c.state = 'running' THEN c.lease_expires_at
                           WHEN ${isInternal('c.event')} THEN c.run_after + interval '${INTERNAL_JOB_HANDICAP_SECONDS} seconds'
                           ELSE c.run_after END, c.received_at
             LIMIT 1
             FOR UPDATE SKIP LOCKED
           ) pick
           WHERE q.delivery_id = pick.delivery_id
           RETURNING q.delivery_id, q.event, q.installation_id, q.body, q.attempts`,
          [owner, iso(now), iso(now + leaseMs), textArray(running)],
        );
        const row = rows[0];
        return row && { id: row.delivery_id, event: row.event, installationId: row.installation_id, body: row.body, attempts: row.attempts };
      } catch (error) {
        // Two replicas picked different rows of one installation at once; the index let one win.
        if ((error as { code?: string }).code === UNIQUE_VIOLATION) return undefined;
        throw error;
      }
    },

    heartbeat: (id, owner, leaseMs) =>
      owned(`UPDATE webhook_queue SET lease_expires_at = $3 WHERE delivery_id = $1 AND lease_owner = $2 AND state = 'running' RETURNING 1`, [id, owner, iso(clock() + leaseMs)]),

    complete: (id, owner) =>
      owned(
        `UPDATE webhook_queue SET
           state = CASE WHEN requeue THEN 'queued' ELSE 'done' END,
           body = CASE WHEN requeue THEN body ELSE NULL END,
           completed_at = CASE WHEN requeue THEN NULL ELSE $3::timestamptz END,
           run_after = $3, attempts = CASE WHEN requeue THEN 0 ELSE attempts END,
           requeue = false, lease_owner = NULL, lease_expires_at = NULL, last_error = NULL
         WHERE delivery_id = $1 AND lease_owner = $2 AND state = 'running' RETURNING 1`,
        [id, owner, iso(clock())],
      ),

    retry: (id, owner, { runAfter, error, countAttempt }) =>
      owned(
        `UPDATE webhook_queue SET state = 'queued', run_after = $3, attempts = attempts - $4, last_error = $5,
           requeue = false, lease_owner = NULL, lease_expires_at = NULL
         WHERE delivery_id = $1 AND lease_owner = $2 AND state = 'running' RETURNING 1`,
        [id, owner, iso(runAfter), countAttempt ? 0 : 1, brief(error)],
      ),

    fail: (id, owner, error) =>
      owned(
        `UPDATE webhook_queue SET state = 'failed', completed_at = $3, last_error = $4, requeue = false, lease_owner = NULL, lease_expires_at = NULL
         WHERE delivery_id = $1 AND lease_owner = $2 AND state = 'running' RETURNING 1`,
        [id, owner, iso(clock()), brief(error)],
      ),

    async releaseOwner(owner) {
      const { rows } = await db.query(
        `UPDATE webhook_queue SET state = 'queued', run_after = $2, attempts = attempts - 1, lease_owner = NULL, lease_expires_at = NULL
         WHERE lease_owner = $1 AND state = 'running' RETURNING 1`,
        [owner, iso(clock())],
      );
      return rows.length;
    },

    async releaseAll() {
      await db.query('DELETE FROM queue_leases');
      const { rows } = await db.query(
        `UPDATE webhook_queue SET state = 'queued', run_after = $1, lease_owner = NULL, lease_expires_at = NULL WHERE state = 'running' RETURNING 1`,
        [iso(clock())],
      );
      return rows.length;
    },

    async due() {
      const { rows } = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM webhook_queue WHERE (state = 'queued' AND run_after <= $1) OR state = 'running'`,
        [iso(clock())],
      );
      return rows[0]!.n;
    },

    async backlog() {
      const { rows } = await db.query<{ depth: number; running: number; oldest: Date | null; jobs: number }>(
        `SELECT count(*) FILTER (WHERE NOT ${isInternal()})::int AS depth,
                count(*) FILTER (WHERE NOT ${isInternal()} AND state = 'running')::int AS running,
                min(received_at) FILTER (WHERE NOT ${isInternal()}) AS oldest,
                count(*) FILTER (WHERE ${isInternal()})::int AS jobs
         FROM webhook_queue WHERE state IN ('queued', 'running')`,
      );
      const failed = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM webhook_queue WHERE state = 'failed'`);
      const { depth, running, oldest, jobs } = rows[0]!;
      return { depth, running, oldestAgeMs: oldest ? Math.max(0, clock() - oldest.getTime()) : 0, failed: failed.rows[0]!.n, jobs };
    },

    async stored(ids) {
      if (ids.length === 0) return new Set();
      const { rows } = await db.query<{ delivery_id: string }>(`SELECT delivery_id FROM webhook_queue WHERE delivery_id = ANY($1::text[]) AND state <> 'failed'`, [textArray(ids)]);
      return new Set(rows.map((row) => row.delivery_id));
    },

    async prune(before) {
      const done = await db.query(`DELETE FROM webhook_queue WHERE (state = 'done' AND completed_at < $1) OR (state = 'failed' AND completed_at < $2) RETURNING 1`, [
        iso(before),
        iso(before - MONTH),
      ]);
      // Handler done marks guard redeliveries as long as the queue's own rows do.
      await db.query('DELETE FROM webhook_deliveries WHERE received_at < $1', [iso(before)]);
      await db.query('DELETE FROM installation_creations WHERE at < $1', [iso(clock() - 3_600_000)]);
      return done.rows.length;
    },
  };
}
