import { relative, sep } from 'node:path';
import { hardenedGit } from '../git/hardened-git.js';
import { CliError } from './parse-command-args.js';

/** Whether a path under the directory asked about is one git does not ignore. */
export type UnignoredFilter = (absolutePath: string, isDirectory: boolean) => boolean;

/**
 * What `--respect-gitignore` keeps under `dir`, as git decides it rather than a reimplementation of
 * gitignore: `git ls-files --cached --others --exclude-standard` lists the tracked files (never
 * ignored, as in git) and the untracked ones no .gitignore or .git/info/exclude excludes
 * (https://git-scm.com/docs/git-ls-files, https://git-scm.com/docs/gitignore). Through
 * hardenedGit, so a user's global excludes file is not read and a scan means the same everywhere.
 * A directory git lists itself (a submodule, an untracked nested repository) is kept whole.
 */
export async function gitUnignoredPaths(dir: string, shown: string): Promise<UnignoredFilter> {
  let listing: Buffer;
  try {
    listing = await hardenedGit(dir, ['ls-files', '-z', '--cached', '--others', '--exclude-standard']);
  } catch (error) {
    throw new CliError('input', `--respect-gitignore: git cannot list "${shown}" (${(error as Error).message.split('\n')[0]}); is it inside a git repository? Scan without --respect-gitignore outside one`);
  }
  const files = new Set<string>();
  const whole = new Set<string>();
  const ancestors = new Set<string>();
  for (const entry of listing.toString('utf8').split('\0')) {
    if (entry === '') continue;
    const path = entry.replace(/\/+$/, '').split('/').join(sep);
    (entry.endsWith('/') ? whole : files).add(path);
    for (let i = path.lastIndexOf(sep); i > 0; i = path.lastIndexOf(sep, i - 1)) ancestors.add(path.slice(0, i));
  }
  const inWhole = (rel: string): boolean => {
    for (let p = rel; p !== ''; p = p.includes(sep) ? p.slice(0, p.lastIndexOf(sep)) : '') if (whole.has(p)) return true;
    return false;
  };
  return (absolutePath, isDirectory) => {
    const rel = relative(dir, absolutePath);
    if (rel === '') return true;
    if (inWhole(rel)) return true;
    return isDirectory ? ancestors.has(rel) || files.has(rel) || whole.has(rel) : files.has(rel);
  };
}

