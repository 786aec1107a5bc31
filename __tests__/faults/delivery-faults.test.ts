import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { pino } from 'pino';
import { WEBHOOK_BUFFER_BUDGET } from '../../app/queue/webhook-intake.js';
import { startApp } from '../../app/start-app.js';
import { policyDir } from '../../src/policy/policy-modules.js';
import { openDatabase, type Database, type OpenDatabaseOptions } from '../../src/store/database.js';
import type { WorldRepo } from '../../src/world/github/world-state.js';
import { startWorld, type World } from '../../src/world/start-world.js';
import { AppUnderTest, appEnv, exactlyOnce, freePort, pushLoad, settled, sleep, worldWithRepos, type Sent } from './delivery-fixtures.js';

// Issue 14, the delivery half of the acceptance fault suite. The App runs as users run it
// (`node bin/airlock.js app`) against the local world, on a PostgreSQL server of this suite's own
// that it stops, freezes and kills, and on PGlite under kill -9; the App itself is killed with
// SIGKILL and stopped with SIGTERM while agent pushes arrive. After each recovery (GitHub's
// deliveries that never got stored come back through the App's reconciler asking for them),
// every push GitHub delivered has exactly one failing check run, is listed exactly once in the
// agent's incident issue and has exactly one audit record of each kind, and the chain verifies.

const run = promisify(execFile);
const required = process.env.AIRLOCK_REQUIRE_POSTGRES === '1';

function postgresBinDir(): string | undefined {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  return readdirSync(root)
    .sort()
    .reverse()
    .map((v) => join(root, v, 'bin'))
    .find((bin) => existsSync(join(bin, 'initdb')));
}
const bin = postgresBinDir();
// In CI PostgreSQL suites must run: without binaries the suite fails there instead of skipping.
const describeWithPostgres = bin || required ? describe : describe.skip;

/** A PostgreSQL server of this suite's own (scripts/test-postgres.sh), to stop, freeze and kill. */
interface OwnPostgres {
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  freeze(): void;
  thaw(): void;
  kill(): Promise<void>;
  close(): Promise<void>;
}

async function ownPostgres(): Promise<OwnPostgres> {
  if (!bin)
    throw new Error(
      'no PostgreSQL binaries (install postgresql or set PG_BIN); CI requires this suite',
    );
  const { stdout, stderr } = await run('bash', ['scripts/test-postgres.sh'], {
    env: { ...process.env, PG_BIN: bin },
  });
  const url = /AIRLOCK_TEST_DATABASE_URL=(\S+)/.exec(stdout)?.[1];
  const data = /, data (\S+)/.exec(stderr)?.[1];
  if (!url || !data)
    throw new Error(`scripts/test-postgres.sh did not report its server: ${stderr}`);
  const base = dirname(data);
  const asServer = (args: string[]) =>
    process.getuid?.() === 0
      ? run('runuser', ['-u', 'postgres', '--', join(bin, 'pg_ctl'), ...args])
      : run(join(bin, 'pg_ctl'), args);
  // The postmaster and its children (from /proc: "pid (comm) state ppid ...").
  const pids = () => {
    const postmaster = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
    const children = readdirSync('/proc')
      .filter((p) => /^\d+$/.test(p))
      .filter((p) => {
        try {
          const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
          return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === postmaster;
        } catch {
          return false;
        }
      })
      .map(Number);
    return [postmaster, ...children];
  };
  const signal = (list: number[], name: NodeJS.Signals) => {
    for (const pid of list) {
      try {
        process.kill(pid, name);
      } catch {
        // gone already
      }
    }
  };
  let frozen: number[] = [];
  const port = new URL(url).port;
  const start = async () => {
    await asServer([
      '-D',
      data,
      '-l',
      join(base, 'server.log'),
      '-w',
      '-t',
      '60',
      '-o',
      `-c listen_addresses=127.0.0.1 -p ${port} -k ${base} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`,
      'start',
    ]);
  };
  return {
    url,
    stop: async () => void (await asServer(['-D', data, '-m', 'fast', '-w', 'stop'])),
    start,
    freeze() {
      frozen = pids();
      signal(frozen, 'SIGSTOP');
    },
    thaw() {
      signal(frozen, 'SIGCONT');
      frozen = [];
    },
    async kill() {
      const list = pids();
      signal(list, 'SIGKILL');
      for (let i = 0; i < 100 && list.some((pid) => existsSync(`/proc/${pid}`)); i++)
        await sleep(50);
    },
    async close() {
      signal(frozen, 'SIGCONT');
      await asServer(['-D', data, '-m', 'immediate', 'stop']).catch(() => undefined);
      await rm(base, { recursive: true, force: true });
    },
  };
}

describeWithPostgres(
  'deliveries survive PostgreSQL stopped, frozen and killed, and the App killed and stopped under load',
  () => {
    let pg: OwnPostgres;
    let world: World;
    let repos: WorldRepo[];
    let app: AppUnderTest;
    let cwd: string;
    let probe: Database | undefined;
    const sent: Sent[] = [];
    const database = async () =>
      (probe ??= await openDatabase({ databaseUrl: pg.url, migrate: false }));

    beforeAll(async () => {
      pg = await ownPostgres();
      world = await startWorld();
      repos = worldWithRepos(world, ['faults-a', 'faults-b', 'faults-c']);
      cwd = await mkdtemp(join(tmpdir(), 'airlock-delivery-faults-'));
      const port = await freePort();
      world.webhookUrl = `http://127.0.0.1:${port}/api/github/webhooks`;
      app = new AppUnderTest(appEnv(world, port, { DATABASE_URL: pg.url }), cwd);
      await app.start();
    }, 120_000);
    afterAll(async () => {
      await app?.process.stop();
      await probe?.close().catch(() => undefined);
      await world?.close();
      await pg?.close();
      if (cwd) await rm(cwd, { recursive: true, force: true });
    }, 60_000);

    /** A load of pushes with `fault` injected once a few have gone out, then recovery and the tally. */
    const underLoad = async (fault: () => Promise<void>) => {
      const before = sent.length;
      const load = pushLoad(world, repos, 9, 3, sent);
      while (sent.length < before + 3) await sleep(50);
      await fault();
      await load;
      const outcome = await settled(world, sent, database, 150_000);
      expect(exactlyOnce(outcome.tally)).toEqual([]);
      expect(outcome.chainOk).toBe(true);
    };

    it('PostgreSQL stopped: refused deliveries are redelivered, none lost or doubled', async () => {
      await underLoad(async () => {
        await pg.stop();
        await sleep(4_000);
        await pg.start();
      });
      // The App told GitHub it failed while the store was down, and asked for those deliveries again.
      expect(world.state.hookDeliveries.some((d) => d.statusCode === 500)).toBe(true);
      expect(world.state.hookDeliveries.some((d) => d.redelivery)).toBe(true);
    }, 240_000);

    it("PostgreSQL frozen (SIGSTOP) past GitHub's 10 s: late-stored deliveries run once, the rest are redelivered", async () => {
      await underLoad(async () => {
        pg.freeze();
        await sleep(12_000);
        pg.thaw();
      });
    }, 240_000);

    it('PostgreSQL killed (SIGKILL) and restarted', async () => {
      probe = undefined;
      await underLoad(async () => {
        await pg.kill();
        await sleep(2_000);
        await pg.start();
      });
    }, 240_000);

    it('the App killed with SIGKILL: its leases are taken over by its successor, missed deliveries redelivered', async () => {
      await underLoad(async () => {
        process.kill(app.pid, 'SIGKILL');
        await app.process.exited;
        await sleep(1_000);
        await app.start();
      });
    }, 240_000);

    it('the App stopped with SIGTERM drains (exit 0): running deliveries finish or are handed back, none dropped', async () => {
      await underLoad(async () => {
        const code = await app.process.stop();
        expect(code).toBe(0);
        await app.start();
      });
      const incidents = world.state.issues.filter((i) => repos.some((r) => r.id === i.repoId));
      // One incident issue per agent and repository, updated in place.
      expect(incidents).toHaveLength(repos.length);
    }, 240_000);
  },
);

const rssBytes = (pid: number) =>
  Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;

/** Streams `bytes` of body to the webhook path; resolves with the status, or 0 if the connection was closed first. */
function post(url: string, headers: Record<string, string>, bytes: number): Promise<number> {
  return new Promise((resolve) => {
    let status = 0;
    const req = request(url, { method: 'POST', headers }, (res) => {
      status = res.statusCode ?? 0;
      res.resume();
      res.on('end', () => resolve(status));
    });
    req.on('error', () => resolve(status));
    const chunk = Buffer.alloc(1024 * 1024, 'a');
    let sent = 0;
    const pump = () => {
      while (sent < bytes) {
        const part = chunk.subarray(0, Math.min(chunk.length, bytes - sent));
        sent += part.length;
        if (!req.write(part)) return void req.once('drain', pump);
      }
      req.end();
    };
    req.on('close', () => resolve(status));
    pump();
  });
}

describe('oversized and slow webhook bodies are refused with bounded memory', () => {
  let world: World;
  let app: AppUnderTest;
  let cwd: string;
  let url: string;

  beforeAll(async () => {
    world = await startWorld();
    cwd = await mkdtemp(join(tmpdir(), 'airlock-bodies-'));
    const port = await freePort();
    url = `http://127.0.0.1:${port}/api/github/webhooks`;
    app = new AppUnderTest(appEnv(world, port, { AIRLOCK_DATA_DIR: join(cwd, 'data') }), cwd);
    await app.start();
  }, 120_000);
  afterAll(async () => {
    await app?.process.stop();
    await world?.close();
    if (cwd) await rm(cwd, { recursive: true, force: true });
  });

  it('RSS stays within the intake budget and one collection of refused bodies under five concurrent 100 MB unsigned posts (and five falsely signed, chunked)', async () => {
    await fetch(url.replace('/api/github/webhooks', '/readyz'));
    const idle = rssBytes(app.pid);
    let peak = idle;
    const sampler = setInterval(() => (peak = Math.max(peak, rssBytes(app.pid))), 20);
    const hundredMb = 100 * 1024 * 1024;
    const base = { 'content-type': 'application/json', 'x-github-event': 'push' };
    const unsigned = Array.from({ length: 5 }, (_, i) =>
      post(
        url,
        { ...base, 'x-github-delivery': `unsigned-${i}`, 'content-length': String(hundredMb) },
        hundredMb,
      ),
    );
    const statuses = await Promise.all(unsigned);
    const forged = Array.from({ length: 5 }, (_, i) =>
      post(
        url,
        {
          ...base,
          'x-github-delivery': `forged-${i}`,
          'x-hub-signature-256': `sha256=${'0'.repeat(64)}`,
          'transfer-encoding': 'chunked',
        },
        hundredMb,
      ),
    );
    statuses.push(...(await Promise.all(forged)));
    clearInterval(sampler);
    // Refused, never accepted: the answer (401, 413) or, when the App closed the connection before
    // the client read it, no answer at all.
    expect(statuses.every((s) => s === 0 || s === 401 || s === 413 || s === 503)).toBe(true);
    // 1 GB was sent; what may be resident at once: bodies being read, at most the intake's budget
    // across requests (webhook-intake.ts), and bodies already refused, which are freed by V8's next
    // collection: V8 starts one once external memory has grown by its soft limit, 64 MB
    // (kExternalAllocationSoftLimit, https://github.com/v8/v8/blob/main/include/v8-internal.h). Measured
    // 89-104 MB at this and the previous head, so a bound of 100 MB failed about one run in three.
    expect(peak - idle).toBeLessThan(WEBHOOK_BUFFER_BUDGET + 64 * 1024 * 1024);
    // A small unsigned post shows the refusal itself.
    expect(
      await post(url, { ...base, 'x-github-delivery': 'unsigned-small', 'content-length': '2' }, 2),
    ).toBe(401);
    // And the App still serves.
    expect((await fetch(url.replace('/api/github/webhooks', '/healthz'))).status).toBe(200);
  }, 120_000);

  it('a slow body is cut off by the request timeout instead of being held for minutes', async () => {
    const slowWorld = world;
    const served = await startApp({
      settings: {
        appId: slowWorld.state.app.id,
        privateKey: slowWorld.state.app.privateKeyPem,
        webhookSecret: slowWorld.state.app.webhookSecret,
        githubApiUrl: slowWorld.githubApiUrl,
        oidcIssuer: slowWorld.oidc.issuer,
        audience: 'airlock',
        port: 0,
        host: '127.0.0.1',
        database: {} as OpenDatabaseOptions,
        policyDir: policyDir(),
        sweepIntervalMs: 60_000,
      },
      encryptionKey: randomBytes(32),
      log: pino({ level: 'silent' }),
      env: { AIRLOCK_RECONCILE_SECONDS: '0' },
      limits: { headersTimeoutMs: 1_000, requestTimeoutMs: 1_500, maxConnections: 16 },
    });
    try {
      const { port } = new URL(served.url);
      const answer = await new Promise<string>((resolve) => {
        const socket = connect(Number(port), '127.0.0.1', () => {
          socket.write(
            `POST /api/github/webhooks HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\nx-github-event: push\r\nx-github-delivery: slow-1\r\nx-hub-signature-256: sha256=${'0'.repeat(64)}\r\ncontent-length: 1000000\r\n\r\n`,
          );
          // One byte every 200 ms: the whole body would take more than two days.
          const drip = setInterval(() => socket.write('{'), 200);
          let text = '';
          socket.on('data', (chunk) => (text += chunk.toString()));
          socket.on('close', () => {
            clearInterval(drip);
            resolve(text);
          });
          socket.on('error', () => undefined);
        });
      });
      expect(answer).toMatch(/^HTTP\/1\.1 408 Request Timeout/);
    } finally {
      await served.close();
    }
  }, 60_000);
});
