/**
 * Rego values (https://www.openpolicyagent.org/docs/latest/policy-language/#the-basics).
 * Numbers are lossless: a JS number holds every float and every integer within 2^53; larger
 * integers are bigint. The invariant (enforced by `normNum`) is that an integer-valued number
 * outside the safe range is always a bigint, so one value has one representation.
 */
export type Value = null | boolean | number | bigint | string | Value[] | RObject | RSet;

/** Map key for a value: a string maps to itself (unless it starts with NUL), anything else to a NUL-prefixed code. */
export const keyOf = (v: Value): string => {
  switch (typeof v) {
    case 'string':
      return v.length > 0 && v.charCodeAt(0) === 0 ? `\0s${v}` : v;
    case 'number':
      return `\0n${v}`;
    case 'bigint':
      return `\0n${v.toString()}`;
    case 'boolean':
      return v ? '\0t' : '\0f';
    default:
      break;
  }
  if (v === null) return '\0z';
  if (Array.isArray(v)) return `\0a[${v.map(keyOf).join('\0,')}]`;
  if (v instanceof RObject) {
    const ks = [...v.entries.keys()].sort();
    return `\0o{${ks.map((k) => `${k}\0:${keyOf(v.entries.get(k)![1])}`).join('\0,')}}`;
  }
  return `\0S{${[...v.items.keys()].sort().join('\0,')}}`;
};

/** keyOf with the common case inline: a string not starting with NUL is its own key. */
const keyFor = (k: Value): string => (typeof k === 'string' && k.charCodeAt(0) !== 0 ? k : keyOf(k));

export class RObject {
  readonly entries = new Map<string, [Value, Value]>();

  static fromPairs(pairs: Iterable<[Value, Value]>): RObject {
    const o = new RObject();
    for (const [k, v] of pairs) o.set(k, v);
    return o;
  }

  get size(): number {
    return this.entries.size;
  }
  get(k: Value): Value | undefined {
    return this.entries.get(keyFor(k))?.[1];
  }
  set(k: Value, v: Value): void {
    this.entries.set(keyFor(k), [k, v]);
  }
  delete(k: Value): void {
    this.entries.delete(keyFor(k));
  }
  has(k: Value): boolean {
    return this.entries.has(keyFor(k));
  }
  keys(): Value[] {
    return [...this.entries.values()].map((e) => e[0]);
  }
  values(): Value[] {
    return [...this.entries.values()].map((e) => e[1]);
  }
  pairs(): IterableIterator<[Value, Value]> {
    return this.entries.values();
  }
}

export class RSet {
  readonly items = new Map<string, Value>();

  static of(values: Iterable<Value>): RSet {
    const s = new RSet();
    for (const v of values) s.add(v);
    return s;
  }

  get size(): number {
    return this.items.size;
  }
  add(v: Value): void {
    this.items.set(keyFor(v), v);
  }
  has(v: Value): boolean {
    return this.items.has(keyFor(v));
  }
  values(): IterableIterator<Value> {
    return this.items.values();
  }
}

export const isNumber = (v: Value | undefined): v is number | bigint => typeof v === 'number' || typeof v === 'bigint';

/** Normalise a number to the one-representation invariant described above. */
export const normNum = (n: number | bigint): number | bigint => {
  if (typeof n === 'bigint') return n >= -9007199254740991n && n <= 9007199254740991n ? Number(n) : n;
  if (Number.isInteger(n) && !Number.isSafeInteger(n)) return BigInt(n);
  return n;
};

/** OPA's type names, as used in type errors and `type_name`. */
export const typeName = (v: Value): string => {
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'number':
    case 'bigint':
      return 'number';
    case 'boolean':
      return 'boolean';
    default:
      break;
  }
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return v instanceof RObject ? 'object' : 'set';
};

const typeRank = (v: Value): number => {
  switch (typeof v) {
    case 'boolean':
      return 1;
    case 'number':
    case 'bigint':
      return 2;
    case 'string':
      return 3;
    default:
      break;
  }
  if (v === null) return 0;
  if (Array.isArray(v)) return 4;
  return v instanceof RObject ? 5 : 6;
};

export const compareNumbers = (a: number | bigint, b: number | bigint): number => {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  // A bigint is an integer beyond 2^53; comparing with a float needs care only when the float is large.
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'bigint') return -compareNumbers(b, a);
  const bb = b as bigint;
  if (!Number.isFinite(a)) return a > 0 ? 1 : -1;
  const fa = BigInt(Math.trunc(a));
  if (fa < bb) return -1;
  if (fa > bb) return 1;
  const frac = a - Math.trunc(a);
  return frac > 0 ? 1 : frac < 0 ? -1 : 0;
};

const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** OPA's total order: null < boolean < number < string < array < object < set. */
export const compareValues = (a: Value, b: Value): number => {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra - rb;
  switch (ra) {
    case 0:
      return 0;
    case 1:
      return a === b ? 0 : a ? 1 : -1;
    case 2:
      return compareNumbers(a as number | bigint, b as number | bigint);
    case 3:
      return compareStrings(a as string, b as string);
    case 4: {
      const x = a as Value[];
      const y = b as Value[];
      for (let i = 0; i < x.length && i < y.length; i++) {
        const c = compareValues(x[i]!, y[i]!);
        if (c !== 0) return c;
      }
      return x.length - y.length;
    }
    case 5: {
      const x = sortedPairs(a as RObject);
      const y = sortedPairs(b as RObject);
      for (let i = 0; i < x.length && i < y.length; i++) {
        const c = compareValues(x[i]![0], y[i]![0]);
        if (c !== 0) return c;
        const d = compareValues(x[i]![1], y[i]![1]);
        if (d !== 0) return d;
      }
      return x.length - y.length;
    }
    default: {
      const x = sortedValues(a as RSet);
      const y = sortedValues(b as RSet);
      for (let i = 0; i < x.length && i < y.length; i++) {
        const c = compareValues(x[i]!, y[i]!);
        if (c !== 0) return c;
      }
      return x.length - y.length;
    }
  }
};

export const sortedValues = (s: RSet): Value[] => [...s.values()].sort(compareValues);
export const sortedPairs = (o: RObject): [Value, Value][] => [...o.pairs()].sort((p, q) => compareValues(p[0], q[0]));

export const valuesEqual = (a: Value, b: Value): boolean => {
  if (a === b) return true;
  const ta = typeof a;
  if (ta !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return false;
  }
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!valuesEqual(a[i]!, b[i]!)) return false;
    return true;
  }
  if (a instanceof RObject) {
    if (!(b instanceof RObject) || a.size !== b.size) return false;
    for (const [k, [, v]] of a.entries) {
      const o = b.entries.get(k);
      if (!o || !valuesEqual(v, o[1])) return false;
    }
    return true;
  }
  if (!(b instanceof RSet) || (a as RSet).size !== b.size) return false;
  for (const k of (a as RSet).items.keys()) if (!b.items.has(k)) return false;
  return true;
};

/** Plain JS (JSON, optionally with bigint from a lossless parser) to a Rego value. */
export const fromJS = (x: unknown): Value => {
  if (x === null || x === undefined) return null;
  switch (typeof x) {
    case 'string':
    case 'boolean':
      return x;
    case 'number':
    case 'bigint':
      return normNum(x);
    default:
      break;
  }
  if (Array.isArray(x)) return x.map(fromJS);
  if (x instanceof RObject || x instanceof RSet) return x;
  if (x instanceof Set) return RSet.of([...x].map(fromJS));
  // Object.keys, not Object.entries: no pair array per member (inputs are converted per decision).
  const record = x as Record<string, unknown>;
  const keys = Object.keys(record);
  const o = new RObject();
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    o.set(k, fromJS(record[k]));
  }
  return o;
};

/**
 * A Rego value to plain JS for output: sets become sorted arrays and non-string object keys are
 * serialised to JSON, as OPA does. Big integers stay bigint (callers print them losslessly).
 */
export const toJS = (v: Value): unknown => {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(toJS);
  if (v instanceof RSet) return sortedValues(v).map(toJS);
  const out: Record<string, unknown> = {};
  // defineProperty: a "__proto__" key is data, not the object's prototype
  for (const [k, val] of sortedPairs(v)) Object.defineProperty(out, typeof k === 'string' ? k : toJSON(k), { value: toJS(val), enumerable: true, writable: true, configurable: true });
  return out;
};

const escapeJSONString = (s: string): string => JSON.stringify(s);

/** Canonical JSON text (sorted keys, sets as sorted arrays, exact big integers). */
export const toJSON = (v: Value): string => {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'string':
      return escapeJSONString(v);
    case 'number':
      return formatNumber(v);
    case 'bigint':
      return v.toString();
    case 'boolean':
      return v ? 'true' : 'false';
    default:
      break;
  }
  if (Array.isArray(v)) return `[${v.map(toJSON).join(',')}]`;
  if (v instanceof RSet) return `[${sortedValues(v).map(toJSON).join(',')}]`;
  return `{${sortedPairs(v)
    .map(([k, val]) => `${typeof k === 'string' ? escapeJSONString(k) : escapeJSONString(toJSON(k))}:${toJSON(val)}`)
    .join(',')}}`;
};

/** Go-style number text: integers without exponent, floats in shortest round-trip form. */
export const formatNumber = (n: number | bigint): string => {
  if (typeof n === 'bigint') return n.toString();
  if (Number.isInteger(n)) return Number.isSafeInteger(n) ? String(n) : BigInt(n).toString();
  // Go writes at least two exponent digits (1e-07), as encoding/json does.
  const s = String(n);
  return s.includes('e') ? s.replace(/e([+-])(\d)$/, 'e$10$2') : s;
};

/** Rego's term syntax for a value (sets in braces), as `sprintf("%v")` and `format_int` errors print it. */
export const toRegoString = (v: Value): string => {
  if (v instanceof RSet) return v.size === 0 ? 'set()' : `{${sortedValues(v).map(toRegoString).join(', ')}}`;
  if (Array.isArray(v)) return `[${v.map(toRegoString).join(', ')}]`;
  if (v instanceof RObject) return `{${sortedPairs(v).map(([k, x]) => `${toRegoString(k)}: ${toRegoString(x)}`).join(', ')}}`;
  return toJSON(v);
};
