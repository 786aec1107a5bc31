import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { pino } from 'pino';
import { createProbot } from 'probot';
import { deliveryReconciler, type AppHookClient } from '../../app/queue/delivery-reconciler.js';
import { queueWorker } from '../../app/queue/queue-worker.js';
import { DEFAULT_RETRY } from '../../app/queue/retry-policy.js';
import { webhookIntake } from '../../app/queue/webhook-intake.js';
import { webhookQueue, type WebhookQueue } from '../../app/queue/webhook-queue.js';
import { openDatabase, type Database } from '../../src/store/database.js';
import { startWorld, type World } from '../../src/world/start-world.js';

// Issue 14: what brings a delivery back after the App's own trouble. A worker whose heartbeats
// are late (its event loop stalled on the embedded database) must not take over, and run again,
// a delivery it is still running; a delivery dead-lettered is asked of GitHub again; and the
// reconciler asks GitHub once per missing delivery however often it is started.

const log = pino({ level: 'silent' });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await sleep(50);
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('a worker and its own late heartbeats', () => {
  let db: Database;
  let now = Date.parse('2026-05-01T12:00:00.000Z');
  let queue: WebhookQueue;
  beforeAll(async () => {
    db = await openDatabase();
    queue = webhookQueue(db, { clock: () => now });
  });
  afterAll(() => db.close());

  it('never takes over a delivery it is still running when its lease runs out; another replica does', async () => {
    await queue.enqueueDelivery({ id: 'stalled-1', event: 'push', installationId: 1, body: Buffer.from('{}') });
    const runs: number[] = [];
    let finish!: () => void;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    // A lease far longer than the test: the heartbeat timer never fires, as if the loop had stalled.
    const leaseMs = 600_000;
    const worker = queueWorker({
      queue,
      owner: 'replica-a',
      concurrency: 4,
      leaseMs,
      pollMs: 10,
      retry: DEFAULT_RETRY,
      clock: () => now,
      log,
      run: async (delivery) => {
        runs.push(delivery.attempts);
        await finished;
      },
    });
    worker.start();
    await until('the first run', async () => (runs.length ? true : undefined));
    now += leaseMs + 1_000;
    for (let i = 0; i < 5; i++) {
      worker.wake();
      await sleep(30);
    }
    expect(runs).toEqual([1]);
    // The lease did run out: a worker of another process takes the delivery over.
    expect(await queue.claim('replica-b', leaseMs)).toMatchObject({ id: 'stalled-1', attempts: 2 });
    finish();
    expect(await worker.drain(5_000)).toEqual({ finished: 1, handedBack: 0 });
    expect(await queue.complete('stalled-1', 'replica-b')).toBe(true);
    expect(runs).toEqual([1]);
  });
});

describe('the delivery reconciler against GitHub', () => {
  let world: World;
  let db: Database;
  let queue: WebhookQueue;
  let server: Server;
  let intakeUrl: string;
  let octokit: AppHookClient;

  beforeAll(async () => {
    db = await openDatabase();
    queue = webhookQueue(db, { clock: Date.now });
    world = await startWorld();
    const intake = webhookIntake({ secret: world.state.app.webhookSecret, queue, onStored: () => undefined, log });
    server = createServer((req, res) => void intake(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    intakeUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/github/webhooks`;
    const { state } = world;
    const probot = createProbot({ overrides: { appId: state.app.id, privateKey: state.app.privateKeyPem, secret: state.app.webhookSecret, baseUrl: world.githubApiUrl, log } });
    octokit = (await probot.auth()) as unknown as AppHookClient;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await world?.close();
    await db?.close();
  });

  const reconciler = () => deliveryReconciler({ db, queue, octokit: async () => octokit, owner: 'replica-a', clock: Date.now, log, graceMs: 0 });
  const redeliveries = (guid: string) => world.state.hookDeliveries.filter((d) => d.guid === guid && d.redelivery).length;
  const row = async (guid: string) => (await db.query<{ state: string; attempts: number }>('SELECT state, attempts FROM webhook_queue WHERE delivery_id = $1', [guid])).rows[0];

  it('asks GitHub again for a delivery whose attempts ran out, and the redelivery queues it anew', async () => {
    world.webhookUrl = intakeUrl;
    const sent = await world.deliver('ping', { zen: 'dead-lettered', installation: { id: 1 } });
    expect(sent.status).toBe(202);
    // Every attempt failed (GitHub or the database down for longer than the retries).
    expect(await queue.claim('replica-a', 30_000)).toMatchObject({ id: sent.id });
    expect(await queue.fail(sent.id, 'replica-a', 'GitHub answered 502')).toBe(true);

    const report = await reconciler().run();
    expect(report).toMatchObject({ ran: true, missing: 1, redelivered: 1 });
    expect(await until('the redelivery to be queued', async () => ((await row(sent.id))?.state === 'queued' ? row(sent.id) : undefined))).toEqual({ state: 'queued', attempts: 0 });
    expect(redeliveries(sent.id)).toBe(1);
    expect(await reconciler().run()).toMatchObject({ ran: true, missing: 0, redelivered: 0 });
  });

  it('runs one reconciliation at a time, so runs started together ask GitHub once for a missing delivery', async () => {
    // Sent while the App was down: nothing answered, nothing stored.
    world.webhookUrl = 'http://127.0.0.1:9/api/github/webhooks';
    const sent = await world.deliver('ping', { zen: 'sent while down', installation: { id: 1 } });
    expect(sent.status).toBe(0);
    world.webhookUrl = intakeUrl;
    const r = reconciler();
    const reports = await Promise.all([r.run(), r.run(), r.run()]);
    expect(reports.reduce((n, report) => n + report.redelivered, 0)).toBe(1);
    await until('the redelivery to be stored', async () => row(sent.id));
    expect(redeliveries(sent.id)).toBe(1);
  });
});
