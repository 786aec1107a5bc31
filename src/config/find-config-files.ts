import { lstat, readdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { DocumentKind } from './validate-document.js';

/*
 * Which Airlock file a path is, by where the App and the broker look for it:
 * - `.github/airlock.yml` on the default branch (app/config/read-config.ts), the organization's
 *   layer when the repository is the org's `.github` repository, which may also lock fields;
 * - `.github/airlock/<identity>.sts.yaml`, trust policies (src/sts/trust-policy.ts);
 * - `.github/airlock/ceiling.yaml` in the org's `.github` repository (src/sts/org-ceiling.ts).
 */

export interface ConfigFile {
  path: string;
  kind: DocumentKind;
}

/** A file named like an Airlock file that the App would never read, and why. */
export interface MisplacedFile {
  path: string;
  reason: string;
}

/** What names the kind of an `airlock.yml`: whether the repository is the org's `.github` one. */
export interface KindOptions {
  organization: boolean;
}

/** The kind a file name says, or undefined for a name the App never reads. */
export function kindOfPath(path: string, options: KindOptions): DocumentKind | undefined {
  const name = basename(path);
  if (name.endsWith('.sts.yaml')) return 'trust-policy';
  if (name === 'ceiling.yaml' && basename(dirname(path)) === 'airlock') return 'org-ceiling';
  if (name === 'airlock.yml') return options.organization ? 'airlock-org-config' : 'airlock-config';
  return undefined;
}

/** Names close to an Airlock file's that the App skips (it reads exact names). */
export function misplacedReason(path: string): string | undefined {
  const name = basename(path);
  if (name.endsWith('.sts.yml'))
    return `the broker reads trust policies named <identity>.sts.yaml only; rename it to ${name.replace(/\.yml$/, '.yaml')}`;
  if (name === 'airlock.yaml' && basename(dirname(path)) === '.github')
    return 'the App reads .github/airlock.yml only; rename it to airlock.yml';
  return undefined;
}

/** Exactly the files the App and the broker would read from a repository checked out at `root`. */
export async function repositoryConfigFiles(
  root: string,
  options: KindOptions,
): Promise<{ files: ConfigFile[]; misplaced: MisplacedFile[] }> {
  const files: ConfigFile[] = [];
  const misplaced: MisplacedFile[] = [];
  const github = join(root, '.github');
  for (const name of await entries(github)) {
    const path = join(github, name);
    if (name === 'airlock.yml') files.push({ path, kind: kindOfPath(path, options)! });
    else if (misplacedReason(path)) misplaced.push({ path, reason: misplacedReason(path)! });
  }
  const airlock = join(github, 'airlock');
  for (const name of (await entries(airlock)).sort()) {
    const path = join(airlock, name);
    const kind = kindOfPath(path, options);
    if (kind) files.push({ path, kind });
    else if (misplacedReason(path)) misplaced.push({ path, reason: misplacedReason(path)! });
  }
  return { files, misplaced };
}

// Generated and vendored trees hold no configuration of this repository.
const SKIPPED_DIRECTORIES = new Set(['.git', 'node_modules']);

/** Every Airlock file under `dir`, recursively; symbolic links to directories are not followed (no cycles). */
export async function findConfigFiles(
  dir: string,
  options: KindOptions,
): Promise<{ files: ConfigFile[]; misplaced: MisplacedFile[] }> {
  const files: ConfigFile[] = [];
  const misplaced: MisplacedFile[] = [];
  const walk = async (current: string): Promise<void> => {
    for (const name of (await readdir(current)).sort()) {
      const path = join(current, name);
      const stat = await lstat(path);
      if (stat.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(name)) await walk(path);
        continue;
      }
      const kind = kindOfPath(path, options);
      if (kind) files.push({ path, kind });
      else if (misplacedReason(path)) misplaced.push({ path, reason: misplacedReason(path)! });
    }
  };
  await walk(dir);
  return { files, misplaced };
}

/** A directory's names, none when it does not exist. */
async function entries(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    if (
      (error as NodeJS.ErrnoException).code === 'ENOENT' ||
      (error as NodeJS.ErrnoException).code === 'ENOTDIR'
    )
      return [];
    throw error;
  }
}
