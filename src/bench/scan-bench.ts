import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { CliCommand, CliIo } from '../cli/cli-io.js';
import { numberOption, runCommand, type ParsedValues } from '../cli/parse-command-args.js';
import { scanCommand } from '../cli/scan-command.js';
import { adversarialInputs } from '../scan/adversarial-inputs.js';
import type { Finding } from '../scan/finding.js';
import { generateLabelledCorpus, type Label } from '../scan/labelled-corpus.js';
import { scanBuffer, scanText } from '../scan/scan-text.js';
import { StreamScanner } from '../scan/stream-scanner.js';

/*
 * `npm run bench -- scan [--mb N] [--secretlint-mb M] [--node-modules-mb K]`: one JSON object.
 * Corpus: generated multi-language source with planted secrets and look-alikes, plus source
 * files from the project's node_modules as a negative corpus (up to K MB). Ours runs on the
 * whole corpus on one thread; secretlint (recommended preset, in-process Node API) runs on an
 * evenly spread subset of M MB and its rate is per MB (extrapolation is stated in the output).
 * Then the streaming scanner against a batch scan of the same body, and `airlock scan` itself
 * (in this process, so its CPU time counts its worker threads) on the corpus written to a
 * temporary directory, on one thread and on one worker per CPU.
 */

interface BenchFile {
  readonly path: string;
  readonly bytes: Buffer;
  readonly secrets: readonly Label[];
  readonly lookAlikes: readonly Label[];
  readonly fromNodeModules: boolean;
}

const SOURCE_EXT = /\.(?:js|mjs|cjs|ts|json|md|yml|yaml|txt|pem|key|crt|env)$/;

const SCAN_BENCH = {
  name: 'bench scan',
  help: {
    usage: ['airlock bench scan [--mb N] [--secretlint-mb N] [--node-modules-mb N]'],
    about: 'Scanner throughput and accuracy on a labelled synthetic corpus and node_modules, beside secretlint on a slice of it. One JSON document on stdout.',
    options: [
      ['--mb N', 'MB of synthetic corpus (default 200)'],
      ['--secretlint-mb N', 'MB given to secretlint (default min(mb, 20))'],
      ['--node-modules-mb N', 'MB read from node_modules (default min(mb / 4, 50))'],
    ],
    exit: { 0: 'measured', 2: 'usage error' },
  },
  options: { mb: { type: 'string' }, 'secretlint-mb': { type: 'string' }, 'node-modules-mb': { type: 'string' } },
} as const;

async function nodeModulesFiles(root: string, capBytes: number): Promise<BenchFile[]> {
  const out: BenchFile[] = [];
  let total = 0;
  const walk = async (dir: string): Promise<void> => {
    if (total >= capBytes) return;
    let entries: string[];
    try {
      entries = (await readdir(dir)).sort();
    } catch {
      return;
    }
    for (const e of entries) {
      if (total >= capBytes) return;
      // Not node_modules/.cache and the like: build outputs (bundles of this scanner among them)
      // that differ from machine to machine, not the packages' sources.
      if (e.startsWith('.')) continue;
      const p = join(dir, e);
      const st = await stat(p).catch(() => undefined);
      if (!st) continue;
      if (st.isDirectory()) await walk(p);
      else if (st.isFile() && SOURCE_EXT.test(e) && st.size < 2_000_000) {
        const bytes = await readFile(p);
        out.push({ path: p, bytes, secrets: [], lookAlikes: [], fromNodeModules: true });
        total += bytes.length;
      }
    }
  };
  await walk(root);
  return out;
}

const overlaps = (f: Finding, l: Label): boolean => f.start < l.end && l.start < f.end;

async function runSecretlint(files: readonly BenchFile[]): Promise<{
  seconds: number;
  cpuSeconds: number;
  messages: Map<BenchFile, { start: number; end: number }[]>;
}> {
  // Specifiers in variables: secretlint is a dev dependency and must stay out of the bundle.
  const core = '@secretlint/core';
  const preset = '@secretlint/secretlint-rule-preset-recommend';
  const { lintSource } = (await import(core)) as typeof import('@secretlint/core');
  const { creator } = (await import(
    preset
  )) as typeof import('@secretlint/secretlint-rule-preset-recommend');
  const config = { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: creator }] };
  const messages = new Map<BenchFile, { start: number; end: number }[]>();
  const t = performance.now();
  const c = process.cpuUsage();
  for (const f of files) {
    const r = await lintSource({
      source: {
        filePath: `/${f.path}`,
        content: f.bytes.toString('utf8'),
        ext: f.path.slice(f.path.lastIndexOf('.')),
        contentType: 'text',
      },
      options: { config, maskSecrets: true },
    });
    messages.set(
      f,
      r.messages.map((m) => ({ start: m.range[0], end: m.range[1] })),
    );
  }
  const cu = process.cpuUsage(c);
  return {
    seconds: (performance.now() - t) / 1000,
    cpuSeconds: (cu.user + cu.system) / 1e6,
    messages,
  };
}

const round = (n: number, d = 2): number => Math.round(n * 10 ** d) / 10 ** d;

interface Timed {
  readonly wall: number;
  readonly cpu: number;
}

/** Wall and process CPU seconds of `run` (CPU time includes worker threads). */
async function timed(run: () => unknown): Promise<Timed> {
  const t = performance.now();
  const c = process.cpuUsage();
  await run();
  const cu = process.cpuUsage(c);
  return { wall: (performance.now() - t) / 1000, cpu: (cu.user + cu.system) / 1e6 };
}

/** Streaming in 64 KiB chunks (as the egress proxy reads a body) against one batch scan of the same body; best of three each, interleaved. */
async function streamVersusBatch(body: Buffer): Promise<{ batch: Timed; stream: Timed }> {
  const batch: Timed[] = [];
  const stream: Timed[] = [];
  for (let i = 0; i < 3; i++) {
    // maxChars: the body may exceed the default cap (50 MiB), past which a batch scan does nothing.
    batch.push(await timed(() => scanBuffer(body, { maxChars: body.length })));
    stream.push(
      await timed(() => {
        const s = new StreamScanner();
        for (let at = 0; at < body.length; at += 65_536) s.push(body.subarray(at, at + 65_536));
        s.end();
      }),
    );
  }
  const best = (runs: Timed[]): Timed => runs.reduce((a, b) => (b.cpu < a.cpu ? b : a));
  return { batch: best(batch), stream: best(stream) };
}

/** `airlock scan <dir> --threads N` in this process, its output discarded. */
async function cliRun(io: CliIo, dir: string, threads: number): Promise<Timed> {
  const quiet: CliIo = { stdout: () => undefined, stderr: () => undefined, env: {}, cwd: dir, ...(io.scanWorker ? { scanWorker: io.scanWorker } : {}) };
  return timed(async () => {
    const code = await scanCommand(['.', '--threads', String(threads)], quiet);
    if (code === 2) throw new Error(`airlock scan failed in ${dir}`);
  });
}

/**
 * Runs the CLI module named by its first argument as if it were the script, and reports its
 * process CPU time (every thread's, from its start) on stderr as it exits: Node gives no child's
 * resource usage. A file, not `node -e`: worker threads inherit the parent's flags, and
 * `--input-type` stops them loading their script.
 */
const CPU_REPORTER = `process.on('exit', () => { const c = process.cpuUsage(); process.stderr.write('\\nairlock-bench-cpu ' + (c.user + c.system) + '\\n'); });
const cli = process.argv.splice(2, 1)[0];
await import(cli);
`;

/**
 * The CPU seconds and wall seconds of `airlock scan <dir> --threads N` as its own, fresh process
 * (the built cli.js beside the scan worker, started through `reporter`, a file holding
 * CPU_REPORTER): nothing warm, every thread's start and JIT warm-up counted, as a user's run
 * pays them.
 */
async function freshCliRun(reporter: string, cli: URL, dir: string, threads: number): Promise<Timed> {
  const t = performance.now();
  const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolveRun, reject) => {
    const child = spawn(process.execPath, [reporter, cli.href, 'scan', '.', '--threads', String(threads)], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('error', reject);
    child.on('close', (exit) => resolveRun({ code: exit, stderr: err }));
  });
  const wall = (performance.now() - t) / 1000;
  const m = /airlock-bench-cpu (\d+)\n$/.exec(stderr);
  // Exit 1 is findings, but also an uncaught error: a run counts only with no stack trace.
  if ((code !== 0 && code !== 1) || !m || /\n\s+at /.test(stderr)) throw new Error(`airlock scan in ${dir} failed (exit ${code}): ${stderr.slice(0, 300)}`);
  return { wall, cpu: Number(m[1]) / 1e6 };
}

const rates = (mb: number, t: Timed) => ({ mb_per_s: round(mb / t.wall, 1), mb_per_cpu_s: round(mb / t.cpu, 1), cores_used: round(t.cpu / t.wall, 2), seconds: round(t.wall, 3) });

export const scanBench: CliCommand = (argv, io) => runCommand(SCAN_BENCH, argv, io, ({ values }) => measureScan(values, io));

async function measureScan(values: ParsedValues<typeof SCAN_BENCH.options>, io: CliIo): Promise<number> {
  const mb = numberOption('--mb', values.mb, 200, { integer: false, min: 0.1 });
  const secretlintMb = numberOption('--secretlint-mb', values['secretlint-mb'], Math.min(mb, 20), { integer: false, min: 0.1 });
  const nodeModulesMb = numberOption('--node-modules-mb', values['node-modules-mb'], Math.min(mb / 4, 50), { integer: false, min: 0.1 });
  const nm = await nodeModulesFiles(resolve(io.cwd, 'node_modules'), nodeModulesMb * 1e6);
  const nmBytes = nm.reduce((n, f) => n + f.bytes.length, 0);
  const synthetic: BenchFile[] = generateLabelledCorpus({
    seed: 2026,
    targetChars: Math.max(0, mb * 1e6 - nmBytes),
  }).map((f) => ({
    path: f.path,
    bytes: Buffer.from(f.text, 'latin1'),
    secrets: f.secrets,
    lookAlikes: f.lookAlikes,
    fromNodeModules: false,
  }));
  const files = [...synthetic, ...nm];
  const totalBytes = files.reduce((n, f) => n + f.bytes.length, 0);

  // Ours, single thread; the best of the decode-on run is the headline (decode is the default).
  const findings = new Map<BenchFile, Finding[]>();
  const runOurs = (decode: boolean): { wall: number; cpu: number } => {
    const t = performance.now();
    const c = process.cpuUsage();
    for (const f of files) findings.set(f, scanBuffer(f.bytes, { file: f.path, decode }).findings);
    const cu = process.cpuUsage(c);
    return { wall: (performance.now() - t) / 1000, cpu: (cu.user + cu.system) / 1e6 };
  };
  // The first pass on a fresh thread pays the warm-up (rule compilation, the JIT compiling the
  // scanner), as each scan worker of `airlock scan` does: reported, not counted in the headline.
  const firstPass = runOurs(true);
  const oursNoDecode = runOurs(false);
  const oursRun = runOurs(true);
  const ours = oursRun.wall;

  let planted = 0;
  let found = 0;
  let lookAlikeFp = 0;
  let unlabelled = 0;
  const missed: Record<string, number> = {};
  const nmFindings: Record<string, number> = {};
  let fixtureKeys = 0;
  const fixtureByRule: Record<string, number> = {};
  for (const f of files) {
    const fs = findings.get(f)!;
    if (f.fromNodeModules) {
      // Exact provider formats (often checksummed) in packages are key material shipped as
      // test fixtures; generic (keyword + entropy) hits there are false-positive candidates.
      for (const x of fs) {
        if (x.kind !== 'generic') {
          fixtureKeys++;
          fixtureByRule[x.rule_id] = (fixtureByRule[x.rule_id] ?? 0) + 1;
        } else nmFindings[x.rule_id] = (nmFindings[x.rule_id] ?? 0) + 1;
      }
      continue;
    }
    for (const s of f.secrets) {
      planted++;
      if (fs.some((x) => overlaps(x, s))) found++;
      else missed[s.type] = (missed[s.type] ?? 0) + 1;
    }
    lookAlikeFp += f.lookAlikes.filter((l) => fs.some((x) => overlaps(x, l))).length;
    unlabelled += fs.filter(
      (x) => !f.secrets.some((s) => overlaps(x, s)) && !f.lookAlikes.some((l) => overlaps(x, l)),
    ).length;
  }

  // secretlint on an evenly spread subset of the same files.
  const step = Math.max(1, Math.round(totalBytes / (secretlintMb * 1e6)));
  const subset = files.filter((_f, i) => i % step === 0);
  const subsetBytes = subset.reduce((n, f) => n + f.bytes.length, 0);
  // Best of two runs for each scanner on the same subset (both get a warm-up).
  const sl1 = await runSecretlint(subset);
  const sl2 = await runSecretlint(subset);
  const sl = sl2.cpuSeconds < sl1.cpuSeconds ? sl2 : sl1;
  let slPlanted = 0;
  let slFound = 0;
  for (const f of subset) {
    for (const s of f.secrets) {
      slPlanted++;
      if (sl.messages.get(f)!.some((m) => m.start < s.end && s.start < m.end)) slFound++;
    }
  }
  const runSubset = (): { wall: number; cpu: number } => {
    const t = performance.now();
    const c = process.cpuUsage();
    for (const f of subset) scanBuffer(f.bytes, { file: f.path });
    const cu = process.cpuUsage(c);
    return { wall: (performance.now() - t) / 1000, cpu: (cu.user + cu.system) / 1e6 };
  };
  const sub1 = runSubset();
  const sub2 = runSubset();
  const oursSubset = Math.min(sub1.wall, sub2.wall);
  const oursSubsetCpu = Math.min(sub1.cpu, sub2.cpu);

  // Adversarial inputs.
  const adv = adversarialInputs();
  const advBytes = adv.reduce((n, a) => n + a.text.length, 0);
  const tAdv = performance.now();
  for (const a of adv) scanText(a.text);
  const advSeconds = (performance.now() - tAdv) / 1000;

  // The streaming scanner on one body of the synthetic corpus (at most 32 MB).
  const bodyParts: Buffer[] = [];
  for (let n = 0, i = 0; i < synthetic.length && n < 32e6; n += synthetic[i]!.bytes.length, i++) bodyParts.push(synthetic[i]!.bytes);
  const body = Buffer.concat(bodyParts);
  const sv = await streamVersusBatch(body);

  // The CLI on the corpus written out: generated text and the node_modules source tree apart.
  const tree = await mkdtemp(join(tmpdir(), 'airlock-scan-bench-'));
  const threads = availableParallelism();
  let cli;
  try {
    for (const [i, f] of files.entries()) {
      const p = join(tree, f.fromNodeModules ? 'source' : 'generated', f.fromNodeModules ? `${i}-${f.path.split('/').pop()!}` : f.path);
      await mkdir(dirname(p), { recursive: true });
      await writeFile(p, f.bytes);
    }
    const generatedMb = (totalBytes - nmBytes) / 1e6;
    await cliRun(io, join(tree, 'generated'), threads); // warm-up: page cache, JIT
    const oneThread = await cliRun(io, join(tree, 'generated'), 1);
    const allThreads = await cliRun(io, join(tree, 'generated'), threads);
    const source = nmBytes > 0 ? await cliRun(io, join(tree, 'source'), threads) : undefined;
    // A fresh process: the start-up (an empty directory) apart from the scan.
    const cliJs = io.scanWorker ? new URL('./cli.js', io.scanWorker) : undefined;
    let fresh;
    if (cliJs) {
      await mkdir(join(tree, 'empty'));
      const reporter = join(tree, 'cpu-reporter.mjs');
      await writeFile(reporter, CPU_REPORTER);
      const start = await freshCliRun(reporter, cliJs, join(tree, 'empty'), threads);
      const all = await freshCliRun(reporter, cliJs, join(tree, 'generated'), threads);
      const one = await freshCliRun(reporter, cliJs, join(tree, 'generated'), 1);
      const afterStart = (t: Timed): Timed => ({ wall: t.wall - start.wall, cpu: t.cpu - start.cpu });
      fresh = {
        start_cpu_s: round(start.cpu, 3),
        all_threads: rates(generatedMb, all),
        all_threads_after_start: rates(generatedMb, afterStart(all)),
        one_thread: rates(generatedMb, one),
        one_thread_after_start: rates(generatedMb, afterStart(one)),
      };
    }
    cli = {
      worker_threads_available: io.scanWorker !== undefined,
      threads,
      generated_text: { mb: round(generatedMb), one_thread: rates(generatedMb, oneThread), all_threads: rates(generatedMb, allThreads), fresh_process: fresh ?? null },
      source_tree: source ? { mb: round(nmBytes / 1e6), all_threads: rates(nmBytes / 1e6, source) } : null,
      note: 'airlock scan in this process (walking, reading, reporting included); one_thread runs on this thread alone, already warm; all_threads runs on this warm thread and threads - 1 fresh workers (their start and warm-up counted). fresh_process: airlock scan as its own new process, nothing warm (every thread start and warm-up counted); after_start subtracts a run on an empty directory (Node and the bundle loading). cores_used is CPU seconds (all threads) per wall second',
    };
  } finally {
    await rm(tree, { recursive: true, force: true });
  }
  const cliMbps = cli.generated_text.all_threads.mb_per_s;
  const cliPerCore = cli.generated_text.all_threads.mb_per_cpu_s;
  const streamRatio = sv.stream.cpu / sv.batch.cpu;

  const oursMbps = totalBytes / 1e6 / ours;
  const slMbps = subsetBytes / 1e6 / sl.seconds;
  const recall = planted === 0 ? 1 : found / planted;
  const result = {
    benchmark: 'scan',
    machine: {
      cpus: cpus().length,
      cpu_model: cpus()[0]?.model ?? 'unknown',
      loadavg_1m: round(loadavg()[0] ?? 0),
    },
    corpus: {
      total_mb: round(totalBytes / 1e6),
      synthetic_mb: round((totalBytes - nmBytes) / 1e6),
      node_modules_mb: round(nmBytes / 1e6),
      files: files.length,
      planted_secrets: planted,
      planted_look_alikes: synthetic.reduce((n, f) => n + f.lookAlikes.length, 0),
    },
    ours: {
      mb_per_s: round(oursMbps, 1),
      seconds: round(ours, 3),
      mb_per_cpu_s: round(totalBytes / 1e6 / oursRun.cpu, 1),
      mb_per_s_without_decoding: round(totalBytes / 1e6 / oursNoDecode.wall, 1),
      mb_per_cpu_s_without_decoding: round(totalBytes / 1e6 / oursNoDecode.cpu, 1),
      mb_per_s_on_secretlint_subset: round(subsetBytes / 1e6 / oursSubset, 1),
      first_pass_mb_per_cpu_s: round(totalBytes / 1e6 / firstPass.cpu, 1),
      first_pass_extra_cpu_s: round(firstPass.cpu - oursRun.cpu, 3),
      threads: 1,
    },
    secretlint: {
      preset: '@secretlint/secretlint-rule-preset-recommend',
      mb_scanned: round(subsetBytes / 1e6),
      mb_per_s: round(slMbps, 1),
      mb_per_cpu_s: round(subsetBytes / 1e6 / sl.cpuSeconds, 1),
      extrapolated: subsetBytes < totalBytes,
      note:
        subsetBytes < totalBytes
          ? `ran on an evenly spread ${round(subsetBytes / 1e6)} MB subset of the corpus; rate is per MB of that subset`
          : 'ran on the whole corpus',
      recall_on_subset: slPlanted === 0 ? null : round(slFound / slPlanted, 4),
    },
    streaming: {
      body_mb: round(body.length / 1e6),
      chunk_bytes: 65_536,
      batch: rates(body.length / 1e6, sv.batch),
      stream: rates(body.length / 1e6, sv.stream),
      stream_cpu_vs_batch: round(streamRatio, 2),
    },
    cli,
    ratio_vs_secretlint: round(oursMbps / slMbps, 2),
    ratio_vs_secretlint_cli_wall: round(cliMbps / slMbps, 2),
    ratio_vs_secretlint_same_subset: round(subsetBytes / 1e6 / oursSubset / slMbps, 2),
    ratio_vs_secretlint_cpu_time_same_subset: round(sl.cpuSeconds / oursSubsetCpu, 2),
    timing_note:
      'ours.mb_per_s is wall-clock on one thread, cli the airlock scan command on every core; mb_per_cpu_s divides by this process CPU time, steadier on a shared machine (see machine.loadavg_1m)',
    recall: round(recall, 4),
    missed_by_type: missed,
    look_alike_false_positives: lookAlikeFp,
    unlabelled_findings_in_synthetic: unlabelled,
    node_modules: {
      test_fixture_keys: fixtureKeys,
      test_fixture_keys_by_rule: fixtureByRule,
      generic_findings_by_rule: nmFindings,
    },
    adversarial: {
      mb: round(advBytes / 1e6),
      inputs: adv.length,
      seconds_per_mb: round(advSeconds / (advBytes / 1e6), 4),
    },
    // Judged on the steadiest measures: CPU time, and the same files for both scanners.
    meets_targets: {
      mb_per_s_150: oursMbps >= 150,
      mb_per_cpu_s_150: totalBytes / 1e6 / oursRun.cpu >= 150,
      ratio_4x: sl.cpuSeconds / oursSubsetCpu >= 4,
      stream_cpu_within_1_2x_batch: streamRatio <= 1.2,
      cli_mb_per_cpu_s_150: cliPerCore >= 150,
      cli_uses_every_core: cli.worker_threads_available && cli.generated_text.all_threads.cores_used >= 0.8 * threads,
      recall_99: recall >= 0.99,
      zero_look_alike_findings: lookAlikeFp === 0,
    },
  };
  io.stdout(JSON.stringify(result) + '\n');
  return 0;
}
