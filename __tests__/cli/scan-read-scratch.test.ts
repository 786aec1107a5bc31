import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readScanFile, type ReadScratch } from '../../src/cli/read-scan-file.js';
import { scanFileAt } from '../../src/cli/scan-file-bytes.js';
import { AllowList } from '../../src/scan/allow-list.js';

// `airlock scan` reads file after file into one buffer per thread (read-scan-file.ts): a file
// read after a larger one must come back as exactly its own bytes, and what was found in the
// earlier file must not change when the buffer is overwritten.
const dir = mkdtempSync(join(tmpdir(), 'airlock-scan-scratch-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const token = 'xoxb-730418265913-580274619382-Ab3dEf6hIj9kLm2nOp5qRs8t';

describe('reading files into one reused buffer', () => {
  it('returns each file exactly, larger then smaller then larger again', () => {
    const scratch: ReadScratch = { buffer: Buffer.alloc(0) };
    const sizes = [300_000, 17, 0, 5_000, 1_000_000];
    sizes.forEach((size, i) => {
      const path = join(dir, `f${i}`);
      const bytes = Buffer.alloc(size, 97 + i);
      writeFileSync(path, bytes);
      const read = readScanFile(path, 50 * 1024 * 1024, scratch);
      expect('bytes' in read && read.bytes.equals(bytes)).toBe(true);
    });
    expect(scratch.buffer.length).toBeGreaterThan(1_000_000);
  });

  it('findings of a file survive the next read into the same buffer', () => {
    const scratch: ReadScratch = { buffer: Buffer.alloc(0) };
    const allowList = new AllowList({});
    const first = join(dir, 'secret.env');
    const second = join(dir, 'plain.txt');
    writeFileSync(first, `${'x'.repeat(200_000)}\ntoken: ${token}\n`);
    writeFileSync(second, 'nothing to see here\n'.repeat(10_000));
    const a = scanFileAt(first, 'secret.env', allowList, scratch);
    const fresh = scanFileAt(first, 'secret.env', allowList);
    scanFileAt(second, 'plain.txt', allowList, scratch);
    expect('found' in a && a.found.map((f) => f.match)).toEqual([token]);
    expect(a).toEqual(fresh);
  });
});
