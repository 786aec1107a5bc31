import { createHash } from 'node:crypto';
import type { AuditInput } from '../../src/audit/audit-record.js';
import { canonicalJson } from '../../src/json/canonical-json.js';
import { auditedTransition } from '../../src/store/audited-transition.js';
import type { Database, Queryable } from '../../src/store/database.js';
import { RUN_EVENT_KINDS, type RunEvent, type RunEventBatch, type RunEventKind } from '../../src/telemetry/run-event.js';
import type { StoredBatch, TelemetryRun } from './telemetry-deps.js';
import { TelemetryError } from './telemetry-error.js';

/** One attempt of one workflow run that has sent telemetry. */
export interface RunRef {
  repositoryId: number;
  repository: string;
  runId: string;
  runAttempt: number;
}

/** Which run to read: by the repository's numeric id (the gate) or its owner/name (the CLI); the latest attempt when none is named. */
export type RunQuery = ({ repositoryId: number } | { repository: string }) & { runId: string; runAttempt?: number };

/** A stored event with the batch it came in. */
export type StoredRunEvent = RunEvent & { readonly seq: number };

/** Totals of one run's telemetry: what a timeline and the gate's check run show. */
export interface RunSummary extends RunRef {
  identities: string[];
  sha: string;
  workflowRef: string;
  batches: number;
  /** Events the Action's bounded buffer dropped before sending (a lower bound of what happened). */
  dropped: number;
  counts: Record<RunEventKind, number>;
  /** Hosts egress refused, most refused first (at most REFUSED_HOSTS_SHOWN). */
  refusedHosts: { host: string; count: number }[];
  /** Placeholders sent toward hosts they are not bound to: credential id and host. */
  misuse: { credential: string; host: string; count: number }[];
  /** DLP blocks by host. */
  dlpHosts: { host: string; count: number }[];
}

export const REFUSED_HOSTS_SHOWN = 20;

export interface RunEventStore {
  /**
   * Stores a batch and its audit record in one transaction, once per (repository id, run id,
   * attempt, seq): a retry of the same batch is a duplicate and writes nothing; another batch
   * under a stored `seq` is refused (`seq_conflict`).
   */
  append(run: TelemetryRun, batch: RunEventBatch, audit: AuditInput): Promise<StoredBatch>;
  /** The run's attempt the query names (the latest with telemetry when it names none); undefined when it sent none. */
  findRun(query: RunQuery): Promise<RunRef | undefined>;
  summary(run: RunRef): Promise<RunSummary>;
  /** Every event of the run in time order (then batch, then position). */
  events(run: RunRef): Promise<StoredRunEvent[]>;
}

/** Events of a batch by kind (only kinds present). */
export function countByKind(events: readonly RunEvent[]): Partial<Record<RunEventKind, number>> {
  const counts: Partial<Record<RunEventKind, number>> = {};
  for (const e of events) counts[e.kind] = (counts[e.kind] ?? 0) + 1;
  return counts;
}

const batchDigest = (batch: RunEventBatch): string => createHash('sha256').update(canonicalJson(batch), 'utf8').digest('hex');

const RUN_KEY = 'repository_id = $1 AND run_id = $2 AND run_attempt = $3';
const keyParams = (run: RunRef): [number, string, number] => [run.repositoryId, run.runId, run.runAttempt];

async function insertEvents(tx: Queryable, run: TelemetryRun, batch: RunEventBatch, receivedAt: string): Promise<void> {
  if (batch.events.length === 0) return;
  const rows = batch.events.map((event, idx) => {
    const { kind, at, ...data } = event;
    return { idx, kind, at, data };
  });
  // One statement for the whole batch: the rows travel as one JSON parameter (src/store/database.ts).
  await tx.query(
    `INSERT INTO run_events (repository_id, repository, run_id, run_attempt, identity, seq, idx, kind, at, data, received_at)
     SELECT $1, $2, $3, $4, $5, $6, e.idx, e.kind, e.at::timestamptz, e.data, $7::timestamptz
     FROM jsonb_to_recordset($8::jsonb) AS e(idx integer, kind text, at text, data jsonb)`,
    [run.repositoryId, run.repository, run.runId, run.runAttempt, run.identity, batch.seq, receivedAt, JSON.stringify(rows)],
  );
}

/** Run telemetry in PostgreSQL or PGlite (tables of migration 5, src/store/migrations.ts). */
export function runEventStore(db: Database, options: { clock: () => number }): RunEventStore {
  return {
    async append(run, batch, audit) {
      const digest = batchDigest(batch);
      const receivedAt = new Date(options.clock()).toISOString();
      const counts = countByKind(batch.events);
      const inserted = await auditedTransition(
        db,
        async (tx) => {
          const { rows } = await tx.query<{ seq: number }>(
            `INSERT INTO run_event_batches (repository_id, repository, run_id, run_attempt, seq, identity, sha, workflow_ref, dropped, events, digest, received_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::timestamptz)
             ON CONFLICT (repository_id, run_id, run_attempt, seq) DO NOTHING RETURNING seq`,
            [run.repositoryId, run.repository, run.runId, run.runAttempt, batch.seq, run.identity, run.sha, run.workflowRef, batch.dropped, batch.events.length, digest, receivedAt],
          );
          if (rows.length === 0) {
            const stored = await tx.query<{ digest: string }>(`SELECT digest FROM run_event_batches WHERE ${RUN_KEY} AND seq = $4`, [...keyParams(run), batch.seq]);
            if (stored.rows[0]?.digest !== digest) throw new TelemetryError('seq_conflict', `batch ${batch.seq} of run ${run.runId} attempt ${run.runAttempt} is already stored with other events; number each new batch with the next seq and resend a retried batch unchanged`);
            return false;
          }
          await insertEvents(tx, run, batch, receivedAt);
          return true;
        },
        audit,
        options.clock,
      );
      return { duplicate: !inserted, accepted: inserted ? batch.events.length : 0, counts };
    },

    async findRun(query) {
      const [column, value] = 'repositoryId' in query ? (['repository_id', query.repositoryId] as const) : (['repository', query.repository] as const);
      const { rows } = await db.query<{ repository_id: number; repository: string; run_id: string; run_attempt: number }>(
        `SELECT repository_id, repository, run_id, run_attempt FROM run_event_batches
         WHERE ${column} = $1 AND run_id = $2 AND ($3::integer IS NULL OR run_attempt = $3::integer)
         ORDER BY run_attempt DESC, received_at DESC LIMIT 1`,
        [value, query.runId, query.runAttempt ?? null],
      );
      const row = rows[0];
      return row && { repositoryId: row.repository_id, repository: row.repository, runId: row.run_id, runAttempt: row.run_attempt };
    },

    async summary(run) {
      const params = keyParams(run);
      const [batches, kinds, refused, misuse, dlp] = await Promise.all([
        db.query<{ batches: number; dropped: number; identities: string[]; sha: string; workflow_ref: string }>(
          `SELECT count(*)::bigint AS batches, coalesce(sum(dropped), 0)::bigint AS dropped, array_agg(DISTINCT identity) AS identities, max(sha) AS sha, max(workflow_ref) AS workflow_ref FROM run_event_batches WHERE ${RUN_KEY}`,
          params,
        ),
        db.query<{ kind: RunEventKind; n: number }>(`SELECT kind, count(*)::bigint AS n FROM run_events WHERE ${RUN_KEY} GROUP BY kind`, params),
        db.query<{ host: string; n: number }>(
          `SELECT data->>'host' AS host, count(*)::bigint AS n FROM run_events WHERE ${RUN_KEY} AND kind = 'egress' AND data->>'decision' = 'deny' GROUP BY 1 ORDER BY n DESC, host LIMIT ${REFUSED_HOSTS_SHOWN}`,
          params,
        ),
        db.query<{ credential: string; host: string; n: number }>(
          `SELECT data->>'credential' AS credential, data->>'host' AS host, count(*)::bigint AS n FROM run_events WHERE ${RUN_KEY} AND kind = 'placeholder_misuse' GROUP BY 1, 2 ORDER BY n DESC, credential, host LIMIT ${REFUSED_HOSTS_SHOWN}`,
          params,
        ),
        db.query<{ host: string; n: number }>(
          `SELECT data->>'host' AS host, count(*)::bigint AS n FROM run_events WHERE ${RUN_KEY} AND kind = 'dlp_block' GROUP BY 1 ORDER BY n DESC, host LIMIT ${REFUSED_HOSTS_SHOWN}`,
          params,
        ),
      ]);
      const head = batches.rows[0]!;
      const counts = Object.fromEntries(RUN_EVENT_KINDS.map((kind) => [kind, 0])) as Record<RunEventKind, number>;
      for (const row of kinds.rows) counts[row.kind] = row.n;
      return {
        ...run,
        identities: head.identities ?? [],
        sha: head.sha,
        workflowRef: head.workflow_ref,
        batches: head.batches,
        dropped: head.dropped,
        counts,
        refusedHosts: refused.rows.map((r) => ({ host: r.host, count: r.n })),
        misuse: misuse.rows.map((r) => ({ credential: r.credential, host: r.host, count: r.n })),
        dlpHosts: dlp.rows.map((r) => ({ host: r.host, count: r.n })),
      };
    },

    async events(run) {
      const { rows } = await db.query<{ seq: number; kind: RunEventKind; at: Date; data: Record<string, unknown> }>(
        `SELECT seq, kind, at, data FROM run_events WHERE ${RUN_KEY} ORDER BY at, seq, idx`,
        keyParams(run),
      );
      // `at` is read back as stored: millisecond precision, ISO 8601 UTC.
      return rows.map((r) => ({ kind: r.kind, at: r.at.toISOString(), ...r.data, seq: r.seq }) as StoredRunEvent);
    },
  };
}
