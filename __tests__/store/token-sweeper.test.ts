import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { LedgerEntry } from '../../app/sts/token-ledger.js';
import { openDatabase, type Database } from '../../src/store/database.js';
import { pgTokenLedger, type PgTokenLedger } from '../../src/store/pg-token-ledger.js';
import { sweepExpiredTokens } from '../../src/store/token-sweeper.js';
import { testBackends } from '../support/test-databases.js';

const T0 = Date.parse('2026-03-01T12:00:00.000Z');
const MINUTE = 60_000;
const token = (): string => `ghs_${randomBytes(18).toString('hex').slice(0, 36)}`;
const base = {
  repositoryId: 1,
  runId: '9',
  identity: 'agent',
  permissions: { contents: 'read' },
  repositories: ['o/r'],
  expiresAt: T0 + 60 * MINUTE,
};

describe.each(testBackends)('sweepExpiredTokens on $name', (backend) => {
  let db: Database;
  let now = T0;
  let ledger: PgTokenLedger;
  beforeAll(async () => {
    db = await openDatabase(await backend.target());
    ledger = pgTokenLedger(db, { encryptionKey: randomBytes(32), clock: () => now });
  });
  afterAll(async () => db?.close());

  it('revokes exactly the tokens past revoke_by, and only once', async () => {
    now = T0;
    const tokens = {
      five: token(),
      ten: token(),
      twenty: token(),
      revoked: token(),
      expired: token(),
    };
    const five = await ledger.record({ ...base, revokeBy: T0 + 5 * MINUTE }, tokens.five);
    const ten = await ledger.record({ ...base, revokeBy: T0 + 10 * MINUTE }, tokens.ten);
    const twenty = await ledger.record({ ...base, revokeBy: T0 + 20 * MINUTE }, tokens.twenty);
    const revoked = await ledger.record({ ...base, revokeBy: T0 + 5 * MINUTE }, tokens.revoked);
    await ledger.markRevoked(revoked.id, T0 + MINUTE);
    const expired = await ledger.record(
      { ...base, revokeBy: T0 + 5 * MINUTE, expiresAt: T0 + 8 * MINUTE },
      tokens.expired,
    );

    const seen: string[] = [];
    now = T0 + 12 * MINUTE;
    const report = await sweepExpiredTokens({
      ledger,
      clock: () => now,
      revoke: async (t) => (seen.push(t), true),
    });
    expect(seen.sort()).toEqual([tokens.five, tokens.ten].sort());
    expect(report.revoked.sort()).toEqual([five.id, ten.id].sort());
    expect(report.failed).toEqual([]);
    expect(report.purged?.ciphertextsErased).toBe(1);
    expect((await ledger.findById(five.id))?.revokedAt).toBe(now);
    expect((await ledger.findById(twenty.id))?.revokedAt).toBeUndefined();
    expect(await ledger.reveal(twenty.id)).toBe(tokens.twenty);
    expect(await ledger.reveal(expired.id)).toBeUndefined();

    const again = await sweepExpiredTokens({
      ledger,
      clock: () => now,
      revoke: async (t) => (seen.push(t), true),
    });
    expect(again.revoked).toEqual([]);
    expect(seen).toHaveLength(2);

    now = T0 + 21 * MINUTE;
    const later = await sweepExpiredTokens({ ledger, clock: () => now, revoke: async () => true });
    expect(later.revoked).toEqual([twenty.id]);
  });

  it('keeps a token whose revocation failed for the next sweep, without leaking it in the reason', async () => {
    now = T0;
    const secret = token();
    const failing = await ledger.record({ ...base, revokeBy: T0 + MINUTE }, secret);
    now = T0 + 2 * MINUTE;
    const report = await sweepExpiredTokens({
      ledger,
      clock: () => now,
      revoke: async (t) => {
        if (t === secret) throw new Error(`GitHub said 502 for ${t}`);
        return true;
      },
    });
    expect(report.failed).toEqual([{ id: failing.id, reason: 'GitHub said 502 for [token]' }]);
    expect((await ledger.live(now)).map((e) => e.id)).toContain(failing.id);

    const unconfirmed = await sweepExpiredTokens({
      ledger,
      clock: () => now,
      revoke: async () => false,
    });
    expect(unconfirmed.failed.map((f) => f.id)).toEqual([failing.id]);

    const retried = await sweepExpiredTokens({
      ledger,
      clock: () => now,
      revoke: async () => true,
    });
    expect(retried.revoked).toEqual([failing.id]);
  });

  it('reports a token another replica revoked meanwhile as already revoked', async () => {
    now = T0;
    const raced = await ledger.record({ ...base, revokeBy: T0 + MINUTE }, token());
    now = T0 + 2 * MINUTE;
    const report = await sweepExpiredTokens({
      ledger,
      clock: () => now,
      revoke: async (_t, entry: LedgerEntry) => {
        await ledger.markRevoked(entry.id, now);
        return false;
      },
    });
    expect(report.alreadyRevoked).toEqual([raced.id]);
    expect(report.failed).toEqual([]);
  });
});

