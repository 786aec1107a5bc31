import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { constValue } from './rego/compile.js';
import { parseTermSource } from './rego/parser.js';
import { RegoError } from './rego/rego-error.js';
import { RegoPolicy } from './rego/rego-policy.js';
import { compareValues, fromJS, RObject, toJS, valuesEqual, type Value } from './rego/value.js';

/** One OPA YAML test case (https://github.com/open-policy-agent/opa/tree/main/v1/test/cases). */
interface ConformanceCase {
  note: string;
  query?: string;
  modules?: string[];
  data?: unknown;
  input?: unknown;
  input_term?: string;
  want_result?: Record<string, unknown>[];
  want_error_code?: string;
  want_error?: string;
  sort_bindings?: boolean;
  strict_error?: boolean;
}

export interface FolderCounts {
  passed: number;
  failed: number;
  skipped: number;
}

export interface ConformanceFailure {
  folder: string;
  note: string;
  expected: unknown;
  got: unknown;
}

export interface ConformanceReport extends FolderCounts {
  by_folder: Record<string, FolderCounts>;
  failures: ConformanceFailure[];
}

/** Per-case limits keep one pathological case from stalling the run. */
const CASE_LIMITS = { maxSteps: 2_000_000, timeoutMs: 5_000, maxDepth: 200, maxCollection: 1_000_000 };

/** Builtins that exist only in OPA's own test binary. */
const TEST_ONLY = ['test.sleep('];

const listYaml = async (dir: string): Promise<string[]> => {
  const out: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true });
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await listYaml(p)));
    else if (/\.ya?ml$/.test(e.name)) out.push(p);
  }
  return out;
};

/** Sets compare as sorted arrays and non-string keys as JSON text, as OPA's harness does. */
const normalise = (v: Value): Value => fromJS(toJS(v));

const rowsEqual = (want: Value[], got: Value[]): boolean => {
  if (want.length !== got.length) return false;
  const used = new Set<number>();
  for (const w of want) {
    const i = got.findIndex((g, j) => !used.has(j) && valuesEqual(w, g));
    if (i < 0) return false;
    used.add(i);
  }
  return true;
};

interface CaseOutcome {
  status: 'passed' | 'failed' | 'skipped';
  expected?: unknown;
  got?: unknown;
}

const inputOf = (c: ConformanceCase): Value | undefined => {
  if (c.input_term !== undefined) {
    const v = constValue(parseTermSource(c.input_term, 'input_term'));
    if (v === undefined) throw new Error('input_term is not a constant term');
    return v;
  }
  return c.input === undefined ? undefined : fromJS(c.input);
};

/** Run one case in-process and compare with its expectation. */
export const runCase = (c: ConformanceCase): CaseOutcome => {
  if (!c.query) return { status: 'skipped' };
  if (TEST_ONLY.some((t) => c.modules?.some((m) => m.includes(t)) || c.query!.includes(t))) return { status: 'skipped' };
  const expected = c.want_error_code || c.want_error !== undefined
    ? { error_code: c.want_error_code, error: c.want_error }
    : (c.want_result ?? []);
  let rows: Value[];
  try {
    const policy = RegoPolicy.compile((c.modules ?? []).map((source, i) => ({ file: `test-${i}.rego`, source })));
    const found = policy.query(c.query, {
      input: inputOf(c),
      data: c.data === undefined ? new RObject() : fromJS(c.data),
      strict: c.strict_error ?? false,
      limits: CASE_LIMITS,
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
    const err = e instanceof RegoError ? { error_code: e.code, error: e.message } : { error_code: 'internal', error: String(e) };
    if (!c.want_error_code && c.want_error === undefined) return { status: 'failed', expected, got: err };
    const codeOk = !c.want_error_code || c.want_error_code === err.error_code;
    const msgOk = c.want_error === undefined || err.error.includes(c.want_error);
    return codeOk && msgOk ? { status: 'passed' } : { status: 'failed', expected, got: err };
  }
  const got = rows.map((r) => toJS(r));
  if (c.want_error_code || c.want_error !== undefined) return { status: 'failed', expected, got };
  const want = (c.want_result ?? []).map((r) => {
    const o = fromJS(r) as RObject;
    if (c.sort_bindings) for (const [k, v] of o.pairs()) if (Array.isArray(v)) o.set(k, [...v].sort(compareValues));
    return o;
  });
  return rowsEqual(want, rows) ? { status: 'passed' } : { status: 'failed', expected, got };
};

export interface TierRate {
  passed: number;
  total: number;
}

/** `tiers.json` beside the cases: folder -> tier (1 core, 2 common builtins, 3 exotic). */
export const readTiers = async (dir: string): Promise<Record<string, number>> => {
  const file = path.join(dir, 'tiers.json');
  const doc = JSON.parse(await readFile(file, 'utf8')) as { tier_of_folder?: Record<string, number> };
  if (!doc.tier_of_folder) throw new Error(`${file}: expected {"tier_of_folder": {"<folder>": <tier>}}`);
  return doc.tier_of_folder;
};

/** Pass rate per tier; skipped cases count as failures, folders missing from `tiers` as tier "unmapped". */
export const tierRates = (report: ConformanceReport, tiers: Record<string, number>): Record<string, TierRate> => {
  const out: Record<string, TierRate> = {};
  for (const [folder, c] of Object.entries(report.by_folder)) {
    const t = (out[String(tiers[folder] ?? 'unmapped')] ??= { passed: 0, total: 0 });
    t.passed += c.passed;
    t.total += c.passed + c.failed + c.skipped;
  }
  return out;
};

/** Run every YAML case under `dir`; folders are the directories directly holding the files. */
export const runConformance = async (dir: string, opts: { folders?: Set<string> } = {}): Promise<ConformanceReport> => {
  const report: ConformanceReport = { passed: 0, failed: 0, skipped: 0, by_folder: {}, failures: [] };
  for (const file of await listYaml(dir)) {
    const folder = path.basename(path.dirname(file));
    if (opts.folders && !opts.folders.has(folder)) continue;
    const doc = parseYaml(await readFile(file, 'utf8'), { intAsBigInt: true }) as { cases?: ConformanceCase[] } | null;
    const counts = (report.by_folder[folder] ??= { passed: 0, failed: 0, skipped: 0 });
    for (const c of doc?.cases ?? []) {
      const outcome = runCase(c);
      counts[outcome.status]++;
      report[outcome.status]++;
      if (outcome.status === 'failed') report.failures.push({ folder, note: c.note, expected: outcome.expected, got: outcome.got });
    }
  }
  return report;
};
