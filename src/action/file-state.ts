import { chmod, mkdir, readFile, readlink, rmdir, symlink, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { lstatBeneath } from './workspace-path.js';

/** A path's content as git records it: a regular file (with its executable bit) or a symbolic link's target. */
export interface FileState {
  kind: 'file' | 'symlink';
  executable: boolean;
  content: Buffer;
}

/** Reads `root/path` without following any link; undefined when it is absent, a directory or something else. */
export async function readFileState(root: string, path: string): Promise<FileState | undefined> {
  const stat = await lstatBeneath(root, path);
  if (stat?.isSymbolicLink()) return { kind: 'symlink', executable: false, content: await readlink(join(root, path), { encoding: 'buffer' }) };
  if (stat?.isFile()) return { kind: 'file', executable: (stat.mode & 0o111) !== 0, content: await readFile(join(root, path)) };
  return undefined;
}

export function sameState(a: FileState | undefined, b: FileState | undefined): boolean {
  if (!a || !b) return a === b;
  return a.kind === b.kind && a.executable === b.executable && a.content.equals(b.content);
}

/** Git's mode for the state: https://git-scm.com/docs/git-fast-import#_filemodify */
export function gitMode(state: FileState): '100644' | '100755' | '120000' {
  if (state.kind === 'symlink') return '120000';
  return state.executable ? '100755' : '100644';
}

/**
 * Creates `root/path` with `state`, replacing a file, a link or an empty directory there. Parent
 * directories are created as needed; a parent that is a link or a file is refused, so nothing is
 * ever written outside `root` through a link.
 */
export async function writeFileState(root: string, path: string, state: FileState): Promise<void> {
  const parts = path.split('/');
  for (let i = 1; i < parts.length; i++) {
    const parent = parts.slice(0, i).join('/');
    const stat = await lstatBeneath(root, parent);
    if (!stat) await mkdir(join(root, parent), { mode: 0o755 });
    else if (!stat.isDirectory()) throw new Error(`cannot write ${path}: ${parent} is ${stat.isSymbolicLink() ? 'a symbolic link' : 'not a directory'}`);
  }
  await removeFileState(root, path);
  const target = join(root, path);
  if (state.kind === 'symlink') {
    await symlink(state.content, target);
    return;
  }
  const mode = state.executable ? 0o755 : 0o644;
  // 'wx': never through a link that appeared in between; chmod because the umask trims `mode`.
  await writeFile(target, state.content, { flag: 'wx', mode });
  await chmod(target, mode);
}

/** Removes the file or link at `root/path` (an empty directory too); a non-empty directory is refused. */
export async function removeFileState(root: string, path: string): Promise<void> {
  const stat = await lstatBeneath(root, path);
  if (!stat) return;
  if (!stat.isDirectory()) return unlink(join(root, path));
  try {
    await rmdir(join(root, path));
  } catch (error) {
    throw new Error(`cannot replace ${path}: it is a directory that is not empty (${(error as NodeJS.ErrnoException).code})`, { cause: error });
  }
}
