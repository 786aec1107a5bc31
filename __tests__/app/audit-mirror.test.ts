import { randomBytes, randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { pino, type Level } from 'pino';
import { openAppStore, type AppStore } from '../../app/app-store.js';
import { createAppMetrics, type AppMetrics } from '../../app/metrics/app-metrics.js';
import { mirrorAudit } from '../../app/metrics/audit-mirror.js';
import type { AuditInput } from '../../src/audit/audit-record.js';

// The audit mirror on a real store and a real pino logger: every record the store commits is
// counted, and logged (without credentials) when the logger's level lets an info line through.

/** A logger at `level` whose lines land in `lines`. */
function capturedLogger(level: Level) {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { log: pino({ level }, sink), lines };
}

const counted = async (metrics: AppMetrics, name: 'auditRecords' | 'decisions', labels: Record<string, string>) =>
  (await metrics[name].get()).values.filter((v) => Object.entries(labels).every(([k, x]) => (v.labels as Record<string, unknown>)[k] === x)).reduce((sum, v) => sum + v.value, 0);

describe('audit records as log events', () => {
  let store: AppStore;
  beforeAll(async () => {
    store = await openAppStore({ database: {}, encryptionKey: randomBytes(32), clock: Date.now });
  });
  afterAll(() => store.close());

  // A decision whose `note` counts its reads: the append reads it, and so does the mirror's copy without secrets.
  const decision = (delivery: string, reads: { n: number }): AuditInput => ({
    kind: 'decision',
    actor: 'app:airlock',
    subject: 'acme/widgets#1',
    data: {
      policy: 'airlock.pr',
      conclusion: 'failure',
      delivery,
      password: 'hunter2',
      get note() {
        reads.n++;
        return 'read';
      },
    },
  });

  it('logs each committed record at info without its credentials, and counts it', async () => {
    const { log, lines } = capturedLogger('info');
    const metrics = createAppMetrics();
    const mirrored = mirrorAudit(store, { log, metrics });
    const delivery = randomUUID();
    expect(await mirrored.auditOnce(delivery, decision(delivery, { n: 0 }))).toBe(true);
    // Done already: nothing committed, so nothing logged or counted.
    expect(await mirrored.auditOnce(delivery, decision(delivery, { n: 0 }))).toBe(false);

    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ name: 'audit', msg: 'audit decision', audit: { kind: 'decision', subject: 'acme/widgets#1', data: { delivery, password: '[Redacted]', note: 'read' } } });
    expect(JSON.stringify(lines)).not.toContain('hunter2');
    expect(await counted(metrics, 'auditRecords', { kind: 'decision' })).toBe(1);
    expect(await counted(metrics, 'decisions', { policy: 'airlock.pr', result: 'failure' })).toBe(1);
  });

  it('below its level, writes no line and makes no copy of the record, yet counts it', async () => {
    // What the append alone reads of the record, through the store the mirror wraps.
    const alone = { n: 0 };
    await store.audit(decision(randomUUID(), alone));

    const { log, lines } = capturedLogger('warn');
    const metrics = createAppMetrics();
    const mirrored = mirrorAudit(store, { log, metrics });
    const quiet = { n: 0 };
    await mirrored.audit(decision(randomUUID(), quiet));
    const delivery = randomUUID();
    expect(await mirrored.auditOnce(delivery, decision(delivery, quiet))).toBe(true);

    expect(lines).toHaveLength(0);
    expect(quiet.n).toBe(2 * alone.n);
    expect(await counted(metrics, 'auditRecords', { kind: 'decision' })).toBe(2);
    expect(await counted(metrics, 'decisions', { policy: 'airlock.pr', result: 'failure' })).toBe(2);

    // The same at info reads the record once more per line: the copy it logs.
    const loud = { n: 0 };
    const atInfo = capturedLogger('info');
    await mirrorAudit(store, { log: atInfo.log, metrics: createAppMetrics() }).audit(decision(randomUUID(), loud));
    expect(atInfo.lines).toHaveLength(1);
    expect(loud.n).toBeGreaterThan(alone.n);
  });
});
