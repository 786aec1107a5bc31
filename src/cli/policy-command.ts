import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { readTiers, runConformance, tierRates, type TierRate } from '../policy/conformance-runner.js';
import { loadPolicyFiles } from '../policy/load-policy-files.js';
import { runPolicyTests } from '../policy/policy-test-runner.js';
import { parseJSONLossless } from '../policy/rego/parse-json.js';
import { RegoError } from '../policy/rego/rego-error.js';
import { RegoPolicy } from '../policy/rego/rego-policy.js';
import { fromJS, toJS, type Value } from '../policy/rego/value.js';
import { stringifyJSON } from '../policy/stringify-json.js';
import type { CliCommand, CliIo } from './cli-io.js';

const USAGE = `usage:
  airlock policy test <dir> [--json]                      run test_* rules (like opa test)
  airlock policy eval --data <path>... [--input <file>] '<query>' [--json]
  airlock policy conformance <dir> [--json]               run OPA's YAML conformance cases
`;

const fail = (io: CliIo, message: string, code = 2): number => {
  io.stderr(`airlock policy: ${message}\n`);
  return code;
};

const describeError = (e: unknown): string => (e instanceof Error ? e.message : String(e));

const testCommand = async (args: string[], io: CliIo): Promise<number> => {
  const json = args.includes('--json');
  const dirs = args.filter((a) => a !== '--json');
  if (dirs.length === 0) return fail(io, `test needs a directory of .rego files, e.g. \`airlock policy test policies/\`\n${USAGE}`);
  let results;
  try {
    const files = await loadPolicyFiles(dirs.map((d) => path.resolve(io.cwd, d)));
    if (files.modules.length === 0) return fail(io, `no .rego files found under ${dirs.join(', ')}; pass the directory that holds your policies`);
    results = runPolicyTests(files.modules, files.data);
  } catch (e) {
    return fail(io, describeError(e), 1);
  }
  const failed = results.filter((r) => !r.passed);
  if (json) {
    io.stdout(`${stringifyJSON({ passed: results.length - failed.length, failed: failed.length, tests: results }, 2)}\n`);
  } else {
    for (const r of results) {
      io.stdout(`${r.passed ? 'PASS' : 'FAIL'}: ${r.name} (${r.duration_ms.toFixed(2)}ms)${r.passed ? '' : ` -- ${r.reason}`}\n`);
    }
    io.stdout(`${'-'.repeat(60)}\n`);
    io.stdout(failed.length ? `PASS: ${results.length - failed.length}/${results.length}\nFAIL: ${failed.length}/${results.length}\n` : `PASS: ${results.length}/${results.length}\n`);
  }
  if (results.length === 0) {
    io.stderr('airlock policy: no test_ rules found\n');
    return 1;
  }
  return failed.length ? 1 : 0;
};

const readInput = async (file: string): Promise<Value> => {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new Error(`--input ${file}: cannot read the file (expected a JSON or YAML document)`, { cause: e });
  }
  try {
    return /\.ya?ml$/.test(file) ? fromJS(parseYaml(text, { intAsBigInt: true })) : parseJSONLossless(text);
  } catch (e) {
    throw new Error(`--input ${file}: not valid ${/\.ya?ml$/.test(file) ? 'YAML' : 'JSON'} (${describeError(e)}); fix the document or pass another file`, { cause: e });
  }
};

const evalCommand = async (args: string[], io: CliIo): Promise<number> => {
  const dataPaths: string[] = [];
  let inputFile: string | undefined;
  let json = false;
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--data' || a === '-d') {
      const v = args[++i];
      if (!v) return fail(io, `--data needs a path to a .rego/.json/.yaml file or a directory`);
      dataPaths.push(path.resolve(io.cwd, v));
    } else if (a === '--input' || a === '-i') {
      const v = args[++i];
      if (!v) return fail(io, `--input needs a path to a JSON or YAML file`);
      inputFile = path.resolve(io.cwd, v);
    } else if (a === '--json') json = true;
    else rest.push(a);
  }
  if (rest.length !== 1) return fail(io, `eval needs exactly one query, e.g. 'data.airlock.sts.allow' (got ${rest.length})\n${USAGE}`);
  const query = rest[0]!;
  try {
    const files = await loadPolicyFiles(dataPaths);
    const input = inputFile ? await readInput(inputFile) : undefined;
    const policy = RegoPolicy.compile(files.modules);
    // A single-term query (e.g. `data.x.allow`) reports its value, as `opa eval` does.
    let single = false;
    let rows;
    try {
      rows = policy.query(`__value__ = (${query})`, { input, data: files.data });
      single = true;
    } catch {
      rows = policy.query(query, { input, data: files.data });
    }
    const result = rows.map((r) => {
      const bindings: Record<string, unknown> = {};
      for (const [k, v] of r) if (k !== '__value__') bindings[k] = toJS(v);
      return single ? { expressions: [{ value: toJS(r.get('__value__')!), text: query }], bindings } : { bindings };
    });
    const out = result.length ? { result } : {};
    io.stdout(json ? `${stringifyJSON(out, 2)}\n` : `${stringifyJSON(single && result.length === 1 ? result[0]!.expressions![0]!.value : out, 2)}\n`);
    return 0;
  } catch (e) {
    if (e instanceof RegoError) return fail(io, e.message, 1);
    return fail(io, describeError(e), 1);
  }
};

const conformanceCommand = async (args: string[], io: CliIo): Promise<number> => {
  const json = args.includes('--json');
  const dirs = args.filter((a) => a !== '--json');
  if (dirs.length !== 1) return fail(io, `conformance needs one directory of OPA YAML cases, e.g. ../shared/rego-conformance`);
  let report;
  let tiers: Record<string, TierRate> | undefined;
  try {
    // The shared split's folder (tiers.json beside v1/) reports per tier as well.
    const root = path.resolve(io.cwd, dirs[0]!);
    const split = existsSync(path.join(root, 'tiers.json')) && existsSync(path.join(root, 'v1'));
    report = await runConformance(split ? path.join(root, 'v1') : root);
    if (split) tiers = tierRates(report, await readTiers(root));
  } catch (e) {
    return fail(io, `${dirs[0]}: ${describeError(e)}`, 1);
  }
  if (json) io.stdout(`${stringifyJSON(tiers ? { ...report, tiers } : report)}\n`);
  else {
    for (const f of report.failures) io.stdout(`FAIL ${f.note}\n  expected: ${stringifyJSON(f.expected)}\n  got:      ${stringifyJSON(f.got)}\n`);
    for (const [t, r] of Object.entries(tiers ?? {})) io.stdout(`tier ${t}: ${r.passed}/${r.total} (${((100 * r.passed) / r.total).toFixed(1)}%)\n`);
    io.stdout(`passed ${report.passed}, failed ${report.failed}, skipped ${report.skipped}\n`);
  }
  return 0;
};

/** `airlock policy test|eval|conformance`. */
export const policyCommand: CliCommand = async (argv, io) => {
  const [sub, ...args] = argv;
  switch (sub) {
    case 'test':
      return testCommand(args, io);
    case 'eval':
      return evalCommand(args, io);
    case 'conformance':
      return conformanceCommand(args, io);
    case '--help':
    case '-h':
      io.stdout(USAGE);
      return 0;
    default:
      return fail(io, `${sub === undefined ? 'missing subcommand' : `unknown subcommand "${sub}"`}; expected test, eval or conformance\n${USAGE}`);
  }
};
