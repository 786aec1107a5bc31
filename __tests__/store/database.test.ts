import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openDatabase, type Database } from '../../src/store/database.js';
import { migrate, migrations } from '../../src/store/migrations.js';
import { describePostgres, testBackends } from '../support/test-databases.js';

describe.each(testBackends)('database on $name', (backend) => {
  let db: Database;
  beforeAll(async () => {
    db = await openDatabase({ ...(await backend.target()), migrate: false });
  });
  afterAll(async () => db?.close());

  it('applies each migration exactly once when migrations run concurrently', async () => {
    const applied = await Promise.all([migrate(db), migrate(db), migrate(db)]);
    expect(applied.flat().sort()).toEqual(migrations.map((m) => m.version));
    const { rows } = await db.query<{ n: number }>(
      'SELECT count(*)::bigint AS n FROM schema_migrations',
    );
    expect(rows[0]?.n).toBe(migrations.length);
  });

  it('reports which backend it is', () => {
    expect(db.backend).toBe(backend.name);
  });

  it('returns the same JavaScript types on both backends', async () => {
    await db.query('CREATE TABLE kinds (n bigint, b bytea, t timestamptz, j jsonb, s text)');
    await db.query('INSERT INTO kinds VALUES ($1, $2, $3, $4::jsonb, $5)', [
      9007199254740991,
      Buffer.from([0, 1, 255]),
      '2026-01-02T03:04:05.678Z',
      JSON.stringify({ a: [1, 'x'] }),
      'é',
    ]);
    const { rows } = await db.query<{ n: unknown; b: unknown; t: unknown; j: unknown; s: unknown }>(
      'SELECT * FROM kinds',
    );
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row.n).toBe(9007199254740991);
    expect(Buffer.isBuffer(row.b)).toBe(true);
    expect([...(row.b as Buffer)]).toEqual([0, 1, 255]);
    expect((row.t as Date).toISOString()).toBe('2026-01-02T03:04:05.678Z');
    expect(row.j).toEqual({ a: [1, 'x'] });
    expect(row.s).toBe('é');
  });

  it('refuses a bigint beyond 2^53 instead of rounding it', async () => {
    await expect(db.query("SELECT '9007199254740993'::bigint AS n")).rejects.toMatchObject({
      code: 'integer_out_of_range',
    });
  });

  it('commits a transaction and rolls one back when it throws', async () => {
    await db.query('CREATE TABLE tx_probe (v text)');
    await db.transaction(async (tx) => {
      await tx.query("INSERT INTO tx_probe VALUES ('kept')");
    });
    await expect(
      db.transaction(async (tx) => {
        await tx.query("INSERT INTO tx_probe VALUES ('lost')");
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const { rows } = await db.query<{ v: string }>('SELECT v FROM tx_probe ORDER BY v');
    expect(rows.map((r) => r.v)).toEqual(['kept']);
  });

  it('records every migration once and applies nothing on a second run', async () => {
    const { rows } = await db.query<{ version: number }>(
      'SELECT version FROM schema_migrations ORDER BY version',
    );
    expect(rows.map((r) => r.version)).toEqual(migrations.map((m) => m.version));
    expect(await migrate(db)).toEqual([]);
    expect(await Promise.all([migrate(db), migrate(db)])).toEqual([[], []]);
  });
});

describePostgres('replicas starting together on $name', (backend) => {
  it('apply each migration once when several openDatabase calls race', async () => {
    const target = await backend.target();
    const dbs = await Promise.all(Array.from({ length: 4 }, () => openDatabase(target)));
    try {
      const { rows } = await dbs[0]!.query<{ version: number }>(
        'SELECT version FROM schema_migrations ORDER BY version',
      );
      expect(rows.map((r) => r.version)).toEqual(migrations.map((m) => m.version));
      const head = await dbs[3]!.query<{ seq: number }>('SELECT seq FROM audit_head');
      expect(head.rows).toEqual([{ seq: 0 }]);
    } finally {
      await Promise.all(dbs.map((db) => db.close()));
    }
  });
});

describe('PGlite in a data directory', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'airlock-store-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('persists across reopen, refuses a second opener while open, and ignores a stale lock', async () => {
    const first = await openDatabase({ dataDir: dir });
    try {
      await first.query('CREATE TABLE kept (v text)');
      await first.query("INSERT INTO kept VALUES ('still here')");
      await expect(openDatabase({ dataDir: dir })).rejects.toMatchObject({
        code: 'data_dir_in_use',
      });
    } finally {
      await first.close();
    }
    // A lock left by a process that died (no such pid) does not keep the data away.
    await writeFile(join(dir, 'airlock-pglite.lock'), '2147483646\n');
    const again = await openDatabase({ dataDir: dir });
    try {
      const { rows } = await again.query<{ v: string }>('SELECT v FROM kept');
      expect(rows).toEqual([{ v: 'still here' }]);
    } finally {
      await again.close();
    }
  });

  it('runs a new data directory with a 4 MB buffer cache and 4 connection slots (issue 16 item 6), migrated and writable', async () => {
    const fresh = await mkdtemp(join(tmpdir(), 'airlock-store-fresh-'));
    try {
      const db = await openDatabase({ dataDir: fresh });
      try {
        expect((await db.query<{ shared_buffers: string }>('SHOW shared_buffers')).rows).toEqual([{ shared_buffers: '4MB' }]);
        expect((await db.query<{ max_connections: string }>('SHOW max_connections')).rows).toEqual([{ max_connections: '4' }]);
        // Migrated and writable on the directory the initdb child created.
        expect((await db.query<{ n: number }>('SELECT count(*)::bigint AS n FROM schema_migrations')).rows[0]?.n).toBe(migrations.length);
        await db.query('CREATE TABLE after_initdb (v text)');
        await db.query("INSERT INTO after_initdb VALUES ('kept')");
      } finally {
        await db.close();
      }
      const reopened = await openDatabase({ dataDir: fresh });
      try {
        expect((await reopened.query<{ v: string }>('SELECT v FROM after_initdb')).rows).toEqual([{ v: 'kept' }]);
      } finally {
        await reopened.close();
      }
    } finally {
      await rm(fresh, { recursive: true, force: true });
    }
  });
});
