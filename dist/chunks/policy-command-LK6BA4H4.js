import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);
import {
  loadPolicyFiles
} from "./chunk-RAKWQDT3.js";
import {
  stringifyJSON
} from "./chunk-TZMHQ5MG.js";
import {
  RegoPolicy
} from "./chunk-HKOWZUST.js";
import {
  RegoError,
  constValue,
  parseTermSource
} from "./chunk-2ZCGAJUC.js";
import "./chunk-VJTT6KNH.js";
import {
  require_dist
} from "./chunk-SPRYJVQL.js";
import {
  CliError,
  FORMAT_OPTIONS,
  reportFormat,
  runCommand,
  runCommandGroup
} from "./chunk-IW66ZKD5.js";
import "./chunk-Z5LGGBV5.js";
import "./chunk-BLNHIPTQ.js";
import {
  RE2JS
} from "./chunk-4K734NMA.js";
import "./chunk-M3D7NQYH.js";
import "./chunk-5AA5OQFX.js";
import {
  parseJSONLossless
} from "./chunk-M5SG437F.js";
import {
  RObject,
  compareValues,
  fromJS,
  toJS,
  valuesEqual
} from "./chunk-EUJLSU46.js";
import {
  __toESM
} from "./chunk-WLT2JI5U.js";

// src/cli/policy-command.ts
import { existsSync } from "node:fs";
import { readFile as readFile2 } from "node:fs/promises";
import path2 from "node:path";
var import_yaml2 = __toESM(require_dist(), 1);

// src/policy/conformance-runner.ts
var import_yaml = __toESM(require_dist(), 1);
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
var CASE_LIMITS = { maxSteps: 2e6, timeoutMs: 5e3, maxDepth: 200, maxCollection: 1e6 };
var TEST_ONLY = ["test.sleep("];
var listYaml = async (dir) => {
  const out = [];
  const entries = await readdir(dir, { withFileTypes: true });
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...await listYaml(p));
    else if (/\.ya?ml$/.test(e.name)) out.push(p);
  }
  return out;
};
var normalise = (v) => fromJS(toJS(v));
var rowsEqual = (want, got) => {
  if (want.length !== got.length) return false;
  const used = /* @__PURE__ */ new Set();
  for (const w of want) {
    const i = got.findIndex((g, j) => !used.has(j) && valuesEqual(w, g));
    if (i < 0) return false;
    used.add(i);
  }
  return true;
};
var inputOf = (c) => {
  if (c.input_term !== void 0) {
    const v = constValue(parseTermSource(c.input_term, "input_term"));
    if (v === void 0) throw new Error("input_term is not a constant term");
    return v;
  }
  return c.input === void 0 ? void 0 : fromJS(c.input);
};
var runCase = (c) => {
  if (!c.query) return { status: "skipped" };
  if (TEST_ONLY.some((t) => c.modules?.some((m) => m.includes(t)) || c.query.includes(t))) return { status: "skipped" };
  const expected = c.want_error_code || c.want_error !== void 0 ? { error_code: c.want_error_code, error: c.want_error } : c.want_result ?? [];
  let rows;
  try {
    const policy = RegoPolicy.compile((c.modules ?? []).map((source, i) => ({ file: `test-${i}.rego`, source })));
    const found = policy.query(c.query, {
      input: inputOf(c),
      data: c.data === void 0 ? new RObject() : fromJS(c.data),
      strict: c.strict_error ?? false,
      limits: CASE_LIMITS
    });
    rows = found.map((r) => {
      const o = new RObject();
      for (const [k, v] of r) {
        let x = normalise(v);
        if (c.sort_bindings && Array.isArray(x)) x = [...x].sort(compareValues);
        o.set(k, x);
      }
      return o;
    });
  } catch (e) {
    const err = e instanceof RegoError ? { error_code: e.code, error: e.message } : { error_code: "internal", error: String(e) };
    if (!c.want_error_code && c.want_error === void 0) return { status: "failed", expected, got: err };
    const codeOk = !c.want_error_code || c.want_error_code === err.error_code;
    const msgOk = c.want_error === void 0 || err.error.includes(c.want_error);
    return codeOk && msgOk ? { status: "passed" } : { status: "failed", expected, got: err };
  }
  const got = rows.map((r) => toJS(r));
  if (c.want_error_code || c.want_error !== void 0) return { status: "failed", expected, got };
  const want = (c.want_result ?? []).map((r) => {
    const o = fromJS(r);
    if (c.sort_bindings) {
      for (const [k, v] of o.pairs()) if (Array.isArray(v)) o.set(k, [...v].sort(compareValues));
    }
    return o;
  });
  return rowsEqual(want, rows) ? { status: "passed" } : { status: "failed", expected, got };
};
var readTiers = async (dir) => {
  const file = path.join(dir, "tiers.json");
  const doc = JSON.parse(await readFile(file, "utf8"));
  if (!doc.tier_of_folder) throw new Error(`${file}: expected {"tier_of_folder": {"<folder>": <tier>}}`);
  return doc.tier_of_folder;
};
var tierRates = (report, tiers) => {
  const out = {};
  for (const [folder, c] of Object.entries(report.by_folder)) {
    const t = out[String(tiers[folder] ?? "unmapped")] ??= { passed: 0, total: 0 };
    t.passed += c.passed;
    t.total += c.passed + c.failed + c.skipped;
  }
  return out;
};
var runConformance = async (dir, opts = {}) => {
  const report = { passed: 0, failed: 0, skipped: 0, by_folder: {}, failures: [] };
  for (const file of await listYaml(dir)) {
    const folder = path.basename(path.dirname(file));
    if (opts.folders && !opts.folders.has(folder)) continue;
    const doc = (0, import_yaml.parse)(await readFile(file, "utf8"), { intAsBigInt: true });
    const counts = report.by_folder[folder] ??= { passed: 0, failed: 0, skipped: 0 };
    for (const c of doc?.cases ?? []) {
      const outcome = runCase(c);
      counts[outcome.status]++;
      report[outcome.status]++;
      if (outcome.status === "failed") report.failures.push({ folder, note: c.note, expected: outcome.expected, got: outcome.got });
    }
  }
  return report;
};

// src/policy/policy-test-runner.ts
var collectTests = (node, out) => {
  const last = node.path[node.path.length - 1];
  if (last?.startsWith("test_") && node.hasRules && !node.isFunction) out.push(node);
  for (const c of node.children.values()) collectTests(c, out);
};
var runPolicyTests = (modules, data, limits, select) => {
  const policy = RegoPolicy.compile(modules);
  const tests = [];
  collectTests(policy.compiled.root, tests);
  const named = tests.map((node) => ({ node, name: ["data", ...node.path].join(".") }));
  return named.filter(({ name }) => select?.(name) ?? true).map(({ node, name }) => {
    const { file, line } = (node.rules[0] ?? node.defaultRule).rule.loc;
    const start = performance.now();
    try {
      const rows = policy.query(`__test_result__ = ${node.path.map((p, i) => i === 0 ? `data[${JSON.stringify(p)}]` : `[${JSON.stringify(p)}]`).join("")}`, { data, limits });
      const v = rows[0]?.get("__test_result__");
      const passed = v === true;
      return { name, file, line, passed, reason: passed ? void 0 : v === void 0 ? "undefined" : "not true", duration_ms: performance.now() - start };
    } catch (e) {
      const reason = e instanceof RegoError ? e.message : String(e);
      return { name, file, line, passed: false, reason, duration_ms: performance.now() - start };
    }
  });
};

// src/cli/policy-command.ts
var EXIT_EVAL = { 0: "evaluated (an undefined result is still 0, as opa eval)", 1: "a Rego error: the policy or query does not parse, compile or evaluate", 2: "usage error, or a --data/--input file that cannot be read or parsed" };
var TEST = {
  name: "policy test",
  help: {
    usage: ["airlock policy test <dir|file>... [-v] [--run <regex>] [--format text|json] [--json]"],
    about: `Runs every test_* rule under the given .rego files and directories (with their .json/.yaml data),
as opa test does: a test passes when its rule is defined and true. Text output lists the failing
tests and the counts; -v lists every test with PASS/FAIL and its duration.`,
    options: [
      ["-v, --verbose", "list every test with PASS/FAIL and its duration (opa test -v)"],
      ["-r, --run <regex>", "run only tests whose full name (data.<package>.test_x) matches; RE2 syntax, unanchored (opa test --run)"],
      ["-f, --format F", "text (default) or json"],
      ["--json", "short for --format json"]
    ],
    exit: { 0: "every selected test passed", 1: "a test failed, no test was selected, or the policies do not compile", 2: "usage error, or a path that cannot be read" }
  },
  options: {
    verbose: { type: "boolean", short: "v" },
    run: { type: "string", short: "r" },
    ...FORMAT_OPTIONS
  },
  positionals: true
};
var EVAL = {
  name: "policy eval",
  help: {
    usage: ["airlock policy eval [--data <path>]... [--input <file>] '<query>' [--format text|json] [--json]"],
    about: `Evaluates one Rego query against the policies and data given, as opa eval does. A single-term
query (data.x.allow) prints its value; json prints opa eval's {result: [{expressions, bindings}]}.`,
    options: [
      ["-d, --data <path>", ".rego, .json or .yaml file, or a directory of them (repeatable)"],
      ["-i, --input <file>", "the input document, JSON or YAML (big integers kept exact)"],
      ["-f, --format F", "text (default) or json"],
      ["--json", "short for --format json"]
    ],
    exit: EXIT_EVAL
  },
  options: {
    data: { type: "string", short: "d", multiple: true },
    input: { type: "string", short: "i" },
    ...FORMAT_OPTIONS
  },
  positionals: true
};
var CONFORMANCE = {
  name: "policy conformance",
  help: {
    usage: ["airlock policy conformance <dir> [--format text|json] [--json]"],
    about: `Runs OPA's YAML conformance cases from <dir> through Airlock's evaluator and reports passed,
failed and skipped cases (per tier when <dir> is the shared split, with tiers.json beside v1/).
A failing case is reported, not an error: the command measures.`,
    options: [
      ["-f, --format F", "text (default) or json"],
      ["--json", "short for --format json"]
    ],
    exit: { 0: "the cases ran (failures are in the report)", 2: "usage error, or a directory that cannot be read" }
  },
  options: { ...FORMAT_OPTIONS },
  positionals: true
};
var describeError = (e) => e instanceof Error ? e.message : String(e);
var goDuration = (ms) => {
  const ns = Math.round(ms * 1e6);
  if (ns < 1e3) return `${ns}ns`;
  const [unit, digits] = ns < 1e6 ? ["\xB5s", 3] : ns < 1e9 ? ["ms", 6] : ["s", 9];
  return `${(ns / 10 ** digits).toFixed(digits).replace(/\.?0+$/, "")}${unit}`;
};
var loadNamed = async (io, paths) => {
  try {
    return await loadPolicyFiles(paths.map((p) => path2.resolve(io.cwd, p)));
  } catch (e) {
    throw new CliError("input", describeError(e));
  }
};
var testSelector = (pattern) => {
  if (pattern === void 0) return void 0;
  let re;
  try {
    re = RE2JS.compile(pattern);
  } catch (e) {
    throw new CliError("usage", `--run ${pattern} is not a valid regular expression (${describeError(e)}); expected RE2 syntax, e.g. --run 'gate_test\\.test_agent'`);
  }
  return (name) => re.matcher(name).find();
};
var testCommand = (argv, io) => runCommand(TEST, argv, io, async ({ values, positionals }) => {
  const format = reportFormat(values, ["json"]);
  const select = testSelector(values.run);
  if (positionals.length === 0) throw new CliError("usage", "no policy directory given; expected e.g. airlock policy test policies/");
  const files = await loadNamed(io, positionals);
  if (files.modules.length === 0) throw new CliError("input", `no .rego files found under ${positionals.join(", ")}; pass the directory that holds your policies`);
  let results;
  try {
    results = runPolicyTests(files.modules, files.data, void 0, select);
  } catch (e) {
    io.stderr(`airlock policy test: ${describeError(e)}
`);
    return 1;
  }
  const failed = results.filter((r) => !r.passed);
  if (format === "json") {
    io.stdout(`${stringifyJSON({ passed: results.length - failed.length, failed: failed.length, tests: results }, 2)}
`);
  } else {
    let lastFile;
    for (const r of results) {
      if (!values.verbose && r.passed) continue;
      if (lastFile !== void 0 && lastFile !== r.file) io.stdout("\n");
      lastFile = r.file;
      io.stdout(`${path2.relative(io.cwd, r.file) || r.file}:${r.line}:
${r.name}: ${r.passed ? "PASS" : "FAIL"} (${goDuration(r.duration_ms)})
${r.passed ? "" : `  ${r.reason}
`}`);
    }
    if (lastFile !== void 0) io.stdout(`${"-".repeat(80)}
`);
    if (results.length > failed.length) io.stdout(`PASS: ${results.length - failed.length}/${results.length}
`);
    if (failed.length) io.stdout(`FAIL: ${failed.length}/${results.length}
`);
  }
  if (results.length === 0) {
    io.stderr(`airlock policy test: no test_ rules ${values.run === void 0 ? "found" : `match --run ${values.run}`}
`);
    return 1;
  }
  return failed.length ? 1 : 0;
});
var readInput = async (file) => {
  let text;
  try {
    text = await readFile2(file, "utf8");
  } catch (e) {
    throw new Error(`--input ${file}: cannot read the file (expected a JSON or YAML document)`, { cause: e });
  }
  try {
    return /\.ya?ml$/.test(file) ? fromJS((0, import_yaml2.parse)(text, { intAsBigInt: true })) : parseJSONLossless(text);
  } catch (e) {
    throw new Error(`--input ${file}: not valid ${/\.ya?ml$/.test(file) ? "YAML" : "JSON"} (${describeError(e)}); fix the document or pass another file`, { cause: e });
  }
};
var evalCommand = (argv, io) => runCommand(EVAL, argv, io, async ({ values, positionals }) => {
  const json = reportFormat(values, ["json"]) === "json";
  if (positionals.length !== 1) throw new CliError("usage", `eval needs exactly one query, e.g. 'data.airlock.sts.allow' (got ${positionals.length})`);
  const query = positionals[0];
  const files = await loadNamed(io, values.data ?? []);
  let input;
  try {
    input = values.input === void 0 ? void 0 : await readInput(path2.resolve(io.cwd, values.input));
  } catch (e) {
    throw new CliError("input", describeError(e));
  }
  try {
    const policy = RegoPolicy.compile(files.modules);
    let single = false;
    let rows;
    try {
      rows = policy.query(`__value__ = (${query})`, { input, data: files.data });
      single = true;
    } catch {
      rows = policy.query(query, { input, data: files.data });
    }
    const result = rows.map((r) => {
      const bindings = {};
      for (const [k, v] of r) if (k !== "__value__") bindings[k] = toJS(v);
      return single ? { expressions: [{ value: toJS(r.get("__value__")), text: query }], bindings } : { bindings };
    });
    const out = result.length ? { result } : {};
    io.stdout(json ? `${stringifyJSON(out, 2)}
` : `${stringifyJSON(single && result.length === 1 ? result[0].expressions[0].value : out, 2)}
`);
    return 0;
  } catch (e) {
    io.stderr(`airlock policy eval: ${describeError(e)}
`);
    return 1;
  }
});
var conformanceCommand = (argv, io) => runCommand(CONFORMANCE, argv, io, async ({ values, positionals }) => {
  const json = reportFormat(values, ["json"]) === "json";
  if (positionals.length !== 1) throw new CliError("usage", `conformance needs one directory of OPA YAML cases, e.g. ../shared/rego-conformance (got ${positionals.length})`);
  let report;
  let tiers;
  try {
    const root = path2.resolve(io.cwd, positionals[0]);
    const split = existsSync(path2.join(root, "tiers.json")) && existsSync(path2.join(root, "v1"));
    report = await runConformance(split ? path2.join(root, "v1") : root);
    if (split) tiers = tierRates(report, await readTiers(root));
  } catch (e) {
    throw new CliError("input", `${positionals[0]}: ${describeError(e)}`);
  }
  if (json) io.stdout(`${stringifyJSON(tiers ? { ...report, tiers } : report)}
`);
  else {
    for (const f of report.failures) io.stdout(`FAIL ${f.note}
  expected: ${stringifyJSON(f.expected)}
  got:      ${stringifyJSON(f.got)}
`);
    for (const [t, r] of Object.entries(tiers ?? {})) io.stdout(`tier ${t}: ${r.passed}/${r.total} (${(100 * r.passed / r.total).toFixed(1)}%)
`);
    io.stdout(`passed ${report.passed}, failed ${report.failed}, skipped ${report.skipped}
`);
  }
  return 0;
});
var POLICY = {
  name: "policy",
  about: "Rego policies, evaluated by Airlock's own evaluator (no opa binary needed):",
  subcommands: {
    test: { summary: "run test_* rules, as opa test", run: testCommand },
    eval: { summary: "evaluate a query, as opa eval", run: evalCommand },
    conformance: { summary: "run OPA's YAML conformance cases", run: conformanceCommand }
  },
  exit: { 0: "success", 1: "a test failed, or a Rego error (per subcommand)", 2: "usage error, or a file that cannot be read" }
};
var policyCommand = (argv, io) => runCommandGroup(POLICY, argv, io);
export {
  policyCommand
};
