import type { CliCommand, CliIo } from '../cli/cli-io.js';
import { answerHelpOrVersion, CliError, renderHelp, reportCliError } from '../cli/parse-command-args.js';
import { dirname } from 'node:path';
import { distDir } from '../cli/dist-dir.js';
import { benchPostgres } from './bench-postgres.js';
import { collectTargets, type TargetOutcome } from './collect-targets.js';

// `npm run bench -- <name>`: each benchmark prints one JSON document on stdout.
const benches: Record<string, () => Promise<CliCommand>> = {
  scan: async () => (await import('./scan-bench.js')).scanBench,
  policy: async () => (await import('./policy-bench.js')).policyBench,
  sandbox: async () => (await import('./sandbox-bench.js')).sandboxBench,
  sts: async () => (await import('./sts-bench.js')).stsBench,
  'action-start': async () => (await import('./action-start-bench.js')).actionStartBench,
  attest: async () => (await import('./attest-bench.js')).attestBench,
  webhooks: async () => (await import('./webhooks-bench.js')).webhooksBench,
  soak: async () => (await import('./soak-bench.js')).soakBench,
};

const HELP = renderHelp({
  usage: ['airlock bench [<name> [options]]'],
  about: `Runs one benchmark (its JSON document on stdout), or with no name all of them in turn, then
prints one JSON document: every benchmark's results, and each target with whether it was met.
Benchmarks: ${Object.keys(benches).join(', ')}. airlock bench <name> --help shows a benchmark's options.`,
  exit: { 0: 'measured', 1: 'a benchmark failed', 2: 'usage error' },
});

export const benchCommand: CliCommand = async (argv, io) => {
  const [name, ...rest] = argv;
  if (name?.startsWith('-')) {
    const answered = answerHelpOrVersion(io, HELP, [name]);
    if (answered !== undefined) return answered;
    return reportCliError(io, 'bench', new CliError('usage', `options belong to one benchmark; name it first, e.g. airlock bench scan ${name}`));
  }
  if (name !== undefined && !Object.hasOwn(benches, name)) return reportCliError(io, 'bench', new CliError('usage', `unknown benchmark "${name}"; expected one of ${Object.keys(benches).join(', ')}`));
  if (name !== undefined) return (await benches[name]!())(rest, io);
  return runAll(io);
};

/** How each benchmark whose targets are PostgreSQL's is told the server (its own option's variable). */
const POSTGRES_ENV: Record<string, (url: string) => NodeJS.ProcessEnv> = {
  sts: (url) => ({ DATABASE_URL: url }),
  webhooks: (url) => ({ AIRLOCK_BENCH_DATABASE_URL: url }),
};

/**
 * Every benchmark with its defaults; their documents are gathered into one, with the targets they
 * report. The PostgreSQL targets are measured on the server the environment names or a throwaway one.
 */
async function runAll(io: CliIo): Promise<number> {
  const results: Record<string, unknown> = {};
  const targets: TargetOutcome[] = [];
  let failed = false;
  const postgres = await benchPostgres(dirname(distDir()), io.env);
  if ('unavailable' in postgres) io.stderr(`bench: the PostgreSQL targets cannot be met: ${postgres.unavailable}\n`);
  try {
    for (const n of Object.keys(benches)) {
      const env = 'url' in postgres && POSTGRES_ENV[n] ? { ...io.env, ...POSTGRES_ENV[n](postgres.url) } : io.env;
      if (!(await runOne(n, { ...io, env }, results, targets))) failed = true;
    }
  } finally {
    if ('stop' in postgres) await postgres.stop();
  }
  io.stdout(JSON.stringify({ bench: 'all', postgres: 'url' in postgres ? postgres.source : postgres, targets, all_targets_met: !failed && targets.every((t) => t.met), results }) + '\n');
  return failed ? 1 : 0;
}

/** One benchmark with its defaults: its document into `results`, its targets into `targets`; false if it failed. */
async function runOne(n: string, io: CliIo, results: Record<string, unknown>, targets: TargetOutcome[]): Promise<boolean> {
  let out = '';
  io.stderr(`bench ${n}...\n`);
  let code: number;
  let documents: unknown[] = [];
  try {
    code = await (await benches[n]!())([], { ...io, stdout: (text) => void (out += text) });
    documents = out.split('\n').filter((line) => line.trim()).map((line) => JSON.parse(line) as unknown);
  } catch (error) {
    // One benchmark failing (no bwrap, no podman) leaves the others to run; the run exits 1.
    io.stderr(`bench ${n} failed: ${(error as Error).message}\n`);
    code = 1;
  }
  results[n] = code === 0 ? (documents.length === 1 ? documents[0] : documents) : { failed: true, exit_code: code };
  targets.push(...collectTargets(n, documents));
  return code === 0;
}
