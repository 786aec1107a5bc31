import { randomBytes } from 'node:crypto';
import { describe } from '@jest/globals';
import pg from 'pg';
import type { OpenDatabaseOptions } from '../../src/store/database.js';

// Every store test runs on PGlite, and on PostgreSQL when AIRLOCK_TEST_DATABASE_URL is set
// (scripts/test-postgres.sh starts one). CI sets AIRLOCK_REQUIRE_POSTGRES=1 so that a missing
// server fails the PostgreSQL tests instead of skipping them.
const url = process.env.AIRLOCK_TEST_DATABASE_URL;
const required = process.env.AIRLOCK_REQUIRE_POSTGRES === '1';

export interface TestBackend {
  name: 'pglite' | 'postgres';
  /** Options that open a database no other test uses (in-memory PGlite; a fresh PostgreSQL schema). */
  target(): Promise<OpenDatabaseOptions>;
}

/** A schema of its own, so test files running in parallel on one server never meet. */
async function freshPostgres(): Promise<OpenDatabaseOptions> {
  if (!url)
    throw new Error(
      'AIRLOCK_REQUIRE_POSTGRES=1 but AIRLOCK_TEST_DATABASE_URL is not set; start a server with: eval "$(scripts/test-postgres.sh | tail -n 1)"',
    );
  const schema = `t_${randomBytes(8).toString('hex')}`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA ${schema}`);
  } finally {
    await client.end();
  }
  const scoped = new URL(url);
  scoped.searchParams.set('options', `-c search_path=${schema}`);
  return { databaseUrl: scoped.toString() };
}

const pglite: TestBackend = { name: 'pglite', target: async () => ({}) };
const postgres: TestBackend = { name: 'postgres', target: freshPostgres };

export const postgresBackends: TestBackend[] = url || required ? [postgres] : [];
export const testBackends: TestBackend[] = [pglite, ...postgresBackends];

/** Suites that need a real server (several connections): run on PostgreSQL, shown as skipped
 * when no server is configured and it is not required. */
export const describePostgres =
  postgresBackends.length > 0 ? describe.each(postgresBackends) : describe.skip.each([{ name: 'postgres' as const, target: freshPostgres }]);
