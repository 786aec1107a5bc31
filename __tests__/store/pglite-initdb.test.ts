import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openDatabase, pgliteDir } from '../../src/store/database.js';
import { initialisePgliteDir } from '../../src/store/pglite-initdb.js';

// Issue 16 item 6: a new PGlite data directory is initialised by a short-lived child process, so
// the App's own process never holds initdb's memory, and the result is renamed into place.

describe('initialising a PGlite data directory in a child process', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'airlock-initdb-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('a fresh data directory becomes a database, with nothing left beside it, and a second open reuses it', async () => {
    const dataDir = join(dir, 'fresh');
    const db = await openDatabase({ dataDir });
    try {
      await db.query('CREATE TABLE kept (v text)');
      await db.query("INSERT INTO kept VALUES ('first life')");
    } finally {
      await db.close();
    }
    expect(existsSync(join(pgliteDir(dataDir), 'PG_VERSION'))).toBe(true);
    expect((await readdir(dataDir)).filter((name) => name.startsWith('pgdata')).sort()).toEqual(['pgdata']);
    const again = await openDatabase({ dataDir });
    try {
      expect((await again.query<{ v: string }>('SELECT v FROM kept')).rows).toEqual([{ v: 'first life' }]);
    } finally {
      await again.close();
    }
  }, 180_000);

  it('an initdb that fails (files capped at 4 MB, as a full disk would) is one line, leaves nothing that looks like a database, and the next try succeeds', async () => {
    const pgdata = join(dir, 'capped', 'pgdata');
    await mkdir(join(dir, 'capped'));
    // A `node` whose files may not exceed 4 MB: the child's 16 MB WAL segment cannot be written.
    // Only the child runs under it, so this test breaks if initdb ran in the calling process.
    const capped = join(dir, 'capped-node.sh');
    await writeFile(capped, `#!/bin/sh\nexec prlimit --fsize=4194304 '${process.execPath}' "$@"\n`);
    await chmod(capped, 0o755);
    const error = await initialisePgliteDir({ pgdata, execPath: capped }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).toMatch(new RegExp(`^initialising ${pgdata.replace(/[/.-]/g, '\\$&')} failed: the initdb process exited with code 1 \\([^\\n]+\\)$`));
    expect(await readdir(join(dir, 'capped'))).toEqual([]);
    await initialisePgliteDir({ pgdata });
    expect(existsSync(join(pgdata, 'PG_VERSION'))).toBe(true);
    expect(await readdir(join(dir, 'capped'))).toEqual(['pgdata']);
  }, 180_000);

  it('refuses a pgdata that holds files but no database, and leaves them as they are', async () => {
    const dataDir = join(dir, 'half');
    await mkdir(pgliteDir(dataDir), { recursive: true });
    await writeFile(join(pgliteDir(dataDir), 'postgresql.conf'), '# left behind\n');
    await expect(openDatabase({ dataDir })).rejects.toThrow(
      `${pgliteDir(dataDir)} holds files but no database (no PG_VERSION); move it away so a new database can be created there, or restore the one it held`,
    );
    expect(await readdir(pgliteDir(dataDir))).toEqual(['postgresql.conf']);
    // The data directory's lock was released on the way out.
    expect(await readdir(dataDir)).toEqual(['pgdata']);
  });
});
