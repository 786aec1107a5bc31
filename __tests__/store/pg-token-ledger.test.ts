import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { TokenLedger } from '../../app/sts/token-ledger.js';
import { openDatabase, type Database, type OpenDatabaseOptions } from '../../src/store/database.js';
import {
  JTI_RETENTION_MS,
  pgTokenLedger,
  type PgTokenLedger,
} from '../../src/store/pg-token-ledger.js';
import { testBackends } from '../support/test-databases.js';

const T0 = Date.parse('2026-03-01T12:00:00.000Z');
const MINUTE = 60_000;
const fakeToken = (): string =>
  `ghs_${randomBytes(27).toString('base64url').replace(/[-_]/g, 'x').slice(0, 36)}`;
const entry = (
  overrides: Partial<Parameters<PgTokenLedger['record']>[0]> = {},
): Parameters<PgTokenLedger['record']>[0] => ({
  repositoryId: 4242,
  runId: '777',
  identity: 'agent',
  permissions: { contents: 'write', pull_requests: 'write' },
  repositories: ['octo/widgets'],
  expiresAt: T0 + 60 * MINUTE,
  revokeBy: T0 + 15 * MINUTE,
  ...overrides,
});

describe.each(testBackends)('pgTokenLedger on $name', (backend) => {
  let db: Database;
  let target: OpenDatabaseOptions;
  let now = T0;
  const key = randomBytes(32);
  let ledger: PgTokenLedger;
  beforeAll(async () => {
    target = await backend.target();
    db = await openDatabase(target);
    ledger = pgTokenLedger(db, { encryptionKey: key, clock: () => now });
  });
  afterAll(async () => db?.close());

  it('implements the TokenLedger the broker uses', () => {
    const asInterface: TokenLedger = ledger;
    expect(typeof asInterface.claimJti).toBe('function');
  });

  it('records, finds, reveals, and after revocation forgets the token', async () => {
    now = T0;
    const token = fakeToken();
    const recorded = await ledger.record(
      entry({ claims: { workflow: 'agent.yml', actor: 'octocat', ref: 'refs/heads/main' } }),
      token,
    );
    expect(recorded.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(recorded.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    const byToken = await ledger.findByToken(token);
    expect(byToken).toEqual(recorded);
    expect(byToken).toMatchObject({
      repositoryId: 4242,
      runId: '777',
      identity: 'agent',
      permissions: { contents: 'write', pull_requests: 'write' },
      repositories: ['octo/widgets'],
      expiresAt: T0 + 60 * MINUTE,
      revokeBy: T0 + 15 * MINUTE,
      claims: { workflow: 'agent.yml', actor: 'octocat', ref: 'refs/heads/main' },
    });
    expect(await ledger.findById(recorded.id)).toEqual(recorded);
    expect(await ledger.reveal(recorded.id)).toBe(token);

    await ledger.markRevoked(recorded.id, T0 + 2 * MINUTE);
    expect(await ledger.reveal(recorded.id)).toBeUndefined();
    expect((await ledger.findById(recorded.id))?.revokedAt).toBe(T0 + 2 * MINUTE);
    const { rows } = await db.query<{ token_ciphertext: Buffer | null }>(
      'SELECT token_ciphertext FROM minted_tokens WHERE id = $1',
      [recorded.id],
    );
    expect(rows).toEqual([{ token_ciphertext: null }]);
    // A second revocation keeps the first time.
    await ledger.markRevoked(recorded.id, T0 + 9 * MINUTE);
    expect((await ledger.findById(recorded.id))?.revokedAt).toBe(T0 + 2 * MINUTE);
  });

  it('never stores the clear token in any column', async () => {
    const token = fakeToken();
    const recorded = await ledger.record(entry(), token);
    const { rows } = await db.query<{ row: string }>(
      'SELECT t::text AS row FROM minted_tokens t WHERE id = $1',
      [recorded.id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.row).toContain(recorded.id);
    // Every row of every table, with bytea written as hex.
    const everything: string[] = [];
    for (const table of [
      'minted_tokens',
      'oidc_jtis',
      'audit_log',
      'audit_head',
      'webhook_deliveries',
    ]) {
      const dump = await db.query<{ row: string }>(`SELECT t::text AS row FROM ${table} t`);
      everything.push(...dump.rows.map((r) => r.row));
    }
    const text = everything.join('\n');
    for (const form of [
      token,
      token.slice(4),
      Buffer.from(token).toString('hex'),
      Buffer.from(token).toString('base64'),
    ])
      expect(text).not.toContain(form);
  });

  it('keeps only the known claims summary fields', async () => {
    const noisy = {
      workflow: 'w.yml',
      actor: 'a',
      extra: 'should not be stored',
      sha: 'x'.repeat(2000),
    } as Parameters<PgTokenLedger['record']>[0]['claims'];
    const recorded = await ledger.record(entry({ claims: noisy }), fakeToken());
    const found = await ledger.findById(recorded.id);
    expect(Object.keys(found!.claims).sort()).toEqual(['actor', 'sha', 'workflow']);
    expect(found!.claims.sha).toHaveLength(512);
  });

  it('refuses to decrypt a ciphertext moved to another row', async () => {
    const a = await ledger.record(entry(), fakeToken());
    const tokenB = fakeToken();
    const b = await ledger.record(entry(), tokenB);
    await db.query(
      'UPDATE minted_tokens SET token_ciphertext = (SELECT token_ciphertext FROM minted_tokens WHERE id = $1) WHERE id = $2',
      [a.id, b.id],
    );
    await expect(ledger.reveal(b.id)).rejects.toMatchObject({
      name: 'StoreError',
      code: 'token_decrypt_failed',
    });
    // The ciphertext is fine in its own row.
    expect(await ledger.reveal(a.id)).toMatch(/^ghs_/);
  });

  it('refuses a flipped ciphertext bit and a different key', async () => {
    const token = fakeToken();
    const recorded = await ledger.record(entry(), token);
    const other = pgTokenLedger(db, { encryptionKey: randomBytes(32), clock: () => now });
    await expect(other.reveal(recorded.id)).rejects.toMatchObject({ code: 'token_decrypt_failed' });
    await db.query(
      'UPDATE minted_tokens SET token_ciphertext = set_byte(token_ciphertext, 13, get_byte(token_ciphertext, 13) # 1) WHERE id = $1',
      [recorded.id],
    );
    await expect(ledger.reveal(recorded.id)).rejects.toMatchObject({
      code: 'token_decrypt_failed',
    });
  });

  it('erases the ciphertext of an expired token and lists only live ones', async () => {
    now = T0;
    const fresh = await ledger.record(entry({ expiresAt: T0 + 60 * MINUTE }), fakeToken());
    const soon = await ledger.record(entry({ expiresAt: T0 + 5 * MINUTE }), fakeToken());
    const revoked = await ledger.record(entry(), fakeToken());
    await ledger.markRevoked(revoked.id, T0);
    now = T0 + 10 * MINUTE;
    const live = (await ledger.live(now)).map((e) => e.id);
    expect(live).toContain(fresh.id);
    expect(live).not.toContain(soon.id);
    expect(live).not.toContain(revoked.id);
    expect(await ledger.reveal(soon.id)).toBeUndefined();
    const { rows } = await db.query<{ erased: boolean }>(
      'SELECT token_ciphertext IS NULL AS erased FROM minted_tokens WHERE id = $1',
      [soon.id],
    );
    expect(rows).toEqual([{ erased: true }]);
    expect(await ledger.reveal(fresh.id)).toMatch(/^ghs_/);
    now = T0;
  });

  it('purgeExpired erases expired ciphertexts in bulk', async () => {
    now = T0;
    const a = await ledger.record(entry({ expiresAt: T0 + MINUTE }), fakeToken());
    const report = await ledger.purgeExpired(T0 + 2 * MINUTE);
    expect(report.ciphertextsErased).toBeGreaterThanOrEqual(1);
    const { rows } = await db.query<{ erased: boolean }>(
      'SELECT token_ciphertext IS NULL AS erased FROM minted_tokens WHERE id = $1',
      [a.id],
    );
    expect(rows).toEqual([{ erased: true }]);
  });

  it('answers undefined for ids that are not UUIDs instead of failing in SQL', async () => {
    expect(await ledger.findById("1' OR '1'='1")).toBeUndefined();
    expect(await ledger.reveal('not-a-uuid')).toBeUndefined();
    expect(await ledger.findById('00000000-0000-4000-8000-000000000000')).toBeUndefined();
  });

  it('accepts a jti once, also from another connection and under concurrency', async () => {
    const jti = `jti-${randomBytes(8).toString('hex')}`;
    expect(await ledger.claimJti(jti, T0 + 5 * MINUTE)).toBe(true);
    expect(await ledger.claimJti(jti, T0 + 5 * MINUTE)).toBe(false);
    // A second App replica: its own pool on PostgreSQL; PGlite is one connection by design.
    const second = backend.name === 'postgres' ? await openDatabase(target) : undefined;
    const replicaDb = second ?? db;
    try {
      const replica = pgTokenLedger(replicaDb, { encryptionKey: key, clock: () => now });
      expect(await replica.claimJti(jti, T0 + 5 * MINUTE)).toBe(false);
      const raced = `jti-${randomBytes(8).toString('hex')}`;
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          (i % 2 ? replica : ledger).claimJti(raced, T0 + 5 * MINUTE),
        ),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
    } finally {
      await second?.close();
    }
  });

  it('purges a jti only well after its expiry, so a replay inside the leeway is still refused', async () => {
    const recent = `jti-${randomBytes(8).toString('hex')}`;
    const old = `jti-${randomBytes(8).toString('hex')}`;
    const at = T0 + 60 * MINUTE;
    await ledger.claimJti(recent, at - MINUTE);
    await ledger.claimJti(old, at - JTI_RETENTION_MS - MINUTE);
    const report = await ledger.purgeExpired(at);
    expect(report.jtisDeleted).toBeGreaterThanOrEqual(1);
    const { rows } = await db.query<{ jti: string }>(
      'SELECT jti FROM oidc_jtis WHERE jti = ANY(ARRAY[$1, $2]::text[])',
      [recent, old],
    );
    expect(rows.map((r) => r.jti)).toEqual([recent]);
    expect(await ledger.claimJti(recent, at - MINUTE)).toBe(false);
  });

  it('refuses an empty or oversized jti', async () => {
    await expect(ledger.claimJti('', T0)).rejects.toMatchObject({ code: 'jti_invalid' });
    await expect(ledger.claimJti('x'.repeat(257), T0)).rejects.toMatchObject({
      code: 'jti_invalid',
    });
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => pgTokenLedger(db, { encryptionKey: randomBytes(16), clock: () => now })).toThrow(
      expect.objectContaining({ code: 'encryption_key_invalid' }),
    );
  });
});
