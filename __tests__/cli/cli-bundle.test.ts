import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

// End to end through the bundled CLI as users run it (node dist/cli.js, which bin/airlock.js
// imports), built here from the sources under test with the options of scripts/build.js, into
// node_modules/.cache so its external packages resolve. The version must come out of the
// bundle: esbuild inlines package.json.

// airlock:allow-file (synthetic credentials)
const SLACK = 'xoxb-730418265913-580274619382-Ab3dEf6hIj9kLm2nOp5qRs8t';
const VERSION = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;

let outdir: string;
let cli: string;
const work = mkdtempSync(join(tmpdir(), 'airlock-cli-e2e-'));

beforeAll(async () => {
  mkdirSync('node_modules/.cache', { recursive: true });
  outdir = mkdtempSync(resolve('node_modules/.cache/airlock-cli-e2e-'));
  await build({
    entryPoints: { cli: 'src/cli/index.ts', 'scan-worker': 'src/cli/scan-worker.ts' },
    outdir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    logLevel: 'warning',
    external: ['@electric-sql/pglite', '@octokit/openapi', '@octokit/webhooks-examples', '@sigstore/mock', 'pg-native'],
    banner: { js: "import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);" },
  });
  cli = join(outdir, 'cli.js');
});
afterAll(() => {
  rmSync(outdir, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

/** `airlock ...argv` in a process of its own, stdin a pipe holding `input`, only PATH inherited. */
const airlock = (argv: string[], input = '') => {
  const r = spawnSync(process.execPath, [cli, ...argv], { cwd: work, input, encoding: 'utf8', env: { PATH: process.env.PATH }, timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

describe('the bundled airlock CLI', () => {
  it('--version prints the package.json version, for airlock and for a command', () => {
    expect(airlock(['--version'])).toEqual({ code: 0, out: `airlock ${VERSION}\n`, err: '' });
    expect(airlock(['scan', '--version'])).toEqual({ code: 0, out: `airlock ${VERSION}\n`, err: '' });
  });

  it('cat secret | airlock scan - finds it (exit 1), without printing it or any progress', () => {
    const r = airlock(['scan', '-'], `token: ${SLACK}\n`);
    expect(r).toEqual({ code: 1, out: '-:1:8: slack-bot-token: xoxb-****...Rs8t\n1 finding(s) in 1 file(s)\n', err: '' });
  });

  it('cat secret | airlock scan /dev/stdin reads the pipe behind the link (it used to say 0 findings in 0 files, exit 0)', () => {
    const r = airlock(['scan', '/dev/stdin', '--json'], `token: ${SLACK}\n`);
    expect(r.code).toBe(1);
    expect((JSON.parse(r.out) as { findings: { rule_id: string; file: string }[] }).findings).toEqual([expect.objectContaining({ rule_id: 'slack-bot-token', file: '/dev/stdin' })]);
    expect(r.out).not.toContain(SLACK);
  });

  it('through a shell pipe too (stdin a real pipe, not a socket): /dev/stdin and -', () => {
    for (const path of ['/dev/stdin', '-']) {
      const r = spawnSync('/bin/sh', ['-c', `printf 'token: %s\\n' "$SECRET" | "$NODE" "$CLI" scan ${path}`], { cwd: work, encoding: 'utf8', env: { PATH: process.env.PATH, SECRET: SLACK, NODE: process.execPath, CLI: cli } });
      expect({ path, code: r.status, err: r.stderr }).toEqual({ path, code: 1, err: '' });
      expect(r.stdout).toBe(`${path}:1:8: slack-bot-token: xoxb-****...Rs8t\n1 finding(s) in 1 file(s)\n`);
    }
  });

  it('app --help and demo --help answer and exit 0: no APP_ID error, no registration, no demo run', () => {
    const app = airlock(['app', '--help']);
    expect(app).toMatchObject({ code: 0, err: '' });
    expect(app.out).toMatch(/^usage: airlock app\n/);
    const demo = airlock(['demo', '--help']);
    expect(demo).toMatchObject({ code: 0, err: '' });
    expect(demo.out).toMatch(/^usage: airlock demo\n/);
    const world = airlock(['world', '--bogus']);
    expect(world).toMatchObject({ code: 2, out: '' });
    expect(world.err.trimEnd().split('\n')).toHaveLength(1);
  });

  it('scan --threads 2 (files read ahead, scanned on worker threads) reports exactly what --threads 1 does', () => {
    const dir = join(work, 'threads');
    mkdirSync(join(dir, 'nested'), { recursive: true });
    const filler = 'const total = items.reduce((sum, item) => sum + item.price, 0);\n'.repeat(3000);
    // About 60 MB in 40 files: the CLI's thread starts alone and a worker joins once the work left
    // is estimated at WORKER_MIN_BYTES (32 MiB, src/cli/scan-pool.ts), so the built scan-worker.js runs.
    for (let i = 0; i < 40; i++) {
      const secret = i >= 12 ? '' : i % 3 === 0 ? `token = "${SLACK}"\n` : i % 3 === 1 ? `blob: ${Buffer.from(`token=${SLACK}`).toString('base64')}\n` : '';
      writeFileSync(join(dir, i % 2 ? 'nested' : '', `f${i}.ts`), filler.slice(0, 1000 * i) + secret + filler.repeat(8));
    }
    writeFileSync(join(dir, 'image.bin'), Buffer.from([0, 1, 2, 3]));
    const one = airlock(['scan', 'threads', '--json', '--threads', '1']);
    const two = airlock(['scan', 'threads', '--json', '--threads', '2']);
    expect(one.code).toBe(1);
    const report = JSON.parse(one.out) as { findings: { file: string }[]; summary: { files_scanned: number; skipped: unknown[] } };
    expect(report.findings).toHaveLength(8);
    expect(report.summary).toMatchObject({ files_scanned: 40, skipped: [{ file: 'threads/image.bin', reason: 'binary' }] });
    expect(two).toEqual(one);
  });
});
