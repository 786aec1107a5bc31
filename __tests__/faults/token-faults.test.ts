import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { pino } from 'pino';
import { startApp, type RunningApp } from '../../app/start-app.js';
import type { AuditRecord } from '../../src/audit/audit-record.js';
import { readAuditLog } from '../../src/audit/read-audit-log.js';
import { verifyAuditChain } from '../../src/audit/verify-audit-chain.js';
import { brokerClient } from '../../src/action/broker-client.js';
import { policyDir } from '../../src/policy/policy-modules.js';
import { openDatabase, type Database, type OpenDatabaseOptions } from '../../src/store/database.js';
import { PENDING_STALE_MS } from '../../src/store/token-sweeper.js';
import { startWorld, type World } from '../../src/world/start-world.js';
import { spawnApp, type AppProcess } from '../app/app-process.js';
import { testBackends } from '../support/test-databases.js';
import {
  postgresBinDir,
  startDisposablePostgres,
  type DisposablePostgres,
} from './disposable-postgres.js';
import { BROKER_MINT, isBrokerMint, startFaultProxy, type FaultProxy } from './fault-proxy.js';

// Issue 14, the token half of the acceptance fault suite: GitHub's API behind a fault-injecting
// proxy, PostgreSQL killed and frozen, the App killed with SIGKILL. After each fault, every
// installation token GitHub minted for the broker is in the ledger and revoked, or revoked at
// GitHub, or (only where GitHub's answer never reached the App) its mint intent is uncertain,
// audited and alerted; no client got a token on an error path; the audit chain verifies.

const REQUEST = { identity: 'agent', permissions: { contents: 'read' } };
const POLICY_READ =
  /^\/api\/v3\/repos\/acme\/widgets\/contents\/\.github\/airlock\/agent\.sts\.yaml$/;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Harness {
  world: World;
  proxy: FaultProxy;
  app: RunningApp;
  /** The App's log, one JSON line each. */
  logs: string[];
  /** Moves the App's clock (not the world's) forward. */
  skew: { ms: number };
  close(): Promise<void>;
}

async function startHarness(database: OpenDatabaseOptions): Promise<Harness> {
  const world = await startWorld();
  const proxy = await startFaultProxy(world.state.serverUrl);
  const logs: string[] = [];
  const skew = { ms: 0 };
  const app = await startApp({
    settings: {
      appId: world.state.app.id,
      privateKey: world.state.app.privateKeyPem,
      webhookSecret: world.state.app.webhookSecret,
      githubApiUrl: proxy.apiUrl,
      oidcIssuer: world.oidc.issuer,
      audience: 'airlock',
      port: 0,
      host: '127.0.0.1',
      database,
      policyDir: policyDir(),
      sweepIntervalMs: 3_600_000,
      trustedRoots: [world.sigstore.trustedRoot],
    },
    encryptionKey: randomBytes(32),
    clock: () => Date.now() + skew.ms,
    log: pino({ level: 'info' }, { write: (line: string) => void logs.push(line) }),
  });
  return {
    world,
    proxy,
    app,
    logs,
    skew,
    async close() {
      await app.close();
      await proxy.close();
      await world.close();
    },
  };
}

/** One exchange as a bare client: the status and whatever body came back. */
async function ask(
  app: RunningApp,
  oidc: string,
  signal?: AbortSignal,
): Promise<{ status: number; token?: string; token_id?: string; error?: { code: string } }> {
  const res = await fetch(`${app.url}/airlock/v1/token`, {
    method: 'POST',
    headers: { authorization: `Bearer ${oidc}`, 'content-type': 'application/json' },
    body: JSON.stringify(REQUEST),
    ...(signal ? { signal } : {}),
  });
  const body = (await res.json()) as {
    token?: string;
    token_id?: string;
    error?: { code: string };
  };
  // Nothing is granted on an error path.
  if (res.status !== 200) expect(body.token).toBeUndefined();
  return { status: res.status, ...body };
}

/** The Action's own client (src/action/broker-client.ts), as src/main.ts configures it. */
const actionClient = (app: RunningApp) =>
  brokerClient(app.url, { attempts: 4, baseDelayMs: 250, deadlineMs: 30_000 });

/** A provider of fresh OIDC tokens from the world's issuer, remembering each. */
function freshTokens(world: World): { provider: () => Promise<string>; issued: string[] } {
  const issued: string[] = [];
  return { issued, provider: async () => (issued.push(await world.oidc.mint()), issued.at(-1)!) };
}

interface IntentRow {
  id: string;
  state: string;
  in_ledger: boolean;
}

const intents = async (db: Database) =>
  (
    await db.query<IntentRow>(
      'SELECT i.id, i.state, t.id IS NOT NULL AS in_ledger FROM mint_intents i LEFT JOIN minted_tokens t ON t.id = i.id ORDER BY i.created_at',
    )
  ).rows;

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  ms = 20_000,
): Promise<T> {
  for (const stop = Date.now() + ms; Date.now() < stop; await sleep(100)) {
    const value = await probe();
    if (value !== undefined) return value;
  }
  throw new Error(`timed out waiting for ${what}`);
}

// A mint already sent is waited on 10 s past the deadline (app/sts/broker-deadline.ts).
const settled = (db: Database) =>
  until(
    'every mint intent to settle',
    async () => ((await intents(db)).some((i) => i.state === 'pending') ? undefined : true),
    30_000,
  );

/**
 * The acceptance check. Every token GitHub minted for the broker (narrowed to repositories, as
 * the world's snapshot counts them) is: in the ledger and revoked (there and at GitHub); or not in
 * the ledger but revoked at GitHub (recording failed, revoked at once); or live and unknown to the
 * App only where the proxy lost GitHub's answer. Tokens outside the ledger are no more than the
 * intents that say a token may exist (uncertain) or was thrown away (abandoned). Each intent
 * outcome has exactly one audit record, and the chain verifies.
 */
async function expectAccounted(
  world: World,
  db: Database,
  lostTokenHashes: Set<string>,
  /** Tokens minted before this store was in use (another test's, on the same world). */
  earlier: ReadonlySet<string> = new Set(),
): Promise<void> {
  const ledger = new Map(
    (
      await db.query<{ token_hash: string; revoked_at: Date | null }>(
        'SELECT token_hash, revoked_at FROM minted_tokens',
      )
    ).rows.map((r) => [r.token_hash, r]),
  );
  const minted = [...world.state.tokens.values()].filter(
    (t) => t.repositoryIds !== undefined && !t.job && !earlier.has(t.hash),
  );
  const unaccounted: string[] = [];
  let outside = 0;
  for (const token of minted) {
    const row = ledger.get(token.hash);
    if (row) {
      if (row.revoked_at === null || token.revokedAt === undefined)
        unaccounted.push(`${token.hash.slice(0, 12)}: in the ledger but live`);
      continue;
    }
    outside++;
    if (token.revokedAt === undefined && !lostTokenHashes.has(token.hash))
      unaccounted.push(
        `${token.hash.slice(0, 12)}: live, unknown to the App, though its answer reached the App`,
      );
  }
  expect(unaccounted).toEqual([]);
  const rows = await intents(db);
  expect(
    rows.filter((i) => i.state === 'pending' || (i.state === 'minted' && !i.in_ledger)),
  ).toEqual([]);
  expect(outside).toBeLessThanOrEqual(
    rows.filter((i) => !i.in_ledger && (i.state === 'uncertain' || i.state === 'abandoned')).length,
  );

  const records: AuditRecord[] = [];
  const head = await readAuditLog(db, (r) => void records.push(r));
  expect(verifyAuditChain(records, { head })).toMatchObject({ ok: true });
  const about = (id: string) =>
    records.filter((r) => r.data.intent_id === id || r.data.token_id === id);
  for (const intent of rows) {
    const kinds = about(intent.id).map(
      (r) => `${r.kind}:${String(r.data.decision ?? r.data.intent_state ?? '')}`,
    );
    const expected = {
      minted: ['token_minted:'],
      failed: ['decision:deny'],
      uncertain: ['decision:mint_uncertain'],
      abandoned: intent.in_ledger
        ? ['token_minted:', 'token_revoked:abandoned']
        : ['token_revoked:abandoned'],
      lapsed: ['decision:mint_uncertain', 'decision:mint_lapsed'],
    }[intent.state];
    // A minted token also gets its revocation record once revoked.
    expect(kinds.filter((k) => !(intent.state === 'minted' && k === 'token_revoked:'))).toEqual(
      expected,
    );
  }
}

const errorLines = (logs: string[], alert: string) =>
  logs
    .map((l) => JSON.parse(l) as { level: number; alert?: string })
    .filter((l) => l.level >= 50 && l.alert === alert);

describe.each(testBackends)('minting through a faulty GitHub, on $name', (backend) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(await backend.target());
  }, 120_000);
  afterAll(async () => h?.close());

  it("a connection reset after GitHub's 201: the mint is uncertain, audited and alerted; the Action retries with a fresh OIDC token and gets one", async () => {
    h.proxy.inject({ ...BROKER_MINT, fault: { kind: 'reset_after_forward' } });
    const oidc = freshTokens(h.world);
    const minted = await actionClient(h.app).exchange(oidc.provider, REQUEST);
    expect(minted.token).toMatch(/^ghs_/);
    expect(new Set(oidc.issued).size).toBe(2);
    expect(h.proxy.lostTokenHashes.size).toBe(1);
    const rows = await intents(h.app.store.db);
    expect(rows.map((i) => i.state)).toEqual(['uncertain', 'minted']);
    expect(errorLines(h.logs, 'mint_uncertain')).toHaveLength(1);
    // The jti of a mint that may have happened is never given back.
    expect((await ask(h.app, oidc.issued[0]!)).error?.code).toBe('oidc_replayed');
    await actionClient(h.app).revoke(minted.token);
    await expectAccounted(h.world, h.app.store.db, h.proxy.lostTokenHashes);
  }, 60_000);

  it('a 5xx before GitHub acted, then success: each attempt of the Action carries a fresh OIDC token', async () => {
    const before = (await intents(h.app.store.db)).length;
    h.proxy.inject({ ...BROKER_MINT, fault: { kind: 'status', status: 502 } });
    const oidc = freshTokens(h.world);
    const minted = await actionClient(h.app).exchange(oidc.provider, REQUEST);
    expect(minted.token).toMatch(/^ghs_/);
    expect(new Set(oidc.issued).size).toBe(2);
    // The broker cannot tell a 502 from a 502 after GitHub minted: uncertain, not retried.
    expect(
      h.proxy.events
        .filter(isBrokerMint)
        .slice(-2)
        .map((e) => e.forwarded),
    ).toEqual([false, true]);
    expect((await intents(h.app.store.db)).slice(before).map((i) => i.state)).toEqual([
      'uncertain',
      'minted',
    ]);
    await actionClient(h.app).revoke(minted.token);
    await expectAccounted(h.world, h.app.store.db, h.proxy.lostTokenHashes);
  }, 60_000);

  it('a transient 5xx before the mint gives the jti back: the same OIDC token succeeds on retry', async () => {
    // GitHub fails the trust-policy read; the App does not ask again (the Action's client is the
    // retry layer of an exchange, app/start-app.ts), so the client has its 503 at once, and the
    // mint was never sent.
    h.proxy.inject({
      method: 'GET',
      path: POLICY_READ,
      fault: { kind: 'status', status: 502 },
    });
    const before = h.proxy.events.length;
    const oidc = await h.world.oidc.mint();
    const first = await ask(h.app, oidc);
    expect([first.status, first.error?.code]).toEqual([503, 'github_unavailable']);
    expect(
      h.proxy.events
        .slice(before)
        .filter((e) => POLICY_READ.test(e.path))
        .map((e) => e.fault),
    ).toEqual(['status']);
    const second = await ask(h.app, oidc);
    expect(second.status).toBe(200);
    await actionClient(h.app).revoke(second.token!);
    await expectAccounted(h.world, h.app.store.db, h.proxy.lostTokenHashes);
  }, 60_000);

  it('a client that leaves while GitHub mints: the token is revoked, never handed out, and the intent abandoned', async () => {
    const client = new AbortController();
    h.proxy.inject({
      ...BROKER_MINT,
      fault: {
        kind: 'around',
        before: async () => {
          client.abort();
          await sleep(300);
        },
      },
    });
    await expect(ask(h.app, await h.world.oidc.mint(), client.signal)).rejects.toThrow();
    const abandoned = await until('the intent to be abandoned', async () =>
      (await intents(h.app.store.db)).find((i) => i.state === 'abandoned'),
    );
    expect(abandoned.in_ledger).toBe(true);
    const revoked = await h.app.store.ledger.findById(abandoned.id);
    expect(revoked?.revokedAt).toBeDefined();
    expect(
      [...h.world.state.tokens.values()].find((t) => t.hash === revoked!.tokenHash)?.revokedAt,
    ).toBeDefined();
    await expectAccounted(h.world, h.app.store.db, h.proxy.lostTokenHashes);
  }, 60_000);

  it('GitHub holding its answer past the deadline: 503 deadline_exceeded at 10 s, the mint uncertain, nothing handed out', async () => {
    h.proxy.inject({ ...BROKER_MINT, fault: { kind: 'hang_after_forward' } });
    const answer = await ask(h.app, await h.world.oidc.mint());
    expect([answer.status, answer.error?.code]).toEqual([503, 'deadline_exceeded']);
    await settled(h.app.store.db);
    expect((await intents(h.app.store.db)).at(-1)?.state).toBe('uncertain');
    expect(h.proxy.lostTokenHashes.size).toBe(2);
    await expectAccounted(h.world, h.app.store.db, h.proxy.lostTokenHashes);
  }, 60_000);
});

// PostgreSQL of the suite's own, to kill and freeze. In CI (AIRLOCK_REQUIRE_POSTGRES=1) these run,
// never skip: a missing server fails them.
const ownPostgres = postgresBinDir() !== undefined || process.env.AIRLOCK_REQUIRE_POSTGRES === '1';
(ownPostgres ? describe : describe.skip)('minting while PostgreSQL fails', () => {
  let pg: DisposablePostgres;
  let h: Harness;
  beforeAll(async () => {
    pg = await startDisposablePostgres();
    h = await startHarness({ databaseUrl: pg.url });
  }, 120_000);
  afterAll(async () => {
    await h?.close();
    await pg?.close();
  });

  it('PostgreSQL killed right after GitHub minted: the token is revoked at once, the client gets 503, and the sweep makes the intent uncertain', async () => {
    h.proxy.inject({
      ...BROKER_MINT,
      fault: { kind: 'around', after: async () => (await pg.kill(), 'relay') },
    });
    const answer = await ask(h.app, await h.world.oidc.mint());
    expect(answer.status).toBeGreaterThanOrEqual(500);
    expect(answer.token).toBeUndefined();
    // Revoked at GitHub before the error was answered, though the ledger never held it.
    const minted = [...h.world.state.tokens.values()].filter((t) => t.repositoryIds !== undefined);
    expect(minted).toHaveLength(1);
    expect(minted[0]!.revokedAt).toBeDefined();
    expect(errorLines(h.logs, 'mint_unrecorded')).toEqual([]);

    await pg.restart();
    h.skew.ms = PENDING_STALE_MS + 1_000;
    await h.app.sweep();
    expect((await intents(h.app.store.db)).map((i) => i.state)).toEqual(['uncertain']);
    // A second sweep finds nothing left to do: one audit record for the outcome (checked below).
    await h.app.sweep();
    await expectAccounted(h.world, h.app.store.db, h.proxy.lostTokenHashes);
  }, 90_000);

  it('PostgreSQL stopped: the exchange is refused before anything is asked of GitHub; once it is back, the Action gets its token', async () => {
    const mintsBefore = h.proxy.events.filter(isBrokerMint).length;
    const intentsBefore = (await intents(h.app.store.db)).length;
    await pg.stop();
    try {
      const answer = await ask(h.app, await h.world.oidc.mint());
      expect(answer.status).toBeGreaterThanOrEqual(500);
      expect(h.proxy.events.filter(isBrokerMint)).toHaveLength(mintsBefore);
    } finally {
      await pg.restart();
    }
    const minted = await actionClient(h.app).exchange(freshTokens(h.world).provider, REQUEST);
    expect(minted.token).toMatch(/^ghs_/);
    expect((await intents(h.app.store.db)).slice(intentsBefore).map((i) => i.state)).toEqual([
      'minted',
    ]);
    await actionClient(h.app).revoke(minted.token);
    await expectAccounted(h.world, h.app.store.db, h.proxy.lostTokenHashes);
  }, 90_000);

  it('a database stall longer than the deadline: 503 (deadline_exceeded or store_unavailable), and nothing minted once the client has its answer', async () => {
    const mintsBefore = h.proxy.events.filter(isBrokerMint).length;
    const tokensBefore = h.world.state.tokens.size;
    const deadlineRefusals = async () => {
      let n = 0;
      await readAuditLog(h.app.store.db, (r) => void (r.kind === 'decision' && r.data.code === 'deadline_exceeded' && n++));
      return n;
    };
    const refusalsBefore = await deadlineRefusals();
    let frozenAt = 0;
    // Frozen while the trust policy is read, so the next database step (the intent) waits.
    h.proxy.inject({
      method: 'GET',
      path: POLICY_READ,
      fault: {
        kind: 'around',
        before: async () => {
          pg.freeze();
          frozenAt = Date.now();
        },
      },
    });
    const answer = await ask(h.app, await h.world.oidc.mint());
    // The deadline, or first the pool giving up on a new connection to the stalled server
    // (connectionTimeoutMillis): either way a 503 the Action retries, before anything is minted.
    expect(answer.status).toBe(503);
    expect(['deadline_exceeded', 'store_unavailable']).toContain(answer.error?.code);
    await sleep(Math.max(0, frozenAt + 12_000 - Date.now()));
    pg.thaw();
    await settled(h.app.store.db);
    // Past the deadline the exchange went on after the answer and gave up before the mint: at the
    // intent (written, then failed at the mint) or before it (the suspension check waited on the
    // stalled store, and a request past its deadline writes no intent). Either way it audits its
    // refusal last.
    if (answer.error?.code === 'deadline_exceeded')
      await until('the exchange to give up', async () =>
        (await deadlineRefusals()) > refusalsBefore ? true : undefined,
      );
    expect((await intents(h.app.store.db)).map((i) => i.state)).not.toContain('pending');
    expect(h.proxy.events.filter(isBrokerMint)).toHaveLength(mintsBefore);
    expect(h.world.state.tokens.size).toBe(tokensBefore);
    await expectAccounted(h.world, h.app.store.db, h.proxy.lostTokenHashes);
  }, 90_000);
});

describe('the App killed (SIGKILL) and stopped (SIGTERM) with mints in flight', () => {
  let world: World;
  let proxy: FaultProxy;
  let dir: string;
  const running: AppProcess[] = [];
  beforeAll(async () => {
    world = await startWorld();
    proxy = await startFaultProxy(world.state.serverUrl);
    dir = await mkdtemp(join(tmpdir(), 'airlock-kill-'));
  }, 60_000);
  afterAll(async () => {
    for (const app of running) await app.stop();
    await proxy?.close();
    await world?.close();
  });

  const start = async (data: string) => {
    const app = spawnApp({
      cwd: dir,
      env: {
        APP_ID: String(world.state.app.id),
        PRIVATE_KEY_PATH: world.privateKeyPath,
        WEBHOOK_SECRET: world.state.app.webhookSecret,
        GHE_HOST: proxy.host,
        GHE_PROTOCOL: 'http',
        AIRLOCK_OIDC_ISSUER: world.oidc.issuer,
        AIRLOCK_AUDIENCE: 'airlock',
        AIRLOCK_DATA_DIR: join(dir, data),
        PORT: '0',
        HOST: '127.0.0.1',
        // The "listening on port" line is at info.
        LOG_LEVEL: 'info',
      },
    });
    running.push(app);
    const port = (await app.line(/listening on port (\d+)/))[1]!;
    return { app, url: `http://127.0.0.1:${port}` };
  };

  /** `count` exchanges at once, each with its own OIDC token: the answer, or why there was none. */
  const exchangeMany = async (url: string, count: number) =>
    Promise.all(
      Array.from({ length: count }, async () => {
        const oidc = await world.oidc.mint();
        return fetch(`${url}/airlock/v1/token`, {
          method: 'POST',
          headers: { authorization: `Bearer ${oidc}`, 'content-type': 'application/json' },
          body: JSON.stringify(REQUEST),
        }).then(
          async (res) => ({ status: res.status, ...((await res.json()) as { token?: string }) }),
          (error: Error) => ({ status: 0, failed: error.message, token: undefined }),
        );
      }),
    );

  /** Holds each mint until `count` have arrived at GitHub (or 3 s passed): they are in flight together. */
  const barrier = (count: number) => {
    let arrived = 0;
    let open: () => void = () => undefined;
    const opened = new Promise<void>((resolve) => (open = resolve));
    setTimeout(() => open(), 3_000).unref();
    return async () => {
      if (++arrived >= count) open();
      await opened;
    };
  };

  const openData = async (data: string, check: (db: Database) => Promise<void>) => {
    const db = await openDatabase({ dataDir: join(dir, data) });
    try {
      await check(db);
    } finally {
      await db.close();
    }
  };

  it('SIGKILL with four mints in flight: on restart the sweep makes each pending intent uncertain, audits it once and alerts', async () => {
    const first = await start('killed');
    const mintsBefore = proxy.events.filter(isBrokerMint).length;
    const together = barrier(4);
    let killed: Promise<void> | undefined;
    proxy.inject({
      ...BROKER_MINT,
      times: 4,
      fault: {
        kind: 'around',
        before: together,
        // GitHub has minted; the App dies before any answer reaches it.
        after: async () => {
          killed ??= (async () => {
            first.app.child.kill('SIGKILL');
            await first.app.exited;
          })();
          await killed;
          return 'drop';
        },
      },
    });
    const answers = await exchangeMany(first.url, 4);
    expect(answers.map((a) => a.status)).toEqual([0, 0, 0, 0]);
    expect(answers.filter((a) => a.token !== undefined)).toEqual([]);
    // Every mint that reached GitHub was minted there, and its answer lost with the App.
    const sent = proxy.events.filter(isBrokerMint).slice(mintsBefore);
    expect(sent.length).toBeGreaterThanOrEqual(1);
    await until('the proxy to drop every answer', async () =>
      sent.every((e) => e.forwarded) && proxy.lostTokenHashes.size === sent.length
        ? true
        : undefined,
    );
    const lost = sent.length;

    // The App sweeps every 30 s; an intent pending for PENDING_STALE_MS (30 s) has no request
    // behind it any more.
    const second = await start('killed');
    await until(
      'an alert for each mint in flight',
      async () => {
        const alerts = second.app.stderr().match(/"alert":"mint_uncertain"/g) ?? [];
        return alerts.length >= lost ? alerts.length : undefined;
      },
      90_000,
    );
    // The alerts come one by one from a single sweep: let it finish before the App stops.
    await sleep(1_000);
    await second.app.stop();
    expect(
      JSON.parse(
        second.app
          .stderr()
          .split('\n')
          .find((l) => l.includes('"alert":"mint_uncertain"'))!,
      ),
    ).toMatchObject({
      level: 50,
      alert: 'mint_uncertain',
      repository: 'acme/widgets',
    });

    await openData('killed', async (db) => {
      const rows = await intents(db);
      // Every mint that reached GitHub has an intent that says it may have happened.
      expect(rows.filter((i) => i.state === 'uncertain').length).toBeGreaterThanOrEqual(lost);
      expect(rows.filter((i) => i.state !== 'uncertain' && i.state !== 'failed')).toEqual([]);
      const records: AuditRecord[] = [];
      await readAuditLog(db, (r) => void records.push(r));
      expect(
        records.filter((r) => r.data.decision === 'mint_uncertain').map((r) => r.actor),
      ).toEqual(rows.filter((i) => i.state === 'uncertain').map(() => 'airlock:sweep'));
      await expectAccounted(world, db, proxy.lostTokenHashes);
    });
  }, 150_000);

  it('SIGTERM with four mints in flight: the App finishes them before it closes the store, so none is left pending or live unrecorded', async () => {
    proxy.clearRules();
    const lostBefore = proxy.lostTokenHashes.size;
    const earlier = new Set(world.state.tokens.keys());
    const first = await start('stopped');
    const together = barrier(4);
    let stopping = false;
    proxy.inject({
      ...BROKER_MINT,
      times: 4,
      fault: {
        kind: 'around',
        before: async () => {
          await together();
          // The App starts draining while GitHub mints.
          if (!stopping) {
            stopping = true;
            first.app.child.kill('SIGTERM');
          }
          await sleep(500);
        },
      },
    });
    const answers = await exchangeMany(first.url, 4);
    expect(await first.app.exited).toBe(0);
    expect(first.app.stderr()).not.toMatch(/token exchanges still running at shutdown/);
    // Each client got its token or a refusal that carries none.
    for (const answer of answers) {
      if (answer.status === 200) expect(answer.token).toMatch(/^ghs_/);
      else expect(answer.token).toBeUndefined();
    }
    expect(answers.filter((a) => a.status === 200).length).toBeGreaterThanOrEqual(1);
    expect(proxy.lostTokenHashes.size).toBe(lostBefore);

    await openData('stopped', async (db) => {
      // Nothing pending or uncertain: every mint in flight ended recorded (or revoked).
      expect(
        (await intents(db)).map((i) => i.state).filter((s) => s !== 'minted' && s !== 'abandoned'),
      ).toEqual([]);
    });
    // The tokens handed out are the clients' to revoke, through a replica that is up.
    const second = await start('stopped');
    for (const answer of answers.filter((a) => a.token !== undefined)) {
      const res = await fetch(`${second.url}/airlock/v1/token`, {
        method: 'DELETE',
        headers: { authorization: `token ${answer.token!}` },
      });
      expect(res.status).toBe(204);
    }
    await second.app.stop();
    await openData('stopped', (db) => expectAccounted(world, db, proxy.lostTokenHashes, earlier));
  }, 150_000);
});
