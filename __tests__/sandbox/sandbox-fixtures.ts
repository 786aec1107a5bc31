import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ContainerOptions } from '../../src/sandbox/container-options.js';
import {
  runSandboxed,
  type SandboxBackend,
  type SandboxRun,
  type SandboxRunOptions,
} from '../../src/sandbox/run-sandboxed.js';

export interface Captured extends SandboxRun {
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * The backend `runIn` uses: bubblewrap, unless a container suite (container-leak.test.ts) points the
 * shared suites at a container before importing them.
 */
export const underTest: { backend: Exclude<SandboxBackend, 'none'>; container?: ContainerOptions } = { backend: 'bwrap' };

/** Runs a command in the sandbox under test and collects its output. */
export async function runIn(
  command: string,
  options: Partial<SandboxRunOptions> & Pick<SandboxRunOptions, 'workspace'>,
): Promise<Captured> {
  const out = { stdout: [] as Buffer[], stderr: [] as Buffer[] };
  const run = await runSandboxed({
    backend: underTest.backend,
    ...(underTest.container ? { container: underTest.container } : {}),
    env: { PATH: '/usr/local/bin:/usr/bin:/bin' },
    onOutput: (s, c) => out[s].push(c),
    command,
    ...options,
  });
  return {
    ...run,
    stdout: Buffer.concat(out.stdout).toString('utf8'),
    stderr: Buffer.concat(out.stderr).toString('utf8'),
  };
}

export const tempDir = (prefix: string) => mkdtemp(join(tmpdir(), `airlock-${prefix}-`));

/** Host processes whose command line contains `marker` (to prove none outlived a run). */
export async function hostProcessesWith(marker: string): Promise<number[]> {
  const found: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.includes(marker)) found.push(Number(entry));
  }
  return found;
}
