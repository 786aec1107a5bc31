import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { appendAudit } from '../../src/audit/append-audit.js';
import {
  auditRecordHash,
  GENESIS_HASH,
  type AuditInput,
  type AuditRecord,
} from '../../src/audit/audit-record.js';
import { markDeliveryDone } from '../../src/audit/delivery-done.js';
import { readAuditLog } from '../../src/audit/read-audit-log.js';
import { verifyAuditChain } from '../../src/audit/verify-audit-chain.js';
import { openDatabase, type Database, type OpenDatabaseOptions } from '../../src/store/database.js';
import { testBackends } from '../support/test-databases.js';

const T0 = Date.parse('2026-03-01T12:00:00.000Z');
const GHS = `ghs_${'A1b2C3d4E5'.repeat(3)}xYz789`;
const input = (overrides: Partial<AuditInput> = {}): AuditInput => ({
  kind: 'decision',
  actor: 'airlock',
  subject: 'octo/widgets#1',
  data: { verdict: 'deny' },
  ...overrides,
});

async function readAll(
  db: Database,
): Promise<{ records: AuditRecord[]; head: { seq: number; hash: string } }> {
  const records: AuditRecord[] = [];
  const head = await readAuditLog(db, (r) => void records.push(r), 5);
  return { records, head };
}

describe.each(testBackends)('appendAudit on $name', (backend) => {
  let db: Database;
  let target: OpenDatabaseOptions;
  beforeAll(async () => {
    target = await backend.target();
    db = await openDatabase(target);
  });
  afterAll(async () => db?.close());

  it('starts the chain at genesis and links each record to the one before', async () => {
    const first = await appendAudit(db, input({ data: { n: 1 } }), { clock: () => T0 });
    const second = await appendAudit(
      db,
      input({ kind: 'token_minted', data: { token_id: randomUUID() } }),
      { clock: () => T0 + 1 },
    );
    expect(first).toMatchObject({
      seq: 1,
      prev_hash: GENESIS_HASH,
      time: '2026-03-01T12:00:00.000Z',
    });
    expect(first.hash).toBe(auditRecordHash(first));
    expect(second).toMatchObject({ seq: 2, prev_hash: first.hash });
    const { records, head } = await readAll(db);
    expect(records.slice(0, 2)).toEqual([first, second]);
    expect(head).toEqual({ seq: 2, hash: second.hash });
  });

  it('keeps the chain gapless and unforked under concurrent appends from several replicas', async () => {
    // On PostgreSQL each replica is its own pool; PGlite is one connection by design.
    const replicas =
      backend.name === 'postgres'
        ? await Promise.all([openDatabase(target), openDatabase(target), openDatabase(target)])
        : [];
    try {
      const writers = [db, ...replicas];
      const before = (await readAll(db)).head.seq;
      const appended = await Promise.all(
        Array.from({ length: 48 }, (_, i) =>
          appendAudit(
            writers[i % writers.length]!,
            input({ subject: `octo/widgets#${i}`, data: { i } }),
          ),
        ),
      );
      expect(appended.map((r) => r.seq).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 48 }, (_, i) => before + i + 1),
      );
      const { records, head } = await readAll(db);
      expect(records.map((r) => r.seq)).toEqual(Array.from({ length: head.seq }, (_, i) => i + 1));
      expect(new Set(records.map((r) => r.prev_hash)).size).toBe(records.length);
      expect(verifyAuditChain(records, { head })).toMatchObject({ ok: true, count: head.seq });
    } finally {
      await Promise.all(replicas.map((r) => r.close()));
    }
  });

  it('refuses a GitHub token anywhere in the record, and writes nothing', async () => {
    const { head } = await readAll(db);
    const attempts: AuditInput[] = [
      input({ data: { token: GHS } }),
      input({ data: { nested: { list: ['fine', `Authorization: token ${GHS}`] } } }),
      input({ data: { [GHS]: 'as a key' } }),
      input({ actor: GHS }),
      input({ subject: `octo/widgets ${GHS}` }),
      input({ data: { pat: `github_pat_${'a'.repeat(22)}_${'B'.repeat(59)}` } }),
      input({ data: { oauth: GHS.replace('ghs_', 'gho_'), personal: 'x' } }),
    ];
    const wrapped = `prefix ${Buffer.from(`Authorization: token ${GHS}`).toString('base64')} suffix`;
    attempts.push(
      input({ data: { header: wrapped } }),
      input({ data: { b64url: `x${Buffer.from(`{"t":"${GHS}"}`).toString('base64url')}` } }),
      input({ data: { hex: Buffer.from(GHS).toString('hex').toUpperCase() } }),
    );
    for (const attempt of attempts) {
      await expect(appendAudit(db, attempt)).rejects.toMatchObject({
        name: 'AuditError',
        code: 'credential_in_record',
        message: expect.not.stringContaining(GHS),
      });
    }
    expect((await readAll(db)).head).toEqual(head);
    // Mentions of token kinds and hashes of tokens are fine.
    const benign = {
      kind: 'ghs_',
      sha256: 'a'.repeat(64),
      short: 'ghs_abc',
      blob: Buffer.from('x'.repeat(300)).toString('base64'),
      sha512: 'f'.repeat(128),
    };
    await expect(appendAudit(db, input({ data: benign }))).resolves.toMatchObject({
      seq: head.seq + 1,
    });
  });

  it('refuses malformed input with a typed error', async () => {
    for (const bad of [
      input({ kind: 'deploy' as AuditInput['kind'] }),
      input({ actor: '' }),
      input({ subject: 'x'.repeat(2000) }),
      input({ data: [] as unknown as Record<string, unknown> }),
      input({ data: { nul: 'a\u0000b' } }),
      input({ data: { when: new Date() } }),
      input({ data: { big: 'x'.repeat(300 * 1024) } }),
    ]) {
      await expect(appendAudit(db, bad)).rejects.toMatchObject({ code: 'record_invalid' });
    }
  });

  it('is append-only in the database: UPDATE, DELETE and TRUNCATE fail', async () => {
    await appendAudit(db, input());
    await expect(db.query("UPDATE audit_log SET actor = 'mallory' WHERE seq = 1")).rejects.toThrow(
      /append-only/,
    );
    await expect(db.query('DELETE FROM audit_log WHERE seq = 1')).rejects.toThrow(/append-only/);
    await expect(db.query('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
  });

  it('records a webhook delivery as done once, across connections and under concurrency', async () => {
    const id = randomUUID();
    expect(await markDeliveryDone(db, id)).toBe(true);
    expect(await markDeliveryDone(db, id)).toBe(false);
    const replica = backend.name === 'postgres' ? await openDatabase(target) : db;
    try {
      expect(await markDeliveryDone(replica, id)).toBe(false);
      const raced = randomUUID();
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) => markDeliveryDone(i % 2 ? replica : db, raced)),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
    } finally {
      if (replica !== db) await replica.close();
    }
    for (const bad of ['', 'x'.repeat(129), 'id with spaces', "1'; DROP TABLE x"]) {
      await expect(markDeliveryDone(db, bad)).rejects.toMatchObject({ code: 'delivery_id_invalid' });
    }
  });
});
