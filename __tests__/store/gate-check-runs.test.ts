import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { isDeliveryDone, markDeliveryDoneWith } from '../../src/audit/delivery-done.js';
import { openDatabase, type Database } from '../../src/store/database.js';
import { claimGateCheck, findFreshHeadRecords, findGateCheckRecord, gateCheckIdChange, type GateCheckKey } from '../../src/store/gate-check-runs.js';
import { markReviewSeen } from '../../src/store/gate-review-marks.js';
import { testBackends } from '../support/test-databases.js';

// The gate's check-run records read and written the way the gate does per delivery: a fresh
// head's record and review mark in one read, its run's id and the delivery's done mark in one write.

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
    expect(await findFreshHeadRecords(db, key, 7)).toEqual({ record: undefined, reviewSeen: false });
    // Another pull request's mark, or another repository's, is not this one's.
    await markReviewSeen(db, { repositoryId, pullNumber: 8, at: Date.now() });
    await markReviewSeen(db, { repositoryId: repositoryId + 1000, pullNumber: 7, at: Date.now() });
    expect(await findFreshHeadRecords(db, key, 7)).toEqual({ record: undefined, reviewSeen: false });
    await markReviewSeen(db, { repositoryId, pullNumber: 7, at: Date.now() });
    expect(await findFreshHeadRecords(db, key, 7)).toEqual({ record: undefined, reviewSeen: true });

    expect(await claimGateCheck(db, key, 'delivery-1', Date.now())).toBe(true);
    expect(await findFreshHeadRecords(db, key, 7)).toEqual({ record: { deliveryId: 'delivery-1', checkRunId: null }, reviewSeen: true });
    // Another head of the same pull request has no record.
    expect((await findFreshHeadRecords(db, headOf(repositoryId, 2), 7)).record).toBeUndefined();
  });

  it("records the run's id and the delivery's done mark in one statement; a redelivery still records the id", async () => {
    const key = headOf(repo++, 1);
    const delivery = randomUUID();
    await claimGateCheck(db, key, delivery, Date.now());
    expect(await isDeliveryDone(db, delivery)).toBe(false);
    expect(await markDeliveryDoneWith(db, delivery, Date.now(), gateCheckIdChange(key, 4242))).toBe(true);
    expect(await isDeliveryDone(db, delivery)).toBe(true);
    expect(await findGateCheckRecord(db, key)).toEqual({ deliveryId: delivery, checkRunId: 4242 });

    // Done already (another replica finished first): false, and the id is written all the same.
    expect(await markDeliveryDoneWith(db, delivery, Date.now(), gateCheckIdChange(key, 4343))).toBe(false);
    expect(await findGateCheckRecord(db, key)).toEqual({ deliveryId: delivery, checkRunId: 4343 });
  });

  it('refuses a malformed delivery key and writes nothing', async () => {
    const key = headOf(repo++, 1);
    await claimGateCheck(db, key, 'delivery-2', Date.now());
    await expect(markDeliveryDoneWith(db, 'not a delivery id', Date.now(), gateCheckIdChange(key, 1))).rejects.toMatchObject({ code: 'delivery_id_invalid' });
    expect(await findGateCheckRecord(db, key)).toEqual({ deliveryId: 'delivery-2', checkRunId: null });
  });
});
