import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { pino, type Logger } from 'pino';
import { airlockApp } from '../../app/airlock-app.js';
import type { AppSettings } from '../../app/app-settings.js';
import { openAppStore, type AppStore } from '../../app/app-store.js';
import { startApp } from '../../app/start-app.js';
import { appOctokit } from '../../app/github/app-octokit.js';
import { nodeHttpFetch } from '../http/node-http-fetch.js';
import { createAppMetrics } from '../../app/metrics/app-metrics.js';
import { cachedAppJwt } from '../../app/sts/cached-app-jwt.js';
import { readAuditLog } from '../audit/read-audit-log.js';
import type { CliCommand, CliIo } from '../cli/cli-io.js';
import { distDir } from '../cli/dist-dir.js';
import { CliError, numberOption, runCommand, type ParsedValues } from '../cli/parse-command-args.js';
import { loadPolicyModules, policyDir } from '../policy/policy-modules.js';
import type { OpenDatabaseOptions } from '../store/database.js';
import { renderPull } from '../world/github/pulls-routes.js';
import { commitFiles, type WorldPull } from '../world/github/world-state.js';
import { startWorld, type World } from '../world/start-world.js';
import { measureAppMemory } from './app-memory.js';
import { bareApp, serveProbotApp, type ProbotIdentity, type ServedApp } from './bare-probot-app.js';
import { summarize } from './bench-stats.js';

const AGENT = 'agent-smith[bot]';
const REPO = 'acme/widgets';
const TARGET_RATIO = 0.5;
const TARGET_P99_MS = 100;
const TARGET_CONCURRENCY = 50;
/** GitHub calls per `synchronize` that changes nothing but the head (issue 16). */
const TARGET_SYNC_CALLS = 4;
/** The App's resident memory when idle, as its own process on PGlite (issue 16). */
const TARGET_IDLE_RSS_MB = 200;
/** Deliveries the App's own (throttled) process gets for its memory under load. */
const MEMORY_DELIVERIES = 100;
/**
 * A GitHub App installation's primary rate limit: 5,000 requests an hour at least (more with many
 * repositories or users, up to 12,500; 15,000 on Enterprise Cloud). A 304 does not count.
 * https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#primary-rate-limit-for-github-app-installations
 */
const INSTALLATION_REQUESTS_PER_HOUR = 5000;
/** Serial `synchronize` deliveries whose GitHub calls are counted one by one. */
const SYNC_SAMPLE = 20;

interface Run {
  seconds: number;
  latencies: number[];
  statuses: Record<string, number>;
  deliveryIds: string[];
  headShas: Set<string>;
  githubCalls: number;
  /** Of those, answered `304 Not Modified` (conditional requests; free of the rate limit). */
  githubNotModified: number;
  /** Per delivery, in order; exact only when one delivery is in flight at a time. */
  perDelivery: { action: string; calls: number; notModified: number }[];
  cpuMs: number;
}

/**
 * Sends `count` signed deliveries to the world's webhook URL, `concurrency` at a time. Each
 * concurrent sender is an agent with a pull request of its own: its first delivery is
 * `pull_request.opened`, every later one a new commit followed by `pull_request.synchronize`,
 * so each delivery names a head commit no check run exists for yet. The pull requests are closed
 * afterwards so that the next run's "list open pull requests" sees the same repository; an App
 * that answers 202 and works deliveries off a queue must have `drained` first (it reads the pull
 * request again, and skips a closed one).
 */
async function deliver(world: World, label: string, count: number, concurrency: number, drained?: () => Promise<void>): Promise<Run> {
  const repo = world.repo(REPO);
  const agent = world.user(AGENT);
  const author = { name: agent.login, email: `${agent.id}+${agent.login}@users.noreply.github.test`, login: agent.login };
  let number = Math.max(0, ...world.state.pulls.filter((p) => p.repoId === repo.id).map((p) => p.number), ...world.state.issues.filter((i) => i.repoId === repo.id).map((i) => i.number)) + 1;
  const pulls: WorldPull[] = [];
  const run: Run = { seconds: 0, latencies: [], statuses: {}, deliveryIds: [], headShas: new Set(), githubCalls: 0, githubNotModified: 0, perDelivery: [], cpuMs: 0 };

  // The world logs every request it answers (request-log.ts): the GitHub API calls the app under
  // test makes per delivery (the reason one app is slower than the other), whatever transport it uses.
  const requests = world.state.requests;
  const counted = { from: requests.length };
  const countCalls = () => {
    for (; counted.from < requests.length; counted.from++) {
      const request = requests[counted.from];
      if (request.path.startsWith('/_world/')) continue;
      run.githubCalls++;
      if (request.status === 304) run.githubNotModified++;
    }
  };
  let sent = 0;
  const cpu = process.cpuUsage();
  const start = performance.now();
  try {
    await Promise.all(
      Array.from({ length: concurrency }, async (_, sender) => {
        let pull: WorldPull | undefined;
        for (let round = 0; sent < count; round++) {
          sent++;
          const branch = `agent/bench-${label}-${sender}`;
          const before = repo.refs.get(`heads/${branch}`);
          const commit = commitFiles(repo, branch, { files: { [`src/bench-${sender}.js`]: `export const round = ${round};\n` }, message: `Round ${round}`, author });
          if (!pull) {
            pull = { number: number++, id: world.state.nextId(), repoId: repo.id, title: `Agent change ${sender}`, body: '', user: agent, state: 'open', headRef: branch, baseRef: repo.defaultBranch, reviews: [], createdAt: new Date().toISOString() };
            world.state.pulls.push(pull);
            pulls.push(pull);
          }
          const action = before ? 'synchronize' : 'opened';
          const payload = world.payload('pull_request', { action, repo, sender: agent });
          payload.number = pull.number;
          payload.pull_request = { ...(payload.pull_request as object), ...renderPull({ state: world.state }, repo, pull) };
          if (before) Object.assign(payload, { before, after: commit.sha });
          run.headShas.add(commit.sha);
          countCalls();
          const [calls, notModified] = [run.githubCalls, run.githubNotModified];
          const t0 = performance.now();
          const delivery = await world.deliver('pull_request', payload);
          run.latencies.push(performance.now() - t0);
          countCalls();
          run.perDelivery.push({ action, calls: run.githubCalls - calls, notModified: run.githubNotModified - notModified });
          run.deliveryIds.push(delivery.id);
          run.statuses[delivery.status] = (run.statuses[delivery.status] ?? 0) + 1;
        }
      }),
    );
    await drained?.();
    countCalls();
  } finally {
    run.seconds = (performance.now() - start) / 1000;
    const used = process.cpuUsage(cpu);
    run.cpuMs = (used.user + used.system) / 1000;
    for (const pull of pulls) pull.state = 'closed';
  }
  return run;
}

interface RunReport {
  deliveries: number;
  deliveries_per_s: number;
  latency_ms: ReturnType<typeof summarize>;
  http_status: Record<string, number>;
  check_runs_created: number;
  github_api_calls_per_delivery: number;
  /** Calls that count against the installation's rate limit (all but 304s). */
  github_rate_limited_calls_per_delivery: number;
  process_cpu_ms_per_delivery: number;
}

function report(world: World, run: Run): RunReport {
  const n = run.latencies.length;
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    deliveries: n,
    deliveries_per_s: round(n / run.seconds),
    latency_ms: summarize(run.latencies),
    http_status: run.statuses,
    check_runs_created: world.state.checkRuns.filter((c) => c.name === 'Airlock' && c.status === 'completed' && run.headShas.has(c.headSha)).length,
    github_api_calls_per_delivery: round(run.githubCalls / n),
    github_rate_limited_calls_per_delivery: round((run.githubCalls - run.githubNotModified) / n),
    // One process holds the world, the app and the load generator: this is their CPU together.
    process_cpu_ms_per_delivery: round(run.cpuMs / n),
  };
}

/** A schema of its own on the given server, dropped afterwards, so runs never meet old records. */
async function withFreshSchema<T>(url: string, use: (database: OpenDatabaseOptions) => Promise<T>): Promise<T> {
  const schema = `airlock_bench_${randomBytes(6).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE SCHEMA ${schema}`);
  try {
    const scoped = new URL(url);
    scoped.searchParams.set('options', `-c search_path=${schema}`);
    return await use({ databaseUrl: scoped.toString() });
  } finally {
    await admin(`DROP SCHEMA ${schema} CASCADE`);
  }
}

/** The App built as app/start-app.ts builds it, served without Octokit's write throttle. */
async function startUnthrottledAirlock(world: World, identity: ProbotIdentity, database: OpenDatabaseOptions, log: Logger): Promise<ServedApp & { store: AppStore }> {
  const settings: AppSettings = { ...identity, oidcIssuer: world.oidc.issuer, audience: 'airlock', port: 0, host: '127.0.0.1', database, policyDir: policyDir(), sweepIntervalMs: 3_600_000 };
  const policies = await loadPolicyModules(settings.policyDir);
  const store = await openAppStore({ database, encryptionKey: randomBytes(32), clock: Date.now });
  // The App's own Octokit (plugins, no plugin-retry, the cached App JWT) without write pacing,
  // which would measure GitHub's pause between writes rather than the App.
  const githubFetch = nodeHttpFetch();
  const Octokit = appOctokit({ pacer: () => undefined, metrics: createAppMetrics(), createJwt: cachedAppJwt({ appId: identity.appId, privateKey: identity.privateKey }), fetch: githubFetch });
  const served = await serveProbotApp(airlockApp({ settings, store, policies, githubFetch }), { ...identity, log, throttle: false, Octokit });
  return {
    ...served,
    store,
    async close() {
      await served.close();
      await store.close();
    },
  };
}

/**
 * GitHub calls of `synchronize` deliveries that change nothing but the head (same configuration,
 * no reviews), one at a time so each call is the delivery's own, and the rate-limit budget they
 * leave: `synchronize` deliveries an installation can take an hour on calls alone.
 */
async function syncCalls(world: World, label: string) {
  const run = await deliver(world, label, SYNC_SAMPLE + 1, 1);
  const syncs = run.perDelivery.filter((d) => d.action === 'synchronize');
  const mean = (xs: number[]) => Math.round((xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length)) * 100) / 100;
  const calls = mean(syncs.map((d) => d.calls));
  const rateLimited = mean(syncs.map((d) => d.calls - d.notModified));
  return {
    deliveries: syncs.length,
    github_api_calls: calls,
    not_modified_304: mean(syncs.map((d) => d.notModified)),
    rate_limited_calls: rateLimited,
    installation_requests_per_hour: INSTALLATION_REQUESTS_PER_HOUR,
    synchronize_deliveries_per_hour_within_rate_limit: rateLimited > 0 ? Math.floor(INSTALLATION_REQUESTS_PER_HOUR / rateLimited) : null,
  };
}

async function countDecisions(store: AppStore, run: Run): Promise<number> {
  const ids = new Set(run.deliveryIds);
  let decisions = 0;
  await readAuditLog(store.db, (r) => {
    if (r.kind === 'decision' && ids.has(String(r.data.delivery))) decisions++;
  });
  return decisions;
}

const WEBHOOKS_BENCH = {
  name: 'bench webhooks',
  help: {
    usage: ['airlock bench webhooks [--n N] [--concurrency C] [--warmup W] [--shipped-n S] [--database-url URL] [--no-memory]'],
    about: 'Signed pull_request deliveries per second through the App\'s PR gate against the local world, on PGlite and, with --database-url or AIRLOCK_BENCH_DATABASE_URL, on PostgreSQL, beside a bare Probot app; then the App\'s resident memory as its own process (`node dist/cli.js app`, or AIRLOCK_CLI) idle, at start-up\'s peak, at the peak under up to 100 of the same deliveries (it is throttled as shipped) and after them. One JSON document on stdout.',
    options: [
      ['--n N', 'measured deliveries (default 1000)'],
      ['--concurrency C', `deliveries in flight (default ${TARGET_CONCURRENCY})`],
      ['--warmup W', 'warm-up deliveries (default 2 x concurrency)'],
      ['--shipped-n S', 'deliveries through the throttled, shipped App (default 8)'],
      ['--database-url URL', 'PostgreSQL for the second run'],
      ['--no-memory', "skip the App process' memory measurement (it needs Linux /proc and a built CLI)"],
    ],
    exit: { 0: 'measured', 2: 'usage error' },
  },
  options: { n: { type: 'string' }, concurrency: { type: 'string' }, warmup: { type: 'string' }, 'shipped-n': { type: 'string' }, 'database-url': { type: 'string' }, 'no-memory': { type: 'boolean' } },
} as const;

/**
 * `npm run bench -- webhooks [--n N] [--concurrency C] [--warmup W] [--shipped-n S] [--database-url URL]`:
 * signed `pull_request` deliveries per second through the App's PR gate (delivery claim, config,
 * GitHub reads, secret scan, policy, check run, audit append) against the local world, on PGlite
 * and, with `--database-url` or AIRLOCK_BENCH_DATABASE_URL, on PostgreSQL, beside a bare Probot
 * app that only creates the same check run for the same kind of deliveries. Targets: at least
 * 0.5x the bare app's throughput; p99 <= 100 ms at 50 concurrent deliveries on PostgreSQL.
 *
 * The targeted runs serve both apps without Octokit's write throttle (see bare-probot-app.ts):
 * with it, both are held to one check run per second per installation and neither the ratio nor
 * the latency says anything about the App. The `shipped` section measures that as shipped: the
 * real start-app.ts (throttled) on PGlite and the bare app with the same Probot defaults.
 *
 * Unless `--no-memory`, each backend's result also has `app_process_rss_mb`: `airlock app` as its
 * own process (see app-memory.ts) idle, at start-up's peak, at the peak under up to 100 of the same
 * deliveries (it is throttled as shipped) and after them; target on PGlite:
 * idle <= 200 MB (issue 16).
 */
export const webhooksBench: CliCommand = (argv, io) => runCommand(WEBHOOKS_BENCH, argv, io, ({ values }) => measureWebhooks(values, io));

async function measureWebhooks(values: ParsedValues<typeof WEBHOOKS_BENCH.options>, io: CliIo): Promise<number> {
  const n = numberOption('--n', values.n, 1000, { integer: true, min: 1 });
  const concurrency = numberOption('--concurrency', values.concurrency, TARGET_CONCURRENCY, { integer: true, min: 1 });
  const warmup = numberOption('--warmup', values.warmup, 2 * concurrency, { integer: true, min: 0 });
  // Throttled, every delivery waits a second per delivery ahead of it: keep the sample small.
  const shippedN = numberOption('--shipped-n', values['shipped-n'], 8, { integer: true, min: 0 });
  const databaseUrl = values['database-url'] ?? io.env.AIRLOCK_BENCH_DATABASE_URL;
  // The CLI as users run it; AIRLOCK_CLI points at another build (as the App's process tests do).
  const cli = values['no-memory'] ? undefined : (io.env.AIRLOCK_CLI ?? join(distDir(), 'cli.js'));
  if (cli && !existsSync(cli)) throw new CliError('usage', `the App's CLI ${cli} does not exist: build it (npm run build), point AIRLOCK_CLI at a build, or pass --no-memory`);

  const log = pino({ level: 'silent' });
  const world = await startWorld();
  const identity: ProbotIdentity = { appId: world.state.app.id, privateKey: world.state.app.privateKeyPem, webhookSecret: world.state.app.webhookSecret, githubApiUrl: world.githubApiUrl };
  // Warm-up first (JIT, the App's slug, the installation token cache), then the measured run.
  const measure = async (label: string, url: string, count: number, senders: number, warm: number) => {
    world.webhookUrl = `${url}/api/github/webhooks`;
    if (warm > 0) await deliver(world, `${label}-warm`, warm, Math.min(senders, warm));
    const run = await deliver(world, label, count, senders);
    return { run, result: report(world, run) };
  };
  const withApp = async <A extends ServedApp, T>(app: A, use: (app: A) => Promise<T>): Promise<T> => {
    try {
      return await use(app);
    } finally {
      await app.close();
    }
  };

  try {
    const bare = await withApp(await serveProbotApp(bareApp, { ...identity, log, throttle: false }), async (app) => (await measure('bare', app.url, n, concurrency, warmup)).result);
    const runAirlock = async (backend: 'pglite' | 'postgres', database: OpenDatabaseOptions) =>
      withApp(await startUnthrottledAirlock(world, identity, database, log), async (app) => {
        const { run, result } = await measure(backend, app.url, n, concurrency, warmup);
        const synchronize = await syncCalls(world, `${backend}-sync`);
        return { backend, ...result, audit_decisions_recorded: await countDecisions(app.store, run), throughput_vs_bare: Math.round((result.deliveries_per_s / bare.deliveries_per_s) * 100) / 100, synchronize };
      });
    // The App as its own process, on a database of its own, after the in-process runs closed.
    const appMemory = async (backend: 'pglite' | 'postgres', database: OpenDatabaseOptions) => {
      if (!cli) return {};
      let run: Run | undefined;
      // `airlock app` is throttled as shipped (Probot's plugin-throttling: writes 1 s apart per
      // installation, https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api#pause-between-mutative-requests),
      // so its queue drains about one delivery a second: a bounded sample, and a deadline that allows for it.
      const count = Math.min(n, MEMORY_DELIVERIES);
      const rss = await measureAppMemory({ cli, world, databaseUrl: database.databaseUrl, timeoutMs: 120_000 + 2_000 * count, load: async (drained) => (run = await deliver(world, `${backend}-memory`, count, Math.min(concurrency, count), drained)) });
      // What the App process did under that load: check runs completed for the deliveries' heads.
      const handled = { http_status: run!.statuses, check_runs_created: report(world, run!).check_runs_created };
      return { app_process_rss_mb: rss, app_process_deliveries: handled, ...(backend === 'pglite' ? { meets_targets: { idle_rss_200mb_pglite: rss.idle <= TARGET_IDLE_RSS_MB } } : {}) };
    };
    // On a data directory of its own, as `airlock app` runs (initialised by a child process;
    // files on disk rather than in PGlite's in-memory file system): what ships is what is measured.
    const dataDir = await mkdtemp(join(tmpdir(), 'airlock-bench-webhooks-'));
    const pglite = await runAirlock('pglite', { dataDir }).finally(() => rm(dataDir, { recursive: true, force: true }));
    const results = [{ ...pglite, ...(await appMemory('pglite', {})) }];
    if (databaseUrl) {
      const postgresRun = await withFreshSchema(databaseUrl, (database) => runAirlock('postgres', database));
      results.push({ ...postgresRun, ...(await withFreshSchema(databaseUrl, (database) => appMemory('postgres', database))) });
    }

    let shipped: Record<string, unknown> | undefined;
    if (shippedN > 0) {
      const senders = Math.min(concurrency, shippedN);
      const shippedBare = await withApp(await serveProbotApp(bareApp, { ...identity, log, throttle: true }), async (app) => (await measure('shipped-bare', app.url, shippedN, senders, 1)).result);
      const shippedDir = await mkdtemp(join(tmpdir(), 'airlock-bench-webhooks-'));
      const app = await startApp({
        settings: { ...identity, oidcIssuer: world.oidc.issuer, audience: 'airlock', port: 0, host: '127.0.0.1', database: { dataDir: shippedDir }, policyDir: policyDir(), sweepIntervalMs: 3_600_000 },
        encryptionKey: randomBytes(32),
        log,
      }).catch(async (error: unknown) => {
        await rm(shippedDir, { recursive: true, force: true });
        throw error;
      });
      const shippedAirlock = await withApp(app, async () => {
        const { run, result } = await measure('shipped-pglite', app.url, shippedN, senders, 1);
        return { backend: 'pglite', ...result, audit_decisions_recorded: await countDecisions(app.store, run) };
      }).finally(() => rm(shippedDir, { recursive: true, force: true }));
      shipped = { throttle: 'Probot default: plugin-throttling, writes 1 s apart per installation', concurrency: senders, bare: shippedBare, airlock: shippedAirlock };
    }

    const postgres = results.find((r) => r.backend === 'postgres');
    const p99 = postgres?.latency_ms.p99;
    io.stdout(
      JSON.stringify({
        bench: 'webhooks',
        events: `pull_request.opened, then pull_request.synchronize per new commit, on ${REPO} pull requests by ${AGENT}; one pull request per concurrent sender`,
        throttle: 'off for bare and results (both apps alike); see shipped',
        deliveries: n,
        warmup_deliveries: warmup,
        concurrency,
        targets: { throughput_vs_bare_min: TARGET_RATIO, postgres_p99_ms_max: TARGET_P99_MS, at_concurrency: TARGET_CONCURRENCY, synchronize_github_calls_max: TARGET_SYNC_CALLS, ...(cli ? { app_idle_rss_mb_max_pglite: TARGET_IDLE_RSS_MB } : {}) },
        bare,
        results,
        targets_met: {
          throughput_vs_bare: Object.fromEntries(results.map((r) => [r.backend, r.throughput_vs_bare >= TARGET_RATIO])),
          // Not met unless measured on PostgreSQL at the target's concurrency.
          postgres_p99: p99 !== undefined && concurrency >= TARGET_CONCURRENCY && p99 <= TARGET_P99_MS,
          synchronize_github_calls: Object.fromEntries(results.map((r) => [r.backend, r.synchronize.github_api_calls <= TARGET_SYNC_CALLS])),
        },
        // Little's law: with `concurrency` deliveries always in flight, mean latency = concurrency /
        // throughput, so no app's p99 can be under this floor unless it answers faster than the bare
        // Probot app does here. The p99 target at 50 in flight asks for >= 500 deliveries/s.
        latency_floor: { bare_mean_latency_ms: Math.round((concurrency / bare.deliveries_per_s) * 1000), bare_p99_ms: bare.latency_ms.p99, ...(postgres ? { postgres_p99_vs_bare_p99: Math.round((postgres.latency_ms.p99 / bare.latency_ms.p99) * 100) / 100 } : {}) },
        ...(postgres ? {} : { note: 'no PostgreSQL run: pass --database-url or set AIRLOCK_BENCH_DATABASE_URL' }),
        ...(shipped ? { shipped } : {}),
        world_violations: world.state.violations.length,
      }) + '\n',
    );
    return 0;
  } finally {
    await world.close();
  }
}
