import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { trustFromRoots } from '../../src/attest/trust-material.js';
import { publicGoodRoot, readTrustedRoots } from '../../src/attest/trusted-roots.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'airlock-roots-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('AIRLOCK_TRUSTED_ROOTS', () => {
  it('defaults to the shipped public-good root, which Sigstore verification accepts', () => {
    const roots = readTrustedRoots(undefined);
    expect(roots).toEqual([publicGoodRoot()]);
    // Public-good lists CT logs (SCTs required), Rekor logs and, since 2025, a TSA (either witness).
    expect(trustFromRoots(roots).authorities.map((a) => a.thresholds)).toEqual([{ ctlogThreshold: 1, tlogThreshold: 0, timestampThreshold: 1 }]);
  });

  it('reads a pretty-printed trusted_root.json and JSON Lines of them (gh attestation trusted-root)', async () => {
    const root = publicGoodRoot();
    await writeFile(join(dir, 'one.json'), JSON.stringify(root, null, 2));
    await writeFile(join(dir, 'two.jsonl'), `${JSON.stringify(root)}\n${JSON.stringify(root)}\n`);
    expect(readTrustedRoots(`${join(dir, 'one.json')}, ${join(dir, 'two.jsonl')}`)).toEqual([root, root, root]);
  });

  it('names the file and the fix when it cannot be used', async () => {
    await writeFile(join(dir, 'bad.json'), 'not json\n');
    expect(() => readTrustedRoots(join(dir, 'absent.json'))).toThrow(/cannot be read; write it with: gh attestation trusted-root/);
    expect(() => readTrustedRoots(join(dir, 'bad.json'))).toThrow(/neither a trusted_root.json nor JSON Lines/);
  });
});
