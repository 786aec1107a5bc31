import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { STARTED_FD } from './sandbox-launcher.js';

/** Where bubblewrap reads the seccomp program from. */
export const SECCOMP_FD = 3;
const OUTPUT_GRACE_MS = 2000;

export interface Spawned {
  readonly file: string;
  readonly args: readonly string[];
  readonly cwd?: string;
  readonly env: Record<string, string>;
  readonly seccomp?: Buffer;
  /**
   * How the run proves the sandbox was set up before the agent started, so a setup failure is
   * never mistaken for the agent's own exit status: a report on STARTED_FD (bubblewrap), a line the
   * launcher writes first on stderr, removed from the output (a container: engines pass no other
   * descriptor), or nothing (`none`).
   */
  readonly start: 'fd' | { readonly marker: string } | 'none';
  /** Also run on abort: a container outlives its engine client's process group. */
  readonly stop?: () => void;
  /** Told the child's pid (its process group's id) once it is spawned. */
  readonly onSpawn?: (pid: number) => void;
}

export interface Supervised {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly started: boolean;
  readonly stderrTail: string;
}

export interface SuperviseOptions {
  readonly signal?: AbortSignal;
  readonly onOutput: (stream: 'stdout' | 'stderr', chunk: Buffer) => void;
}

/**
 * Passes stderr through, except the launcher's start line: text before it is the engine's own
 * (shown, and kept for the setup error), the line itself is dropped, everything after is the agent's.
 */
function markerFilter(marker: string, emit: (chunk: Buffer) => void, onStart: () => void): { push(chunk: Buffer): void; flush(): void } {
  const line = Buffer.from(`${marker}\n`);
  let pending = Buffer.alloc(0);
  let started = false;
  return {
    push(chunk) {
      if (started) return emit(chunk);
      pending = Buffer.concat([pending, chunk]);
      const at = pending.indexOf(line);
      if (at >= 0) {
        started = true;
        onStart();
        if (at > 0) emit(pending.subarray(0, at));
        if (pending.length > at + line.length) emit(pending.subarray(at + line.length));
        pending = Buffer.alloc(0);
        return;
      }
      // Keep what could be the start of the line; the rest is the engine's.
      const keep = Math.min(pending.length, line.length - 1);
      if (pending.length > keep) emit(pending.subarray(0, pending.length - keep));
      pending = pending.subarray(pending.length - keep);
    },
    flush() {
      if (pending.length) emit(pending);
      pending = Buffer.alloc(0);
    },
  };
}

/** Spawns in a new process group, streams output, kills the group on abort (and `stop`s) and at the end. */
export async function supervise(s: Spawned, options: SuperviseOptions): Promise<Supervised> {
  const stdio: ('ignore' | 'pipe')[] = ['ignore', 'pipe', 'pipe', ...(s.start === 'fd' ? ([s.seccomp ? 'pipe' : 'ignore', 'pipe'] as const) : [])];
  const child = spawn(s.file, s.args, {
    ...(s.cwd ? { cwd: s.cwd } : {}),
    env: s.env,
    stdio,
    detached: true,
  });
  if (child.pid !== undefined) s.onSpawn?.(child.pid);
  const killGroup = () => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // the group is already gone
    }
  };
  const abort = () => {
    killGroup();
    s.stop?.();
  };
  options.signal?.addEventListener('abort', abort, { once: true });
  if (options.signal?.aborted) abort();
  let stderrTail = '';
  let started = false;
  const onStderr = (c: Buffer) => {
    stderrTail = (stderrTail + c.toString('utf8')).slice(-2048);
    options.onOutput('stderr', c);
  };
  const marker = typeof s.start === 'object' ? markerFilter(s.start.marker, onStderr, () => (started = true)) : undefined;
  child.stdout?.on('data', (c: Buffer) => options.onOutput('stdout', c));
  child.stderr?.on('data', (c: Buffer) => (marker ? marker.push(c) : onStderr(c)));
  (child.stdio[STARTED_FD] as Readable | null | undefined)
    ?.on('data', () => (started = true))
    .on('error', () => undefined);
  if (s.seccomp) {
    const fd = child.stdio[SECCOMP_FD] as NodeJS.WritableStream | null;
    fd?.on('error', () => undefined);
    fd?.end(s.seccomp);
  }
  try {
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
      child.once('error', (e) => {
        for (const stream of child.stdio) stream?.destroy();
        reject(e);
      });
      // Background processes the agent left behind do not outlive the step; with bubblewrap the
      // PID namespace dies with its init, in a container with the container, with `none` the
      // process group is killed. A process that left the group (setsid, only possible with `none`)
      // may still hold the output pipes: stop reading them after a grace period rather than wait.
      let grace: NodeJS.Timeout | undefined;
      child.once('exit', () => {
        killGroup();
        grace = setTimeout(() => {
          for (const stream of child.stdio) stream?.destroy();
        }, OUTPUT_GRACE_MS);
      });
      child.once('close', (c, sig) => {
        clearTimeout(grace);
        resolve([c, sig]);
      });
    });
    marker?.flush();
    return { code, signal, started, stderrTail };
  } finally {
    killGroup();
    options.signal?.removeEventListener('abort', abort);
  }
}
