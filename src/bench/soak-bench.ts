import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditRecord } from '../audit/audit-record.js';
import { readAuditLog } from '../audit/read-audit-log.js';
import { verifyAuditChain } from '../audit/verify-audit-chain.js';
import type { CliCommand, CliIo } from '../cli/cli-io.js';
import { CliError, numberOption, runCommand, type ParsedValues } from '../cli/parse-command-args.js';
import { openDatabase } from '../store/database.js';
import { addRepo } from '../world/github/seed-world.js';
import type { WorldRepo } from '../world/github/world-state.js';
import { startWorld } from '../world/start-world.js';
import { summarize } from './bench-stats.js';

const AGENTS = ['agent-smith[bot]', 'renovate[bot]'];
const REPOS = ['soak-1', 'soak-2'];
const TARGET_BACKLOG_P99_S = 10;
/** RSS the App may grow from the end of the first stage to the end (issue 14: no unbounded growth). */
const TARGET_RSS_GROWTH_MB = 50;
const DEFAULT_RATES = [0.5, 0.75, 0.9, 1, 1.25];

interface Push {
  repo: WorldRepo;
  agent: string;
  sha: string;
  sentAt: number;
  answerMs: number;
  status: number;
  /** When its check run was first seen in the world. */
  handledAt?: number;
  /** When its agent's incident issue first listed it. */
  listedAt?: number;
}

interface Sample {
  at: number;
  depth: number;
  oldestAgeMs: number;
  rssBytes: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;
const mb = (bytes: number) => round(bytes / 1024 / 1024, 1);

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const rssOf = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;

/** `airlock app` as a child process (the CLI running this bench), so its memory is its own. */
async function spawnApp(env: Record<string, string>, cwd: string): Promise<{ child: ChildProcess; exited: Promise<number | null> }> {
  const child = spawn(process.execPath, [process.argv[1]!, 'app'], { cwd, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  let stderr = '';
  await new Promise<void>((resolve, reject) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (/listening on port \d+/.test(stderr)) resolve();
    });
    void exited.then((code) => reject(new Error(`airlock app exited (${code}) before listening: ${stderr.trim()}`)));
  });
  return { child, exited };
}

const SOAK_BENCH = {
  name: 'bench soak',
  help: {
    usage: ['airlock bench soak [--seconds S] [--rates R1,R2,...] [--database-url URL]'],
    about: `Sustained agent pushes to protected branches against the App (a child process) and the local world over loopback, in stages of rising push rates, with the App's writes paced at GitHub's documented limits. Reports throughput, answer and handling latency p50/p99, backlog age, RSS growth, lost and doubled pushes, and the highest rate answered with backlog age p99 <= ${TARGET_BACKLOG_P99_S} s. One JSON document on stdout.`,
    options: [
      ['--seconds S', 'seconds of load, split evenly over the stages (default 240)'],
      ['--rates R', `agent pushes per second of each stage (default ${DEFAULT_RATES.join(',')})`],
      ['--database-url URL', 'PostgreSQL instead of embedded PGlite (or AIRLOCK_BENCH_DATABASE_URL)'],
    ],
    exit: { 0: 'measured (lost and doubled are reported, not judged)', 2: 'usage error' },
  },
  options: { seconds: { type: 'string' }, rates: { type: 'string' }, 'database-url': { type: 'string' } },
} as const;

/**
 * `npm run bench -- soak [--seconds S] [--rates R1,R2,...] [--database-url URL]`: agent pushes to
 * protected branches at rising rates through the whole delivery path (signed delivery, durable
 * queue, per-installation pacing at GitHub's limits, check run, audit, batched incident issue),
 * bounded in time, loopback only. Each push is checked afterwards: one failing check run, listed
 * once in its agent's incident issue, one audit record of each kind (0 lost, 0 doubled).
 */
export const soakBench: CliCommand = (argv, io) => runCommand(SOAK_BENCH, argv, io, ({ values }) => soak(values, io));

function parseRates(raw: string | undefined): number[] {
  if (raw === undefined) return DEFAULT_RATES;
  const rates = raw.split(',').map((r) => Number(r.trim()));
  if (rates.length === 0 || rates.some((r) => !Number.isFinite(r) || r <= 0 || r > 50)) throw new CliError('usage', `--rates ${raw} is not valid; expected pushes per second from 0 to 50, comma-separated, e.g. 0.5,1,2`);
  return rates;
}

async function soak(values: ParsedValues<typeof SOAK_BENCH.options>, io: CliIo): Promise<number> {
  const seconds = numberOption('--seconds', values.seconds, 240, { integer: false, min: 5 });
  const rates = parseRates(values.rates);
  const databaseUrl = values['database-url'] ?? io.env.AIRLOCK_BENCH_DATABASE_URL;
  const world = await startWorld();
  const dir = await mkdtemp(join(tmpdir(), 'airlock-soak-'));
  const config = `agents:\n${AGENTS.map((a) => `  - ${a}\n`).join('')}mode: issue\n`;
  const repos = REPOS.map((name) => addRepo(world.state, world.user('acme'), name, { 'README.md': `# ${name}\n`, '.github/airlock.yml': config }));
  const port = await freePort();
  const appUrl = `http://127.0.0.1:${port}`;
  const env: Record<string, string> = {
    APP_ID: String(world.state.app.id),
    PRIVATE_KEY_PATH: world.privateKeyPath,
    WEBHOOK_SECRET: world.state.app.webhookSecret,
    GHE_HOST: world.gheHost,
    GHE_PROTOCOL: 'http',
    AIRLOCK_OIDC_ISSUER: world.oidc.issuer,
    AIRLOCK_AUDIENCE: 'airlock',
    PORT: String(port),
    HOST: '127.0.0.1',
    AIRLOCK_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    LOG_LEVEL: 'error',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { AIRLOCK_DATA_DIR: join(dir, 'data') }),
  };
  const app = await spawnApp(env, dir);
  world.webhookUrl = `${appUrl}/api/github/webhooks`;
  const pushes: Push[] = [];
  const samples: Sample[] = [];
  let sampling = true;
  // The App's own numbers (its /readyz backlog) and memory, twice a second.
  const sampler = (async () => {
    while (sampling) {
      try {
        const body = (await (await fetch(`${appUrl}/readyz`)).json()) as { backlog?: { depth: number; oldestAgeMs: number } };
        samples.push({ at: Date.now(), depth: body.backlog?.depth ?? 0, oldestAgeMs: body.backlog?.oldestAgeMs ?? 0, rssBytes: rssOf(app.child.pid!) });
      } catch {
        // A sample lost under load says nothing.
      }
      await sleep(500);
    }
  })();
  // The world's check runs and incident issues five times a second, for when each push was handled.
  const watcher = (async () => {
    while (sampling) {
      const seen = new Set(world.state.checkRuns.map((r) => r.headSha));
      const now = Date.now();
      for (const p of pushes) {
        if (p.handledAt === undefined && seen.has(p.sha)) p.handledAt = now;
        if (p.listedAt === undefined && world.state.issues.some((i) => i.repoId === p.repo.id && i.body.includes(`\`${p.sha.slice(0, 12)}\``))) p.listedAt = now;
      }
      await sleep(200);
    }
  })();

  const push = async (i: number) => {
    const repo = repos[i % repos.length]!;
    const agent = AGENTS[Math.floor(i / repos.length) % AGENTS.length]!;
    const sentAt = Date.now();
    const delivered = await world.push({ repo: `acme/${repo.name}`, branch: 'main', pusher: agent, files: { [`agent/${i}.txt`]: `${i}\n` }, message: `agent push ${i}` });
    pushes.push({ repo, agent, sha: delivered.sha, sentAt, answerMs: Date.now() - sentAt, status: delivered.delivery.status });
  };
  const drain = async (limitMs: number) => {
    const deadline = Date.now() + limitMs;
    while (Date.now() < deadline) {
      const last = samples.at(-1);
      if (last && last.at > Date.now() - 1_500 && last.depth === 0 && pushes.every((p) => p.handledAt !== undefined && p.listedAt !== undefined)) return true;
      await sleep(500);
    }
    return false;
  };

  try {
    let n = 0;
    // Warm-up: the App's slug, installation token and JIT, outside the measured stages.
    await push(n++);
    await drain(60_000);
    const idleRss = rssOf(app.child.pid!);
    const stageSeconds = seconds / rates.length;
    const stages = [];
    for (const rate of rates) {
      const from = pushes.length;
      const start = Date.now();
      const sends: Promise<void>[] = [];
      for (let k = 0; Date.now() - start < stageSeconds * 1000; k++) {
        sends.push(push(n++));
        await sleep(Math.max(0, start + ((k + 1) * 1000) / rate - Date.now()));
      }
      await Promise.all(sends);
      const end = Date.now();
      const drained = await drain(120_000);
      const stagePushes = pushes.slice(from);
      const stageSamples = samples.filter((s) => s.at >= start && s.at <= Date.now());
      const ages = summarize(stageSamples.map((s) => s.oldestAgeMs / 1000));
      const handled = stagePushes.filter((p) => p.handledAt !== undefined);
      stages.push({
        rate_per_s: rate,
        pushes: stagePushes.length,
        load_seconds: round((end - start) / 1000, 1),
        throughput_per_s: round(handled.length / ((Math.max(...handled.map((p) => p.handledAt!), end) - start) / 1000)),
        answer_ms: summarize(stagePushes.map((p) => p.answerMs)),
        handled_s: summarize(handled.map((p) => (p.handledAt! - p.sentAt) / 1000)),
        listed_in_incident_s: summarize(stagePushes.filter((p) => p.listedAt !== undefined).map((p) => (p.listedAt! - p.sentAt) / 1000)),
        backlog_age_s: { p50: ages.p50, p99: ages.p99, max: round(Math.max(0, ...stageSamples.map((s) => s.oldestAgeMs / 1000))) },
        backlog_depth_max: Math.max(0, ...stageSamples.map((s) => s.depth)),
        drained,
        rss_mb_after: mb(rssOf(app.child.pid!)),
        // A ramp: the stages past what GitHub's write pacing allows are meant to miss; not a target each.
        backlog_p99_within_limit: ages.p99 <= TARGET_BACKLOG_P99_S,
      });
    }
    sampling = false;
    await Promise.all([sampler, watcher]);
    const endRss = rssOf(app.child.pid!);

    // Stop the App (a draining shutdown) and read its store for the audit side of the tally.
    app.child.kill('SIGTERM');
    const exitCode = await app.exited;
    const db = await openDatabase(databaseUrl ? { databaseUrl, migrate: false } : { dataDir: join(dir, 'data'), migrate: false });
    const records: AuditRecord[] = [];
    let chainOk = false;
    try {
      const head = await readAuditLog(db, (r) => void records.push(r));
      chainOk = verifyAuditChain(records, { head }).ok;
    } finally {
      await db.close();
    }
    const counts = pushes.map((p) => {
      const mention = `\`${p.sha.slice(0, 12)}\``;
      return [
        world.state.checkRuns.filter((r) => r.headSha === p.sha && r.name === 'Airlock').length,
        world.state.issues.filter((i) => i.repoId === p.repo.id).reduce((k, i) => k + i.body.split(mention).length - 1, 0),
        records.filter((r) => r.kind === 'block' && r.actor === `github:${p.agent}` && r.data.sha === p.sha).length,
      ];
    });
    const lost = counts.filter((c) => c.some((k) => k === 0)).length;
    const doubled = counts.filter((c) => c.some((k) => k > 1)).length;
    const growth = stages[0] ? round(mb(endRss) - stages[0].rss_mb_after, 1) : null;
    const issueWrites = world.state.requests.filter((r) => /\/repos\/acme\/soak-\d\/issues(\/\d+)?$/.test(r.path) && (r.method === 'POST' || r.method === 'PATCH')).length;
    const met = stages.filter((s) => s.backlog_p99_within_limit);
    io.stdout(
      JSON.stringify({
        bench: 'soak',
        backend: databaseUrl ? 'postgres' : 'pglite',
        pacing: 'GitHub documented limits per installation: writes 1 s apart; content creation <= 80/min and <= 500/h',
        load_seconds: seconds,
        agents: AGENTS,
        repositories: REPOS.map((r) => `acme/${r}`),
        pushes: pushes.length,
        stages,
        max_rate_with_backlog_p99_within_target: met.length ? Math.max(...met.map((s) => s.rate_per_s)) : null,
        target_backlog_age_p99_s: TARGET_BACKLOG_P99_S,
        batching: { incident_issues: world.state.issues.filter((i) => repos.some((r) => r.id === i.repoId)).length, incident_issue_writes: issueWrites, pushes_listed: counts.filter((c) => c[1]! >= 1).length },
        lost,
        doubled,
        audit_chain_ok: chainOk,
        // PGlite gives memory back after its start-up peak, so growth is measured from the end of the first stage.
        rss_mb: { after_warmup: mb(idleRss), after_first_stage: stages[0]?.rss_mb_after ?? null, end: mb(endRss), growth_since_first_stage: growth },
        app_exit_code: exitCode,
        world_violations: world.state.violations.length,
        // Issue 14's targets: nothing lost or doubled, the audit chain intact, no unbounded growth.
        meets_targets: { lost_0: lost === 0, doubled_0: doubled === 0, audit_chain_ok: chainOk, rss_growth_within_50mb: growth !== null && growth <= TARGET_RSS_GROWTH_MB },
      }) + '\n',
    );
    return 0;
  } finally {
    sampling = false;
    if (app.child.exitCode === null) app.child.kill('SIGKILL');
    await world.close();
    await rm(dir, { recursive: true, force: true });
  }
}
