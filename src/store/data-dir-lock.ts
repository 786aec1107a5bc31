import { open, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { StoreError } from './store-error.js';

// PGlite is one PostgreSQL backend inside this process: a second process opening the same files
// (say `airlock audit verify` while the App runs) would corrupt them. A pid file keeps it to one.
const LOCK_FILE = 'airlock-pglite.lock';
const heldHere = new Set<string>();

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the data directory's lock; resolves to the function that releases it. */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const path = join(dataDir, LOCK_FILE);
  if (heldHere.has(path))
    throw new StoreError(
      'data_dir_in_use',
      `${dataDir} is already open in this process; share the Database instead of opening it twice`,
    );
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(path, 'wx', 0o600);
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      heldHere.add(path);
      return async () => {
        heldHere.delete(path);
        await unlink(path).catch(() => undefined);
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number.parseInt(await readFile(path, 'utf8').catch(() => ''), 10);
      // Our own pid in the file is a lock left by a previous life of this process id (a
      // restarted container is pid 1 again), since this process does not hold it.
      if (Number.isSafeInteger(owner) && owner > 0 && owner !== process.pid && isRunning(owner)) {
        throw new StoreError(
          'data_dir_in_use',
          `${dataDir} is in use by process ${owner} (the App?); stop it first, or point DATABASE_URL at a PostgreSQL server that both can share`,
        );
      }
      await unlink(path).catch(() => undefined);
    }
  }
  throw new StoreError(
    'data_dir_in_use',
    `could not take the lock ${path}; another process keeps creating it`,
  );
}
