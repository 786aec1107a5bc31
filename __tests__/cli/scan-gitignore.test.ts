import { afterAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIo } from '../../src/cli/cli-io.js';
import { runCli } from '../../src/cli/run-cli.js';

// airlock:allow-file (synthetic credentials)
const LINE = 'stripe = "sk_live_4fK2mQ7xLp9ZtR8vNc3WbY6h"\n';

// A real repository, judged by real git: what it ignores is skipped, nothing else.
const root = mkdtempSync(join(tmpdir(), 'airlock-scan-gitignore-'));
const repo = join(root, 'repo');
mkdirSync(join(repo, 'build'), { recursive: true });
mkdirSync(join(repo, 'src', 'cache'), { recursive: true });
const git = (...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@e', ...args], { cwd: repo, env: { PATH: process.env.PATH, GIT_CONFIG_NOSYSTEM: '1', HOME: root } });
git('init', '-q');
writeFileSync(join(repo, '.gitignore'), '*.local\nbuild/\n');
writeFileSync(join(repo, 'src', '.gitignore'), 'cache/\n');
writeFileSync(join(repo, 'app.ts'), LINE); // tracked
writeFileSync(join(repo, 'forced.local'), LINE); // matches *.local but tracked (git add -f): not ignored
git('add', '.gitignore', 'src/.gitignore', 'app.ts');
git('add', '-f', 'forced.local');
git('commit', '-qm', 'base');
writeFileSync(join(repo, 'untracked.ts'), LINE); // untracked, not ignored
writeFileSync(join(repo, 'settings.local'), LINE); // ignored by *.local
writeFileSync(join(repo, 'build', 'bundle.js'), LINE); // ignored directory
writeFileSync(join(repo, 'src', 'cache', 'blob.txt'), LINE); // ignored by the nested .gitignore
writeFileSync(join(repo, 'src', 'main.ts'), LINE);
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function scan(argv: string[], cwd = repo): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { stdout: (t) => void (out += t), stderr: (t) => void (err += t), env: {}, cwd };
  const code = await runCli(['scan', ...argv], io);
  return { code, out, err };
}

const filesWithFindings = (out: string): string[] => [...new Set((JSON.parse(out) as { findings: { file: string }[] }).findings.map((f) => f.file))].sort();

describe('airlock scan --respect-gitignore', () => {
  it('without it every file is scanned; with it what git ignores is skipped (tracked files never are)', async () => {
    const all = await scan(['.', '--json']);
    expect(filesWithFindings(all.out)).toEqual(['app.ts', join('build', 'bundle.js'), 'forced.local', 'settings.local', join('src', 'cache', 'blob.txt'), join('src', 'main.ts'), 'untracked.ts']);
    const kept = await scan(['.', '--json', '--respect-gitignore']);
    expect(kept.code).toBe(1);
    expect(filesWithFindings(kept.out)).toEqual(['app.ts', 'forced.local', join('src', 'main.ts'), 'untracked.ts']);
  });

  it('a subdirectory is judged by every .gitignore above it as well as its own', async () => {
    const sub = await scan(['src', '--json', '--respect-gitignore']);
    expect(filesWithFindings(sub.out)).toEqual([join('src', 'main.ts')]);
    const inside = await scan(['.', '--json', '--respect-gitignore'], join(repo, 'src'));
    expect(filesWithFindings(inside.out)).toEqual(['main.ts']);
  });

  it('an ignored file named on the command line is skipped and said to be', async () => {
    expect(await scan(['settings.local', '--respect-gitignore'])).toEqual({
      code: 0,
      out: '0 finding(s) in 0 file(s)\n',
      err: 'airlock scan: skipped "settings.local": git ignores it (--respect-gitignore)\n',
    });
    expect((await scan(['forced.local', '--respect-gitignore'])).code).toBe(1);
  });

  it('outside a git repository it is exit 2 with one line; git scans refuse it', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'airlock-scan-nogit-'));
    try {
      writeFileSync(join(outside, 'a.ts'), LINE);
      const r = await scan(['.', '--respect-gitignore'], outside);
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).toMatch(/^airlock scan: --respect-gitignore: git cannot list "\." \(git ls-files failed \(128\): fatal: not a git repository.*\); is it inside a git repository\? Scan without --respect-gitignore outside one\n$/);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
    expect((await scan(['--git-history', '--respect-gitignore'])).err).toContain('--respect-gitignore applies to file scans');
  });
});
