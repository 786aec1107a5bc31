import { realpath, stat } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import { FILE_TARGETS } from './sandbox-facts.js';
import { SandboxError } from './sandbox-error.js';

/**
 * Host paths a caller asks the sandbox to show (the workspace, read-only toolchains, the run's
 * files), checked the same way for every backend.
 *
 * Never bound, however the caller asks: the host root, any top-level directory as a whole, and
 * anything in the kernel's, the runtime's or the system configuration's trees. Subdirectories of
 * /home, /var, /root or /opt stay possible (self-hosted runners keep workspaces there).
 */
const SYSTEM_TREES = ['proc', 'sys', 'dev', 'run', 'boot', 'etc'];

export async function hostPath(path: string, what: string): Promise<string> {
  if (!isAbsolute(path)) throw new SandboxError('invalid-options', `${what} must be an absolute path: ${path}`);
  // Resolved first, so a symlink cannot smuggle a system tree in under another name.
  const real = await realpath(path).catch(() => undefined);
  if (!real) throw new SandboxError('invalid-options', `${what} does not exist: ${path}`);
  const parts = real.split('/').filter(Boolean);
  if (parts.length < 2 || SYSTEM_TREES.includes(parts[0]!)) {
    throw new SandboxError('invalid-options', `${what} may not be ${real}: it would expose the host's system files`);
  }
  return real;
}

export const isFile = (path: string) =>
  stat(path).then(
    (st) => st.isFile(),
    () => false,
  );

/** Files shown read-only at `target`: only under FILE_TARGETS, from an existing file. */
export async function checkedFiles(files: readonly { readonly source: string; readonly target: string }[]): Promise<{ source: string; target: string }[]> {
  for (const f of files) {
    if (!FILE_TARGETS.some((t) => f.target.startsWith(t)) || f.target.includes('/../') || !(await isFile(f.source)))
      throw new SandboxError('invalid-options', `file ${f.target} may not be placed in the sandbox (allowed under ${FILE_TARGETS.join(', ')}, from an existing file)`);
  }
  return files.map((f) => ({ source: f.source, target: f.target }));
}
