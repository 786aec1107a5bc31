import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pino } from 'pino';
import { startApp } from '../../app/start-app.js';
import { policyDir } from '../policy/policy-modules.js';
import type { CliCommand, CliIo } from '../cli/cli-io.js';
import { numberOption, runCommand } from '../cli/parse-command-args.js';
import { distDir } from '../cli/dist-dir.js';
import { summarize } from './bench-stats.js';

interface WorldInfo {
  github_api_url: string;
  oidc_issuer: string;
  app_id: number;
  private_key_path: string;
  webhook_secret: string;
}

/** `airlock world` in its own process, as a deployment would have GitHub elsewhere. */
async function spawnWorld(cli: string): Promise<{ info: WorldInfo; child: ChildProcess }> {
  const child = spawn(process.execPath, [cli, 'world', '--json'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(out.split('\n')[0]!);
    });
    child.on('exit', (code) => reject(new Error(`airlock world exited ${code}`)));
  });
  return { info: JSON.parse(line) as WorldInfo, child };
}

async function measure(appUrl: string, tokens: string[], concurrency: number): Promise<{ seconds: number; latencies: number[]; failures: number }> {
  const latencies: number[] = [];
  let failures = 0;
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < tokens.length) {
        const token = tokens[next++]!;
        const t0 = performance.now();
        const res = await fetch(`${appUrl}/airlock/v1/token`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{"identity":"agent","permissions":{"contents":"read"}}' });
        await res.arrayBuffer();
        latencies.push(performance.now() - t0);
        if (res.status !== 200) failures++;
      }
    }),
  );
  return { seconds: (performance.now() - start) / 1000, latencies, failures };
}

const STS_BENCH = {
  name: 'bench sts',
  help: {
    usage: ['airlock bench sts [--n N] [--concurrency C]'],
    about: 'Token exchanges per second and their latency through the local world (dist/cli.js beside it), on embedded PGlite and, with DATABASE_URL, on PostgreSQL. One JSON document on stdout.',
    options: [
      ['--n N', 'exchanges per backend (default 600)'],
      ['--concurrency C', 'exchanges in flight (default 16)'],
    ],
    exit: { 0: 'measured', 2: 'usage error' },
  },
  options: { n: { type: 'string' }, concurrency: { type: 'string' } },
} as const;

/**
 * `npm run bench -- sts [--n N] [--concurrency C]`: token exchanges per second and latency through
 * the local world, on embedded PGlite and, with DATABASE_URL, on PostgreSQL. Target: >= 200/s on
 * 2 cores with PostgreSQL.
 */
export const stsBench: CliCommand = (argv, io) =>
  runCommand(STS_BENCH, argv, io, ({ values }) =>
    measureSts(numberOption('--n', values.n, 600, { integer: true, min: 1 }), numberOption('--concurrency', values.concurrency, 16, { integer: true, min: 1 }), io),
  );

async function measureSts(n: number, concurrency: number, io: CliIo): Promise<number> {
  const cli = join(distDir(), 'cli.js');
  const { info, child } = await spawnWorld(cli);
  const results: Record<string, unknown>[] = [];
  try {
    const backends: [string, { databaseUrl?: string }][] = [['pglite', {}]];
    if (io.env.DATABASE_URL) backends.push(['postgres', { databaseUrl: io.env.DATABASE_URL }]);
    for (const [name, database] of backends) {
      const app = await startApp({
        settings: { appId: info.app_id, privateKey: await readFile(info.private_key_path, 'utf8'), webhookSecret: info.webhook_secret, githubApiUrl: info.github_api_url, oidcIssuer: info.oidc_issuer, audience: 'airlock', port: 0, host: '127.0.0.1', database, policyDir: policyDir(), sweepIntervalMs: 3_600_000 },
        encryptionKey: randomBytes(32),
        log: pino({ level: 'silent' }),
      });
      try {
        const mint = async () => ((await (await fetch(`${info.oidc_issuer}/world/token`, { method: 'POST', body: '{}' })).json()) as { value: string }).value;
        const warm = await Promise.all(Array.from({ length: 20 }, mint));
        await measure(app.url, warm, 4);
        const tokens: string[] = [];
        for (let i = 0; i < n; i += 50) tokens.push(...(await Promise.all(Array.from({ length: Math.min(50, n - i) }, mint))));
        const cpu = process.cpuUsage();
        const run = await measure(app.url, tokens, concurrency);
        const used = process.cpuUsage(cpu);
        // CPU of this process (the App and the load generator) per exchange; the rest of the
        // wall time is the world's process (GitHub's stand-in, validating every call).
        const appCpuMs = (used.user + used.system) / 1000 / n;
        results.push({ backend: name, exchanges: n, concurrency, failures: run.failures, exchanges_per_s: Math.round(n / run.seconds), latency_ms: summarize(run.latencies), app_cpu_ms_per_exchange: Math.round(appCpuMs * 100) / 100, app_bound_exchanges_per_s: Math.round(1000 / appCpuMs) });
      } finally {
        await app.close();
      }
    }
  } finally {
    child.kill('SIGTERM');
  }
  // The target is PostgreSQL's: not met unless it was measured there (DATABASE_URL).
  const postgres = results.find((r) => r.backend === 'postgres') as { failures: number; exchanges_per_s: number } | undefined;
  io.stdout(JSON.stringify({ bench: 'sts', target_exchanges_per_s: 200, results, targets_met: { postgres_exchanges_per_s: postgres !== undefined && postgres.failures === 0 && postgres.exchanges_per_s >= 200 } }) + '\n');
  return 0;
}
