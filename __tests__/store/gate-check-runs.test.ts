import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AuditRecord } from '../../src/audit/audit-record.js';
import { appendAuditOnce, isDeliveryDone, markDeliveryDone } from '../../src/audit/delivery-done.js';
import { readAuditLog } from '../../src/audit/read-audit-log.js';
import { verifyAuditChain } from '../../src/audit/verify-audit-chain.js';
import { openDatabase, type Database } from '../../src/store/database.js';
import { claimGateCheck, findFreshHeadRecords, findGateCheckRecord, gateCheckIdChange, type GateCheckKey } from '../../src/store/gate-check-runs.js';
import { markReviewSeen } from '../../src/store/gate-review-marks.js';
import { testBackends } from '../support/test-databases.js';

// The gate's check-run records read and written the way the gate does per delivery: a fresh
// head's record and review mark in one read; its run's id, the delivery's done mark and the
// decision's audit record in one write, all or nothing.

let repo = 5000;
const headOf = (repositoryId: number, n: number): GateCheckKey => ({ repositoryId, headSha: String(n).padStart(40, 'a'), name: 'Airlock' });

describe.each(testBackends)('gate check-run records on $name', (backend) => {
  let db: Database;
  beforeAll(async () => {
    db = await openDatabase(await backend.target());
  });
  afterAll(() => db.close());

  it('reads a fresh head as unrecorded and unreviewed, then sees the review mark, the claim and the id', async () => {
    const repositoryId = repo++;
    const key = headOf(repositoryId, 1);
    expect(await findFreshHeadRecords(db, key, 7)).toEqual({ record: undefined, reviewSeen: false, claimed: false });
    // Another pull request's mark, or another repository's, is not this one's.
    await markReviewSeen(db, { repositoryId, pullNumber: 8, at: Date.now() });
    await markReviewSeen(db, { repositoryId: repositoryId + 1000, pullNumber: 7, at: Date.now() });
    expect(await findFreshHeadRecords(db, key, 7)).toEqual({ record: undefined, reviewSeen: false, claimed: false });
    await markReviewSeen(db, { repositoryId, pullNumber: 7, at: Date.now() });
    expect(await findFreshHeadRecords(db, key, 7)).toEqual({ record: undefined, reviewSeen: true, claimed: false });

    expect(await claimGateCheck(db, key, 'delivery-1', Date.now())).toBe(true);
    expect(await findFreshHeadRecords(db, key, 7)).toEqual({ record: { deliveryId: 'delivery-1', checkRunId: null }, reviewSeen: true, claimed: false });
    // Another head of the same pull request has no record.
    expect((await findFreshHeadRecords(db, headOf(repositoryId, 2), 7)).record).toBeUndefined();
  });

  it('claims a fresh head in the same read when asked, and reads the record from before the claim', async () => {
    const repositoryId = repo++;
    const key = headOf(repositoryId, 1);
    const first = randomUUID();
    expect(await findFreshHeadRecords(db, key, 7, { deliveryId: first, at: Date.now() })).toEqual({ record: undefined, reviewSeen: false, claimed: true });
    expect(await findGateCheckRecord(db, key)).toEqual({ deliveryId: first, checkRunId: null });
    // The claim holds: a later claim (a retry, another replica) loses it and sees the record.
    expect(await claimGateCheck(db, key, randomUUID(), Date.now())).toBe(false);
    expect(await findFreshHeadRecords(db, key, 7, { deliveryId: randomUUID(), at: Date.now() })).toEqual({ record: { deliveryId: first, checkRunId: null }, reviewSeen: false, claimed: false });
    expect(await findGateCheckRecord(db, key)).toEqual({ deliveryId: first, checkRunId: null });
    // Without `claim`, a read writes nothing.
    const other = headOf(repositoryId, 2);
    expect(await findFreshHeadRecords(db, other, 7)).toEqual({ record: undefined, reviewSeen: false, claimed: false });
    expect(await findGateCheckRecord(db, other)).toBeUndefined();
  });

  // Every statement the store sends, and its transactions (a new wrapper is a new chain to
  // append-audit.ts: it knows no head yet, so its first append takes the transaction).
  const counted = () => {
    const seen = { statements: 0, transactions: 0 };
    const wrapped: Database = { backend: db.backend, query: (sql, params) => (seen.statements++, db.query(sql, params)), transaction: (fn) => (seen.transactions++, db.transaction(fn)), close: async () => undefined };
    return { db: wrapped, seen };
  };
  const decision = (delivery: string) => ({ kind: 'decision' as const, actor: 'app:airlock', subject: 'acme/widgets#1', data: { policy: 'airlock.pr', conclusion: 'success', delivery } });
  const recordsOf = async (delivery: string) => {
    const records: AuditRecord[] = [];
    const head = await readAuditLog(db, (r) => void records.push(r));
    expect(verifyAuditChain(records, { head })).toMatchObject({ ok: true });
    return records.filter((r) => r.data.delivery === delivery);
  };

  it("writes the decision's record, the delivery's done mark and the run's id in one statement", async () => {
    const store = counted();
    // The first append of a chain reads its head under lock (a transaction), and learns it.
    await appendAuditOnce(store.db, randomUUID(), decision('warm-up'));
    const key = headOf(repo++, 1);
    const delivery = randomUUID();
    await claimGateCheck(db, key, delivery, Date.now());
    store.seen.statements = 0;
    store.seen.transactions = 0;
    expect(await appendAuditOnce(store.db, delivery, decision(delivery), { also: gateCheckIdChange(key, 4242) })).toBe(true);
    expect(store.seen).toEqual({ statements: 1, transactions: 0 });
    expect(await isDeliveryDone(db, delivery)).toBe(true);
    expect(await findGateCheckRecord(db, key)).toEqual({ deliveryId: delivery, checkRunId: 4242 });
    expect(await recordsOf(delivery)).toHaveLength(1);

    // Done already (a run of the same delivery finished first): no second record, and the id is written all the same.
    expect(await appendAuditOnce(store.db, delivery, decision(delivery), { also: gateCheckIdChange(key, 4343) })).toBe(false);
    expect(await recordsOf(delivery)).toHaveLength(1);
    expect(await findGateCheckRecord(db, key)).toEqual({ deliveryId: delivery, checkRunId: 4343 });
  });

  it.each([
    ['in one statement', true],
    ['in the slow way (a chain head this process does not know)', false],
  ])('writes neither the done mark nor the record when the joined write fails, %s; the retry writes each once', async (_, warm) => {
    const store = counted();
    if (warm) await appendAuditOnce(store.db, randomUUID(), decision('warm-up'));
    const key = headOf(repo++, 1);
    const delivery = randomUUID();
    await claimGateCheck(db, key, delivery, Date.now());
    // An id PostgreSQL refuses as a bigint fails the write after the record and the mark were built.
    await expect(appendAuditOnce(store.db, delivery, decision(delivery), { also: gateCheckIdChange(key, 1.5) })).rejects.toThrow();
    expect(await isDeliveryDone(db, delivery)).toBe(false);
    expect(await recordsOf(delivery)).toHaveLength(0);
    // The claim keeps no id: the retried delivery looks its run up on GitHub (app/gate/gate-check-run.ts).
    expect(await findGateCheckRecord(db, key)).toEqual({ deliveryId: delivery, checkRunId: null });

    expect(await appendAuditOnce(store.db, delivery, decision(delivery), { also: gateCheckIdChange(key, 77) })).toBe(true);
    expect(await appendAuditOnce(store.db, delivery, decision(delivery), { also: gateCheckIdChange(key, 77) })).toBe(false);
    expect(await isDeliveryDone(db, delivery)).toBe(true);
    expect(await recordsOf(delivery)).toHaveLength(1);
    expect(await findGateCheckRecord(db, key)).toEqual({ deliveryId: delivery, checkRunId: 77 });
  });

  it('does not append for a delivery marked done without a record (the slow way decides), and appends for the next', async () => {
    const store = counted();
    await appendAuditOnce(store.db, randomUUID(), decision('warm-up'));
    const delivery = randomUUID();
    await markDeliveryDone(db, delivery);
    expect(await appendAuditOnce(store.db, delivery, decision(delivery))).toBe(false);
    expect(await recordsOf(delivery)).toHaveLength(0);
    // The chain head this process knows is still right: the next append is one statement again.
    const next = randomUUID();
    store.seen.statements = 0;
    expect(await appendAuditOnce(store.db, next, decision(next))).toBe(true);
    expect(store.seen.statements).toBe(1);
    expect(await recordsOf(next)).toHaveLength(1);
  });

  it('refuses a malformed delivery key and writes nothing', async () => {
    const key = headOf(repo++, 1);
    await claimGateCheck(db, key, 'delivery-2', Date.now());
    await expect(appendAuditOnce(db, 'not a delivery id', decision('not a delivery id'), { also: gateCheckIdChange(key, 1) })).rejects.toMatchObject({ code: 'delivery_id_invalid' });
    expect(await findGateCheckRecord(db, key)).toEqual({ deliveryId: 'delivery-2', checkRunId: null });
    expect(await recordsOf('not a delivery id')).toHaveLength(0);
  });
});
