import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A PostgreSQL server for the benchmarks whose targets are PostgreSQL's, and how to stop it. */
export interface BenchPostgres {
  url: string;
  /** Where it came from, for the report. */
  source: string;
  stop(): Promise<void>;
}

/**
 * `npm run bench` with no name measures the PostgreSQL targets (STS exchanges/s, the webhooks
 * p99) on the server DATABASE_URL or AIRLOCK_BENCH_DATABASE_URL names; without one, on a throwaway
 * local server started by scripts/test-postgres.sh (the one CI's store suites use: fsync off), when
 * PostgreSQL is installed; `{ unavailable }`, with the reason, when there is neither.
 */
export async function benchPostgres(
  root: string,
  env: NodeJS.ProcessEnv,
): Promise<BenchPostgres | { unavailable: string }> {
  const given = env.AIRLOCK_BENCH_DATABASE_URL || env.DATABASE_URL;
  if (given)
    return {
      url: given,
      source: 'the server AIRLOCK_BENCH_DATABASE_URL or DATABASE_URL names',
      stop: async () => undefined,
    };
  const script = join(root, 'scripts', 'test-postgres.sh');
  if (!existsSync(script))
    return {
      unavailable: `no DATABASE_URL, and ${script} (which starts a throwaway server) is not there`,
    };
  let started: { stdout: string; stderr: string };
  try {
    started = await run('bash', [script], { encoding: 'utf8', timeout: 60_000 });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim().split('\n').at(-1);
    return {
      unavailable: `no DATABASE_URL, and a throwaway PostgreSQL did not start: ${stderr || (error as Error).message}`,
    };
  }
  const url = /AIRLOCK_TEST_DATABASE_URL=(\S+)/.exec(started.stdout)?.[1];
  const stopCommand = /stop with: (.+)/.exec(started.stderr)?.[1];
  if (!url || !stopCommand)
    return {
      unavailable: `scripts/test-postgres.sh printed no database URL or stop command: ${started.stderr.trim().split('\n').at(-1)}`,
    };
  return {
    url,
    source: 'a throwaway local server (scripts/test-postgres.sh: fsync off, as CI runs it)',
    stop: async () =>
      void (await run('bash', ['-c', `${stopCommand} -m fast`], { timeout: 60_000 }).catch(
        () => undefined,
      )),
  };
}
