import { execFile } from 'node:child_process';
import { lstat, readdir, readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { AllowList } from '../scan/allow-list.js';
import type { Finding } from '../scan/finding.js';
import { COMMIT_MARKER, parseAddedLines } from '../scan/git-added-lines.js';
import { utf16Column } from '../scan/line-index.js';
import { defaultRules } from '../scan/rule-set.js';
import { toSarif } from '../scan/sarif-report.js';
import { scanAddedLines } from '../scan/scan-diff.js';
import { buildScanReport, type SkippedFile } from '../scan/scan-report.js';
import { scanBuffer } from '../scan/scan-text.js';
import type { CliCommand, CliIo } from './cli-io.js';

const run = promisify(execFile);
const VERSION = '0.1.0';
const MAX_FILE_BYTES = 50 * 1024 * 1024;
const FORMATS = ['text', 'json', 'sarif'] as const;
type Format = (typeof FORMATS)[number];

const USAGE = `usage: airlock scan <path>... [--git-history] [--diff <base>..<head>] [--format json|sarif|text]
                    [--allow-path <glob>]... [--no-inline-allow]

  <path>...        files or directories to scan (directories recursively, .git skipped)
  --git-history    scan the lines added by every commit of the repository at <path> (default .)
  --diff A..B      scan the lines added between two commits of the repository at <path>
  --format F       text (default), json (schema: src/scan/scan-report-schema.ts) or sarif (2.1.0)
  --allow-path G   skip files matching the glob (repeatable), e.g. --allow-path '**/testdata/**'
  --no-inline-allow  ignore airlock:allow comments (for changes by untrusted authors)

Exit status: 0 no findings, 1 findings, 2 usage or input error. Secrets are never printed.
`;

interface Args {
  paths: string[];
  allowPaths: string[];
  inlineAllow: boolean;
  format: Format;
  gitHistory: boolean;
  diff: { base: string; head: string } | undefined;
}

class UsageError extends Error {}

/** A git revision we pass to git as-is: no option look-alikes, no whitespace or control characters. */
const REVISION = /^[A-Za-z0-9._/@^~{}-]{1,200}$/;

function parseArgs(argv: string[]): Args {
  const args: Args = {
    paths: [],
    allowPaths: [],
    inlineAllow: true,
    format: 'text',
    gitHistory: false,
    diff: undefined,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (name: string): string => {
      const eq = a.indexOf('=');
      if (eq >= 0) return a.slice(eq + 1);
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${name} needs a value`);
      return v;
    };
    if (a === '--git-history') args.gitHistory = true;
    else if (a === '--no-inline-allow') args.inlineAllow = false;
    else if (a === '--allow-path' || a.startsWith('--allow-path='))
      args.allowPaths.push(value('--allow-path'));
    else if (a === '--format' || a.startsWith('--format=')) {
      const f = value('--format');
      if (!(FORMATS as readonly string[]).includes(f))
        throw new UsageError(`unknown format "${f}"; use --format json, sarif or text`);
      args.format = f as Format;
    } else if (a === '--diff' || a.startsWith('--diff=')) {
      const d = value('--diff');
      const m = /^(.+?)\.\.(.+)$/.exec(d);
      if (
        !m ||
        m[1]!.includes('..') ||
        !REVISION.test(m[1]!) ||
        !REVISION.test(m[2]!) ||
        m[1]!.startsWith('-') ||
        m[2]!.startsWith('-')
      )
        throw new UsageError(`bad --diff value "${d}"; use two revisions like --diff main..HEAD`);
      args.diff = { base: m[1]!, head: m[2]! };
    } else if (a === '--help' || a === '-h') throw new UsageError('');
    else if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option "${a}"`);
    else args.paths.push(a);
  }
  if (args.gitHistory && args.diff)
    throw new UsageError('use either --git-history or --diff, not both');
  if (args.paths.length === 0) {
    if (args.gitHistory || args.diff) args.paths.push('.');
    else
      throw new UsageError(
        'no path given; name the files or directories to scan, e.g. airlock scan .',
      );
  }
  if ((args.gitHistory || args.diff) && args.paths.length > 1)
    throw new UsageError('git scans take one repository path');
  return args;
}

interface Collected {
  allowList: AllowList;
  findings: Finding[];
  files: number;
  bytes: number;
  skipped: SkippedFile[];
}

async function scanFile(abs: string, shown: string, out: Collected): Promise<void> {
  let bytes: Buffer;
  try {
    bytes = await readFile(abs);
  } catch {
    out.skipped.push({ file: shown, reason: 'unreadable' });
    return;
  }
  if (bytes.length > MAX_FILE_BYTES) {
    out.skipped.push({ file: shown, reason: 'too-large' });
    return;
  }
  if (bytes.subarray(0, 8000).includes(0)) {
    out.skipped.push({ file: shown, reason: 'binary' });
    return;
  }
  const r = scanBuffer(bytes, { file: shown, timeBudgetMs: 30_000, allowList: out.allowList });
  out.files++;
  out.bytes += bytes.length;
  if (r.skipped) out.skipped.push({ file: shown, reason: 'allow-list' });
  if (r.truncated === 'time') out.skipped.push({ file: shown, reason: 'time-budget' });
  out.findings.push(...r.findings.map((f) => ({ ...f, column: utf16Column(bytes, f.start) })));
}

async function walk(abs: string, shown: string, out: Collected): Promise<void> {
  const st = await lstat(abs);
  if (st.isSymbolicLink()) return;
  if (st.isDirectory()) {
    const entries = (await readdir(abs)).sort();
    for (const e of entries)
      if (e !== '.git') await walk(join(abs, e), shown === '.' ? e : join(shown, e), out);
  } else if (st.isFile()) await scanFile(abs, shown, out);
}

async function git(cwd: string, args: string[]): Promise<string> {
  const { stdout } = await run('git', ['-C', cwd, ...args], {
    maxBuffer: 1024 * 1024 * 1024,
    encoding: 'latin1',
  });
  return stdout;
}

async function scanGit(repo: string, args: Args, out: Collected): Promise<void> {
  const common = ['--no-color', '--no-ext-diff', '--unified=0', '--no-renames'];
  const diff = args.diff
    ? await git(repo, ['diff', ...common, `${args.diff.base}..${args.diff.head}`, '--'])
    : await git(repo, [
        'log',
        '-p',
        '--all',
        ...common,
        `--format=${COMMIT_MARKER.replace('\x00', '%x00')}%H`,
      ]);
  for (const added of parseAddedLines(diff)) {
    out.files++;
    out.bytes += added.lines.reduce((n, l) => n + l.text.length + 1, 0);
    // git output is read as latin1 (bytes); report columns in UTF-16 code units.
    const textOf = new Map(added.lines.map((l) => [l.line, l.text]));
    out.findings.push(
      ...scanAddedLines(added, { allowList: out.allowList }).map((f) => {
        const line = textOf.get(f.line) ?? '';
        return { ...f, column: utf16Column(Buffer.from(line, 'latin1'), f.column - 1) };
      }),
    );
  }
}

function render(format: Format, c: Collected): string {
  if (format === 'json')
    return JSON.stringify(buildScanReport(c.findings, c.files, c.bytes, c.skipped), null, 2) + '\n';
  if (format === 'sarif')
    return JSON.stringify(toSarif(c.findings, defaultRules, VERSION), null, 2) + '\n';
  const lines = c.findings.map(
    (f) =>
      `${f.file ?? '-'}:${f.line}:${f.column}: ${f.rule_id}: ${f.redacted_preview}${f.commit ? ` (commit ${f.commit.slice(0, 12)})` : ''}`,
  );
  lines.push(
    `${c.findings.length} finding(s) in ${c.files} file(s)${c.skipped.length ? `, ${c.skipped.length} skipped` : ''}`,
  );
  return lines.join('\n') + '\n';
}

async function scan(argv: string[], io: CliIo): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    if (e.message === '') {
      io.stdout(USAGE);
      return 0;
    }
    io.stderr(`airlock scan: ${e.message}\n\n${USAGE}`);
    return 2;
  }
  const out: Collected = {
    allowList: new AllowList({ paths: args.allowPaths, inlineComments: args.inlineAllow }),
    findings: [],
    files: 0,
    bytes: 0,
    skipped: [],
  };
  for (const p of args.paths) {
    const abs = resolve(io.cwd, p);
    try {
      await lstat(abs);
    } catch {
      io.stderr(
        `airlock scan: cannot read "${p}": no such file or directory; check the path (relative to ${io.cwd})\n`,
      );
      return 2;
    }
    if (args.gitHistory || args.diff) {
      try {
        await scanGit(abs, args, out);
      } catch (e) {
        const msg = e instanceof Error ? e.message.split('\n')[0] : String(e);
        io.stderr(
          `airlock scan: git failed in "${p}": ${msg}; is it a git repository and do the revisions exist?\n`,
        );
        return 2;
      }
    } else await walk(abs, relative(io.cwd, abs) || '.', out);
  }
  io.stdout(render(args.format, out));
  return out.findings.length > 0 ? 1 : 0;
}

export const scanCommand: CliCommand = scan;
