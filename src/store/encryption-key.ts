import { randomBytes } from 'node:crypto';
import { link, mkdir, open, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { StoreError } from './store-error.js';

export const ENCRYPTION_KEY_FILE = 'encryption.key';

export interface EncryptionKey {
  key: Buffer;
  source: 'env' | 'file' | 'generated';
}

const HEX = /^[0-9a-fA-F]{64}$/;
const BASE64 = /^[A-Za-z0-9+/]{43}=$/;
const BASE64URL = /^[A-Za-z0-9_-]{43}$/;

/** Parses a 256-bit key written as 64 hex digits or base64 (standard or URL-safe). */
export function parseEncryptionKey(text: string, origin: string): Buffer {
  const value = text.trim();
  if (HEX.test(value)) return Buffer.from(value, 'hex');
  if (BASE64.test(value)) return Buffer.from(value, 'base64');
  if (BASE64URL.test(value)) return Buffer.from(value, 'base64url');
  throw new StoreError(
    'encryption_key_invalid',
    `${origin} must be exactly 32 bytes written as 64 hex digits or 44 base64 characters (got ${value.length} characters); generate one with: openssl rand -base64 32`,
  );
}

async function readKeyFile(path: string): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const info = await handle.stat();
    // A key others can read protects nothing: refuse it rather than silently trust it.
    if ((info.mode & 0o077) !== 0) {
      throw new StoreError(
        'encryption_key_insecure',
        `${path} has mode ${(info.mode & 0o777).toString(8)}; other users could read it. Run: chmod 600 ${path}`,
      );
    }
    if (typeof process.getuid === 'function' && info.uid !== process.getuid()) {
      throw new StoreError(
        'encryption_key_insecure',
        `${path} belongs to uid ${info.uid}, not to this process (uid ${process.getuid()}); chown it or set AIRLOCK_ENCRYPTION_KEY`,
      );
    }
    return parseEncryptionKey(await handle.readFile('utf8'), path);
  } finally {
    await handle.close();
  }
}

/**
 * The key that seals minted tokens: `AIRLOCK_ENCRYPTION_KEY`, else `<dataDir>/encryption.key`,
 * created with mode 0600 on first use. With `DATABASE_URL` the key must come from the
 * environment: replicas sharing one PostgreSQL must share one key, and a key kept on one
 * replica's disk dies with it.
 */
export async function loadEncryptionKey(options: {
  env: NodeJS.ProcessEnv;
  dataDir: string;
}): Promise<EncryptionKey> {
  const fromEnv = options.env.AIRLOCK_ENCRYPTION_KEY;
  if (fromEnv !== undefined && fromEnv !== '')
    return { key: parseEncryptionKey(fromEnv, 'AIRLOCK_ENCRYPTION_KEY'), source: 'env' };
  if (options.env.DATABASE_URL) {
    throw new StoreError(
      'encryption_key_missing',
      'DATABASE_URL is set, so every replica needs the same AIRLOCK_ENCRYPTION_KEY (generate one with: openssl rand -base64 32)',
    );
  }
  const path = join(options.dataDir, ENCRYPTION_KEY_FILE);
  const existing = await stat(path).then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return false;
      throw error;
    },
  );
  if (existing) return { key: await readKeyFile(path), source: 'file' };
  await mkdir(options.dataDir, { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  // Written complete under a temporary name, then linked into place: a process starting at the
  // same moment sees either no key or the whole key, and link() refuses to replace a winner's.
  const temporary = `${path}.${process.pid}.${randomBytes(6).toString('hex')}`;
  await writeFile(temporary, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    await link(temporary, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return { key: await readKeyFile(path), source: 'file' };
  } finally {
    await unlink(temporary);
  }
  return { key, source: 'generated' };
}
