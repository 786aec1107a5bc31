import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { PoolClient } from 'pg';
import { lockDataDir } from './data-dir-lock.js';
import { migrate } from './migrations.js';
import { keepWasmOnLiftoff } from './liftoff-only.js';
import { initialisePgliteDir } from './pglite-initdb.js';
import { StoreError } from './store-error.js';

/**
 * Parameters both backends serialize the same way. Pass times as ISO strings and JSON as a
 * `JSON.stringify` string with a `::jsonb` cast: `pg` would turn a JS array into a PostgreSQL
 * array literal, and the two drivers format `Date` differently.
 */
export type SqlParam = string | number | boolean | null | Buffer;

export interface Queryable {
  /** One statement. Rows come back alike on both backends: bigint as number, bytea as Buffer, timestamptz as Date, jsonb parsed. */
  query<T>(sql: string, params?: readonly SqlParam[]): Promise<{ rows: T[] }>;
}

export interface Database extends Queryable {
  readonly backend: 'postgres' | 'pglite';
  /** Runs `fn` inside BEGIN/COMMIT on one connection; rolls back if it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** PostgreSQL connection string (`DATABASE_URL`); when absent, embedded PGlite is used. */
  databaseUrl?: string;
  /** PGlite's home (`AIRLOCK_DATA_DIR`); when absent, PGlite lives in memory only. */
  dataDir?: string;
  /** Apply pending migrations on open (default true). */
  migrate?: boolean;
  /** PostgreSQL only: how long to wait for a connection and for one statement. */
  timeouts?: Partial<PostgresTimeouts>;
}

/**
 * Bounds on every PostgreSQL round trip, so a stalled or unreachable server costs a request its
 * deadline (the broker answers 503 at 10 s, app/sts/broker-deadline.ts), not a connection forever.
 * https://node-postgres.com/apis/pool and https://node-postgres.com/apis/client
 */
export interface PostgresTimeouts {
  /** Waiting for a connection, new or from the pool (`connectionTimeoutMillis`). */
  connectMs: number;
  /** Server side: PostgreSQL cancels a statement running longer (`statement_timeout`). */
  statementMs: number;
  /**
   * Client side: `pg` gives up on an answer after this (`query_timeout`), for a server that is
   * frozen or cut off and so cannot cancel anything itself. Longer than the broker's deadline, so
   * the deadline decides what a client is told; this only reclaims the connection.
   */
  queryMs: number;
}

export const DEFAULT_POSTGRES_TIMEOUTS: PostgresTimeouts = {
  connectMs: 3_000,
  statementMs: 5_000,
  queryMs: 15_000,
};

/** Where PGlite keeps its files inside the data directory (the key file and lock sit beside it). */
export const pgliteDir = (dataDir: string): string => join(dataDir, 'pgdata');

const INT8_OID = 20;
const BYTEA_OID = 17;

// bigint columns hold GitHub ids, sequence numbers and counts, all far below 2^53.
function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value))
    throw new StoreError('integer_out_of_range', `bigint ${text} does not fit a JavaScript number`);
  return value;
}

async function openPostgres(databaseUrl: string, timeouts: PostgresTimeouts): Promise<Database> {
  const { default: pg } = await import('pg');
  const getTypeParser = ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary'
      ? parseInt8
      : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser;
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    types: { getTypeParser },
    connectionTimeoutMillis: timeouts.connectMs,
    statement_timeout: timeouts.statementMs,
    query_timeout: timeouts.queryMs,
    // A peer that vanished without a FIN (host down, network cut) is noticed, not waited on.
    keepAlive: true,
  });
  // An idle client losing its server (restart, failover) must not crash the process; the next
  // query gets a fresh connection.
  pool.on('error', () => undefined);
  const on = (client: { query: PoolClient['query'] }): Queryable => ({
    async query<T>(sql: string, params: readonly SqlParam[] = []) {
      const result = await client.query(sql, [...params]);
      return { rows: result.rows as T[] };
    },
  });
  return {
    backend: 'postgres',
    query: (sql, params) => on(pool).query(sql, params),
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      // A checked-out client has no listener of the pool's: a server lost while the transaction
      // waits between statements (killed, restarted, failed over) would emit an unhandled 'error'
      // and end the process. The next statement fails on its own; the client is then destroyed.
      // https://node-postgres.com/apis/client#error
      let lost: Error | undefined;
      const onError = (error: Error) => void (lost = error);
      client.on('error', onError);
      const release = (error?: Error) => {
        client.removeListener('error', onError);
        client.release(error ?? lost);
      };
      try {
        await client.query('BEGIN');
        const result = await fn(on(client));
        await client.query('COMMIT');
        release();
        return result;
      } catch (error) {
        // A connection whose ROLLBACK fails is in an unknown state: destroy it, not reuse it.
        await client.query('ROLLBACK').then(
          () => release(),
          (rollbackError: Error) => release(rollbackError),
        );
        throw error;
      }
    },
    close: () => pool.end(),
  };
}

// PGlite runs in this process and has no timers inside (statement_timeout has no effect there);
// a request waiting on it is bounded by the broker's own deadline.
async function openPglite(dataDir: string | undefined): Promise<Database> {
  // Before PostgreSQL's wasm is compiled: optimizing it costs the App more memory and CPU than it saves (liftoff-only.ts).
  keepWasmOnLiftoff();
  const { PGlite } = await import('@electric-sql/pglite');
  let unlock: (() => Promise<void>) | undefined;
  if (dataDir !== undefined) {
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    unlock = await lockDataDir(dataDir);
  }
  try {
    // A new data directory is initialised by a child process, so PGlite here only ever opens an
    // existing database and this process never holds initdb's memory (issue 16 item 6).
    if (dataDir !== undefined) await initialisePgliteDir({ pgdata: pgliteDir(dataDir) });
    const options = {
      ...(dataDir === undefined ? {} : { dataDir: pgliteDir(dataDir) }),
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
      startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=4MB', '-c', 'max_connections=4'],
      parsers: {
        [INT8_OID]: parseInt8,
        [BYTEA_OID]: (text: string) => Buffer.from(text.slice(2), 'hex'),
      },
    };
    const db = await PGlite.create(options);
    return {
      backend: 'pglite',
      async query<T>(sql: string, params: readonly SqlParam[] = []) {
        return { rows: (await db.query<T>(sql, [...params])).rows };
      },
      // PGlite runs one transaction at a time and queues other queries behind it.
      transaction: (fn) =>
        db.transaction((tx) =>
          fn({
            query: async <T>(sql: string, params: readonly SqlParam[] = []) => ({
              rows: (await tx.query<T>(sql, [...params])).rows,
            }),
          }),
        ),
      async close() {
        try {
          await db.close();
        } finally {
          await unlock?.();
        }
      },
    };
  } catch (error) {
    await unlock?.();
    throw error;
  }
}

/** PostgreSQL through `pg` when `databaseUrl` is given, else embedded PGlite; migrated on open. */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  const db = options.databaseUrl
    ? await openPostgres(options.databaseUrl, { ...DEFAULT_POSTGRES_TIMEOUTS, ...options.timeouts })
    : await openPglite(options.dataDir);
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
