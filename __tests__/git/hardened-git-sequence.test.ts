import { afterEach, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hardenedGitSequence } from '../../src/git/hardened-git.js';

const IDENTITY = ['-c', 'user.name=t', '-c', 'user.email=t@example.test', '-c', 'commit.gpgsign=false', '-c', 'init.defaultBranch=main'];
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const temp = () => {
  const dir = mkdtempSync(join(tmpdir(), 'airlock-git-seq-'));
  dirs.push(dir);
  return dir;
};

describe('hardenedGitSequence', () => {
  it('runs the commands in order from one launch, every argument taken literally (no shell syntax)', async () => {
    const dir = temp();
    const message = `it's "quoted" $HOME $(touch pwned) \`touch pwned\`; touch pwned`;
    await hardenedGitSequence(dir, [
      [...IDENTITY, 'init', '-q'],
      [...IDENTITY, 'commit', '-q', '--allow-empty', '--no-verify', '-m', message],
    ]);
    expect(execFileSync('git', ['log', '--format=%B', '-1'], { cwd: dir, encoding: 'utf8' }).trim()).toBe(message);
    expect(existsSync(join(dir, 'pwned'))).toBe(false);
  });

  it('stops at the first command that fails, naming the commands and git\'s error', async () => {
    const dir = temp();
    await expect(
      hardenedGitSequence(dir, [
        [...IDENTITY, 'init', '-q'],
        [...IDENTITY, 'rev-parse', '--verify', 'no-such-ref'],
        [...IDENTITY, 'commit', '-q', '--allow-empty', '-m', 'never'],
      ]),
    ).rejects.toThrow(/^git init, rev-parse, commit failed \(128\): fatal: Needed a single revision/);
    expect(() => execFileSync('git', ['rev-parse', '--verify', '-q', 'HEAD'], { cwd: dir })).toThrow();
  });
});
