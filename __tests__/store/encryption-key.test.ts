import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  ENCRYPTION_KEY_FILE,
  loadEncryptionKey,
  parseEncryptionKey,
} from '../../src/store/encryption-key.js';

describe('encryption key', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'airlock-key-'));
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('reads AIRLOCK_ENCRYPTION_KEY as hex, base64 or base64url', async () => {
    const key = randomBytes(32);
    for (const text of [key.toString('hex'), key.toString('base64'), key.toString('base64url')]) {
      const loaded = await loadEncryptionKey({
        env: { AIRLOCK_ENCRYPTION_KEY: text },
        dataDir: dir,
      });
      expect(loaded).toEqual({ key, source: 'env' });
    }
    // The environment wins: no key file is created.
    await expect(stat(join(dir, ENCRYPTION_KEY_FILE))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses keys that are not exactly 32 bytes, saying how to make one', () => {
    for (const text of [
      randomBytes(16).toString('hex'),
      randomBytes(31).toString('base64'),
      randomBytes(33).toString('base64'),
      'correct horse battery staple',
      `${randomBytes(32).toString('hex')}0`,
    ]) {
      expect(() => parseEncryptionKey(text, 'AIRLOCK_ENCRYPTION_KEY')).toThrow(
        expect.objectContaining({
          code: 'encryption_key_invalid',
          message: expect.stringContaining('openssl rand -base64 32'),
        }),
      );
    }
  });

  it('generates a key file with mode 0600 and reuses it', async () => {
    const first = await loadEncryptionKey({ env: {}, dataDir: join(dir, 'data') });
    expect(first.source).toBe('generated');
    expect(first.key).toHaveLength(32);
    const path = join(dir, 'data', ENCRYPTION_KEY_FILE);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(Buffer.from((await readFile(path, 'utf8')).trim(), 'base64')).toEqual(first.key);
    expect(await loadEncryptionKey({ env: {}, dataDir: join(dir, 'data') })).toEqual({
      key: first.key,
      source: 'file',
    });
  });

  it('gives every process starting at once the same key', async () => {
    const loaded = await Promise.all(
      Array.from({ length: 6 }, () => loadEncryptionKey({ env: {}, dataDir: dir })),
    );
    expect(new Set(loaded.map((l) => l.key.toString('hex'))).size).toBe(1);
    expect(loaded.filter((l) => l.source === 'generated')).toHaveLength(1);
  });

  it('refuses a key file that others can read', async () => {
    const path = join(dir, ENCRYPTION_KEY_FILE);
    await writeFile(path, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
    await chmod(path, 0o644);
    await expect(loadEncryptionKey({ env: {}, dataDir: dir })).rejects.toMatchObject({
      code: 'encryption_key_insecure',
      message: expect.stringContaining('chmod 600'),
    });
    await chmod(path, 0o640);
    await expect(loadEncryptionKey({ env: {}, dataDir: dir })).rejects.toMatchObject({
      code: 'encryption_key_insecure',
    });
  });

  it('refuses a corrupt key file', async () => {
    await writeFile(join(dir, ENCRYPTION_KEY_FILE), 'not a key\n', { mode: 0o600 });
    await expect(loadEncryptionKey({ env: {}, dataDir: dir })).rejects.toMatchObject({
      code: 'encryption_key_invalid',
    });
  });

  it('requires AIRLOCK_ENCRYPTION_KEY when replicas share PostgreSQL', async () => {
    await expect(
      loadEncryptionKey({ env: { DATABASE_URL: 'postgres://db/airlock' }, dataDir: dir }),
    ).rejects.toMatchObject({ code: 'encryption_key_missing' });
  });
});
