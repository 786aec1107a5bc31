import type { Stats } from 'node:fs';
import { lstat } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Whether `path` may name a file handed between the real working directory and the agent's copy:
 * relative, no `.`, `..` or empty segment, no NUL, and nothing inside a `.git` directory (any case:
 * case-insensitive file systems treat `.GIT` as `.git`).
 */
export function isSafeRelativePath(path: string): boolean {
  if (!path || path.includes('\0') || path.startsWith('/')) return false;
  return path.split('/').every((part) => part !== '' && part !== '.' && part !== '..' && part.toLowerCase() !== '.git');
}

/**
 * `lstat` of `root/path` that never looks through a symbolic link: when a parent of `path` is a
 * link (which the agent can plant) or not a directory, the path does not exist as a file here.
 * Undefined when absent.
 */
export async function lstatBeneath(root: string, path: string): Promise<Stats | undefined> {
  const parts = path.split('/');
  let at = root;
  for (const [i, part] of parts.entries()) {
    at = join(at, part);
    let stat: Stats;
    try {
      stat = await lstat(at);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      throw error;
    }
    if (i === parts.length - 1) return stat;
    if (!stat.isDirectory()) return undefined;
  }
  return undefined;
}
