import { lstat, readFile, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { hardenedGit } from '../git/hardened-git.js';
import { AttestError } from './attest-error.js';
import { gitBlobSha, type ChangeEntry } from './changeset-digest.js';

/** The checkout as it was before the agent ran: HEAD and the blob id of every tracked file. */
export interface BaseSnapshot {
  commit: string;
  blobs: Map<string, string>;
}

/** After the agent has run, `.git/config` is the agent's to write: only hardened git reads it. */
async function git(cwd: string, args: string[]): Promise<string> {
  return (await hardenedGit(cwd, args)).toString('utf8');
}

/**
 * Reads HEAD's tree before the agent runs; undefined when `cwd` is not a git checkout.
 * `listTree` gives `git ls-tree -r -z --full-tree <commit>`'s output (the Action shares one with its redacted copy).
 */
export async function snapshotBase(cwd: string, listTree = (commit: string) => git(cwd, ['ls-tree', '-r', '-z', '--full-tree', commit])): Promise<BaseSnapshot | undefined> {
  let commit: string;
  try {
    commit = (await git(cwd, ['rev-parse', '--verify', 'HEAD^{commit}'])).trim();
  } catch {
    return undefined;
  }
  const blobs = new Map<string, string>();
  for (const record of (await listTree(commit)).split('\0')) {
    const tab = record.indexOf('\t');
    if (tab < 0) continue;
    const [, type, sha] = record.slice(0, tab).split(' ');
    // Submodules (type commit) are pointers, not content the agent edits in place.
    if (type === 'blob') blobs.set(record.slice(tab + 1), sha!);
  }
  return { commit, blobs };
}

async function blobOf(path: string): Promise<string | null> {
  let stat;
  try {
    stat = await lstat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return null;
    throw error;
  }
  if (stat.isSymbolicLink()) return gitBlobSha(Buffer.from(await readlink(path)));
  if (stat.isFile()) return gitBlobSha(await readFile(path));
  return null;
}

/**
 * What the agent changed against the snapshot: every tracked path whose content differs or is
 * gone, and every new file git would not ignore. Modes are not compared: the pull request's file
 * list the App checks against carries none.
 */
export async function workTreeChanges(cwd: string, base: BaseSnapshot): Promise<ChangeEntry[]> {
  try {
    const untracked = (await git(cwd, ['ls-files', '-z', '--others', '--exclude-standard'])).split('\0').filter(Boolean);
    const candidates = new Set([...base.blobs.keys(), ...untracked]);
    const changes: ChangeEntry[] = [];
    for (const path of candidates) {
      const blob = await blobOf(join(cwd, path));
      if (blob !== (base.blobs.get(path) ?? null)) changes.push({ path, blob });
    }
    return changes;
  } catch (error) {
    throw new AttestError('CHANGES_UNREADABLE', `could not read the agent's changes in ${cwd}: ${(error as Error).message}`);
  }
}
