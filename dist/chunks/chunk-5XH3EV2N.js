import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);
import {
  canonicalJson
} from "./chunk-EZT4DIDZ.js";

// src/store/store-error.ts
var StoreError = class extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
    this.name = "StoreError";
  }
  code;
};

// src/store/database.ts
import { mkdir } from "node:fs/promises";
import { join as join3 } from "node:path";

// src/store/data-dir-lock.ts
import { open, readFile, unlink } from "node:fs/promises";
import { join } from "node:path";
var LOCK_FILE = "airlock-pglite.lock";
var heldHere = /* @__PURE__ */ new Set();
function isRunning(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === "EPERM";
  }
}
async function lockDataDir(dataDir) {
  const path = join(dataDir, LOCK_FILE);
  if (heldHere.has(path))
    throw new StoreError(
      "data_dir_in_use",
      `${dataDir} is already open in this process; share the Database instead of opening it twice`
    );
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(path, "wx", 384);
      await handle.writeFile(`${process.pid}
`);
      await handle.close();
      heldHere.add(path);
      return async () => {
        heldHere.delete(path);
        await unlink(path).catch(() => void 0);
      };
    } catch (error) {
      if (error.code !== "EEXIST") throw error;
      const owner = Number.parseInt(await readFile(path, "utf8").catch(() => ""), 10);
      if (Number.isSafeInteger(owner) && owner > 0 && owner !== process.pid && isRunning(owner)) {
        throw new StoreError(
          "data_dir_in_use",
          `${dataDir} is in use by process ${owner} (the App?); stop it first, or point DATABASE_URL at a PostgreSQL server that both can share`
        );
      }
      await unlink(path).catch(() => void 0);
    }
  }
  throw new StoreError(
    "data_dir_in_use",
    `could not take the lock ${path}; another process keeps creating it`
  );
}

// src/audit/audit-record.ts
import { createHash } from "node:crypto";
var AUDIT_KINDS = [
  "decision",
  "token_minted",
  "token_revoked",
  "approval",
  "block",
  "override",
  "config_change",
  "webhook",
  "run_events",
  // Automated containment and the identity kill switch (app/containment/, issue 19 item 2).
  "containment"
];
var GENESIS_HASH = "0".repeat(64);
function auditRecordHash(record) {
  const { seq, prev_hash, time, kind, actor, subject, data } = record;
  return createHash("sha256").update(canonicalJson({ seq, prev_hash, time, kind, actor, subject, data }), "utf8").digest("hex");
}

// src/store/migrations.ts
var migrations = [
  {
    version: 1,
    name: "token ledger, OIDC jti replay store, audit log, webhook deliveries",
    statements: [
      `CREATE TABLE minted_tokens (
        id uuid PRIMARY KEY,
        token_hash text NOT NULL UNIQUE,
        repository_id bigint NOT NULL,
        run_id text NOT NULL,
        identity text NOT NULL,
        permissions jsonb NOT NULL,
        repositories jsonb NOT NULL,
        claims jsonb NOT NULL DEFAULT '{}'::jsonb,
        minted_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        revoke_by timestamptz NOT NULL,
        revoked_at timestamptz,
        token_ciphertext bytea,
        key_id text,
        CONSTRAINT minted_tokens_erased_when_revoked CHECK (revoked_at IS NULL OR token_ciphertext IS NULL)
      )`,
      `CREATE INDEX minted_tokens_unrevoked ON minted_tokens (revoke_by) WHERE revoked_at IS NULL`,
      `CREATE TABLE oidc_jtis (jti text PRIMARY KEY, expires_at timestamptz NOT NULL)`,
      `CREATE INDEX oidc_jtis_expiry ON oidc_jtis (expires_at)`,
      `CREATE TABLE audit_log (
        seq bigint PRIMARY KEY CHECK (seq > 0),
        prev_hash text NOT NULL,
        hash text NOT NULL UNIQUE,
        time timestamptz NOT NULL,
        kind text NOT NULL CHECK (kind IN ('decision', 'token_minted', 'token_revoked', 'approval', 'block', 'override', 'config_change', 'webhook')),
        actor text NOT NULL,
        subject text NOT NULL,
        data jsonb NOT NULL
      )`,
      // The chain head: appends lock this one row, so replicas append one after another.
      `CREATE TABLE audit_head (id smallint PRIMARY KEY CHECK (id = 1), seq bigint NOT NULL, hash text NOT NULL)`,
      `INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '${GENESIS_HASH}')`,
      // Append-only in the database too; the hash chain still catches whoever disables this.
      `CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          RAISE EXCEPTION 'audit_log is append-only';
        END
      $$`,
      `CREATE TRIGGER audit_log_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`,
      `CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`,
      `CREATE TABLE webhook_deliveries (delivery_id text PRIMARY KEY, received_at timestamptz NOT NULL)`
    ]
  },
  {
    version: 2,
    name: "secret approvals (human approval of secret resolution)",
    statements: [
      // One row per POST /airlock/v1/approvals that needed a human (or was decided at once). The
      // poll token is kept only as its sha256; no secret value is ever stored here.
      `CREATE TABLE secret_approvals (
        id uuid PRIMARY KEY,
        poll_token_hash text NOT NULL UNIQUE,
        status text NOT NULL CHECK (status IN ('pending', 'approved', 'denied', 'expired', 'cancelled')),
        installation_id bigint NOT NULL,
        repository_id bigint NOT NULL,
        repository text NOT NULL,
        identity text NOT NULL,
        run jsonb NOT NULL,
        secrets jsonb NOT NULL,
        destination jsonb NOT NULL,
        check_run_id bigint,
        refused jsonb NOT NULL DEFAULT '[]'::jsonb,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        decided_at timestamptz,
        decided_by text,
        message text NOT NULL,
        CONSTRAINT secret_approvals_decided CHECK ((status = 'pending') = (decided_at IS NULL))
      )`,
      `CREATE INDEX secret_approvals_pending ON secret_approvals (expires_at) WHERE status = 'pending'`
    ]
  },
  {
    version: 3,
    name: "mint intents (written before each installation-token mint) and sweep leases",
    statements: [
      // One row per mint the broker is about to ask GitHub for, written before the request is
      // sent; its id becomes the token id. States and transitions: app/sts/token-ledger.ts.
      `CREATE TABLE mint_intents (
        id uuid PRIMARY KEY,
        jti text NOT NULL,
        run_id text NOT NULL,
        repository_id bigint NOT NULL,
        repository text NOT NULL,
        installation_id bigint NOT NULL,
        identity text NOT NULL,
        permissions jsonb NOT NULL,
        repositories jsonb NOT NULL,
        state text NOT NULL CHECK (state IN ('pending', 'minted', 'failed', 'uncertain', 'abandoned', 'lapsed')),
        created_at timestamptz NOT NULL,
        deadline timestamptz NOT NULL,
        settled_at timestamptz,
        reason text,
        CONSTRAINT mint_intents_settled CHECK ((state = 'pending') = (settled_at IS NULL))
      )`,
      `CREATE INDEX mint_intents_open ON mint_intents (created_at) WHERE state IN ('pending', 'uncertain')`,
      `CREATE INDEX mint_intents_jti ON mint_intents (jti)`,
      // A sweep claims a due token until this time, so overlapping sweeps (other replicas, or the
      // interval beside a manual run) skip it instead of revoking it again.
      `ALTER TABLE minted_tokens ADD COLUMN sweep_lease_until timestamptz`
    ]
  },
  {
    version: 4,
    name: "durable webhook queue, per-installation write pacing, batched incident issues",
    statements: [
      // One row per verified delivery (X-GitHub-Delivery) or coalescing internal job ('airlock.*',
      // ids with a ':'). A claim is a lease: a crashed worker's rows are taken over once it expires.
      // `body` is the signed request body, erased once the delivery is done; the row stays so a
      // redelivery of a completed delivery is recognised (see app/queue/webhook-queue.ts).
      `CREATE TABLE webhook_queue (
        delivery_id text PRIMARY KEY,
        event text NOT NULL,
        installation_id bigint,
        body bytea,
        state text NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        requeue boolean NOT NULL DEFAULT false,
        received_at timestamptz NOT NULL,
        run_after timestamptz NOT NULL,
        lease_owner text,
        lease_expires_at timestamptz,
        completed_at timestamptz,
        last_error text,
        CONSTRAINT webhook_queue_lease CHECK ((state = 'running') = (lease_owner IS NOT NULL AND lease_expires_at IS NOT NULL)),
        CONSTRAINT webhook_queue_body CHECK (state = 'done' OR body IS NOT NULL)
      )`,
      `CREATE INDEX webhook_queue_runnable ON webhook_queue (run_after) WHERE state = 'queued'`,
      `CREATE INDEX webhook_queue_leases ON webhook_queue (lease_expires_at) WHERE state = 'running'`,
      // GitHub asks for an integration's requests to be made serially: one running delivery per installation, across replicas.
      `CREATE UNIQUE INDEX webhook_queue_one_running_per_installation ON webhook_queue (installation_id) WHERE state = 'running'`,
      `CREATE INDEX webhook_queue_pending ON webhook_queue (received_at) WHERE state IN ('queued', 'running')`,
      `CREATE INDEX webhook_queue_done ON webhook_queue (completed_at) WHERE state IN ('done', 'failed')`,
      // The last write reserved per installation, and the content-creating requests of the last hour.
      `CREATE TABLE installation_pacing (installation_id bigint PRIMARY KEY, last_write_at timestamptz NOT NULL)`,
      `CREATE TABLE installation_creations (installation_id bigint NOT NULL, at timestamptz NOT NULL)`,
      `CREATE INDEX installation_creations_window ON installation_creations (installation_id, at)`,
      // Agent pushes to protected branches, each listed in exactly one incident issue per agent
      // and repository (a `part` holds a bounded number; the next part is a new issue).
      `CREATE TABLE agent_pushes (
        delivery_id text PRIMARY KEY,
        repository_id bigint NOT NULL,
        agent text NOT NULL,
        entry text NOT NULL,
        recorded_at timestamptz NOT NULL,
        part integer
      )`,
      `CREATE INDEX agent_pushes_by_part ON agent_pushes (repository_id, agent, part, recorded_at)`,
      `CREATE TABLE incident_issues (
        repository_id bigint NOT NULL,
        agent text NOT NULL,
        part integer NOT NULL,
        issue_number integer,
        synced integer NOT NULL DEFAULT 0,
        PRIMARY KEY (repository_id, agent, part)
      )`,
      // Single-flight work across replicas (the delivery reconciler): whoever holds the row's lease runs it.
      `CREATE TABLE queue_leases (name text PRIMARY KEY, owner text NOT NULL, expires_at timestamptz NOT NULL)`
    ]
  },
  {
    version: 5,
    name: "run telemetry (POST /airlock/v1/events): batches and their events per run",
    statements: [
      // One row per accepted batch (src/telemetry/run-event.ts): the key makes a retried `seq`
      // a duplicate, stored once; `digest` tells a retry (same batch) from a different batch
      // sent under a `seq` already used. The run's facts come from its verified OIDC token.
      `CREATE TABLE run_event_batches (
        repository_id bigint NOT NULL,
        repository text NOT NULL,
        run_id text NOT NULL,
        run_attempt integer NOT NULL CHECK (run_attempt > 0),
        seq integer NOT NULL CHECK (seq > 0),
        identity text NOT NULL,
        sha text NOT NULL,
        workflow_ref text NOT NULL,
        dropped integer NOT NULL CHECK (dropped >= 0),
        events integer NOT NULL CHECK (events >= 0),
        digest text NOT NULL,
        received_at timestamptz NOT NULL,
        PRIMARY KEY (repository_id, run_id, run_attempt, seq)
      )`,
      `CREATE INDEX run_event_batches_by_name ON run_event_batches (repository, run_id, run_attempt)`,
      // Metadata only (hosts, methods, path classes, counts, rule and credential ids), never a
      // credential: app/telemetry/parse-run-event-batch.ts refuses a batch carrying one.
      `CREATE TABLE run_events (
        repository_id bigint NOT NULL,
        repository text NOT NULL,
        run_id text NOT NULL,
        run_attempt integer NOT NULL,
        identity text NOT NULL,
        seq integer NOT NULL,
        idx integer NOT NULL CHECK (idx >= 0),
        kind text NOT NULL CHECK (kind IN ('egress', 'placeholder_misuse', 'dlp_block', 'gateway_call', 'resolution', 'approval', 'sandbox_exit', 'patch_scan')),
        at timestamptz NOT NULL,
        data jsonb NOT NULL,
        received_at timestamptz NOT NULL,
        PRIMARY KEY (repository_id, run_id, run_attempt, seq, idx),
        FOREIGN KEY (repository_id, run_id, run_attempt, seq) REFERENCES run_event_batches (repository_id, run_id, run_attempt, seq)
      )`,
      // One audit record per accepted batch (kind run_events, counts only).
      `ALTER TABLE audit_log DROP CONSTRAINT audit_log_kind_check`,
      `ALTER TABLE audit_log ADD CONSTRAINT audit_log_kind_check CHECK (kind IN ('decision', 'token_minted', 'token_revoked', 'approval', 'block', 'override', 'config_change', 'webhook', 'run_events'))`
    ]
  },
  {
    version: 6,
    name: "identity suspensions (containment) and containment audit records",
    statements: [
      // One row per suspension of an identity (a trust policy name) in a repository, by numeric id
      // (a renamed or re-created repository is another one). Open while resumed_at is null; at most
      // one open row per (repository, identity), so suspending twice changes nothing.
      `CREATE TABLE identity_suspensions (
        id uuid PRIMARY KEY,
        repository_id bigint NOT NULL,
        repository text NOT NULL,
        identity text NOT NULL,
        suspended_at timestamptz NOT NULL,
        reason text NOT NULL,
        suspended_by text NOT NULL,
        resumed_at timestamptz,
        resumed_by text,
        CONSTRAINT identity_suspensions_resumed CHECK ((resumed_at IS NULL) = (resumed_by IS NULL))
      )`,
      `CREATE UNIQUE INDEX identity_suspensions_open ON identity_suspensions (repository_id, identity) WHERE resumed_at IS NULL`,
      // Containment actions are audited as their own kind (src/audit/audit-record.ts AUDIT_KINDS).
      `ALTER TABLE audit_log DROP CONSTRAINT audit_log_kind_check`,
      `ALTER TABLE audit_log ADD CONSTRAINT audit_log_kind_check CHECK (kind IN ('decision', 'token_minted', 'token_revoked', 'approval', 'block', 'override', 'config_change', 'webhook', 'run_events', 'containment'))`
    ]
  },
  {
    version: 7,
    name: "gate check runs the App created (by repository, head commit and name) and the pull requests review events were about",
    statements: [
      // app/gate/gate-check-run.ts: a fresh head commit with no row has no check run of this App
      // (no lookup on GitHub); the row is written before the create, so a crash after GitHub's
      // 201 leaves a claim that makes the next attempt look the run up instead of creating another.
      `CREATE TABLE gate_check_runs (
        repository_id bigint NOT NULL,
        head_sha text NOT NULL,
        name text NOT NULL,
        delivery_id text NOT NULL,
        check_run_id bigint,
        claimed_at timestamptz NOT NULL,
        PRIMARY KEY (repository_id, head_sha, name)
      )`,
      // app/gate/gate-reviews.ts: the pull requests a review event reached the gate for, written
      // before the gate evaluates the event, so a later synchronize of one reads its reviews.
      `CREATE TABLE gate_review_marks (
        repository_id bigint NOT NULL,
        pull_number integer NOT NULL,
        seen_at timestamptz NOT NULL,
        PRIMARY KEY (repository_id, pull_number)
      )`
    ]
  }
];
var MIGRATION_LOCK_KEY = 1634300524;
async function migrate(db, list = migrations) {
  return db.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK_KEY]);
    await tx.query("SET LOCAL statement_timeout = 0");
    await tx.query(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())"
    );
    const { rows } = await tx.query("SELECT version FROM schema_migrations");
    const applied = new Set(rows.map((row) => row.version));
    const done = [];
    for (const migration of [...list].sort((a, b) => a.version - b.version)) {
      if (applied.has(migration.version)) continue;
      for (const statement of migration.statements) await tx.query(statement);
      await tx.query("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", [
        migration.version,
        migration.name
      ]);
      done.push(migration.version);
    }
    return done;
  });
}

// src/store/liftoff-only.ts
import { setFlagsFromString } from "node:v8";
function keepWasmOnLiftoff() {
  setFlagsFromString("--liftoff-only");
}

// src/store/pglite-initdb.ts
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { readdir, rename, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { join as join2 } from "node:path";
var CHILD_SCRIPT = [
  "const { PGlite } = require(process.argv[1]);",
  "PGlite.create({ dataDir: process.argv[2] })",
  "  .then((db) => db.close())",
  "  .then(() => process.exit(0), (error) => {",
  "    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\\n`);",
  "    process.exit(1);",
  "  });"
].join("\n");
function lastLine(stderr) {
  const line = stderr.split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("at ")).at(-1) ?? "";
  return line.length > 300 ? `${line.slice(0, 300)}...` : line;
}
async function runChild(execPath, staging) {
  const pglite = createRequire(import.meta.url).resolve("@electric-sql/pglite");
  const child = spawn(execPath, ["-e", CHILD_SCRIPT, pglite, staging], { stdio: ["ignore", "ignore", "pipe"], env: {} });
  let stderr = "";
  child.stderr.on("data", (chunk) => {
    stderr = (stderr + chunk.toString("utf8")).slice(-8192);
  });
  const outcome = await new Promise((resolve) => {
    child.on("error", resolve);
    child.on("close", (code, signal) => resolve({ code, signal }));
  });
  if (outcome instanceof Error) throw new Error(`the initdb process could not start (${outcome.code ?? outcome.message})`);
  if (outcome.code === 0) return;
  const how = outcome.signal ? `was killed by ${outcome.signal}` : `exited with code ${outcome.code}`;
  const detail = lastLine(stderr);
  throw new Error(`the initdb process ${how}${detail ? ` (${detail})` : ""}`);
}
async function initialisePgliteDir(options) {
  const { pgdata } = options;
  if (existsSync(join2(pgdata, "PG_VERSION"))) return;
  const entries = await readdir(pgdata).catch((error) => {
    if (error.code === "ENOENT") return [];
    throw error;
  });
  if (entries.length > 0)
    throw new Error(`${pgdata} holds files but no database (no PG_VERSION); move it away so a new database can be created there, or restore the one it held`);
  const staging = `${pgdata}.initdb`;
  await rm(staging, { recursive: true, force: true });
  try {
    await runChild(options.execPath ?? process.execPath, staging);
    if (!existsSync(join2(staging, "PG_VERSION"))) throw new Error("the initdb process exited without creating a database");
    await rename(staging, pgdata);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw new Error(`initialising ${pgdata} failed: ${error.message}`, { cause: error });
  }
}

// src/store/database.ts
var DEFAULT_POSTGRES_TIMEOUTS = {
  connectMs: 3e3,
  statementMs: 5e3,
  queryMs: 15e3
};
var pgliteDir = (dataDir) => join3(dataDir, "pgdata");
var INT8_OID = 20;
var BYTEA_OID = 17;
function parseInt8(text) {
  const value = Number(text);
  if (!Number.isSafeInteger(value))
    throw new StoreError("integer_out_of_range", `bigint ${text} does not fit a JavaScript number`);
  return value;
}
async function openPostgres(databaseUrl, timeouts) {
  const { default: pg } = await import("./esm-LCEEZMJL.js");
  const getTypeParser = ((oid, format) => oid === INT8_OID && format !== "binary" ? parseInt8 : pg.types.getTypeParser(oid, format ?? "text"));
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    types: { getTypeParser },
    connectionTimeoutMillis: timeouts.connectMs,
    statement_timeout: timeouts.statementMs,
    query_timeout: timeouts.queryMs,
    // A peer that vanished without a FIN (host down, network cut) is noticed, not waited on.
    keepAlive: true
  });
  pool.on("error", () => void 0);
  const on = (client) => ({
    async query(sql, params = []) {
      const result = await client.query(sql, [...params]);
      return { rows: result.rows };
    }
  });
  return {
    backend: "postgres",
    query: (sql, params) => on(pool).query(sql, params),
    async transaction(fn) {
      const client = await pool.connect();
      let lost;
      const onError = (error) => void (lost = error);
      client.on("error", onError);
      const release = (error) => {
        client.removeListener("error", onError);
        client.release(error ?? lost);
      };
      try {
        await client.query("BEGIN");
        const result = await fn(on(client));
        await client.query("COMMIT");
        release();
        return result;
      } catch (error) {
        await client.query("ROLLBACK").then(
          () => release(),
          (rollbackError) => release(rollbackError)
        );
        throw error;
      }
    },
    close: () => pool.end()
  };
}
async function openPglite(dataDir) {
  keepWasmOnLiftoff();
  const { PGlite } = await import("@electric-sql/pglite");
  let unlock;
  if (dataDir !== void 0) {
    await mkdir(dataDir, { recursive: true, mode: 448 });
    unlock = await lockDataDir(dataDir);
  }
  try {
    if (dataDir !== void 0) await initialisePgliteDir({ pgdata: pgliteDir(dataDir) });
    const options = {
      ...dataDir === void 0 ? {} : { dataDir: pgliteDir(dataDir) },
      // PostgreSQL's shared memory lives in PGlite's WebAssembly memory, which never shrinks, and
      // is all written at start (Emscripten zero-fills an anonymous mmap), so every byte of it is
      // resident from the first second. The buffer cache (128 MB by default): the App's tables are
      // small and their files stay in the OS page cache, so 4 MB does. The lock and process tables
      // are sized by max_connections (100 by default), but PGlite is one backend: 4 is the least
      // PostgreSQL accepts beside its 3 superuser-reserved connections. Together about 17 MB less
      // resident than 16 MB and 100 (PGlite alone: 160 -> 143 MB; issue 16 item 6).
      // Given as start parameters after PGlite's own (its `postgresqlconf` option would replace
      // the data directory's postgresql.conf).
      // https://www.postgresql.org/docs/current/runtime-config-resource.html#GUC-SHARED-BUFFERS
      // https://www.postgresql.org/docs/current/runtime-config-connection.html#GUC-MAX-CONNECTIONS
      startParams: [...PGlite.defaultStartParams, "-c", "shared_buffers=4MB", "-c", "max_connections=4"],
      parsers: {
        [INT8_OID]: parseInt8,
        [BYTEA_OID]: (text) => Buffer.from(text.slice(2), "hex")
      }
    };
    const db = await PGlite.create(options);
    return {
      backend: "pglite",
      async query(sql, params = []) {
        return { rows: (await db.query(sql, [...params])).rows };
      },
      // PGlite runs one transaction at a time and queues other queries behind it.
      transaction: (fn) => db.transaction(
        (tx) => fn({
          query: async (sql, params = []) => ({
            rows: (await tx.query(sql, [...params])).rows
          })
        })
      ),
      async close() {
        try {
          await db.close();
        } finally {
          await unlock?.();
        }
      }
    };
  } catch (error) {
    await unlock?.();
    throw error;
  }
}
async function openDatabase(options = {}) {
  const db = options.databaseUrl ? await openPostgres(options.databaseUrl, { ...DEFAULT_POSTGRES_TIMEOUTS, ...options.timeouts }) : await openPglite(options.dataDir);
  if (options.migrate !== false) {
    try {
      await migrate(db);
    } catch (error) {
      await db.close();
      throw error;
    }
  }
  return db;
}

export {
  StoreError,
  AUDIT_KINDS,
  GENESIS_HASH,
  auditRecordHash,
  pgliteDir,
  openDatabase
};
