import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdir, open, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { localKeySigner, type KeySigner } from '../../src/attest/key-signing.js';

export const VERDICT_KEY_FILE = 'verdict-signing-key.pem';

async function readOrCreate(dataDir: string): Promise<KeyObject> {
  const path = join(dataDir, VERDICT_KEY_FILE);
  try {
    const handle = await open(path, 'r');
    try {
      const info = await handle.stat();
      // A signing key others can read lets them forge the App's verdicts.
      if ((info.mode & 0o077) !== 0) throw new Error(`${path} has mode ${(info.mode & 0o777).toString(8)}; other users could read the verdict signing key. Run: chmod 600 ${path}`);
      return createPrivateKey(await handle.readFile('utf8'));
    } finally {
      await handle.close();
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  // `wx`: if another process created the key meanwhile, fail rather than overwrite it.
  await writeFile(path, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600, flag: 'wx' });
  return privateKey;
}

/**
 * The App's verdict signer: AIRLOCK_VERDICT_KEY (an ECDSA P-256 private key, PEM) when set, which
 * replicas must share; else a key file in the data directory, created on first start.
 */
export async function loadVerdictSigner(options: { pem?: string; dataDir: string }): Promise<KeySigner> {
  if (options.pem) {
    let key: KeyObject;
    try {
      key = createPrivateKey(options.pem);
    } catch (error) {
      throw new Error('AIRLOCK_VERDICT_KEY is not a PEM private key; generate one with: openssl ecparam -name prime256v1 -genkey | openssl pkcs8 -topk8 -nocrypt', { cause: error });
    }
    if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') throw new Error('AIRLOCK_VERDICT_KEY must be an ECDSA P-256 key');
    return localKeySigner(key);
  }
  return localKeySigner(await readOrCreate(options.dataDir));
}
