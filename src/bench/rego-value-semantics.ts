/*
 * Bench-only: the few Rego semantics the hand-written TypeScript equivalents of the shipped
 * policies (src/bench/*-policy-equivalent.ts) need, on plain JSON values (what a decision's input
 * is), written directly rather than through the evaluator, so the equivalents are an independent
 * baseline. Each mirrors OPA's built-in of the same name
 * (https://www.openpolicyagent.org/docs/policy-reference/builtins).
 */

/** A JSON object (not an array, not null). */
export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
export const isNumber = (v: unknown): v is number | bigint => typeof v === 'number' || typeof v === 'bigint';

/** `type_name`: null, boolean, number, string, array, object. */
export function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (isNumber(v)) return 'number';
  return typeof v;
}

/** Rego's type order for comparisons across types (null < boolean < number < string < array < object). */
const RANK: Record<string, number> = { null: 0, boolean: 1, number: 2, string: 3, array: 4, object: 5 };

/** Rego's total order: `<`, `>=` and sort across and within types. */
export function compare(a: unknown, b: unknown): number {
  const ta = typeName(a);
  const tb = typeName(b);
  if (ta !== tb) return RANK[ta]! - RANK[tb]!;
  if (ta === 'number') return Number(a) < Number(b) ? -1 : Number(a) > Number(b) ? 1 : 0;
  if (ta === 'string') return (a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0;
  if (ta === 'boolean') return Number(a) - Number(b);
  if (ta === 'array') {
    const x = a as unknown[];
    const y = b as unknown[];
    for (let i = 0; i < Math.min(x.length, y.length); i++) {
      const c = compare(x[i], y[i]);
      if (c !== 0) return c;
    }
    return x.length - y.length;
  }
  if (ta === 'object') {
    const x = Object.keys(a as object).sort();
    const y = Object.keys(b as object).sort();
    for (let i = 0; i < Math.min(x.length, y.length); i++) {
      const c = compare(x[i], y[i]) || compare((a as Record<string, unknown>)[x[i]!], (b as Record<string, unknown>)[y[i]!]);
      if (c !== 0) return c;
    }
    return x.length - y.length;
  }
  return 0;
}

/** Rego equality: deep, numbers by value. */
export const equal = (a: unknown, b: unknown): boolean => a === b || (typeof a === 'object' && typeof b === 'object' ? compare(a, b) === 0 : isNumber(a) && isNumber(b) && Number(a) === Number(b));

/** `x in coll`: a value of an array or object; undefined (false) for anything else. */
export function isIn(x: unknown, coll: unknown): boolean {
  if (x === undefined) return false;
  if (Array.isArray(coll)) return coll.some((v) => equal(v, x));
  if (coll instanceof Set) return coll.has(x);
  if (isObject(coll)) return Object.values(coll).some((v) => equal(v, x));
  return false;
}

/** `some k, v in coll`: an array's indexes and values, an object's keys and values; nothing else iterates. */
export function entries(coll: unknown): [unknown, unknown][] {
  if (Array.isArray(coll)) return coll.map((v, i) => [i, v]);
  if (isObject(coll)) return Object.entries(coll);
  return [];
}

/** `some v in coll`. */
export const values = (coll: unknown): unknown[] => (Array.isArray(coll) ? coll : isObject(coll) ? Object.values(coll) : []);

/** `x[k]` on an object (undefined on anything else). */
export const field = (x: unknown, k: unknown): unknown => (isObject(x) && typeof k === 'string' && Object.hasOwn(x, k) ? x[k] : undefined);

/** `object.get(obj, path, default)`: undefined (an error) when `obj` is not an object. */
export function objectGet(obj: unknown, path: string | readonly string[], fallback: unknown): unknown {
  if (!isObject(obj)) return undefined;
  let at: unknown = obj;
  for (const k of typeof path === 'string' ? [path] : path) {
    if (!isObject(at) || !Object.hasOwn(at, k)) return fallback;
    at = at[k];
  }
  return at;
}

/** `count`: undefined for anything but a string, array or object. */
export const count = (x: unknown): number | undefined => (typeof x === 'string' ? [...x].length : Array.isArray(x) ? x.length : isObject(x) ? Object.keys(x).length : undefined);

/** `concat(sep, strings)`: undefined when any element is not a string. */
export function concat(sep: string, xs: unknown): string | undefined {
  const list = Array.isArray(xs) ? xs : xs instanceof Set ? [...xs].sort() : undefined;
  if (list === undefined || !list.every((x) => typeof x === 'string')) return undefined;
  return list.join(sep);
}

/** Go's %v of a float64: integers as digits, else the shortest digits, in exponent form below 1e-4 or from 1e6 (strconv 'g'). */
function goFloat(n: number): string {
  if (Number.isSafeInteger(n)) return String(n);
  const [mant, expText] = n.toExponential().split('e') as [string, string];
  const exp = Number(expText);
  if (exp < -4 || exp >= 6) return `${mant}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return String(n);
}

/** A value in Rego syntax, as `%v` prints composites (strings quoted, keys sorted). */
function regoString(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(regoString).join(', ')}]`;
  if (isObject(v))
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}: ${regoString(v[k])}`)
      .join(', ')}}`;
  return fmtV(v);
}

/** sprintf `%v` (and `%s`): strings raw, numbers as Go prints them, composites in Rego syntax. */
export function fmtV(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return goFloat(v);
  if (typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  if (v === null) return 'null';
  return regoString(v);
}

/** sprintf `%d`. */
export const fmtD = (v: unknown): string => (typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v)) ? String(v) : typeof v === 'number' ? `%!d(float64=${goFloat(v)})` : `%!d(${fmtV(v)})`);

/** sprintf `%q`. */
export const fmtQ = (v: unknown): string => (typeof v === 'string' ? JSON.stringify(v).replace(/\\u00([0-9a-f]{2})/g, '\\x$1') : `%!q(${fmtV(v)})`);

/** A decision as the TypeScript equivalents give it: allow, and deny sorted as evaluatePolicy sorts it. */
export interface EquivalentDecision {
  allow: boolean;
  deny: string[];
}

export const decision = (allow: boolean, deny: Set<string>): EquivalentDecision => ({ allow: allow && deny.size === 0, deny: [...deny].sort() });
