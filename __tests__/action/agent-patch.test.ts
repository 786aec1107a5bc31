// airlock:allow-file (synthetic credentials)
import { afterEach, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { agentChanges } from '../../src/action/agent-changes.js';
import { agentPatch } from '../../src/action/agent-patch.js';
import { handBackChanges } from '../../src/action/hand-back-changes.js';
import { writeFileState } from '../../src/action/file-state.js';
import { credentialConfigEdits, parseConfigList, stripUserinfo } from '../../src/action/git-credential-config.js';
import { patchHeader, quotePath, rebuildFromHunks, splitLines } from '../../src/action/patch-text.js';
import { prepareRedactedWorkspace, type RedactedWorkspace } from '../../src/action/redacted-workspace.js';
import { isSafeRelativePath } from '../../src/action/workspace-path.js';
import { base62Crc32 } from '../../src/scan/validate-secret.js';

const GITHUB_TOKEN = `ghp_Zk3Lq9Xv2Rm7Tn4Wc8Bp5Yh1Jd6Gs0${base62Crc32('Zk3Lq9Xv2Rm7Tn4Wc8Bp5Yh1Jd6Gs0')}`;
const TOKEN = /AIRLOCK_[A-Z0-9_]+_[A-Za-z0-9]{20}/;
const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.test', '-c', 'init.defaultBranch=main', ...args], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' } });

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0)) await f();
});

function repository(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'airlock-checkout-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'first');
  return dir;
}

async function redacted(checkout: string, history = false): Promise<RedactedWorkspace> {
  const temp = mkdtempSync(join(tmpdir(), 'airlock-runner-temp-'));
  cleanup.push(() => rmSync(temp, { recursive: true, force: true }));
  const prepared = await prepareRedactedWorkspace({ workingDirectory: checkout, tempDir: temp, history });
  return prepared!.workspace;
}

describe('patch round trip', () => {
  it('brings a tokenised secret back only where it was: an edited line keeps it, a copied line and a new file keep the token', async () => {
    const original = `const a = 1;\nconst gh = "${GITHUB_TOKEN}";\nconst b = 2;\n`;
    const checkout = repository({ 'app.ts': original, 'logo.bin': Buffer.from([0, 1, 2, 3]) });
    const workspace = await redacted(checkout);
    const given = readFileSync(join(workspace.dir, 'app.ts'), 'utf8');
    expect(given).not.toContain(GITHUB_TOKEN);
    const token = TOKEN.exec(given)![0];

    // The agent edits the secret's line, copies the token to a new line and a new file, changes a binary file.
    writeFileSync(join(workspace.dir, 'app.ts'), given.replace('const gh =', 'export const gh =').replace('const b = 2;', `const b = 2;\nconst copy = "${token}";`));
    writeFileSync(join(workspace.dir, 'new.ts'), `export const leaked = "${token}";\n`);
    writeFileSync(join(workspace.dir, 'logo.bin'), Buffer.from([0, 1, 2, 3, 4]));
    const patch = await agentPatch(await agentChanges(workspace), workspace);

    expect(patch.files.map((f) => f.path)).toEqual(['app.ts', 'logo.bin', 'new.ts']);
    const app = patch.files[0]!.after!.content.toString();
    expect(app).toBe(`const a = 1;\nexport const gh = "${GITHUB_TOKEN}";\nconst b = 2;\nconst copy = "${token}";\n`);
    expect(patch.files[2]!.after!.content.toString()).toBe(`export const leaked = "${token}";\n`);
    expect(patch.kept).toEqual([{ file: 'app.ts', line: 4, token }, { file: 'new.ts', line: 1, token }]);
    expect(patch.revealed).toEqual([]);
    // The real value appears in the patch only on the line it came from.
    expect(patch.text.split('\n').filter((l) => l.includes(GITHUB_TOKEN))).toEqual([`-const gh = "${GITHUB_TOKEN}";`, `+export const gh = "${GITHUB_TOKEN}";`]);

    // The patch applies to the real checkout with git, and gives what the hand-back writes.
    const patchPath = join(workspace.scratch, 'agent.patch');
    writeFileSync(patchPath, Buffer.from(patch.text, 'latin1'));
    git(checkout, 'apply', '--binary', patchPath);
    expect(readFileSync(join(checkout, 'app.ts'), 'utf8')).toBe(app);
    expect(readFileSync(join(checkout, 'logo.bin'))).toEqual(Buffer.from([0, 1, 2, 3, 4]));
    expect(readFileSync(join(checkout, 'new.ts'), 'utf8')).not.toContain(GITHUB_TOKEN);
  });

  it('notices a repository secret the agent writes itself, though it was only shown its token', async () => {
    const checkout = repository({ 'app.ts': `const gh = "${GITHUB_TOKEN}";\n` });
    const workspace = await redacted(checkout);
    writeFileSync(join(workspace.dir, 'other.ts'), `const again = "${GITHUB_TOKEN}";\n`);
    const patch = await agentPatch(await agentChanges(workspace), workspace);
    expect(patch.revealed).toEqual([{ file: 'other.ts', tokenType: expect.any(String) }]);
  });

  it('never reads through a link the agent planted, and never lists its .git', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'airlock-outside-'));
    cleanup.push(() => rmSync(outside, { recursive: true, force: true }));
    writeFileSync(join(outside, 'index.js'), 'host secret\n');
    const checkout = repository({ 'src/index.js': 'export {};\n' });
    const workspace = await redacted(checkout);
    rmSync(join(workspace.dir, 'src'), { recursive: true });
    await writeFileState(workspace.dir, 'src', { kind: 'symlink', executable: false, content: Buffer.from(outside) });
    writeFileSync(join(workspace.dir, '.git', 'agent-note'), 'x');
    const changes = await agentChanges(workspace);
    expect(changes.map((c) => [c.path, c.after?.kind])).toEqual([['src', 'symlink'], ['src/index.js', undefined]]);
    await expect(writeFileState(workspace.dir, 'src/x.js', { kind: 'file', executable: false, content: Buffer.from('') })).rejects.toThrow(/src is a symbolic link/);
  });
});

describe('the hand-back', () => {
  it('refuses changes that carry a credential the step holds: nothing is written to the checkout', async () => {
    // The agent holds placeholders only, so this guards what it could only have got by a leak elsewhere.
    const held = `ghs_${'Q'.repeat(30)}${base62Crc32('Q'.repeat(30))}`;
    const checkout = repository({ 'a.txt': 'one\n' });
    const workspace = await redacted(checkout);
    writeFileSync(join(workspace.dir, 'token.txt'), `gh: ${held}\n`);
    writeFileSync(join(workspace.dir, 'ok.txt'), 'fine\n');
    const warnings: string[] = [];
    const places: unknown[] = [];
    const core = { warning: (m: string, p?: unknown) => (warnings.push(m), places.push(p)), info: () => undefined, setOutput: () => undefined } as unknown as Parameters<typeof handBackChanges>[2]['core'];
    const temp = mkdtempSync(join(tmpdir(), 'airlock-runner-temp-'));
    cleanup.push(() => rmSync(temp, { recursive: true, force: true }));
    await expect(handBackChanges(workspace, checkout, { core, env: { RUNNER_TEMP: temp }, knownValues: [{ value: held, label: 'airlock-credential' }] })).rejects.toThrow(/carry a credential this step holds \(token\.txt:1\): they were not applied/);
    expect(() => readFileSync(join(checkout, 'token.txt'))).toThrow();
    expect(() => readFileSync(join(checkout, 'ok.txt'))).toThrow();
    expect(warnings.join('\n')).not.toContain(held);
    // The annotation is placed on the file and line, where GitHub shows it.
    expect(places).toContainEqual(expect.objectContaining({ file: 'token.txt', startLine: 1 }));
  });
});

describe('the redacted copy of a checkout', () => {
  it('has one fresh commit and no credential by default; with history, the commits but still no credential', async () => {
    const checkout = repository({ 'README.md': 'one\n' });
    writeFileSync(join(checkout, 'README.md'), 'two\n');
    git(checkout, 'commit', '-qam', 'second');
    git(checkout, 'config', 'http.https://github.com/.extraheader', 'AUTHORIZATION: basic c2VjcmV0');
    git(checkout, 'config', 'remote.origin.url', 'https://x-access-token:ghs_secret123@github.com/acme/widgets');
    git(checkout, 'config', 'includeIf.gitdir:/x/.path', '/runner/temp/git-credentials.config');
    git(checkout, 'config', 'credential.helper', 'store');
    writeFileSync(join(checkout, '.git', 'hooks', 'post-checkout'), '#!/bin/sh\necho hook\n', { mode: 0o755 });

    const fresh = await redacted(checkout);
    expect(git(fresh.dir, 'log', '--format=%s').trim()).toBe('Airlock: redacted workspace');
    expect(git(fresh.dir, 'config', '--list', '--local')).not.toMatch(/extraheader|remote|credential|include|c2VjcmV0|ghs_/i);

    const kept = await redacted(checkout, true);
    expect(git(kept.dir, 'log', '--format=%s').trim().split('\n')).toEqual(['second', 'first']);
    const config = git(kept.dir, 'config', '--list', '--local');
    expect(config).toContain('remote.origin.url=https://github.com/acme/widgets');
    expect(config).not.toMatch(/extraheader|credential|include|c2VjcmV0|ghs_secret/i);
    expect(() => readFileSync(join(kept.dir, '.git', 'hooks', 'post-checkout'))).toThrow();
  });

  it('refuses a working directory below the top level of a checkout', async () => {
    const checkout = repository({ 'sub/a.txt': 'a\n' });
    await expect(prepareRedactedWorkspace({ workingDirectory: join(checkout, 'sub'), tempDir: tmpdir(), history: false })).rejects.toThrow(/not its top level/);
  });
});

describe('pure helpers', () => {
  it('strips every credential form from a git configuration', () => {
    const entries = parseConfigList(
      'http.https://github.com/.extraheader\nAUTHORIZATION: basic x\0credential.helper\nstore\0includeif.gitdir:/w/.git.path\n/t/c\0url.https://u:p@github.com/.insteadof\nhttps://github.com/\0remote.origin.url\nhttps://u:p@github.com/o/r\0remote.origin.fetch\n+refs/heads/*:refs/remotes/origin/*\0core.bare\0',
    );
    expect(credentialConfigEdits(entries)).toEqual({
      unset: ['http.https://github.com/.extraheader', 'credential.helper', 'includeif.gitdir:/w/.git.path', 'url.https://u:p@github.com/.insteadof'],
      rewrite: [{ name: 'remote.origin.url', value: 'https://github.com/o/r' }],
    });
    expect(stripUserinfo('ssh://git@github.com/o/r')).toBe('ssh://github.com/o/r');
  });

  it('accepts only plain relative paths outside .git', () => {
    for (const ok of ['a', 'a/b.txt', '.github/workflows/x.yml', '.gitignore']) expect([ok, isSafeRelativePath(ok)]).toEqual([ok, true]);
    for (const bad of ['', '/etc/passwd', '../x', 'a/../b', 'a//b', './a', '.git/config', 'sub/.GIT/hooks/x', 'a\0b']) expect([bad, isSafeRelativePath(bad)]).toEqual([bad, false]);
  });

  it('quotes paths as git does and writes headers git apply accepts', () => {
    expect(quotePath('a/b c.txt')).toBe('a/b c.txt');
    expect(quotePath('a/é\n"')).toBe('"a/\\303\\251\\n\\""');
    const file = { kind: 'file' as const, executable: false, content: Buffer.from('') };
    expect(patchHeader('x', undefined, file, { before: '0'.repeat(40), after: 'e'.repeat(40), text: true })).toBe(`diff --git a/x b/x\nnew file mode 100644\nindex ${'0'.repeat(40)}..${'e'.repeat(40)}\n--- /dev/null\n+++ b/x\n`);
    expect(patchHeader('x', file, { ...file, executable: true }, { before: 'a'.repeat(40), after: 'a'.repeat(40), text: false })).toBe('diff --git a/x b/x\nold mode 100644\nnew mode 100755\n');
  });

  it('rebuilds a file from hunks: untouched lines from the originals, added lines from the restored body', () => {
    const base = splitLines('one\nT\nthree\nfour');
    const originals = splitLines('one\nREAL\nthree\nfour');
    const body = ['@@ -3,2 +3,2 @@', ' three', '-four', '\\ No newline at end of file', '+FOUR', '\\ No newline at end of file', ''];
    const restored = [...body.slice(0, 4), '+FOUR!', ...body.slice(5)];
    expect(rebuildFromHunks('f', base, originals, body, restored)).toBe('one\nREAL\nthree\nFOUR!');
    expect(() => rebuildFromHunks('f', base, originals, ['@@ -1 +1 @@', '-nope', '+x', ''], ['@@ -1 +1 @@', '-nope', '+x', ''])).toThrow(/does not line up/);
  });
});
