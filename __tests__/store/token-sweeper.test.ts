import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { LedgerEntry } from '../../app/sts/token-ledger.js';
import { openDatabase, type Database } from '../../src/store/database.js';
import { pgTokenLedger, type PgTokenLedger } from '../../src/store/pg-token-ledger.js';
import {
  PENDING_STALE_MS,
  sweepExpiredTokens,
  UNCERTAIN_LAPSE_MS,
} from '../../src/store/token-sweeper.js';
import type { AuditRecord } from '../../src/audit/audit-record.js';
import { readAuditLog } from '../../src/audit/read-audit-log.js';
import { verifyAuditChain } from '../../src/audit/verify-audit-chain.js';
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

  const auditLog = async () => {
    const records: AuditRecord[] = [];
    const head = await readAuditLog(db, (r) => void records.push(r));
    expect(verifyAuditChain(records, { head })).toMatchObject({ ok: true });
    return records;
  };

  it('overlapping sweeps revoke, and audit, each due token once', async () => {
    now = T0;
    const due = await Promise.all(
      Array.from({ length: 8 }, () => ledger.record({ ...base, revokeBy: T0 + MINUTE }, token())),
    );
    now = T0 + 2 * MINUTE;
    const atGithub = new Map<string, number>();
    // As the App's sweep does (app/sts/token-service.ts revokeEntry): revoke, then mark with the
    // audit record, which only the mark that changed the row appends.
    const revoke = async (_t: string, entry: LedgerEntry) => {
      atGithub.set(entry.id, (atGithub.get(entry.id) ?? 0) + 1);
      await ledger.markRevoked(entry.id, now, {
        audit: {
          kind: 'token_revoked',
          actor: 'airlock',
          subject: entry.id,
          data: { token_id: entry.id },
        },
      });
      return true;
    };
    const reports = await Promise.all(
      [1, 2, 3].map(() => sweepExpiredTokens({ ledger, clock: () => now, revoke })),
    );
    const ids = due.map((e) => e.id).sort();
    expect(
      reports
        .flatMap((r) => r.revoked)
        .filter((id) => ids.includes(id))
        .sort(),
    ).toEqual(ids);
    expect(ids.map((id) => atGithub.get(id))).toEqual(ids.map(() => 1));
    const revokedRecords = (await auditLog()).filter(
      (r) => r.kind === 'token_revoked' && ids.includes(String(r.data.token_id)),
    );
    expect(revokedRecords).toHaveLength(8);
  });

  it('stops at its deadline and leaves the rest to the next sweep', async () => {
    now = T0;
    const due = await Promise.all(
      Array.from({ length: 4 }, () => ledger.record({ ...base, revokeBy: T0 + MINUTE }, token())),
    );
    now = T0 + 2 * MINUTE;
    // Each revocation takes 10 s of the sweep's clock; the deadline allows two.
    const first = await sweepExpiredTokens({
      ledger,
      clock: () => now,
      deadlineMs: 15_000,
      revoke: async () => ((now += 10_000), true),
    });
    expect(first.revoked).toHaveLength(2);
    expect(first.deferred).toBe(2);
    const second = await sweepExpiredTokens({ ledger, clock: () => now, revoke: async () => true });
    expect([...first.revoked, ...second.revoked].sort()).toEqual(due.map((e) => e.id).sort());
  });

  it("makes a stale pending mint intent uncertain (audited, alerted), and lapses it after GitHub's hour, once each", async () => {
    now = T0;
    const intent = await ledger.beginMint(
      {
        jti: randomUUID(),
        runId: '9',
        repositoryId: 1,
        repository: 'acme/widgets',
        installationId: 7,
        identity: 'agent',
        permissions: { contents: 'read' },
        repositories: ['widgets'],
        deadline: T0 + 10_000,
      },
      T0,
    ).then((begun) => begun.intent!);
    const alerts: unknown[] = [];
    const alert = { error: (fields: unknown) => void alerts.push(fields) };
    const sweep = () =>
      sweepExpiredTokens({ ledger, clock: () => now, revoke: async () => true, alert });
    now = T0 + PENDING_STALE_MS - 1;
    expect((await sweep()).uncertain).toEqual([]);
    now = T0 + PENDING_STALE_MS + 1;
    const [a, b] = await Promise.all([sweep(), sweep()]);
    expect([...a!.uncertain, ...b!.uncertain]).toEqual([intent.id]);
    expect(alerts).toEqual([
      expect.objectContaining({ alert: 'mint_uncertain', intent_id: intent.id }),
    ]);
    expect((await ledger.findIntent(intent.id))?.state).toBe('uncertain');
    now = T0 + UNCERTAIN_LAPSE_MS + 1;
    expect((await sweep()).lapsed).toEqual([intent.id]);
    expect((await sweep()).lapsed).toEqual([]);
    const records = (await auditLog()).filter((r) => r.data.intent_id === intent.id);
    expect(records.map((r) => [r.kind, r.actor, r.data.decision])).toEqual([
      ['decision', 'airlock:sweep', 'mint_uncertain'],
      ['decision', 'airlock:sweep', 'mint_lapsed'],
    ]);
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
