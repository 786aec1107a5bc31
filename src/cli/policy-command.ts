import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { RE2JS } from 're2js';
import { parse as parseYaml } from 'yaml';
import { readTiers, runConformance, tierRates, type TierRate } from '../policy/conformance-runner.js';
import { loadPolicyFiles } from '../policy/load-policy-files.js';
import { runPolicyTests } from '../policy/policy-test-runner.js';
import { parseJSONLossless } from '../policy/rego/parse-json.js';
import { RegoPolicy } from '../policy/rego/rego-policy.js';
import { fromJS, toJS, type Value } from '../policy/rego/value.js';
import { stringifyJSON } from '../policy/stringify-json.js';
import type { CliCommand, CliIo } from './cli-io.js';
import { CliError, FORMAT_OPTIONS, reportFormat, runCommand, runCommandGroup, type CommandGroup } from './parse-command-args.js';

const EXIT_EVAL = { 0: 'evaluated (an undefined result is still 0, as opa eval)', 1: 'a Rego error: the policy or query does not parse, compile or evaluate', 2: 'usage error, or a --data/--input file that cannot be read or parsed' } as const;

const TEST = {
  name: 'policy test',
  help: {
    usage: ['airlock policy test <dir|file>... [-v] [--run <regex>] [--format text|json] [--json]'],
    about: `Runs every test_* rule under the given .rego files and directories (with their .json/.yaml data),
as opa test does: a test passes when its rule is defined and true. Text output lists the failing
tests and the counts; -v lists every test with PASS/FAIL and its duration.`,
    options: [
      ['-v, --verbose', 'list every test with PASS/FAIL and its duration (opa test -v)'],
      ['-r, --run <regex>', 'run only tests whose full name (data.<package>.test_x) matches; RE2 syntax, unanchored (opa test --run)'],
      ['-f, --format F', 'text (default) or json'],
      ['--json', 'short for --format json'],
    ],
    exit: { 0: 'every selected test passed', 1: 'a test failed, no test was selected, or the policies do not compile', 2: 'usage error, or a path that cannot be read' },
  },
  options: {
    verbose: { type: 'boolean', short: 'v' },
    run: { type: 'string', short: 'r' },
    ...FORMAT_OPTIONS,
  },
  positionals: true,
} as const;

const EVAL = {
  name: 'policy eval',
  help: {
    usage: ["airlock policy eval [--data <path>]... [--input <file>] '<query>' [--format text|json] [--json]"],
    about: `Evaluates one Rego query against the policies and data given, as opa eval does. A single-term
query (data.x.allow) prints its value; json prints opa eval's {result: [{expressions, bindings}]}.`,
    options: [
      ['-d, --data <path>', '.rego, .json or .yaml file, or a directory of them (repeatable)'],
      ['-i, --input <file>', 'the input document, JSON or YAML (big integers kept exact)'],
      ['-f, --format F', 'text (default) or json'],
      ['--json', 'short for --format json'],
    ],
    exit: EXIT_EVAL,
  },
  options: {
    data: { type: 'string', short: 'd', multiple: true },
    input: { type: 'string', short: 'i' },
    ...FORMAT_OPTIONS,
  },
  positionals: true,
} as const;

const CONFORMANCE = {
  name: 'policy conformance',
  help: {
    usage: ['airlock policy conformance <dir> [--format text|json] [--json]'],
    about: `Runs OPA's YAML conformance cases from <dir> through Airlock's evaluator and reports passed,
failed and skipped cases (per tier when <dir> is the shared split, with tiers.json beside v1/).
A failing case is reported, not an error: the command measures.`,
    options: [
      ['-f, --format F', 'text (default) or json'],
      ['--json', 'short for --format json'],
    ],
    exit: { 0: 'the cases ran (failures are in the report)', 2: 'usage error, or a directory that cannot be read' },
  },
  options: { ...FORMAT_OPTIONS },
  positionals: true,
} as const;

const describeError = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Go's time.Duration String (https://pkg.go.dev/time#Duration.String), which opa test prints. */
const goDuration = (ms: number): string => {
  const ns = Math.round(ms * 1e6);
  if (ns < 1000) return `${ns}ns`;
  const [unit, digits] = ns < 1e6 ? (['µs', 3] as const) : ns < 1e9 ? (['ms', 6] as const) : (['s', 9] as const);
  return `${(ns / 10 ** digits).toFixed(digits).replace(/\.?0+$/, '')}${unit}`;
};

/** Policy files named on the command line; an unreadable one is an input error (exit 2). */
const loadNamed = async (io: CliIo, paths: readonly string[]) => {
  try {
    return await loadPolicyFiles(paths.map((p) => path.resolve(io.cwd, p)));
  } catch (e) {
    throw new CliError('input', describeError(e));
  }
};

/**
 * --run as opa test has it: an RE2 expression (Go's regexp, here re2js) matched, unanchored,
 * against each test's full name data.<package>.<rule>. opa test -v and --run:
 * https://www.openpolicyagent.org/docs/policy-testing and
 * https://github.com/open-policy-agent/opa/blob/main/v1/tester/runner.go (shouldRun).
 */
const testSelector = (pattern: string | undefined): ((name: string) => boolean) | undefined => {
  if (pattern === undefined) return undefined;
  let re: RE2JS;
  try {
    re = RE2JS.compile(pattern);
  } catch (e) {
    throw new CliError('usage', `--run ${pattern} is not a valid regular expression (${describeError(e)}); expected RE2 syntax, e.g. --run 'gate_test\\.test_agent'`);
  }
  return (name) => re.matcher(name).find();
};

const testCommand: CliCommand = (argv, io) =>
  runCommand(TEST, argv, io, async ({ values, positionals }) => {
    const format = reportFormat(values, ['json'] as const);
    const select = testSelector(values.run);
    if (positionals.length === 0) throw new CliError('usage', 'no policy directory given; expected e.g. airlock policy test policies/');
    const files = await loadNamed(io, positionals);
    if (files.modules.length === 0) throw new CliError('input', `no .rego files found under ${positionals.join(', ')}; pass the directory that holds your policies`);
    let results;
    try {
      results = runPolicyTests(files.modules, files.data, undefined, select);
    } catch (e) {
      io.stderr(`airlock policy test: ${describeError(e)}\n`);
      return 1;
    }
    const failed = results.filter((r) => !r.passed);
    if (format === 'json') {
      io.stdout(`${stringifyJSON({ passed: results.length - failed.length, failed: failed.length, tests: results }, 2)}\n`);
    } else {
      // As opa test prints it: each failing test (each test with -v) under its file:line, then the counts.
      let lastFile: string | undefined;
      for (const r of results) {
        if (!values.verbose && r.passed) continue;
        if (lastFile !== undefined && lastFile !== r.file) io.stdout('\n');
        lastFile = r.file;
        io.stdout(`${path.relative(io.cwd, r.file) || r.file}:${r.line}:\n${r.name}: ${r.passed ? 'PASS' : 'FAIL'} (${goDuration(r.duration_ms)})\n${r.passed ? '' : `  ${r.reason}\n`}`);
      }
      if (lastFile !== undefined) io.stdout(`${'-'.repeat(80)}\n`);
      if (results.length > failed.length) io.stdout(`PASS: ${results.length - failed.length}/${results.length}\n`);
      if (failed.length) io.stdout(`FAIL: ${failed.length}/${results.length}\n`);
    }
    if (results.length === 0) {
      io.stderr(`airlock policy test: no test_ rules ${values.run === undefined ? 'found' : `match --run ${values.run}`}\n`);
      return 1;
    }
    return failed.length ? 1 : 0;
  });

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

const evalCommand: CliCommand = (argv, io) =>
  runCommand(EVAL, argv, io, async ({ values, positionals }) => {
    const json = reportFormat(values, ['json'] as const) === 'json';
    if (positionals.length !== 1) throw new CliError('usage', `eval needs exactly one query, e.g. 'data.airlock.sts.allow' (got ${positionals.length})`);
    const query = positionals[0]!;
    const files = await loadNamed(io, values.data ?? []);
    let input: Value | undefined;
    try {
      input = values.input === undefined ? undefined : await readInput(path.resolve(io.cwd, values.input));
    } catch (e) {
      throw new CliError('input', describeError(e));
    }
    try {
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
      io.stderr(`airlock policy eval: ${describeError(e)}\n`);
      return 1;
    }
  });

const conformanceCommand: CliCommand = (argv, io) =>
  runCommand(CONFORMANCE, argv, io, async ({ values, positionals }) => {
    const json = reportFormat(values, ['json'] as const) === 'json';
    if (positionals.length !== 1) throw new CliError('usage', `conformance needs one directory of OPA YAML cases, e.g. ../shared/rego-conformance (got ${positionals.length})`);
    let report;
    let tiers: Record<string, TierRate> | undefined;
    try {
      // The shared split's folder (tiers.json beside v1/) reports per tier as well.
      const root = path.resolve(io.cwd, positionals[0]!);
      const split = existsSync(path.join(root, 'tiers.json')) && existsSync(path.join(root, 'v1'));
      report = await runConformance(split ? path.join(root, 'v1') : root);
      if (split) tiers = tierRates(report, await readTiers(root));
    } catch (e) {
      throw new CliError('input', `${positionals[0]}: ${describeError(e)}`);
    }
    if (json) io.stdout(`${stringifyJSON(tiers ? { ...report, tiers } : report)}\n`);
    else {
      for (const f of report.failures) io.stdout(`FAIL ${f.note}\n  expected: ${stringifyJSON(f.expected)}\n  got:      ${stringifyJSON(f.got)}\n`);
      for (const [t, r] of Object.entries(tiers ?? {})) io.stdout(`tier ${t}: ${r.passed}/${r.total} (${((100 * r.passed) / r.total).toFixed(1)}%)\n`);
      io.stdout(`passed ${report.passed}, failed ${report.failed}, skipped ${report.skipped}\n`);
    }
    return 0;
  });

const POLICY: CommandGroup = {
  name: 'policy',
  about: 'Rego policies, evaluated by Airlock\'s own evaluator (no opa binary needed):',
  subcommands: {
    test: { summary: 'run test_* rules, as opa test', run: testCommand },
    eval: { summary: 'evaluate a query, as opa eval', run: evalCommand },
    conformance: { summary: "run OPA's YAML conformance cases", run: conformanceCommand },
  },
  exit: { 0: 'success', 1: 'a test failed, or a Rego error (per subcommand)', 2: 'usage error, or a file that cannot be read' },
};

/** `airlock policy test|eval|conformance`. */
export const policyCommand: CliCommand = (argv, io) => runCommandGroup(POLICY, argv, io);
