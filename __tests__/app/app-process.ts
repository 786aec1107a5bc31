import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

/**
 * The real CLI, as users run it: `node bin/airlock.js` (the bundle in dist/, which `npm test`
 * builds first). AIRLOCK_CLI points the tests at another build of src/cli/index.ts.
 */
export const AIRLOCK_CLI = resolve(process.env.AIRLOCK_CLI ?? 'bin/airlock.js');

export interface AppProcess {
  child: ChildProcess;
  stderr(): string;
  stdout(): string;
  /** Resolves with the first stderr line matching `pattern`; rejects if the process exits first. */
  line(pattern: RegExp): Promise<RegExpMatchArray>;
  exited: Promise<number | null>;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

/** `airlock app` in `cwd` with exactly `env` (nothing inherited but PATH). */
export function spawnApp(options: { env: Record<string, string | undefined>; cwd: string }): AppProcess {
  const env = Object.fromEntries(Object.entries({ PATH: process.env.PATH, LOG_LEVEL: 'warn', ...options.env }).filter(([, v]) => v !== undefined)) as Record<string, string>;
  const child = spawn(process.execPath, [AIRLOCK_CLI, 'app'], { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  let out = '';
  const waiters: { pattern: RegExp; resolve: (m: RegExpMatchArray) => void; reject: (e: Error) => void }[] = [];
  const check = () => {
    for (const waiter of [...waiters]) {
      const match = err.split('\n').map((l) => waiter.pattern.exec(l)).find((m) => m);
      if (match) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(match);
      }
    }
  };
  child.stderr!.on('data', (chunk: Buffer) => {
    err += chunk.toString('utf8');
    check();
  });
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) =>
    child.on('close', (code) => {
      for (const waiter of waiters.splice(0)) waiter.reject(new Error(`airlock app exited (${code}) before ${waiter.pattern}; stderr: ${err}`));
      resolve(code);
    }),
  );
  return {
    child,
    stderr: () => err,
    stdout: () => out,
    line: (pattern) =>
      new Promise((resolve, reject) => {
        waiters.push({ pattern, resolve, reject });
        check();
        if (child.exitCode !== null) reject(new Error(`airlock app exited (${child.exitCode}) before ${pattern}; stderr: ${err}`));
      }),
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
