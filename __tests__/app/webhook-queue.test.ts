import { createHmac, randomUUID } from 'node:crypto';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { pino } from 'pino';
import { githubRetryAt } from '../../app/queue/github-retry-at.js';
import { planRedeliveries } from '../../app/queue/plan-redeliveries.js';
import { queueWorker } from '../../app/queue/queue-worker.js';
import { decideAfterFailure, DEFAULT_RETRY, retryDelay } from '../../app/queue/retry-policy.js';
import { webhookIntake } from '../../app/queue/webhook-intake.js';
import { webhookQueue, type WebhookQueue } from '../../app/queue/webhook-queue.js';
import { WriteDeferred } from '../../app/queue/write-deferred.js';
import { writePacer } from '../../app/queue/write-pacer.js';
import { GITHUB_PACING, nextWriteSlot } from '../../app/queue/write-slot.js';
import { classifyWrite } from '../../app/queue/pacing-octokit.js';
import { openDatabase, type Database, type OpenDatabaseOptions } from '../../src/store/database.js';
import { describePostgres, testBackends } from '../support/test-databases.js';

const log = pino({ level: 'silent' });
const body = (value: unknown) => Buffer.from(JSON.stringify(value));
const T0 = Date.parse('2026-05-01T12:00:00.000Z');

describe('pure queue decisions', () => {
  it('spaces an installation\'s writes a second apart and keeps creations under 80 a minute and 500 an hour', () => {
    const limits = GITHUB_PACING;
    expect(nextWriteSlot({ now: T0, creations: [], creating: false, limits })).toBe(T0);
    expect(nextWriteSlot({ now: T0, lastWriteAt: T0 - 200, creations: [], creating: false, limits })).toBe(T0 + 800);
    // 80 creations in the last minute: the 81st waits until the oldest of them is a minute old.
    const minute = Array.from({ length: 80 }, (_, i) => T0 - 59_000 + i * 100);
    expect(nextWriteSlot({ now: T0, lastWriteAt: minute[79], creations: minute, creating: true, limits })).toBe(minute[0]! + 60_000);
    expect(nextWriteSlot({ now: T0, lastWriteAt: T0 - 200, creations: minute, creating: false, limits })).toBe(T0 + 800);
    // 500 creations in the hour, none in the last minute: wait until the oldest leaves the hour.
    const hour = Array.from({ length: 500 }, (_, i) => T0 - 3_590_000 + i * 7_000);
    const slot = nextWriteSlot({ now: T0, lastWriteAt: hour[499], creations: hour, creating: true, limits });
    expect(slot).toBe(hour[0]! + 3_600_000);
    expect(hour.filter((t) => t > slot - 3_600_000)).toHaveLength(499);
  });

  it('tells content creation from other writes, and leaves token minting and revocation unpaced', () => {
    expect(classifyWrite('POST', '/repos/{owner}/{repo}/issues')).toEqual({ paced: true, creating: true });
    expect(classifyWrite('POST', 'http://127.0.0.1:9/api/v3/repos/acme/widgets/issues/4/comments')).toEqual({ paced: true, creating: true });
    expect(classifyWrite('PATCH', '/repos/acme/widgets/issues/4')).toEqual({ paced: true, creating: false });
    expect(classifyWrite('POST', '/repos/acme/widgets/check-runs')).toEqual({ paced: true, creating: false });
    expect(classifyWrite('GET', '/repos/acme/widgets/issues')).toEqual({ paced: false, creating: false });
    expect(classifyWrite('POST', '/app/installations/7/access_tokens')).toEqual({ paced: false, creating: false });
    expect(classifyWrite('DELETE', '/installation/token')).toEqual({ paced: false, creating: false });
  });

  it('backs off exponentially with jitter, then dead-letters; rate limits wait as GitHub says and spend no attempt', () => {
    expect(retryDelay(DEFAULT_RETRY, 1, 0)).toBe(1_000);
    expect(retryDelay(DEFAULT_RETRY, 1, 0.999)).toBeLessThanOrEqual(2_000);
    expect(retryDelay(DEFAULT_RETRY, 4, 0)).toBe(8_000);
    expect(retryDelay(DEFAULT_RETRY, 30, 0.5)).toBe(450_000);
    expect(decideAfterFailure(DEFAULT_RETRY, { attempts: 3, error: new Error('boom'), now: T0, random: 0 })).toEqual({ action: 'retry', runAfter: T0 + 4_000, countAttempt: true });
    expect(decideAfterFailure(DEFAULT_RETRY, { attempts: 12, error: new Error('boom'), now: T0, random: 0 })).toEqual({ action: 'fail' });

    const secondary = Object.assign(new Error('You have exceeded a secondary rate limit'), { status: 403, response: { headers: { 'retry-after': '30' } } });
    const wrapped = Object.assign(new Error('handlers failed'), { errors: [new Error('other'), secondary] });
    expect(decideAfterFailure(DEFAULT_RETRY, { attempts: 12, error: wrapped, now: T0, random: 0 })).toEqual({ action: 'retry', runAfter: T0 + 30_000, countAttempt: false });
    expect(githubRetryAt(Object.assign(new Error('API rate limit exceeded'), { status: 403, response: { headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String((T0 + 90_000) / 1000) } } }), T0)).toBe(T0 + 90_000);
    expect(githubRetryAt(Object.assign(new Error('You have exceeded a secondary rate limit'), { status: 403, response: { headers: {} } }), T0)).toBe(T0 + 60_000);
    expect(githubRetryAt(Object.assign(new Error('Resource not accessible by integration'), { status: 403, response: { headers: {} } }), T0)).toBeUndefined();
    expect(githubRetryAt(new WriteDeferred(7, T0 + 5_000), T0)).toBe(T0 + 5_000);
  });

  it('plans a redelivery of each GUID GitHub sent and the queue never stored, once it is past its grace', () => {
    const at = (ms: number) => new Date(ms).toISOString();
    const deliveries = [
      { id: 1, guid: 'stored', delivered_at: at(T0 - 600_000), redelivery: false, status_code: 202 },
      { id: 2, guid: 'lost', delivered_at: at(T0 - 600_000), redelivery: false, status_code: 0 },
      { id: 3, guid: 'lost', delivered_at: at(T0 - 300_000), redelivery: true, status_code: 500 },
      { id: 4, guid: 'fresh', delivered_at: at(T0 - 5_000), redelivery: false, status_code: 0 },
      { id: 5, guid: 'asked', delivered_at: at(T0 - 600_000), redelivery: false, status_code: 0 },
      { id: 6, guid: 'ancient', delivered_at: at(T0 - 9_000_000), redelivery: false, status_code: 0 },
    ];
    const plan = planRedeliveries({ deliveries, stored: new Set(['stored']), asked: new Map([['asked', T0 - 60_000]]), now: T0, since: T0 - 3_600_000, graceMs: 60_000, reaskMs: 300_000, limit: 10 });
    expect(plan.missing.sort()).toEqual(['asked', 'fresh', 'lost']);
    expect(plan.redeliver).toEqual([3]);
  });
});

describe.each(testBackends)('the webhook queue on $name', (backend) => {
  let db: Database;
  let now = T0;
  let queue: WebhookQueue;
  beforeAll(async () => {
    db = await openDatabase(await backend.target());
    queue = webhookQueue(db, { clock: () => now });
  });
  afterAll(() => db.close());
  afterEach(async () => {
    now += 3_600_000;
    await db.query('DELETE FROM webhook_queue');
  });

  const delivery = (installationId: number | null = 1, id = randomUUID()) => ({ id, event: 'push', installationId, body: body({ installation: installationId === null ? undefined : { id: installationId } }) });

  it('stores a delivery once while it is queued, running or done, and again only after it was dead-lettered', async () => {
    const d = delivery();
    expect(await queue.enqueueDelivery(d)).toBe('queued');
    expect(await queue.enqueueDelivery(d)).toBe('duplicate');
    const claimed = await queue.claim('a', 30_000);
    expect(claimed).toMatchObject({ id: d.id, event: 'push', installationId: 1, attempts: 1 });
    expect(claimed!.body.equals(d.body)).toBe(true);
    expect(await queue.enqueueDelivery(d)).toBe('duplicate');
    expect(await queue.complete(d.id, 'a')).toBe(true);
    expect(await queue.enqueueDelivery(d)).toBe('duplicate');

    const dead = delivery();
    await queue.enqueueDelivery(dead);
    await queue.claim('a', 30_000);
    expect(await queue.fail(dead.id, 'a', 'gave up')).toBe(true);
    expect((await queue.backlog()).failed).toBe(1);
    expect(await queue.enqueueDelivery(dead)).toBe('requeued');
    expect(await queue.claim('b', 30_000)).toMatchObject({ id: dead.id, attempts: 1 });
  });

  it('runs one delivery per installation at a time, others in parallel, in order of arrival', async () => {
    const [a1, a2, b1, n1, n2] = [delivery(1), delivery(1), delivery(2), delivery(null), delivery(null)];
    for (const d of [a1, a2, b1, n1, n2]) {
      await queue.enqueueDelivery(d);
      now += 1;
    }
    const claimed = [];
    for (let i = 0; i < 5; i++) claimed.push(await queue.claim(`w${i}`, 30_000));
    expect(claimed.map((c) => c?.id)).toEqual([a1.id, b1.id, n1.id, n2.id, undefined]);
    await queue.complete(a1.id, 'w0');
    expect((await queue.claim('w9', 30_000))?.id).toBe(a2.id);
  });

  it('takes over a delivery whose lease expired, and the old owner can no longer finish it', async () => {
    const d = delivery();
    await queue.enqueueDelivery(d);
    await queue.claim('dead', 10_000);
    now += 5_000;
    expect(await queue.claim('next', 10_000)).toBeUndefined();
    expect(await queue.heartbeat(d.id, 'dead', 10_000)).toBe(true);
    now += 9_000;
    expect(await queue.claim('next', 10_000)).toBeUndefined();
    now += 2_000;
    expect(await queue.claim('next', 10_000)).toMatchObject({ id: d.id, attempts: 2 });
    expect(await queue.heartbeat(d.id, 'dead', 10_000)).toBe(false);
    expect(await queue.complete(d.id, 'dead')).toBe(false);
    expect(await queue.complete(d.id, 'next')).toBe(true);
  });

  it('retries after the backoff, defers without spending an attempt, and hands back a draining owner\'s leases', async () => {
    const d = delivery();
    await queue.enqueueDelivery(d);
    await queue.claim('a', 30_000);
    await queue.retry(d.id, 'a', { runAfter: now + 4_000, error: 'GitHub answered 502', countAttempt: true });
    expect(await queue.claim('a', 30_000)).toBeUndefined();
    now += 4_000;
    expect(await queue.claim('a', 30_000)).toMatchObject({ attempts: 2 });
    await queue.retry(d.id, 'a', { runAfter: now, error: 'rate limited', countAttempt: false });
    expect(await queue.claim('a', 30_000)).toMatchObject({ attempts: 2 });
    expect(await queue.releaseOwner('a')).toBe(1);
    expect(await queue.claim('b', 30_000)).toMatchObject({ id: d.id, attempts: 2 });
  });

  it('coalesces an internal job while it waits, and runs it once more when asked while it runs', async () => {
    const job = { id: `incident:1:${randomUUID()}`, event: 'airlock.incident', installationId: 3, body: body({ n: 1 }) };
    await queue.enqueueJob(job);
    await queue.enqueueJob(job);
    expect(await queue.backlog()).toMatchObject({ depth: 0, jobs: 1 });
    await queue.claim('a', 30_000);
    await queue.enqueueJob({ ...job, body: body({ n: 2 }) });
    expect(await queue.complete(job.id, 'a')).toBe(true);
    const again = await queue.claim('a', 30_000);
    expect(again).toMatchObject({ id: job.id, attempts: 1 });
    expect(JSON.parse(again!.body.toString())).toEqual({ n: 2 });
    await queue.complete(job.id, 'a');
    expect((await queue.backlog()).jobs).toBe(0);
    await queue.enqueueJob(job);
    expect((await queue.backlog()).jobs).toBe(1);
  });

  it('lets GitHub deliveries that arrived soon after an internal job go first, so the job covers them all', async () => {
    const job = { id: `incident:2:${randomUUID()}`, event: 'airlock.incident', installationId: 8, body: body({}) };
    await queue.enqueueJob(job);
    now += 5_000;
    const soon = delivery(8);
    await queue.enqueueDelivery(soon);
    now += 40_000;
    const late = delivery(8);
    await queue.enqueueDelivery(late);
    const order = [];
    for (let i = 0; i < 3; i++) {
      const claimed = await queue.claim('a', 30_000);
      order.push(claimed!.id);
      await queue.complete(claimed!.id, 'a');
    }
    expect(order).toEqual([soon.id, job.id, late.id]);
  });

  it('reports backlog depth and the age of its oldest delivery', async () => {
    expect(await queue.backlog()).toEqual({ depth: 0, running: 0, oldestAgeMs: 0, failed: 0, jobs: 0 });
    await queue.enqueueDelivery(delivery(1));
    now += 7_000;
    await queue.enqueueDelivery(delivery(2));
    await queue.claim('a', 30_000);
    now += 3_000;
    await queue.enqueueJob({ id: `incident:3:${randomUUID()}`, event: 'airlock.incident', installationId: 3, body: body({}) });
    expect(await queue.backlog()).toEqual({ depth: 2, running: 1, oldestAgeMs: 10_000, failed: 0, jobs: 1 });
  });

  it('paces an installation\'s writes through the database, and defers a slot further than the caller may wait', async () => {
    const pacer = writePacer(db, { clock: () => now, limits: GITHUB_PACING, maxWaitMs: 2_500 });
    const installation = 40_000 + Math.floor(Math.random() * 1e6);
    const slots = [await pacer.reserve(installation, true), await pacer.reserve(installation, false), await pacer.reserve(installation, true)];
    expect(slots).toEqual([now, now + 1_000, now + 2_000]);
    expect(await pacer.reserve(installation + 1, true)).toBe(now);
    await expect(pacer.reserve(installation, true)).rejects.toBeInstanceOf(WriteDeferred);
  });

  it('runs deliveries through a worker: retries a failure, completes a success, dead-letters after the last attempt', async () => {
    const runs: string[] = [];
    const failing = delivery(5);
    const fine = delivery(6);
    await queue.enqueueDelivery(failing);
    await queue.enqueueDelivery(fine);
    const worker = queueWorker({
      queue,
      owner: 'worker',
      concurrency: 2,
      leaseMs: 30_000,
      pollMs: 10,
      retry: { maxAttempts: 2, baseDelayMs: 1_000, maxDelayMs: 1_000 },
      clock: () => now,
      log,
      run: async (d) => {
        runs.push(d.id);
        if (d.id === failing.id) throw new Error('GitHub answered 502');
      },
    });
    worker.start();
    await worker.idle();
    expect(runs.sort()).toEqual([failing.id, fine.id].sort());
    expect((await queue.backlog()).depth).toBe(1);
    now += 1_000;
    await worker.idle();
    expect(runs.filter((id) => id === failing.id)).toHaveLength(2);
    expect(await queue.backlog()).toMatchObject({ depth: 0, failed: 1 });
    expect(await worker.drain(1_000)).toEqual({ finished: 0, handedBack: 0 });
  });

  it('hands back, on drain, a delivery still running at the deadline', async () => {
    const d = delivery(7);
    await queue.enqueueDelivery(d);
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const hang = () => {
      started();
      return new Promise<void>(() => undefined);
    };
    const worker = queueWorker({ queue, owner: 'slow', concurrency: 1, leaseMs: 30_000, pollMs: 10, retry: DEFAULT_RETRY, clock: () => now, log, run: hang });
    worker.start();
    await running;
    expect(await worker.drain(50)).toEqual({ finished: 0, handedBack: 1 });
    expect(await queue.claim('successor', 30_000)).toMatchObject({ id: d.id, attempts: 1 });
  });
});

describePostgres('the webhook queue shared by replicas on $name', (backend) => {
  let target: OpenDatabaseOptions;
  let replicas: Database[];
  beforeAll(async () => {
    target = await backend.target();
    replicas = [await openDatabase(target), await openDatabase(target)];
  });
  afterAll(async () => {
    for (const r of replicas) await r.close();
  });

  it('never runs two deliveries of one installation at once, nor one delivery twice, under concurrent claims', async () => {
    const queues = replicas.map((db) => webhookQueue(db, { clock: Date.now }));
    const ids = Array.from({ length: 30 }, () => randomUUID());
    for (const [i, id] of ids.entries()) await queues[0]!.enqueueDelivery({ id, event: 'push', installationId: i % 3, body: body({}) });
    const done: string[] = [];
    const workers = Array.from({ length: 8 }, (_, w) => async () => {
      const queue = queues[w % 2]!;
      for (;;) {
        const claimed = await queue.claim(`w${w}`, 30_000);
        if (!claimed) {
          if ((await queue.due()) === 0) return;
          continue;
        }
        const running = await replicas[0]!.query<{ installation_id: number; n: number }>(`SELECT installation_id, count(*)::int AS n FROM webhook_queue WHERE state = 'running' GROUP BY installation_id`);
        expect(running.rows.every((r) => r.n === 1)).toBe(true);
        done.push(claimed.id);
        await queue.complete(claimed.id, `w${w}`);
      }
    });
    await Promise.all(workers.map((run) => run()));
    expect(done.sort()).toEqual([...ids].sort());
  });
});

describe('the webhook intake', () => {
  let server: Server;
  let url: URL;
  const stored: { id: string; event: string; installationId: number | null; body: Buffer }[] = [];
  const secret = 'intake-secret';
  beforeAll(async () => {
    const seen = new Set<string>();
    const intake = webhookIntake({
      secret,
      log,
      onStored: () => undefined,
      maxBodyBytes: 1024 * 1024,
      bufferBudgetBytes: 3 * 1024 * 1024,
      queue: {
        enqueueDelivery: async (d) => {
          if (seen.has(d.id)) return 'duplicate';
          seen.add(d.id);
          stored.push(d);
          return 'queued';
        },
      },
    });
    server = createServer((req, res) => void intake(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/github/webhooks`);
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const sign = (text: string, key = secret) => `sha256=${createHmac('sha256', key).update(text).digest('hex')}`;
  const headers = (id: string, signature?: string) => ({ 'content-type': 'application/json', 'x-github-event': 'push', 'x-github-delivery': id, ...(signature ? { 'x-hub-signature-256': signature } : {}) });

  it('stores a signed delivery with its installation and answers 202; a repeat is a duplicate', async () => {
    const text = JSON.stringify({ installation: { id: 99 }, ref: 'refs/heads/main' });
    const id = randomUUID();
    const res = await fetch(url, { method: 'POST', headers: headers(id, sign(text)), body: text });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ delivery: id, status: 'queued' });
    expect(stored.find((d) => d.id === id)).toMatchObject({ event: 'push', installationId: 99 });
    expect(stored.find((d) => d.id === id)!.body.toString()).toBe(text);
    const again = await fetch(url, { method: 'POST', headers: headers(id, sign(text)), body: text });
    expect(await again.json()).toEqual({ delivery: id, status: 'duplicate' });
  });

  it('refuses an unsigned, mis-signed, malformed or oversized delivery and stores none of them', async () => {
    const text = JSON.stringify({ installation: { id: 1 } });
    const count = stored.length;
    expect((await fetch(url, { method: 'POST', headers: headers(randomUUID()), body: text })).status).toBe(401);
    expect((await fetch(url, { method: 'POST', headers: headers(randomUUID(), sign(text, 'wrong')), body: text })).status).toBe(401);
    expect((await fetch(url, { method: 'POST', headers: headers('id with spaces', sign(text)), body: text })).status).toBe(400);
    expect((await fetch(url, { method: 'POST', headers: headers(randomUUID(), sign('[1]')), body: '[1]' })).status).toBe(400);
    expect((await fetch(url, { method: 'GET', headers: headers(randomUUID(), sign('')) })).status).toBe(405);
    const big = 'x'.repeat(1024 * 1024 + 1);
    expect((await fetch(url, { method: 'POST', headers: headers(randomUUID(), sign(big)), body: big })).status).toBe(413);
    expect(stored.length).toBe(count);
  });

  it('refuses a body past the cap while streaming it, when no length was declared', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(url, { method: 'POST', headers: { ...headers(randomUUID(), sign('whatever')), 'transfer-encoding': 'chunked' } }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      });
      req.on('error', reject);
      const chunk = Buffer.alloc(64 * 1024, 'y');
      let sent = 0;
      const pump = () => {
        while (sent < 4 * 1024 * 1024) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        req.end();
      };
      pump();
    });
    expect(status).toBe(413);
  });
});
