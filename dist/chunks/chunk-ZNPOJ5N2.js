import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);
import {
  auditedTransition
} from "./chunk-ZBJLR5X5.js";
import {
  canonicalJson
} from "./chunk-EZT4DIDZ.js";
import {
  RUN_EVENT_KINDS
} from "./chunk-EPLYF327.js";

// app/telemetry/run-timeline.ts
var hostLabel = (host) => host || "(target did not parse)";
var bytes = (n) => n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1024 / 1024).toFixed(1)} MiB`;
function eventLine(e) {
  switch (e.kind) {
    case "egress":
      return `${e.decision === "deny" ? "REFUSED" : "allowed"} ${e.method} ${hostLabel(e.host)} (${e.pathClass}), ${bytes(e.bytesOut)} out, ${bytes(e.bytesIn)} in${e.reason ? `: ${e.reason}` : ""}`;
    case "placeholder_misuse":
      return `placeholder of ${e.credential} sent to ${e.host}, where it is not bound`;
    case "dlp_block":
      return `body to ${e.host} blocked by DLP (${e.rules.join(", ") || "no rule named"})`;
    case "gateway_call":
      return `${e.provider} ${e.model}: ${e.inputTokens} tokens in, ${e.outputTokens} out (${e.decision})`;
    case "resolution":
      return `${e.credential} resolved for ${e.host}`;
    case "approval":
      return `approval ${e.approvalId}: ${e.status}`;
    case "sandbox_exit":
      return `sandbox ${e.backend} exited ${e.signal ? `on ${e.signal}` : `with code ${e.exitCode ?? "unknown"}`}`;
    case "patch_scan":
      return `patch scan: ${e.findings} finding(s)${e.rules.length ? ` (${e.rules.join(", ")})` : ""}`;
  }
}
function kindTotals(counts) {
  return RUN_EVENT_KINDS.filter((k) => counts[k] > 0).map((k) => `${k} ${counts[k]}`).join(", ") || "none";
}
function renderTimelineText(summary, events) {
  const total = RUN_EVENT_KINDS.reduce((n, k) => n + summary.counts[k], 0);
  const width = Math.max(4, ...events.map((e) => e.kind.length));
  const lines = [
    `Run ${summary.runId} attempt ${summary.runAttempt} of ${summary.repository} (identity ${summary.identities.join(", ")}, commit ${summary.sha.slice(0, 12)}, workflow ${summary.workflowRef})`,
    `${summary.batches} batch(es), ${total} event(s)${summary.dropped ? `, ${summary.dropped} dropped by the Action before sending` : ""}`,
    "",
    ...events.map((e) => `${e.at}  ${e.kind.padEnd(width)}  ${eventLine(e)}`),
    ...events.length ? [""] : [],
    `Totals: ${kindTotals(summary.counts)}`,
    `Refused hosts: ${summary.refusedHosts.map((h) => `${hostLabel(h.host)} (${h.count})`).join(", ") || "none"}`
  ];
  if (summary.misuse.length) lines.push(`Placeholder misuse: ${summary.misuse.map((m) => `${m.credential} to ${m.host} (${m.count})`).join(", ")}`);
  if (summary.dlpHosts.length) lines.push(`DLP blocks: ${summary.dlpHosts.map((h) => `${h.host} (${h.count})`).join(", ")}`);
  return `${lines.join("\n")}
`;
}

// app/telemetry/run-event-store.ts
import { createHash } from "node:crypto";

// app/telemetry/telemetry-error.ts
var statusOf = {
  request_invalid: 400,
  body_too_large: 413,
  batch_invalid: 422,
  credential_in_batch: 422,
  seq_conflict: 409,
  containment_failed: 503,
  route_not_found: 404,
  internal_error: 500
};
var TelemetryError = class extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
    this.name = "TelemetryError";
    this.status = statusOf[code];
  }
  code;
  status;
};

// app/telemetry/run-event-store.ts
var REFUSED_HOSTS_SHOWN = 20;
function countByKind(events) {
  const counts = {};
  for (const e of events) counts[e.kind] = (counts[e.kind] ?? 0) + 1;
  return counts;
}
var batchDigest = (batch) => createHash("sha256").update(canonicalJson(batch), "utf8").digest("hex");
var RUN_KEY = "repository_id = $1 AND run_id = $2 AND run_attempt = $3";
var keyParams = (run) => [run.repositoryId, run.runId, run.runAttempt];
async function insertEvents(tx, run, batch, receivedAt) {
  if (batch.events.length === 0) return;
  const rows = batch.events.map((event, idx) => {
    const { kind, at, ...data } = event;
    return { idx, kind, at, data };
  });
  await tx.query(
    `INSERT INTO run_events (repository_id, repository, run_id, run_attempt, identity, seq, idx, kind, at, data, received_at)
     SELECT $1, $2, $3, $4, $5, $6, e.idx, e.kind, e.at::timestamptz, e.data, $7::timestamptz
     FROM jsonb_to_recordset($8::jsonb) AS e(idx integer, kind text, at text, data jsonb)`,
    [run.repositoryId, run.repository, run.runId, run.runAttempt, run.identity, batch.seq, receivedAt, JSON.stringify(rows)]
  );
}
function runEventStore(db, options) {
  return {
    async append(run, batch, audit) {
      const digest = batchDigest(batch);
      const receivedAt = new Date(options.clock()).toISOString();
      const counts = countByKind(batch.events);
      const inserted = await auditedTransition(
        db,
        async (tx) => {
          const { rows } = await tx.query(
            `INSERT INTO run_event_batches (repository_id, repository, run_id, run_attempt, seq, identity, sha, workflow_ref, dropped, events, digest, received_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::timestamptz)
             ON CONFLICT (repository_id, run_id, run_attempt, seq) DO NOTHING RETURNING seq`,
            [run.repositoryId, run.repository, run.runId, run.runAttempt, batch.seq, run.identity, run.sha, run.workflowRef, batch.dropped, batch.events.length, digest, receivedAt]
          );
          if (rows.length === 0) {
            const stored = await tx.query(`SELECT digest FROM run_event_batches WHERE ${RUN_KEY} AND seq = $4`, [...keyParams(run), batch.seq]);
            if (stored.rows[0]?.digest !== digest) throw new TelemetryError("seq_conflict", `batch ${batch.seq} of run ${run.runId} attempt ${run.runAttempt} is already stored with other events; number each new batch with the next seq and resend a retried batch unchanged`);
            return false;
          }
          await insertEvents(tx, run, batch, receivedAt);
          return true;
        },
        audit,
        options.clock
      );
      return { duplicate: !inserted, accepted: inserted ? batch.events.length : 0, counts };
    },
    async findRun(query) {
      const [column, value] = "repositoryId" in query ? ["repository_id", query.repositoryId] : ["repository", query.repository];
      const { rows } = await db.query(
        `SELECT repository_id, repository, run_id, run_attempt FROM run_event_batches
         WHERE ${column} = $1 AND run_id = $2 AND ($3::integer IS NULL OR run_attempt = $3::integer)
         ORDER BY run_attempt DESC, received_at DESC LIMIT 1`,
        [value, query.runId, query.runAttempt ?? null]
      );
      const row = rows[0];
      return row && { repositoryId: row.repository_id, repository: row.repository, runId: row.run_id, runAttempt: row.run_attempt };
    },
    async summary(run) {
      const params = keyParams(run);
      const [batches, kinds, refused, misuse, dlp] = await Promise.all([
        db.query(
          `SELECT count(*)::bigint AS batches, coalesce(sum(dropped), 0)::bigint AS dropped, array_agg(DISTINCT identity) AS identities, max(sha) AS sha, max(workflow_ref) AS workflow_ref FROM run_event_batches WHERE ${RUN_KEY}`,
          params
        ),
        db.query(`SELECT kind, count(*)::bigint AS n FROM run_events WHERE ${RUN_KEY} GROUP BY kind`, params),
        db.query(
          `SELECT data->>'host' AS host, count(*)::bigint AS n FROM run_events WHERE ${RUN_KEY} AND kind = 'egress' AND data->>'decision' = 'deny' GROUP BY 1 ORDER BY n DESC, host LIMIT ${REFUSED_HOSTS_SHOWN}`,
          params
        ),
        db.query(
          `SELECT data->>'credential' AS credential, data->>'host' AS host, count(*)::bigint AS n FROM run_events WHERE ${RUN_KEY} AND kind = 'placeholder_misuse' GROUP BY 1, 2 ORDER BY n DESC, credential, host LIMIT ${REFUSED_HOSTS_SHOWN}`,
          params
        ),
        db.query(
          `SELECT data->>'host' AS host, count(*)::bigint AS n FROM run_events WHERE ${RUN_KEY} AND kind = 'dlp_block' GROUP BY 1 ORDER BY n DESC, host LIMIT ${REFUSED_HOSTS_SHOWN}`,
          params
        )
      ]);
      const head = batches.rows[0];
      const counts = Object.fromEntries(RUN_EVENT_KINDS.map((kind) => [kind, 0]));
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
        dlpHosts: dlp.rows.map((r) => ({ host: r.host, count: r.n }))
      };
    },
    async events(run) {
      const { rows } = await db.query(
        `SELECT seq, kind, at, data FROM run_events WHERE ${RUN_KEY} ORDER BY at, seq, idx`,
        keyParams(run)
      );
      return rows.map((r) => ({ kind: r.kind, at: r.at.toISOString(), ...r.data, seq: r.seq }));
    }
  };
}

export {
  hostLabel,
  kindTotals,
  renderTimelineText,
  TelemetryError,
  countByKind,
  runEventStore
};
