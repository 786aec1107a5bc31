import { describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { benchPostgres } from '../../src/bench/bench-postgres.js';

// `npm run bench` measures the PostgreSQL targets on a throwaway server when the environment names none.
describe('the benchmarks\' PostgreSQL', () => {
  it('a named server is used as it is and never stopped', async () => {
    const given = await benchPostgres(process.cwd(), { AIRLOCK_BENCH_DATABASE_URL: 'postgres://u@db.example/x' });
    expect(given).toMatchObject({ url: 'postgres://u@db.example/x' });
  });

  it('without one: a throwaway server that answers, and is gone once stopped', async () => {
    const started = await benchPostgres(process.cwd(), {});
    if (!('url' in started)) throw new Error(`no throwaway PostgreSQL: ${started.unavailable}`);
    const query = async () => {
      const client = new pg.Client({ connectionString: started.url, connectionTimeoutMillis: 3000 });
      await client.connect();
      try {
        return (await client.query<{ one: number }>('SELECT 1 AS one')).rows[0]!.one;
      } finally {
        await client.end();
      }
    };
    try {
      expect(await query()).toBe(1);
    } finally {
      await started.stop();
    }
    await expect(query()).rejects.toThrow();
  }, 90_000);

  it('no script: unavailable, saying why', async () => {
    expect(await benchPostgres('/nonexistent', {})).toEqual({ unavailable: expect.stringContaining('test-postgres.sh') });
  });
});
