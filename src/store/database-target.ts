import { resolve } from 'node:path';
import type { OpenDatabaseOptions } from './database.js';

/** The default PGlite home, relative to the working directory (BRIEF.md, App configuration). */
export const DEFAULT_DATA_DIR = '.airlock-data';

/**
 * Where the App and the CLI find the database: PostgreSQL at `DATABASE_URL`, else PGlite in
 * `AIRLOCK_DATA_DIR` (default `.airlock-data` under `cwd`). `dataDir` is always set, since the
 * encryption key file lives there when no `AIRLOCK_ENCRYPTION_KEY` is given.
 */
export function databaseTarget(
  env: NodeJS.ProcessEnv,
  cwd: string,
): OpenDatabaseOptions & { dataDir: string } {
  const dataDir = resolve(cwd, env.AIRLOCK_DATA_DIR || DEFAULT_DATA_DIR);
  return env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL, dataDir } : { dataDir };
}
