import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { EVENTS_PATH, startRunEventSink, type RunEventSinkOptions } from '../../src/telemetry/run-event-sink.js';
import type { ContainmentAnswer, RunEvent, RunEventBatch } from '../../src/telemetry/run-event.js';

// The sink against a real HTTP server speaking the App's POST /airlock/v1/events contract
// (src/telemetry/run-event.ts): batches, bounds, a fresh token per POST, retries, answers.

interface Received {
  authorization: string;
  batch: RunEventBatch;
}

/** How the fake App answers the n-th POST (1-based): a status and a body, or `hang` (never answers). */
type Answer = { status: number; body: unknown } | 'hang';

const QUIET: ContainmentAnswer = { accepted: 0, duplicate: false, containment: { revoked: false, suspended: false, actions: [], reasons: [] } };

let server: Server;
let url = '';
let received: Received[] = [];
let answer: (n: number, batch: RunEventBatch) => Answer = () => ({ status: 200, body: QUIET });

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== EVENTS_PATH) {
        res.writeHead(404).end();
        return;
      }
      const batch = JSON.parse(Buffer.concat(chunks).toString('utf8')) as RunEventBatch;
      received.push({ authorization: req.headers.authorization ?? '', batch });
      const a = answer(received.length, batch);
      if (a === 'hang') return;
      const text = JSON.stringify(a.body);
      res.writeHead(a.status, { 'content-type': 'application/json' }).end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
beforeEach(() => {
  received = [];
  answer = () => ({ status: 200, body: QUIET });
});

const event = (n: number): RunEvent => ({ kind: 'egress', at: new Date(0).toISOString(), decision: 'deny', host: `h${n}.example.test`, method: 'GET', pathClass: 'api', bytesOut: n, bytesIn: 0 });

function sink(extra: Partial<RunEventSinkOptions> = {}) {
  const warnings: string[] = [];
  const containments: ContainmentAnswer['containment'][] = [];
  let tokens = 0;
  const s = startRunEventSink({
    appUrl: url,
    identity: 'agent',
    idToken: async () => `oidc-${++tokens}`,
    fetch,
    onContainment: (c) => containments.push(c),
    warn: (m) => warnings.push(m),
    // Only full batches and the final flush send, unless a test says otherwise.
    intervalMs: 3_600_000,
    retry: { attempts: 3, baseDelayMs: 5, deadlineMs: 10_000 },
    ...extra,
  });
  return { s, warnings, containments };
}

const until = async (done: () => boolean) => {
  while (!done()) await new Promise((r) => setTimeout(r, 10));
};

describe('run event sink', () => {
  it('sends a batch as soon as 100 events wait, numbered from 1, and the rest at the final flush', async () => {
    const { s } = sink();
    for (let i = 0; i < 250; i++) s.push(event(i));
    await until(() => received.length >= 2);
    await s.close(5_000);
    expect(received.map((r) => [r.batch.seq, r.batch.events.length, r.batch.identity, r.batch.dropped])).toEqual([
      [1, 100, 'agent', 0],
      [2, 100, 'agent', 0],
      [3, 50, 'agent', 0],
    ]);
    expect(received.flatMap((r) => r.batch.events.map((e) => (e as { bytesOut: number }).bytesOut))).toEqual([...Array(250).keys()]);
    expect(s.report()).toMatchObject({ sent: 250, batches: 3, dropped: 0, failedBatches: 0 });
  });

  it('sends what waits on its interval, without the final flush', async () => {
    const { s } = sink({ intervalMs: 20 });
    s.push(event(1));
    s.push(event(2));
    await until(() => received.length >= 1);
    expect(received[0]!.batch.events).toHaveLength(2);
    await s.close(5_000);
  });

  it('is bounded: past its capacity the oldest events are dropped, and the next batch counts them', async () => {
    const { s } = sink({ capacity: 10 });
    for (let i = 0; i < 25; i++) s.push(event(i));
    await s.close(5_000);
    expect(received).toHaveLength(1);
    expect(received[0]!.batch.dropped).toBe(15);
    expect(received[0]!.batch.events.map((e) => (e as { bytesOut: number }).bytesOut)).toEqual([15, 16, 17, 18, 19, 20, 21, 22, 23, 24]);
    expect(s.report()).toMatchObject({ sent: 10, dropped: 15 });
    // After the final flush nothing more is sent: a late event is counted as dropped.
    s.push(event(99));
    expect(s.report().dropped).toBe(16);
  });

  it('retries a failed POST with the same batch (same seq) and a fresh OIDC token for every POST', async () => {
    answer = (n) => (n === 1 || n === 3 ? { status: 503, body: { error: { code: 'unavailable' } } } : { status: 200, body: QUIET });
    const { s, warnings } = sink({ batchSize: 2 });
    for (let i = 0; i < 4; i++) s.push(event(i));
    await until(() => received.length >= 4);
    await s.close(5_000);
    expect(received.map((r) => r.batch.seq)).toEqual([1, 1, 2, 2]);
    expect(received[0]!.batch).toEqual(received[1]!.batch);
    const tokens = received.map((r) => r.authorization);
    expect(tokens.every((t) => /^Bearer oidc-\d+$/.test(t))).toBe(true);
    expect(new Set(tokens).size).toBe(tokens.length);
    expect(warnings).toEqual([]);
    expect(s.report()).toMatchObject({ sent: 4, batches: 2, failedBatches: 0 });
  });

  it('a refusal is not retried; failures warn once, never throw, and the lost events are reported to the App in the next batch', async () => {
    answer = (n) => (n <= 2 ? { status: 400, body: { error: { code: 'invalid_batch', message: 'anything' } } } : { status: 200, body: QUIET });
    const { s, warnings } = sink({ batchSize: 2 });
    for (let i = 0; i < 6; i++) s.push(event(i));
    await s.close(5_000);
    expect(received.map((r) => [r.batch.seq, r.batch.dropped])).toEqual([
      [1, 0],
      [2, 2],
      [3, 4],
    ]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^Airlock telemetry: could not send run events .*HTTP 400 \(invalid_batch\)/);
    expect(warnings[0]).not.toContain('oidc-');
    expect(s.report()).toMatchObject({ sent: 2, batches: 1, failedBatches: 2, dropped: 4 });
  });

  it('a token that cannot be had fails the batch with a warning, never the caller', async () => {
    const { s, warnings } = sink({
      idToken: async () => {
        throw new Error('the job cannot request an OIDC token');
      },
    });
    s.push(event(1));
    await expect(s.close(5_000)).resolves.toBeUndefined();
    expect(received).toHaveLength(0);
    expect(warnings).toEqual([expect.stringContaining('the job cannot request an OIDC token')]);
    expect(s.report()).toMatchObject({ sent: 0, failedBatches: 1, dropped: 1 });
  });

  it('the final flush gives up at its deadline when the App does not answer', async () => {
    answer = () => 'hang';
    const { s, warnings } = sink();
    s.push(event(1));
    s.push(event(2));
    await s.close(200);
    expect(received).toHaveLength(1);
    expect(s.report()).toMatchObject({ sent: 0, dropped: 2 });
    expect(warnings).toHaveLength(1);
  });

  it("hands the App's containment to the caller and keeps it: revoked and suspended stay set", async () => {
    const revoked: ContainmentAnswer = { accepted: 2, duplicate: false, containment: { revoked: true, suspended: true, actions: ['revoke', 'suspend'], reasons: ['3 refused hosts in 60 s'] } };
    answer = (n) => ({ status: 200, body: n === 1 ? revoked : QUIET });
    const { s, containments } = sink({ batchSize: 2 });
    for (let i = 0; i < 4; i++) s.push(event(i));
    await s.close(5_000);
    expect(containments).toEqual([revoked.containment]);
    expect(s.report()).toMatchObject({ revoked: true, suspended: true, actions: ['revoke', 'suspend'], reasons: ['3 refused hosts in 60 s'] });
  });

  it('an answer that is not a containment answer is delivered but not acted on, with a warning', async () => {
    answer = () => ({ status: 200, body: { containment: { revoked: 'yes' } } });
    const { s, warnings, containments } = sink();
    s.push(event(1));
    await s.close(5_000);
    expect(containments).toEqual([]);
    expect(warnings).toEqual([expect.stringMatching(/not a containment answer/)]);
    expect(s.report()).toMatchObject({ sent: 1, revoked: false });
  });
});
