import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openAppStore, type AppStore } from '../../app/app-store.js';
import { DONE_MARKED, runOncePerDelivery } from '../../app/once-per-delivery.js';
import { markDeliveryDone } from '../../src/audit/delivery-done.js';
import { readAuditLog } from '../../src/audit/read-audit-log.js';
import { claimGateCheck, findGateCheckRecord, gateCheckIdChange, type GateCheckKey } from '../../src/store/gate-check-runs.js';
import { testBackends } from '../support/test-databases.js';

describe.each(testBackends)('one run per webhook delivery on $name', (backend) => {
  let store: AppStore;
  beforeAll(async () => {
    store = await openAppStore({ database: await backend.target(), encryptionKey: randomBytes(32), clock: Date.now });
  });
  afterAll(() => store.close());

  const context = (id: string) => ({ id, log: { info: () => undefined } }) as unknown as Parameters<typeof runOncePerDelivery>[1];

  it('runs a delivery once and ignores its redelivery', async () => {
    const id = randomUUID();
    let runs = 0;
    await runOncePerDelivery(store, context(id), async () => void runs++);
    await runOncePerDelivery(store, context(id), async () => void runs++);
    expect(runs).toBe(1);
  });

  it('runs a delivery again when its handler failed, so the retry is handled, not lost', async () => {
    const id = randomUUID();
    await expect(runOncePerDelivery(store, context(id), async () => Promise.reject(new Error('GitHub is down')))).rejects.toThrow('GitHub is down');
    let runs = 0;
    await runOncePerDelivery(store, context(id), async () => void runs++);
    await runOncePerDelivery(store, context(id), async () => void runs++);
    expect(runs).toBe(1);
  });

  it('leaves the mark to a handler that wrote it itself (DONE_MARKED), and marks otherwise', async () => {
    const id = randomUUID();
    let runs = 0;
    // A handler that says it marked, but did not: the delivery runs again (the mark is the handler's word only).
    await runOncePerDelivery(store, context(id), async () => (runs++, DONE_MARKED));
    await runOncePerDelivery(store, context(id), async () => {
      runs++;
      await markDeliveryDone(store.db, id);
      return DONE_MARKED;
    });
    await runOncePerDelivery(store, context(id), async () => void runs++);
    expect(runs).toBe(2);
  });

  it('a handler that audits its decision with the done mark (auditOnce, DONE_MARKED) is recorded once, however often its delivery runs', async () => {
    const id = randomUUID();
    const decision = { kind: 'decision' as const, actor: 'app:airlock', subject: 'acme/widgets#1', data: { policy: 'airlock.pr', conclusion: 'success', delivery: id } };
    const recorded = async () => {
      let n = 0;
      await readAuditLog(store.db, (r) => void (r.data.delivery === id && n++));
      return n;
    };
    const claim: GateCheckKey = { repositoryId: 9001, headSha: id.replace(/-/g, '').padEnd(40, '0'), name: 'Airlock' };
    await claimGateCheck(store.db, claim, id, Date.now());
    // Fails after its check run was written but in its last write (an id PostgreSQL refuses): no mark, no record.
    const failing = async (): Promise<typeof DONE_MARKED> => {
      await store.auditOnce(id, decision, gateCheckIdChange(claim, 0.5));
      return DONE_MARKED;
    };
    await expect(runOncePerDelivery(store, context(id), failing)).rejects.toThrow();
    expect(await store.deliveryDone(id)).toBe(false);
    expect(await recorded()).toBe(0);
    // The retry records the decision, the mark and the id together; later runs are skipped.
    let runs = 0;
    const handler = async (): Promise<typeof DONE_MARKED> => {
      runs++;
      await store.auditOnce(id, decision, gateCheckIdChange(claim, 31));
      return DONE_MARKED;
    };
    await runOncePerDelivery(store, context(id), handler);
    await runOncePerDelivery(store, context(id), handler);
    expect(runs).toBe(1);
    expect(await store.deliveryDone(id)).toBe(true);
    expect(await recorded()).toBe(1);
    expect(await findGateCheckRecord(store.db, claim)).toEqual({ deliveryId: id, checkRunId: 31 });
  });

  it('runs a delivery again when its handler never finished (the process died before the mark)', async () => {
    const id = randomUUID();
    // A handler that was started but never completed leaves no mark at all.
    let started = 0;
    const never = runOncePerDelivery(store, context(id), () => new Promise<void>(() => void started++));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(started).toBe(1);
    let runs = 0;
    await runOncePerDelivery(store, context(id), async () => void runs++);
    expect(runs).toBe(1);
    void never;
  });
});
