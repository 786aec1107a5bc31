import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { pino } from 'pino';
import { startApp, type RunningApp } from '../../app/start-app.js';
import { startStack, type Stack } from '../../src/demo/start-stack.js';
import { failNextRequests } from '../../src/world/github/request-faults.js';
import { startWorld, type World } from '../../src/world/start-world.js';
import { worldAppSettings } from '../support/world-app-settings.js';

const readyz = async (app: RunningApp) => {
  const res = await fetch(`${app.url}/readyz`);
  return { status: res.status, body: (await res.json()) as { status: string; checks: Record<string, unknown>; backlog?: Record<string, number> } };
};

describe('readiness of the App as deployed', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  it('is ready with its database, queue and credentials good; /healthz stays liveness', async () => {
    const { status, body } = await readyz(stack.app);
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'ready', checks: { database: 'ok', queue: 'ok', github: 'ok', draining: false }, backlog: { depth: 0, running: 0, oldestAgeMs: 0, failed: 0, jobs: 0 } });
    const health = await fetch(`${stack.app.url}/healthz`);
    expect(health.status).toBe(200);
  });
});

describe('readiness when something is wrong', () => {
  let world: World;
  let app: RunningApp;
  let now = Date.now();
  beforeAll(async () => {
    world = await startWorld();
    app = await startApp({
      settings: worldAppSettings(world),
      encryptionKey: randomBytes(32),
      clock: () => now,
      log: pino({ level: 'silent' }),
      env: { AIRLOCK_READY_BACKLOG_SECONDS: '300', AIRLOCK_RECONCILE_SECONDS: '0' },
    });
  });
  afterAll(async () => {
    await app.close();
    await world.close();
  });

  it('is not ready while the oldest queued delivery is older than the backlog threshold', async () => {
    const id = randomUUID();
    // A delivery waiting out its retry backoff since ten minutes ago.
    await app.store.db.query(
      `INSERT INTO webhook_queue (delivery_id, event, installation_id, body, state, attempts, received_at, run_after) VALUES ($1, 'ping', NULL, $2, 'queued', 3, $3, $4)`,
      // The queue runs on wall time, whatever the App's clock says.
      [id, Buffer.from('{}'), new Date(Date.now() - 600_000).toISOString(), new Date(Date.now() + 3_600_000).toISOString()],
    );
    const late = await readyz(app);
    expect(late.status).toBe(503);
    expect(late.body.status).toBe('not_ready');
    expect(String(late.body.checks.queue)).toMatch(/oldest queued delivery is 6\d\d s old \(limit 300 s\)/);
    expect(late.body.backlog).toMatchObject({ depth: 1 });
    expect(late.body.backlog!.oldestAgeMs).toBeGreaterThanOrEqual(600_000);
    await app.store.db.query('DELETE FROM webhook_queue WHERE delivery_id = $1', [id]);
    expect((await readyz(app)).status).toBe(200);
  });

  it('is not ready once GitHub refuses the App\'s credentials, checked again only after the cache expires', async () => {
    failNextRequests(world.state, { method: 'GET', path: '/app', times: 1, answer: 401 });
    // The start-up check is still fresh: GitHub is not asked.
    expect((await readyz(app)).status).toBe(200);
    now += 61_000;
    const refused = await readyz(app);
    expect(refused.status).toBe(503);
    expect(String(refused.body.checks.github)).toMatch(/GitHub refused the App's credentials/);
    // The refusal is cached too, until the next check succeeds.
    expect((await readyz(app)).status).toBe(503);
    now += 61_000;
    expect((await readyz(app)).status).toBe(200);
  });

  it('is not ready when the database does not answer, and says so', async () => {
    await app.store.db.close();
    const down = await readyz(app);
    expect(down.status).toBe(503);
    expect(down.body.checks.database).not.toBe('ok');
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  });
});
