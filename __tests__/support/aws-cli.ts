import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname } from 'node:path';

/** The real AWS CLI on this machine, and the directories a sandboxed agent needs to run it. */
export interface AwsCli {
  /** The `aws` script itself (never a pyenv shim, which needs the whole of pyenv). */
  readonly path: string;
  /** Read-only paths for the sandbox (`tool-paths`): the Python installation it runs on, outside /usr. */
  readonly toolPaths: string[];
}

/**
 * Debian's `awscli` (/usr/bin/aws, what .ci/run installs) or a pip-installed one (`pyenv which aws`,
 * `command -v aws`); fails with the fix when there is none.
 */
export function findAwsCli(): AwsCli {
  const candidates = ['/usr/bin/aws'];
  for (const probe of ['pyenv which aws', 'command -v aws']) {
    try {
      candidates.push(execFileSync('bash', ['-c', probe], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim());
    } catch {
      // Not this way.
    }
  }
  const found = candidates.find((c) => c && existsSync(c) && !c.includes('/shims/'));
  if (!found) throw new Error('these tests need the AWS CLI: apt-get install awscli (or pip install awscli)');
  const path = realpathSync(found);
  if (path.startsWith('/usr/')) return { path, toolPaths: [] };
  // A pip installation: its interpreter's prefix (bin/python and lib/pythonX.Y/site-packages) must be visible.
  const shebang = /^#!\s*(\S+)/.exec(readFileSync(path, 'utf8'))?.[1] ?? '';
  const prefix = dirname(dirname(shebang.startsWith('/') ? realpathSync(shebang) : path));
  return { path, toolPaths: [...new Set([prefix, dirname(dirname(path))])] };
}
