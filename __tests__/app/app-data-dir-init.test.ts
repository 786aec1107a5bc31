import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startWorld, type World } from '../../src/world/start-world.js';
import { AIRLOCK_CLI, spawnApp } from './app-process.js';
import { worldAppEnv } from '../support/world-app-settings.js';

// Issue 16 item 6: `airlock app` on a new data directory has a child process run initdb. A disk
// that refuses initdb's files (here: files capped at 4 MB, under the 16 MB WAL segment initdb
// writes) ends the start with the one line every store failure gives, and leaves nothing that
// looks like a database, so the next start initialises the directory and runs.

let world: World;
let dir: string;

beforeAll(async () => {
  world = await startWorld();
  dir = await mkdtemp(join(tmpdir(), 'airlock-app-initdb-'));
});
afterAll(async () => {
  await world.close();
  await rm(dir, { recursive: true, force: true });
});

describe('airlock app on a new data directory', () => {
  it('a failing initdb is one line and exit 2; the next start initialises the directory and runs', async () => {
    const dataDir = join(dir, 'data');
    const env: Record<string, string> = { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...worldAppEnv(world, dataDir) };
    const capped = spawn('prlimit', ['--fsize=4194304', process.execPath, AIRLOCK_CLI, 'app'], { cwd: dir, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    capped.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const code = await new Promise<number | null>((resolve) => capped.on('close', resolve));
    expect({ code, stderr }).toEqual({ code: 2, stderr: expect.stringMatching(/^airlock app: [^\n]+\n$/) });
    const at = dataDir.replace(/[/.-]/g, '\\$&');
    expect(stderr).toMatch(
      new RegExp(`^airlock app: cannot open the embedded database in ${at} \\(AIRLOCK_DATA_DIR\\): initialising ${at}/pgdata failed: the initdb process exited with code 1 \\(.+\\); check that it is reachable and writable\\n$`),
    );
    expect((await readdir(dataDir)).filter((name) => name.startsWith('pgdata'))).toEqual([]);

    const app = spawnApp({ cwd: dir, env });
    try {
      await app.line(/listening on port \d+/);
      expect(existsSync(join(dataDir, 'pgdata', 'PG_VERSION'))).toBe(true);
    } finally {
      expect(await app.stop()).toBe(0);
    }
  }, 240_000);
});
