import { describe, expect, it } from '@jest/globals';
import { Ajv } from 'ajv';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanCommand } from '../../src/cli/scan-command.js';
import type { CliIo } from '../../src/cli/cli-io.js';
import { scanReportSchema } from '../../src/scan/scan-report-schema.js';
import { sarif210Schema } from './sarif-2.1.0-schema.js';

// airlock:allow-file (synthetic credentials)
const SECRETS = {
  slack: 'xoxb-730418265913-580274619382-Ab3dEf6hIj9kLm2nOp5qRs8t',
  password: 'Vq3Lr9x2KpT7zW',
  stripe: 'sk_live_4fK2mQ7xLp9ZtR8vNc3WbY6h',
};

function capture(cwd: string): { io: CliIo; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    io: { stdout: (t) => void (out += t), stderr: (t) => void (err += t), env: {}, cwd },
    out: () => out,
    err: () => err,
  };
}

function fixture(): string {
  const dir = mkdtempSync(join(tmpdir(), 'airlock-scan-cli-'));
  mkdirSync(join(dir, 'src'));
  writeFileSync(
    join(dir, 'src', 'config.ts'),
    `export const slack = "${SECRETS.slack}";\nexport const n = 1;\n`,
  );
  writeFileSync(join(dir, '.env'), `DATABASE_URL=postgres://app:${SECRETS.password}@db:5432/app\n`);
  writeFileSync(join(dir, 'clean.md'), '# nothing to see\n');
  writeFileSync(join(dir, 'image.bin'), Buffer.from([0, 1, 2, 3]));
  return dir;
}

const ajv = new Ajv({ allErrors: true, strict: false });
ajv.addFormat('uri', (s: string) => /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]*$/.test(s));
ajv.addFormat('uri-reference', (s: string) => {
  try {
    new URL(s, 'file:///base/');
    return !/\s/.test(s);
  } catch {
    return false;
  }
});

describe('airlock scan', () => {
  const dir = fixture();

  it('--format json: exit 1, report valid against the shipped schema, no secret in the output', async () => {
    const c = capture(dir);
    expect(await scanCommand(['.', '--format', 'json'], c.io)).toBe(1);
    const report = JSON.parse(c.out()) as {
      findings: { rule_id: string; file: string; line: number; column: number }[];
      summary: { skipped: unknown[] };
    };
    const validate = ajv.compile(scanReportSchema);
    expect(validate(report) ? [] : validate.errors).toEqual([]);
    expect(report.findings.map((f) => [f.rule_id, f.file, f.line, f.column])).toEqual([
      ['postgres-connection-string', '.env', 1, 29],
      ['slack-bot-token', join('src', 'config.ts'), 1, 23],
    ]);
    expect(report.summary.skipped).toEqual([{ file: 'image.bin', reason: 'binary' }]);
    for (const s of Object.values(SECRETS)) expect(c.out()).not.toContain(s);
  });

  it('--format sarif: valid SARIF 2.1.0', async () => {
    const c = capture(dir);
    expect(await scanCommand([dir, '--format=sarif'], c.io)).toBe(1);
    const sarif = JSON.parse(c.out()) as {
      runs: { results: { ruleId: string }[]; tool: { driver: { rules: { id: string }[] } } }[];
    };
    const validate = ajv.compile(sarif210Schema);
    expect(validate(sarif) ? [] : validate.errors).toEqual([]);
    expect(sarif.runs[0]!.results.map((r) => r.ruleId).sort()).toEqual([
      'postgres-connection-string',
      'slack-bot-token',
    ]);
    expect(sarif.runs[0]!.tool.driver.rules.map((r) => r.id)).toEqual([
      'postgres-connection-string',
      'slack-bot-token',
    ]);
    for (const s of Object.values(SECRETS)) expect(c.out()).not.toContain(s);
  });

  it('text output names rule, file, line, column and exits 0 when clean', async () => {
    const c = capture(dir);
    expect(await scanCommand(['src/config.ts'], c.io)).toBe(1);
    expect(c.out()).toContain(
      `${join('src', 'config.ts')}:1:23: slack-bot-token: xoxb-****...Rs8t`,
    );
    const clean = capture(dir);
    expect(await scanCommand(['clean.md'], clean.io)).toBe(0);
    expect(clean.out()).toContain('0 finding(s)');
  });

  it.each([
    [['--format', 'xml', '.'], 'unknown format "xml"'],
    [['missing-dir'], 'cannot read "missing-dir"'],
    [[], 'no path given'],
    [['--diff', 'main', '.'], 'bad --diff value "main"'],
    [['--diff', '--output=x..HEAD'], 'bad --diff value'],
    [['--bogus'], 'unknown option "--bogus"'],
  ])('usage error %j exits 2 naming the bad input', async (argv, message) => {
    const c = capture(dir);
    expect(await scanCommand(argv, c.io)).toBe(2);
    expect(c.err()).toContain(message);
  });

  describe('git', () => {
    const repo = mkdtempSync(join(tmpdir(), 'airlock-scan-git-'));
    const git = (...args: string[]): string =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@e', ...args], {
        cwd: repo,
        encoding: 'utf8',
        env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: repo },
      });
    git('init', '-q');
    writeFileSync(join(repo, 'a.txt'), 'one\ntwo\n');
    git('add', '.');
    git('commit', '-qm', 'base');
    const base = git('rev-parse', 'HEAD').trim();
    writeFileSync(join(repo, 'a.txt'), `one\ntwo\nstripe_key = "${SECRETS.stripe}"\n`);
    git('commit', '-qam', 'leak');
    const leak = git('rev-parse', 'HEAD').trim();
    writeFileSync(join(repo, 'a.txt'), 'one\ntwo\n');
    git('commit', '-qam', 'remove');

    it('--git-history finds a secret added then removed, with its commit and line', async () => {
      const c = capture(repo);
      expect(await scanCommand(['--git-history', '--format', 'json'], c.io)).toBe(1);
      const report = JSON.parse(c.out()) as {
        findings: { rule_id: string; file: string; line: number; commit: string }[];
      };
      expect(report.findings.map((f) => [f.rule_id, f.file, f.line, f.commit])).toEqual([
        ['stripe-live-secret-key', 'a.txt', 3, leak],
      ]);
      expect(c.out()).not.toContain(SECRETS.stripe);
    });

    it('--diff scans only lines added between two revisions', async () => {
      const c = capture(repo);
      expect(await scanCommand(['--diff', `${base}..${leak}`, '--format', 'json'], c.io)).toBe(1);
      expect((JSON.parse(c.out()) as { findings: unknown[] }).findings).toHaveLength(1);
      const after = capture(repo);
      expect(await scanCommand(['--diff', `${leak}..HEAD`], after.io)).toBe(0);
    });

    it('reports a git failure as exit 2', async () => {
      const c = capture(repo);
      expect(await scanCommand(['--diff', 'nosuchref..HEAD'], c.io)).toBe(2);
      expect(c.err()).toContain('git failed');
    });

    it('cleans up', () => {
      rmSync(repo, { recursive: true, force: true });
      rmSync(dir, { recursive: true, force: true });
      expect(true).toBe(true);
    });
  });
});

describe('airlock scan columns', () => {
  it('counts columns in UTF-16 code units after non-ASCII text', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'airlock-scan-col-'));
    writeFileSync(join(dir, 'x.ts'), `const é = "€€"; const s = "${SECRETS.stripe}";\n`);
    const c = capture(dir);
    expect(await scanCommand(['x.ts', '--format', 'json'], c.io)).toBe(1);
    const [f] = (JSON.parse(c.out()) as { findings: { column: number }[] }).findings;
    expect(f!.column).toBe(`const é = "€€"; const s = "`.length + 1);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('airlock scan allow-lists', () => {
  it('--allow-path skips matching files; --no-inline-allow ignores airlock:allow comments', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'airlock-scan-allow-'));
    mkdirSync(join(dir, 'testdata'));
    writeFileSync(join(dir, 'testdata', 'key.ts'), `export const k = "${SECRETS.stripe}";\n`);
    writeFileSync(join(dir, 'app.ts'), `const k = "${SECRETS.stripe}"; // airlock:allow fixture\n`);
    const allowed = capture(dir);
    expect(
      await scanCommand(['.', '--allow-path', '**/testdata/**', '--format', 'json'], allowed.io),
    ).toBe(0);
    const report = JSON.parse(allowed.out()) as { summary: { skipped: unknown[] } };
    expect(report.summary.skipped).toEqual([
      { file: join('testdata', 'key.ts'), reason: 'allow-list' },
    ]);
    const strict = capture(dir);
    expect(
      await scanCommand(
        ['.', '--allow-path=**/testdata/**', '--no-inline-allow', '--format', 'json'],
        strict.io,
      ),
    ).toBe(1);
    const findings = (JSON.parse(strict.out()) as { findings: { file: string }[] }).findings;
    expect(findings.map((f) => f.file)).toEqual(['app.ts']);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('airlock scan: scan workers', () => {
  /** A worker script that exits at once: a scan that starts it fails. */
  const brokenWorker = (dir: string): URL => {
    const worker = join(dir, 'broken-worker.mjs');
    writeFileSync(worker, 'process.exit(3);\n');
    return new URL(`file://${worker}`);
  };

  it('a worker that fails: says so in one line and exits 2 (not 1, which says findings)', async () => {
    const dir = fixture();
    // Enough work for a worker to be started (WORKER_MIN_BYTES estimated to be left).
    const filler = Buffer.alloc(1024 * 1024, 'const total = items.length;\n');
    mkdirSync(join(dir, 'bulk'));
    for (let i = 0; i < 48; i++) writeFileSync(join(dir, 'bulk', `f${String(i).padStart(2, '0')}.ts`), filler);
    try {
      const c = { ...capture(dir) };
      const io = { ...c.io, scanWorker: brokenWorker(dir) };
      expect(await scanCommand(['.', '--threads', '2'], io)).toBe(2);
      expect(c.err().trim().split('\n')).toEqual([expect.stringMatching(/^airlock scan: a scan worker exited \(code 3\) before the scan ended/)]);
      expect(c.out()).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a small tree is scanned on this thread alone: no worker is started (this one would fail)', async () => {
    const dir = fixture();
    try {
      const c = { ...capture(dir) };
      const io = { ...c.io, scanWorker: brokenWorker(dir) };
      expect(await scanCommand(['.', '--threads', '2', '--format', 'json'], io)).toBe(1);
      const report = JSON.parse(c.out()) as { findings: { file: string }[] };
      expect(report.findings.map((f) => f.file).sort()).toEqual(['.env', 'src/config.ts']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
