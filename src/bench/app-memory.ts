import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { World } from '../world/start-world.js';

/** Resident memory of the App's process, in MB. */
export interface AppMemory {
  /** Settled after start-up. */
  idle: number;
  /** The high-water mark of start-up (opening the database, migrations), before any delivery. */
  startup_peak: number;
  /** The high-water mark under the deliveries, until the queue drained. */
  peak: number;
  /** Once the queue drained. */
  after: number;
}

export interface AppMemoryOptions {
  /** The CLI script `node <cli> app` starts (dist/cli.js or bin/airlock.js). */
  cli: string;
  world: World;
  /** PostgreSQL for the App; without it, PGlite in a fresh data directory. */
  databaseUrl?: string;
  /** Sends the deliveries once `world.webhookUrl` points at the App; `drained` resolves once the App's queue is empty. */
  load: (drained: () => Promise<void>) => Promise<unknown>;
  /** How long the App sits after /readyz first answers 200 before the idle reading. */
  settleMs?: number;
  /** Longest wait for start-up and for the queue to drain. */
  timeoutMs?: number;
}

const READY_LINE = /listening on port (\d+)/;

/**
 * `VmRSS` (resident now) or `VmHWM` (the peak resident size) of a process, in MB, from Linux's
 * /proc/<pid>/status. https://man7.org/linux/man-pages/man5/proc_pid_status.5.html
 */
async function residentMb(pid: number, field: 'VmRSS' | 'VmHWM'): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new Error(`cannot read /proc/${pid}/status (${error.code ?? 'unreadable'}): the App memory measurement needs Linux; pass --no-memory to skip it`);
  });
  const kb = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status)?.[1];
  if (kb === undefined) throw new Error(`/proc/${pid}/status has no ${field} line: the App memory measurement needs Linux; pass --no-memory to skip it`);
  return Math.round((Number(kb) / 1024) * 10) / 10;
}

/**
 * Resets the process' high-water mark to its current RSS, so VmHWM afterwards is the peak under
 * load rather than start-up's (writing 5 to clear_refs, Linux 4.0+).
 * https://man7.org/linux/man-pages/man5/proc_pid_clear_refs.5.html
 */
async function resetPeak(pid: number): Promise<void> {
  await writeFile(`/proc/${pid}/clear_refs`, '5').catch((error: NodeJS.ErrnoException) => {
    throw new Error(`cannot reset the App's peak memory through /proc/${pid}/clear_refs (${error.code ?? 'unwritable'}): it needs Linux 4.0+; pass --no-memory to skip it`);
  });
}

/** Polls the App's /readyz until `done` holds for its answer, or fails after `timeoutMs`. */
async function untilReady(url: string, what: string, timeoutMs: number, done: (status: number, body: { backlog?: { depth: number } }) => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await fetch(`${url}/readyz`).catch(() => undefined);
    if (response && done(response.status, (await response.json().catch(() => ({}))) as { backlog?: { depth: number } })) return;
    if (Date.now() > deadline) throw new Error(`the App at ${url} did not ${what} within ${timeoutMs} ms`);
    await sleep(50);
  }
}

/**
 * Issue 16: the App's resident memory as deployed, `airlock app` in a process of its own against
 * the local world (target: idle <= 200 MB on PGlite). Reads the process' RSS and start-up peak once
 * it is ready and has sat for `settleMs`, resets the peak, then runs `load` against it and, once
 * its queue is empty, reads the peak under load (VmHWM) and RSS. The App is stopped with SIGTERM and its data directory removed whatever happens.
 */
export async function measureAppMemory(options: AppMemoryOptions): Promise<AppMemory> {
  const { world, settleMs = 2000, timeoutMs = 300_000 } = options;
  const dir = await mkdtemp(join(tmpdir(), 'airlock-bench-memory-'));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    APP_ID: String(world.state.app.id),
    PRIVATE_KEY_PATH: world.privateKeyPath,
    WEBHOOK_SECRET: world.state.app.webhookSecret,
    GHE_HOST: world.gheHost,
    GHE_PROTOCOL: 'http',
    AIRLOCK_OIDC_ISSUER: world.oidc.issuer,
    AIRLOCK_AUDIENCE: 'airlock',
    AIRLOCK_DATA_DIR: join(dir, 'data'),
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    // On PostgreSQL the App wants the key every replica shares (app/app-settings.ts); a fresh one per run.
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl, AIRLOCK_ENCRYPTION_KEY: randomBytes(32).toString('base64') } : {}),
  };
  const child = spawn(process.execPath, [options.cli, 'app'], { cwd: dir, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  try {
    const port = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`airlock app did not start within ${timeoutMs} ms; stderr: ${stderr.slice(-2000)}`)), timeoutMs);
      child.stderr!.on('data', (chunk: Buffer) => {
        stderr += chunk.toString('utf8');
        const match = READY_LINE.exec(stderr);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        reject(new Error(`airlock app exited (${code}) before it was listening; stderr: ${stderr.slice(-2000)}`));
      });
    });
    const url = `http://127.0.0.1:${port}`;
    await untilReady(url, 'become ready', timeoutMs, (status) => status === 200);
    await sleep(settleMs);
    const pid = child.pid!;
    const idle = await residentMb(pid, 'VmRSS');
    const startupPeak = await residentMb(pid, 'VmHWM');
    await resetPeak(pid);
    world.webhookUrl = `${url}/api/github/webhooks`;
    // The App answers a delivery once it is stored (202) and works it off its queue afterwards.
    const drained = () => untilReady(url, 'drain its queue', timeoutMs, (_, body) => body.backlog?.depth === 0);
    await options.load(drained);
    await drained();
    return { idle, startup_peak: startupPeak, peak: await residentMb(pid, 'VmHWM'), after: await residentMb(pid, 'VmRSS') };
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    await rm(dir, { recursive: true, force: true });
  }
}
