import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { keyFingerprint } from '../../app/check-app-credentials.js';
import { startWorld, type World } from '../../src/world/start-world.js';
import { spawnApp, type AppProcess } from './app-process.js';
import { worldAppEnv } from '../support/world-app-settings.js';

// Every bad setting ends `airlock app` with one line on stderr and exit code 2, never a stack
// trace: run through the real CLI against the world.

let world: World;
let dir: string;
let closedPort: number;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeAll(async () => {
  world = await startWorld();
  dir = await mkdtemp(join(tmpdir(), 'airlock-startup-'));
  closedPort = await freePort();
});
afterAll(async () => {
  await world.close();
  await rm(dir, { recursive: true, force: true });
});

let cases = 0;
/** The world's App, correctly configured, each run with its own data directory. */
const good = (): Record<string, string> => worldAppEnv(world, join(dir, `data-${++cases}`));

async function failsWith(env: Record<string, string | undefined>, line: RegExp): Promise<string> {
  const app = spawnApp({ cwd: dir, env });
  const code = await app.exited;
  const stderr = app.stderr();
  expect({ code, stderr }).toEqual({ code: 2, stderr: expect.stringMatching(/^airlock app: [^\n]+\n$/) });
  expect(stderr).toMatch(line);
  expect(stderr).not.toMatch(/\n\s+at /);
  return stderr;
}

describe('airlock app: every startup error is one line and exit 2', () => {
  it('WEBHOOK_SECRET missing while APP_ID is set', async () => {
    await failsWith({ ...good(), WEBHOOK_SECRET: undefined }, /WEBHOOK_SECRET is not set/);
  });

  it('PRIVATE_KEY_PATH that cannot be read', async () => {
    await failsWith({ ...good(), PRIVATE_KEY_PATH: join(dir, 'missing.pem') }, /PRIVATE_KEY_PATH \S+missing\.pem cannot be read \(ENOENT\)/);
  });

  it('PRIVATE_KEY that is not a PEM key, and a key that is not RSA', async () => {
    await failsWith({ ...good(), PRIVATE_KEY: '-----BEGIN RSA PRIVATE KEY-----\nnot a key\n-----END RSA PRIVATE KEY-----\n' }, /PRIVATE_KEY is not a PEM private key/);
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    await failsWith({ ...good(), PRIVATE_KEY: ec }, /PRIVATE_KEY is an ec key, but GitHub App keys are RSA/);
  });

  it('a key GitHub does not know: refused by GET /app, named by its fingerprint, never printed', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    const stderr = await failsWith(
      { ...good(), PRIVATE_KEY_PATH: undefined, PRIVATE_KEY: other },
      /^airlock app: GitHub refused the App's credentials \(APP_ID 4242, key SHA256:[A-Za-z0-9+/]+=*\): 401 A JSON web token could not be decoded; check APP_ID and PRIVATE_KEY\n$/,
    );
    expect(stderr).toContain(keyFingerprint(other));
    expect(stderr).not.toContain(other.split('\n')[1]!);
  });

  it('an APP_ID that is not the key’s App', async () => {
    await failsWith({ ...good(), APP_ID: '99999' }, /GitHub refused the App's credentials \(APP_ID 99999, key SHA256:\S+\): 401 /);
    await failsWith({ ...good(), APP_ID: 'my-app' }, /APP_ID must be the numeric GitHub App id \(got "my-app"\)/);
  });

  it('bad PORT, and a PORT in use', async () => {
    await failsWith({ ...good(), PORT: 'http' }, /PORT must be a TCP port number from 0 to 65535 \(got "http"\)/);
    await failsWith({ ...good(), PORT: '70000' }, /PORT must be a TCP port number/);
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as { port: number };
    try {
      await failsWith({ ...good(), PORT: String(port) }, new RegExp(`PORT ${port} on HOST 127\\.0\\.0\\.1 is in use by another process`));
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });

  it('bad DATABASE_URL, and a database that cannot be reached (its password never printed)', async () => {
    await failsWith({ ...good(), DATABASE_URL: 'mysql://db.example/airlock' }, /DATABASE_URL must be a PostgreSQL URL/);
    const stderr = await failsWith(
      { ...good(), DATABASE_URL: `postgres://airlock:hunter2secret@127.0.0.1:${closedPort}/airlock`, AIRLOCK_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64') },
      new RegExp(`cannot open PostgreSQL at 127\\.0\\.0\\.1:${closedPort}/airlock \\(DATABASE_URL\\): ECONNREFUSED`),
    );
    expect(stderr).not.toContain('hunter2secret');
    await failsWith({ ...good(), DATABASE_URL: `postgres://127.0.0.1:${closedPort}/airlock` }, /DATABASE_URL is set, so every replica needs the same AIRLOCK_ENCRYPTION_KEY/);
  });

  it('bad AIRLOCK_ENCRYPTION_KEY', async () => {
    await failsWith({ ...good(), AIRLOCK_ENCRYPTION_KEY: 'too-short' }, /AIRLOCK_ENCRYPTION_KEY must be exactly 32 bytes/);
  });

  it('GitHub that cannot be reached, and bad GHE_HOST / GHE_PROTOCOL', async () => {
    await failsWith({ ...good(), GHE_HOST: `127.0.0.1:${closedPort}` }, new RegExp(`GitHub at http://127\\.0\\.0\\.1:${closedPort}/api/v3 could not be reached \\(.*ECONNREFUSED.*\\) on GET /app`));
    await failsWith({ ...good(), GHE_PROTOCOL: 'ftp' }, /GHE_PROTOCOL must be https or http \(got "ftp"\)/);
    await failsWith({ ...good(), GHE_HOST: 'https://github.example.com' }, /GHE_HOST must be a host name with an optional :port/);
  });

  it('a second App on the same data directory', async () => {
    const env = good();
    let first: AppProcess | undefined;
    try {
      first = spawnApp({ cwd: dir, env });
      await first.line(/listening on port \d+/);
      await failsWith({ ...env, PORT: '0' }, new RegExp(`${env.AIRLOCK_DATA_DIR!.replace(/[/.-]/g, '\\$&')} is in use by process ${first.child.pid}`));
    } finally {
      expect(await first?.stop()).toBe(0);
    }
  });

  it('no APP_ID in production: registration is not served there', async () => {
    await failsWith({ GHE_HOST: world.gheHost, GHE_PROTOCOL: 'http', PORT: '0', NODE_ENV: 'production' }, /APP_ID is not set, and registration is not served in production/);
  });
});
