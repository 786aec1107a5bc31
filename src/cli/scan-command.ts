import { createReadStream, fstatSync, readdirSync, type Stats } from 'node:fs';
import { readlink, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { hardenedGit } from '../git/hardened-git.js';
import { AllowList, type AllowListConfig } from '../scan/allow-list.js';
import type { Finding } from '../scan/finding.js';
import { findingFingerprint } from '../scan/finding-fingerprint.js';
import { COMMIT_MARKER, parseAddedLines } from '../scan/git-added-lines.js';
import { utf16Column } from '../scan/line-index.js';
import { defaultRules } from '../scan/rule-set.js';
import { toSarif } from '../scan/sarif-report.js';
import { scanAddedLines } from '../scan/scan-diff.js';
import { buildScanReport, type SkippedFile } from '../scan/scan-report.js';
import { AIRLOCK_VERSION } from './airlock-version.js';
import type { CliCommand, CliIo } from './cli-io.js';
import { gitUnignoredPaths, type UnignoredFilter } from './git-unignored-paths.js';
import { mapInOrder } from './map-in-order.js';
import { CliError, FORMAT_OPTIONS, numberOption, reportFormat, runCommand, type ParsedValues } from './parse-command-args.js';
import { readBaseline } from './scan-baseline.js';
import { type FileScan, type FoundSecret, MAX_FILE_BYTES, type ReadFailure, scanFileAt, scanFileBytes } from './scan-file-bytes.js';
import type { ReadScratch } from './read-scan-file.js';
import { scanBatch } from './scan-batch.js';
import { ScanPool } from './scan-pool.js';
import { scanProgress } from './scan-progress.js';


const SCAN = {
  name: 'scan',
  help: {
    usage: [
      'airlock scan <path|->... [--format text|json|sarif] [--json] [--baseline <file>] [--respect-gitignore]',
      '    [--allow-path <glob>]... [--no-inline-allow] [--threads N] [-v]',
      'airlock scan [<repo>] --git-history | --diff <base>..<head> [options]',
    ],
    about: `Scans files, directories (recursively, .git skipped), stdin (-) or git history for secrets.
Secrets are never printed, only a redacted preview.

A path named on the command line is read whatever it is: a symbolic link is followed to what it
points at, and /dev/stdin, a FIFO or another non-regular file is read to its end. Symbolic links
met inside a directory are not followed: stderr says how many were skipped (-v names each) and
the JSON report lists them (reason "symlink"). A named path that cannot be read is an error.

--baseline takes a report this command wrote (SARIF or JSON): findings whose fingerprint
(rule, file and the matched value, not the line) it lists are left out, and only those.
--respect-gitignore skips what git ignores (git ls-files --exclude-standard in the path's
repository; tracked files are never ignored); outside a git repository it is an error.`,
    options: [
      ['-f, --format F', 'text (default), json (schema: src/scan/scan-report-schema.ts) or sarif (2.1.0, with partialFingerprints)'],
      ['--json', 'short for --format json'],
      ['--baseline <file>', 'leave out the findings listed in an earlier --format sarif|json report'],
      ['--respect-gitignore', 'skip files git ignores'],
      ['--git-history', 'scan the lines added by every commit of the repository at <repo> (default .)'],
      ['--diff A..B', 'scan the lines added between two commits of the repository at <repo>'],
      ['--allow-path <glob>', "skip files matching the glob (repeatable), e.g. --allow-path '**/testdata/**'"],
      ['--no-inline-allow', 'ignore airlock:allow comments (for changes by untrusted authors)'],
      ['--threads N', 'read and scan files on N threads: this one and N - 1 workers (default: one per CPU; 1: the main thread only)'],
      ['-v, --verbose', 'name each skipped symbolic link and unreadable file on stderr'],
    ],
    exit: { 0: 'no findings (or only baselined ones)', 1: 'findings', 2: 'usage error, a named path, baseline or repository that cannot be read, or a scan worker that failed' },
  },
  options: {
    'git-history': { type: 'boolean' },
    diff: { type: 'string' },
    'allow-path': { type: 'string', multiple: true },
    'no-inline-allow': { type: 'boolean' },
    baseline: { type: 'string' },
    'respect-gitignore': { type: 'boolean' },
    verbose: { type: 'boolean', short: 'v' },
    threads: { type: 'string' },
    ...FORMAT_OPTIONS,
  },
  positionals: true,
} as const;

type Format = 'text' | 'json' | 'sarif';

interface ScanArgs {
  paths: string[];
  allowPaths: string[];
  inlineAllow: boolean;
  format: Format;
  gitHistory: boolean;
  diff: { base: string; head: string } | undefined;
  baseline: string | undefined;
  respectGitignore: boolean;
  verbose: boolean;
  threads: number;
}

/** A git revision we pass to git as-is: no option look-alikes, no whitespace or control characters. */
const REVISION = /^[A-Za-z0-9._/@^~{}-]{1,200}$/;

function scanArgs(values: ParsedValues<typeof SCAN.options>, positionals: string[]): ScanArgs {
  const format = reportFormat(values, ['json', 'sarif'] as const);
  let diff: ScanArgs['diff'];
  if (values.diff !== undefined) {
    const d = values.diff;
    const m = /^(.+?)\.\.(.+)$/.exec(d);
    if (!m || m[1]!.includes('..') || !REVISION.test(m[1]!) || !REVISION.test(m[2]!) || m[1]!.startsWith('-') || m[2]!.startsWith('-')) throw new CliError('usage', `bad --diff value "${d}"; expected two revisions like --diff main..HEAD`);
    diff = { base: m[1]!, head: m[2]! };
  }
  const gitHistory = values['git-history'] === true;
  if (gitHistory && diff) throw new CliError('usage', 'use either --git-history or --diff, not both');
  const git = gitHistory || diff !== undefined;
  const paths = positionals.length === 0 && git ? ['.'] : positionals;
  if (paths.length === 0) throw new CliError('usage', 'no path given; name the files or directories to scan, e.g. airlock scan . (or - for stdin)');
  if (git && paths.length > 1) throw new CliError('usage', 'git scans take one repository path');
  if (git && paths[0] === '-') throw new CliError('usage', 'git scans read a repository, not stdin; name the repository directory');
  if (git && values['respect-gitignore']) throw new CliError('usage', '--respect-gitignore applies to file scans; git scans read commits, where nothing is ignored');
  if (paths.filter((p) => p === '-').length > 1) throw new CliError('usage', 'stdin (-) can be read once; name it once');
  return {
    paths,
    allowPaths: values['allow-path'] ?? [],
    inlineAllow: !values['no-inline-allow'],
    format,
    gitHistory,
    diff,
    baseline: values.baseline,
    respectGitignore: values['respect-gitignore'] === true,
    verbose: values.verbose === true,
    threads: numberOption('--threads', values.threads, availableParallelism(), { integer: true, min: 1 }),
  };
}

/** Something to read and scan: a file met on the walk or named, or a stream (stdin, a FIFO). */
type Target = { kind: 'file'; abs: string; shown: string; named: boolean } | { kind: 'stream'; shown: string | undefined; label: string; open: () => NodeJS.ReadableStream };

interface Collected {
  allowList: AllowList;
  found: FoundSecret[];
  files: number;
  bytes: number;
  skipped: SkippedFile[];
}

/** Reads a stream to its end, or stops at `cap` bytes and says it is too large. */
async function readCapped(stream: NodeJS.ReadableStream, cap: number): Promise<Buffer | 'too-large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += buffer.length;
    if (size > cap) {
      (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
      return 'too-large';
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/** Where a target's bytes are read and scanned: a scan worker, or this thread. */
interface Scanner {
  file(abs: string, shown: string): FileScan | ReadFailure | Promise<FileScan | ReadFailure>;
  bytes(bytes: Buffer, shown: string | undefined, label: string): FileScan | Promise<FileScan>;
}

const notScanned = (file: string, reason: SkippedFile['reason']): FileScan => ({ files: 0, bytes: 0, skipped: [{ file, reason }], found: [] });

const errorCode = (error: unknown): string => (error as NodeJS.ErrnoException).code ?? (error as Error).message;

/** A named path's read failure, for the one-line error: named it, say why and what to do. */
async function cannotRead(named: string, abs: string, error: unknown, cwd: string): Promise<CliError> {
  const code = errorCode(error);
  let why: string;
  if (code === 'ENOENT') {
    const link = await readlink(abs).catch(() => undefined);
    why = link === undefined ? `no such file or directory; check the path (relative to ${cwd})` : `it is a symbolic link to ${link}, which does not exist`;
  } else if (code === 'EACCES' || code === 'EPERM') why = 'permission denied';
  else if (code === 'ENOTDIR') why = 'a part of the path is not a directory';
  else why = code;
  return new CliError('input', `cannot read "${named}": ${why}`);
}

async function scanTarget(t: Target, scanner: Scanner, cwd: string): Promise<FileScan> {
  if (t.kind === 'stream') {
    let bytes: Buffer | 'too-large';
    try {
      bytes = await readCapped(t.open(), MAX_FILE_BYTES);
    } catch (error) {
      throw new CliError('input', `cannot read "${t.label}": ${errorCode(error)}`);
    }
    return bytes === 'too-large' ? notScanned(t.label, 'too-large') : scanner.bytes(bytes, t.shown, t.label);
  }
  const r = await scanner.file(t.abs, t.shown);
  if (!('readError' in r)) return r;
  if (t.named) throw await cannotRead(t.shown, t.abs, { code: r.readError }, cwd);
  return notScanned(t.shown, 'unreadable');
}

/**
 * Reads and scans the targets. When the worker script is known and there is more than one
 * target, on up to `threads` threads, one per core by default: this thread and up to
 * `threads - 1` scan workers, all taking batches from one pool (ScanPool with a local runner).
 * At most `threads` threads run the scanner, so each core pays its JIT warm-up once, and one
 * worker fewer is started; workers start only when the work left is estimated to warrant them
 * (ScanPool's growth: WORKER_MIN_BYTES each), so a small tree is scanned on this thread alone.
 * (This thread once scanned beside `threads` workers: three threads warming up on two
 * cores. Then it only walked and dispatched: an idle thread, and one more worker to start.)
 * Each thread reads its own files, so reads run beside scans. Otherwise on this thread alone.
 * Results are gathered in the targets' order, so the report is the same either way.
 */
async function scanTargets(targets: readonly Target[], allowList: AllowListConfig, out: Collected, io: CliIo, threads: number): Promise<void> {
  const workers = Math.min(threads, targets.length);
  const script = workers > 1 ? io.scanWorker : undefined;
  // This thread scans one file at a time, to the end: each is read into the same buffer.
  const scratch: ReadScratch = { buffer: Buffer.alloc(0) };
  const pool = script !== undefined ? new ScanPool(script, workers - 1, allowList, (jobs) => scanBatch(jobs, out.allowList, scratch), { jobs: targets.length }) : undefined;
  const scanner: Scanner = pool
    ? { file: (abs, shown) => pool.scanFile(abs, shown), bytes: (bytes, shown, label) => pool.scanBytes(bytes, shown, label) }
    : { file: (abs, shown) => scanFileAt(abs, shown, out.allowList, scratch), bytes: (bytes, shown, label) => scanFileBytes(bytes, shown, label, out.allowList) };
  const progress = scanProgress({ enabled: io.stderrIsTTY === true, write: io.stderr });
  const take = (r: FileScan, i: number): void => {
    out.files += r.files;
    out.bytes += r.bytes;
    out.skipped.push(...r.skipped);
    out.found.push(...r.found);
    progress.update(i + 1, targets.length);
  };
  try {
    // Many jobs ahead, waiting in the pool: workers take batches of them as they have room.
    if (pool) await mapInOrder(targets, 256 * workers, (t) => scanTarget(t, scanner, io.cwd), take);
    // One at a time on this thread: a plain loop, without mapInOrder's promises per file.
    else for (let i = 0; i < targets.length; i++) take(await scanTarget(targets[i]!, scanner, io.cwd), i);
  } finally {
    progress.end();
    await pool?.close();
  }
}

/**
 * A directory's files, depth first in name order; links are skipped and recorded, not followed.
 * Synchronous: the walk is one directory at a time either way, and nothing else runs until it
 * ends; the asynchronous readdir's round trip through libuv's thread pool cost about as much CPU
 * time again as the reads of a tree of small directories (measured, issue #16).
 */
function walk(abs: string, shown: string, keep: UnignoredFilter | undefined, targets: Target[], skipped: SkippedFile[]): void {
  let entries;
  try {
    entries = readdirSync(abs, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch {
    skipped.push({ file: shown, reason: 'unreadable' });
    return;
  }
  for (const e of entries) {
    if (e.name === '.git') continue;
    const childAbs = join(abs, e.name);
    const childShown = shown === '.' ? e.name : join(shown, e.name);
    if (keep && !keep(childAbs, e.isDirectory())) continue;
    if (e.isSymbolicLink()) skipped.push({ file: childShown, reason: 'symlink' });
    else if (e.isDirectory()) walk(childAbs, childShown, keep, targets, skipped);
    else if (e.isFile()) targets.push({ kind: 'file', abs: childAbs, shown: childShown, named: false });
    // FIFOs, sockets and devices inside a directory are never opened: reading one could block.
  }
}

/** What a path named on the command line stands for, following links as the user named them. */
async function addNamed(p: string, args: ScanArgs, io: CliIo, targets: Target[], skipped: SkippedFile[]): Promise<void> {
  if (p === '-') {
    const stdin = io.stdin;
    if (!stdin) throw new CliError('input', 'cannot read "-": no stdin here');
    targets.push({ kind: 'stream', shown: undefined, label: '-', open: () => stdin });
    return;
  }
  const abs = resolve(io.cwd, p);
  const rel = relative(io.cwd, abs);
  const shown = rel === '' ? '.' : rel.startsWith('..') || isAbsolute(rel) ? abs : rel;
  let st: Stats;
  try {
    st = await stat(abs);
  } catch (error) {
    throw await cannotRead(p, abs, error, io.cwd);
  }
  if (st.isDirectory()) {
    const keep = args.respectGitignore ? await gitUnignoredPaths(abs, p) : undefined;
    walk(abs, shown, keep, targets, skipped);
    return;
  }
  if (args.respectGitignore && st.isFile()) {
    // Git judges the path as named: a link is judged by its own name, as git tracks links.
    const keep = await gitUnignoredPaths(dirname(abs), p);
    if (!keep(abs, false)) {
      io.stderr(`airlock scan: skipped "${p}": git ignores it (--respect-gitignore)\n`);
      return;
    }
  }
  if (st.isFile()) targets.push({ kind: 'file', abs, shown, named: true });
  else if (isOurStdin(st, io.stdin)) targets.push({ kind: 'stream', shown, label: p, open: () => io.stdin! });
  else targets.push({ kind: 'stream', shown, label: p, open: () => createReadStream(abs) });
}

/**
 * Whether a named path (/dev/stdin, /dev/fd/0, /proc/self/fd/0) is the file our stdin stream
 * reads: then it is read through that stream, because a socket (what Node gives a child's stdin)
 * cannot be opened again by name (ENXIO), only read.
 */
function isOurStdin(st: Stats, stdin: NodeJS.ReadableStream | undefined): boolean {
  const fd = (stdin as { fd?: unknown } | undefined)?.fd;
  if (typeof fd !== 'number') return false;
  try {
    const ours = fstatSync(fd);
    return ours.dev === st.dev && ours.ino === st.ino;
  } catch {
    return false;
  }
}

async function scanGit(repo: string, args: ScanArgs, out: Collected): Promise<void> {
  // Through hardenedGit (no hooks, fsmonitor or global config); no textconv or external diff
  // drivers either, which a scanned repository's attributes could name.
  const common = ['--no-color', '--no-ext-diff', '--no-textconv', '--unified=0', '--no-renames'];
  const argv = args.diff ? ['diff', ...common, `${args.diff.base}..${args.diff.head}`, '--'] : ['log', '-p', '--all', ...common, `--format=${COMMIT_MARKER.replace('\x00', '%x00')}%H`];
  const diff = (await hardenedGit(repo, argv)).toString('latin1');
  for (const added of parseAddedLines(diff)) {
    out.files++;
    out.bytes += added.lines.reduce((n, l) => n + l.text.length + 1, 0);
    // git output is read as latin1 (bytes); report columns in UTF-16 code units. Offsets are
    // into the added lines joined by '\n' (scanAddedLines).
    const joined = added.lines.map((l) => l.text).join('\n');
    const textOf = new Map(added.lines.map((l) => [l.line, l.text]));
    for (const f of scanAddedLines(added, { allowList: out.allowList })) {
      const line = textOf.get(f.line) ?? '';
      out.found.push({ finding: { ...f, column: utf16Column(Buffer.from(line, 'latin1'), f.column - 1) }, match: joined.slice(f.start, f.end) });
    }
  }
}

function render(format: Format, findings: readonly Finding[], c: Collected, baselined: number | undefined): string {
  if (format === 'json') return JSON.stringify(buildScanReport(findings, c.files, c.bytes, c.skipped, baselined), null, 2) + '\n';
  if (format === 'sarif') return JSON.stringify(toSarif(findings, defaultRules, AIRLOCK_VERSION), null, 2) + '\n';
  const lines = findings.map((f) => `${f.file ?? '-'}:${f.line}:${f.column}: ${f.rule_id}: ${f.redacted_preview}${f.commit ? ` (commit ${f.commit.slice(0, 12)})` : ''}`);
  lines.push(`${findings.length} finding(s) in ${c.files} file(s)${c.skipped.length ? `, ${c.skipped.length} skipped` : ''}${baselined ? `, ${baselined} in the baseline` : ''}`);
  return lines.join('\n') + '\n';
}

/** Skipped links and unreadable files on stderr: a count each, or one line each with -v. */
function reportSkips(io: CliIo, skipped: readonly SkippedFile[], verbose: boolean): void {
  const links = skipped.filter((s) => s.reason === 'symlink');
  const unreadable = skipped.filter((s) => s.reason === 'unreadable');
  if (verbose) {
    for (const s of links) io.stderr(`airlock scan: skipped ${s.file}: a symbolic link inside a directory is not followed; name it to scan what it points to\n`);
    for (const s of unreadable) io.stderr(`airlock scan: skipped ${s.file}: cannot be read\n`);
    return;
  }
  if (links.length) io.stderr(`airlock scan: skipped ${links.length} symbolic link(s) inside directories (not followed; name a link to scan what it points to; -v lists them)\n`);
  if (unreadable.length) io.stderr(`airlock scan: skipped ${unreadable.length} unreadable file(s) or directories (-v lists them)\n`);
}

async function scan(args: ScanArgs, io: CliIo): Promise<number> {
  const baseline = args.baseline === undefined ? undefined : await readBaseline(resolve(io.cwd, args.baseline), args.baseline);
  const allowList: AllowListConfig = { paths: args.allowPaths, inlineComments: args.inlineAllow };
  const out: Collected = {
    allowList: new AllowList(allowList),
    found: [],
    files: 0,
    bytes: 0,
    skipped: [],
  };
  if (args.gitHistory || args.diff) {
    const p = args.paths[0]!;
    const abs = resolve(io.cwd, p);
    try {
      await stat(abs);
    } catch (error) {
      throw await cannotRead(p, abs, error, io.cwd);
    }
    try {
      await scanGit(abs, args, out);
    } catch (error) {
      throw new CliError('input', `git failed in "${p}": ${(error as Error).message.split('\n')[0]}; is it a git repository and do the revisions exist?`);
    }
  } else {
    const targets: Target[] = [];
    for (const p of args.paths) await addNamed(p, args, io, targets, out.skipped);
    await scanTargets(targets, allowList, out, io, args.threads);
  }
  // Fingerprints cost a few ms each (finding-fingerprint.ts): only when a report or baseline needs them.
  const needed = args.format !== 'text' || baseline !== undefined;
  const findings: Finding[] = needed ? await Promise.all(out.found.map(async ({ finding, match }) => ({ ...finding, fingerprint: await findingFingerprint(finding.rule_id, finding.file, Buffer.from(match, 'latin1')) }))) : out.found.map((f) => f.finding);
  const kept = baseline ? findings.filter((f) => !baseline.has(f.fingerprint!)) : findings;
  reportSkips(io, out.skipped, args.verbose);
  io.stdout(render(args.format, kept, out, baseline ? findings.length - kept.length : undefined));
  return kept.length > 0 ? 1 : 0;
}

/** `airlock scan`: see SCAN.help and docs/cli.md. */
export const scanCommand: CliCommand = (argv, io) => runCommand(SCAN, argv, io, ({ values, positionals }) => scan(scanArgs(values, positionals), io));
