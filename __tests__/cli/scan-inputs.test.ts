import { afterAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { CliIo } from '../../src/cli/cli-io.js';
import { runCli } from '../../src/cli/run-cli.js';
import { scanProgress } from '../../src/cli/scan-progress.js';

// airlock:allow-file (synthetic credentials)
const STRIPE = 'sk_live_4fK2mQ7xLp9ZtR8vNc3WbY6h';
const SLACK = 'xoxb-730418265913-580274619382-Ab3dEf6hIj9kLm2nOp5qRs8t';

const dir = mkdtempSync(join(tmpdir(), 'airlock-scan-inputs-'));
writeFileSync(join(dir, 'secret.ts'), `export const key = "${STRIPE}";\n`);
mkdirSync(join(dir, 'tree'));
writeFileSync(join(dir, 'tree', 'clean.md'), '# nothing here\n');
symlinkSync('../secret.ts', join(dir, 'tree', 'to-secret'));
symlinkSync('secret.ts', join(dir, 'link-to-secret'));
symlinkSync('tree', join(dir, 'link-to-tree'));
symlinkSync('does-not-exist.ts', join(dir, 'dangling'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function scan(argv: string[], extra: Partial<CliIo> = {}): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { stdout: (t) => void (out += t), stderr: (t) => void (err += t), env: {}, cwd: dir, ...extra };
  const code = await runCli(['scan', ...argv], io);
  return { code, out, err };
}

interface Report {
  findings: { rule_id: string; file?: string; line: number }[];
  summary: { files_scanned: number; skipped: { file: string; reason: string }[] };
}

describe('airlock scan: what it reads', () => {
  it('- reads stdin: a planted secret is found (exit 1), never printed', async () => {
    const r = await scan(['-', '--json'], { stdin: Readable.from([Buffer.from(`token: ${SLACK}\n`)]) });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out) as Report;
    expect(report.findings.map((f) => [f.rule_id, f.file, f.line])).toEqual([['slack-bot-token', undefined, 1]]);
    expect(report.summary.files_scanned).toBe(1);
    expect(r.out).not.toContain(SLACK);
    const text = await scan(['-'], { stdin: Readable.from([`token: ${SLACK}\n`]) });
    expect(text.out).toContain('-:1:8: slack-bot-token: xoxb-****...Rs8t');
  });

  it('- beside paths scans both; clean stdin is exit 0; no stdin is exit 2', async () => {
    const both = await scan(['-', 'secret.ts', '--json'], { stdin: Readable.from([`t=${SLACK}\n`]) });
    expect((JSON.parse(both.out) as Report).findings.map((f) => f.rule_id).sort()).toEqual(['slack-bot-token', 'stripe-live-secret-key']);
    expect((await scan(['-'], { stdin: Readable.from(['nothing to see\n']) })).code).toBe(0);
    expect(await scan(['-'])).toEqual({ code: 2, out: '', err: 'airlock scan: cannot read "-": no stdin here\n' });
    expect((await scan(['-', '-'], { stdin: Readable.from(['x']) })).err).toContain('stdin (-) can be read once');
  });

  it('a symbolic link named on the command line is followed: to a file (found, reported under the link\'s name) and to a directory', async () => {
    const file = await scan(['link-to-secret', '--json']);
    expect(file.code).toBe(1);
    expect((JSON.parse(file.out) as Report).findings.map((f) => [f.rule_id, f.file])).toEqual([['stripe-live-secret-key', 'link-to-secret']]);
    const tree = await scan(['link-to-tree', '--json']);
    // The directory behind the link is walked; the link inside it is not followed.
    expect(tree.code).toBe(0);
    expect((JSON.parse(tree.out) as Report).summary).toMatchObject({ files_scanned: 1, skipped: [{ file: join('link-to-tree', 'to-secret'), reason: 'symlink' }] });
  });

  it('a symbolic link met inside a directory is skipped and reported: a count on stderr, each with -v, in the JSON report', async () => {
    const r = await scan(['tree', '--json']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.out) as Report).summary.skipped).toEqual([{ file: join('tree', 'to-secret'), reason: 'symlink' }]);
    expect(r.err).toBe('airlock scan: skipped 1 symbolic link(s) inside directories (not followed; name a link to scan what it points to; -v lists them)\n');
    const verbose = await scan(['tree', '-v']);
    expect(verbose.err).toBe(`airlock scan: skipped ${join('tree', 'to-secret')}: a symbolic link inside a directory is not followed; name it to scan what it points to\n`);
    expect(verbose.out).toBe('0 finding(s) in 1 file(s), 1 skipped\n');
  });

  it('a FIFO named on the command line is read to its end', async () => {
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    try {
      const writer = createWriteStream(fifo);
      writer.end(`token: ${SLACK}\n`);
      const r = await scan(['fifo', '--json']);
      expect(r.code).toBe(1);
      expect((JSON.parse(r.out) as Report).findings.map((f) => [f.rule_id, f.file])).toEqual([['slack-bot-token', 'fifo']]);
    } finally {
      rmSync(fifo);
    }
  });

  it('a named path that cannot be read is exit 2 with one line, never "0 finding(s) in 0 file(s)"', async () => {
    for (const [argv, line] of [
      [['dangling'], 'airlock scan: cannot read "dangling": it is a symbolic link to does-not-exist.ts, which does not exist\n'],
      [['absent.ts'], `airlock scan: cannot read "absent.ts": no such file or directory; check the path (relative to ${dir})\n`],
      [['secret.ts/inner'], 'airlock scan: cannot read "secret.ts/inner": a part of the path is not a directory\n'],
      [['secret.ts', 'absent.ts'], `airlock scan: cannot read "absent.ts": no such file or directory; check the path (relative to ${dir})\n`],
      [['--baseline', 'absent.sarif', 'secret.ts'], 'airlock scan: --baseline absent.sarif cannot be read (ENOENT); give the file airlock scan --format sarif|json wrote\n'],
    ] as const) {
      expect({ argv, ...(await scan([...argv])) }).toEqual({ argv, code: 2, out: '', err: line });
    }
  });

  it('draws no progress when stderr is not a terminal', async () => {
    const r = await scan(['.'], { stderrIsTTY: false });
    expect(r.err).not.toContain('\r');
  });
});

describe('scan progress', () => {
  it('on a terminal, rewrites one line at most every 250 ms and clears it at the end; otherwise writes nothing', () => {
    let clock = 0;
    let written = '';
    const progress = scanProgress({ enabled: true, write: (t) => (written += t), now: () => clock });
    progress.update(0, 3);
    clock += 100;
    progress.update(1, 3);
    expect(written).toBe('');
    clock += 200;
    progress.update(2, 3);
    progress.end();
    expect(written).toBe('\r\x1b[2Kairlock scan: 2/3 files\r\x1b[2K');
    let quiet = '';
    const off = scanProgress({ enabled: false, write: (t) => (quiet += t), now: () => (clock += 1000) });
    off.update(1, 2);
    off.end();
    expect(quiet).toBe('');
  });
});
