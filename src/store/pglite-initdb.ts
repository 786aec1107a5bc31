import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/**
 * What the short-lived `node` runs: PGlite creates the database in the directory it is given
 * (initdb, then one start of the backend) and stops. Plain CommonJS for `node -e`; its arguments
 * are PGlite's entry point and the directory.
 */
const CHILD_SCRIPT = [
  'const { PGlite } = require(process.argv[1]);',
  'PGlite.create({ dataDir: process.argv[2] })',
  '  .then((db) => db.close())',
  '  .then(() => process.exit(0), (error) => {',
  "    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\\n`);",
  '    process.exit(1);',
  '  });',
].join('\n');

export interface InitialisePgliteOptions {
  /** The directory PGlite's files live in (`pgliteDir(dataDir)`); created here. */
  pgdata: string;
  /** The `node` that runs initdb; default this process' own. */
  execPath?: string;
}

/** The last line the child wrote, for a one-line error (never a stack trace, never unbounded). */
function lastLine(stderr: string): string {
  const line = stderr.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('at ')).at(-1) ?? '';
  return line.length > 300 ? `${line.slice(0, 300)}...` : line;
}

async function runChild(execPath: string, staging: string): Promise<void> {
  const pglite = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  // No environment: the App's holds its private key, webhook secret and encryption key, which initdb never needs.
  const child = spawn(execPath, ['-e', CHILD_SCRIPT, pglite, staging], { stdio: ['ignore', 'ignore', 'pipe'], env: {} });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    // Only the tail is ever reported.
    stderr = (stderr + chunk.toString('utf8')).slice(-8192);
  });
  const outcome = await new Promise<{ code: number | null; signal: NodeJS.Signals | null } | Error>((resolve) => {
    child.on('error', resolve);
    child.on('close', (code, signal) => resolve({ code, signal }));
  });
  if (outcome instanceof Error) throw new Error(`the initdb process could not start (${(outcome as NodeJS.ErrnoException).code ?? outcome.message})`);
  if (outcome.code === 0) return;
  const how = outcome.signal ? `was killed by ${outcome.signal}` : `exited with code ${outcome.code}`;
  const detail = lastLine(stderr);
  throw new Error(`the initdb process ${how}${detail ? ` (${detail})` : ''}`);
}

/**
 * Creates PGlite's database in `pgdata` unless it holds one, in a child process: initdb's memory
 * (about 600 MB at its peak, WebAssembly memory that never shrinks and a copy of it) then ends with
 * that process instead of staying in the App's (issue 16 item 6). The child writes beside `pgdata`
 * and the result is renamed into place, so an interrupted initialisation never leaves a directory
 * that looks like a database (PGlite decides by PG_VERSION, pglite.ts in @electric-sql/pglite).
 * The caller holds the data directory's lock.
 */
export async function initialisePgliteDir(options: InitialisePgliteOptions): Promise<void> {
  const { pgdata } = options;
  if (existsSync(join(pgdata, 'PG_VERSION'))) return;
  const entries = await readdir(pgdata).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  if (entries.length > 0)
    throw new Error(`${pgdata} holds files but no database (no PG_VERSION); move it away so a new database can be created there, or restore the one it held`);
  const staging = `${pgdata}.initdb`;
  // A previous initialisation that was interrupted leaves its staging directory: start afresh.
  await rm(staging, { recursive: true, force: true });
  try {
    await runChild(options.execPath ?? process.execPath, staging);
    if (!existsSync(join(staging, 'PG_VERSION'))) throw new Error('the initdb process exited without creating a database');
    // rename(2) replaces an empty directory, so an empty `pgdata` is no obstacle.
    await rename(staging, pgdata);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw new Error(`initialising ${pgdata} failed: ${(error as Error).message}`, { cause: error });
  }
}
