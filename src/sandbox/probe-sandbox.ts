import { spawn } from 'node:child_process';
import { access, constants, readFile } from 'node:fs/promises';
import { delimiter, isAbsolute, join } from 'node:path';
import { probeArguments, type RootEntry } from './bwrap-arguments.js';
import { diagnoseProbeFailure, type ProbeFacts } from './diagnose-probe-failure.js';

/** Finds bwrap: an explicit path as given, a bare name on the host's PATH. */
export async function findBwrap(name: string, pathEnv: string | undefined): Promise<string> {
  const executable = (p: string) =>
    access(p, constants.X_OK).then(
      () => true,
      () => false,
    );
  const candidates = isAbsolute(name)
    ? [name]
    : (pathEnv ?? '/usr/bin:/bin')
        .split(delimiter)
        .filter(Boolean)
        .map((dir) => join(dir, name));
  for (const candidate of candidates) if (await executable(candidate)) return candidate;
  throw diagnoseProbeFailure({
    spawnError: 'ENOENT',
    exitCode: null,
    stderr: '',
    uid: process.getuid?.() ?? -1,
  });
}

async function sysctl(path: string): Promise<string | undefined> {
  return readFile(path, 'utf8').then(
    (s) => s.trim(),
    () => undefined,
  );
}

export interface ProbeInput {
  readonly bwrapPath: string;
  readonly rootEntries: readonly RootEntry[];
  readonly uid: number;
  readonly gid: number;
  /** The seccomp program, so the probe also proves the kernel accepts it. */
  readonly seccomp?: Buffer;
  readonly timeoutMs?: number;
}

const SECCOMP_FD = 3;

/**
 * Runs `/bin/true` with the run's namespaces and filter, after a run's bubblewrap did not start
 * (fail closed, THREATS.md §E 26; run-sandboxed.ts): resolves when the namespaces work, so the
 * failure was the run's own setup; otherwise throws a SandboxError naming the cause and the fix.
 */
export async function probeSandbox(input: ProbeInput): Promise<void> {
  const args = probeArguments({
    uid: input.uid,
    gid: input.gid,
    rootEntries: input.rootEntries,
    ...(input.seccomp ? { seccompFd: SECCOMP_FD } : {}),
  });
  const result = await new Promise<{ code: number | null; stderr: string; spawnError?: string }>(
    (resolve) => {
      const child = spawn(input.bwrapPath, args, {
        stdio: ['ignore', 'ignore', 'pipe', ...(input.seccomp ? (['pipe'] as const) : [])],
        env: {},
        timeout: input.timeoutMs ?? 10_000,
        killSignal: 'SIGKILL',
      });
      let stderr = '';
      child.stderr?.on(
        'data',
        (c: Buffer) => (stderr = (stderr + c.toString('utf8')).slice(-4096)),
      );
      child.on('error', (e: NodeJS.ErrnoException) => {
        for (const s of child.stdio) s?.destroy();
        resolve({ code: null, stderr, spawnError: e.code ?? e.message });
      });
      child.on('close', (code) => resolve({ code, stderr }));
      if (input.seccomp) {
        const fd = child.stdio[SECCOMP_FD] as NodeJS.WritableStream | null;
        fd?.on('error', () => undefined);
        fd?.end(input.seccomp);
      }
    },
  );
  if (result.code === 0 && !result.spawnError) return;
  const facts: ProbeFacts = {
    ...(result.spawnError ? { spawnError: result.spawnError } : {}),
    exitCode: result.code,
    stderr: result.stderr,
    uid: process.getuid?.() ?? -1,
    ...optional(
      'apparmorRestrictUserns',
      await sysctl('/proc/sys/kernel/apparmor_restrict_unprivileged_userns'),
    ),
    ...optional(
      'unprivilegedUsernsClone',
      await sysctl('/proc/sys/kernel/unprivileged_userns_clone'),
    ),
    ...optional('maxUserNamespaces', await sysctl('/proc/sys/user/max_user_namespaces')),
  };
  throw diagnoseProbeFailure(facts);
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}
