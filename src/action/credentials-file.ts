import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, statfs, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

// statfs(2) f_type of tmpfs: memory-backed, so the credentials never reach a disk.
const TMPFS_MAGIC = 0x01021994;

/**
 * `export: file`: the credentials as `NAME=value` lines in a 0600 file inside a fresh 0700
 * directory on tmpfs (`/dev/shm` unless told otherwise). Refuses when the directory is not
 * tmpfs rather than writing credentials to disk.
 */
export async function writeCredentialsFile(credentials: Record<string, string>, root = '/dev/shm'): Promise<string> {
  let type: number;
  try {
    type = Number((await statfs(root)).type);
  } catch (error) {
    throw new Error(`export: file needs a tmpfs at ${root}, which cannot be read; use export: env`, { cause: error });
  }
  if (type !== TMPFS_MAGIC) throw new Error(`export: file needs ${root} to be a tmpfs (memory only); it is not, so credentials would reach a disk. Use export: env`);
  for (const [name, value] of Object.entries(credentials)) {
    if (value.includes('\n')) throw new Error(`export: file cannot hold the multi-line value of ${name} as NAME=value; use export: env`);
  }
  const dir = await mkdtemp(join(root, `airlock-${randomBytes(4).toString('hex')}-`));
  const path = join(dir, 'credentials.env');
  await writeFile(path, Object.entries(credentials).map(([k, v]) => `${k}=${v}\n`).join(''), { mode: 0o600, flag: 'wx' });
  return path;
}

/** Removes the file and its directory; safe to call twice (main, then post). */
export async function removeCredentialsFile(path: string): Promise<void> {
  await rm(join(path, '..'), { recursive: true, force: true });
}
