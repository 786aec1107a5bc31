import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openDatabase } from '../../src/store/database.js';
import type { WorldRepo } from '../../src/world/github/world-state.js';
import { startWorld, type World } from '../../src/world/start-world.js';
import { AppUnderTest, appEnv, exactlyOnce, freePort, pushLoad, readAudit, sleep, tally, worldWithRepos, type Sent } from './delivery-fixtures.js';

// Issue 14, the delivery half of the acceptance fault suite, on the embedded database: the App
// (`node bin/airlock.js app` on PGlite) is killed with SIGKILL twice while agent pushes arrive;
// every push GitHub delivered is handled exactly once and the chain verifies. A file of its own,
// so it runs in a fresh worker beside the PostgreSQL suite (delivery-faults.test.ts).

describe('deliveries survive PGlite under kill -9', () => {
  let world: World;
  let repos: WorldRepo[];
  let app: AppUnderTest;
  let cwd: string;
  const sent: Sent[] = [];

  beforeAll(async () => {
    world = await startWorld();
    repos = worldWithRepos(world, ['pglite-a', 'pglite-b']);
    cwd = await mkdtemp(join(tmpdir(), 'airlock-pglite-faults-'));
    const port = await freePort();
    world.webhookUrl = `http://127.0.0.1:${port}/api/github/webhooks`;
    // The suite's 3 s lease: PGlite runs on the App's own thread, so under load its heartbeats
    // stall past it, and the App must not take over (and run again) a delivery it is still running.
    app = new AppUnderTest(appEnv(world, port, { AIRLOCK_DATA_DIR: join(cwd, 'data') }), cwd);
    await app.start();
  }, 120_000);
  afterAll(async () => {
    await app?.process.stop();
    await world?.close();
    if (cwd) await rm(cwd, { recursive: true, force: true });
  }, 60_000);

  it('two kill -9 cycles under load: every push handled exactly once, the chain intact', async () => {
    const load = pushLoad(world, repos, 12, 3, sent);
    for (const at of [3, 8]) {
      while (sent.length < at) await sleep(50);
      process.kill(app.pid, 'SIGKILL');
      await app.process.exited;
      await app.start();
    }
    await load;
    // The embedded database belongs to the App process: wait for the world to see the work, then
    // stop the App and read the store.
    const deadline = Date.now() + 240_000;
    while (
      Date.now() < deadline &&
      !tally(world, sent, []).every((t) => t.checks >= 1 && t.listed >= 1)
    )
      await sleep(500);
    expect(await app.process.stop()).toBe(0);
    const db = await openDatabase({ dataDir: join(cwd, 'data'), migrate: false });
    try {
      const { records, ok } = await readAudit(db);
      // The rows not done say why a push was not handled (still queued, dead-lettered, ...).
      const { rows: notDone } = await db.query(
        `SELECT delivery_id, event, state, attempts, last_error FROM webhook_queue WHERE state <> 'done'`,
      );
      expect({ notOnce: exactlyOnce(tally(world, sent, records)), notDone }).toEqual({ notOnce: [], notDone: [] });
      expect(ok).toBe(true);
    } finally {
      await db.close();
    }
    // Restart for afterAll's stop.
    await app.start();
  }, 420_000);
});

/** Resident memory of a process, from /proc. */