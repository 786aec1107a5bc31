import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);

// src/policy/rego/value.ts
var keyOf = (v) => {
  switch (typeof v) {
    case "string":
      return v.length > 0 && v.charCodeAt(0) === 0 ? `\0s${v}` : v;
    case "number":
      return `\0n${v}`;
    case "bigint":
      return `\0n${v.toString()}`;
    case "boolean":
      return v ? "\0t" : "\0f";
    default:
      break;
  }
  if (v === null) return "\0z";
  if (Array.isArray(v)) return `\0a[${v.map(keyOf).join("\0,")}]`;
  if (v instanceof RObject) {
    const ks = [...v.entries.keys()].sort();
    return `\0o{${ks.map((k) => `${k}\0:${keyOf(v.entries.get(k)[1])}`).join("\0,")}}`;
  }
  return `\0S{${[...v.items.keys()].sort().join("\0,")}}`;
};
var keyFor = (k) => typeof k === "string" && k.charCodeAt(0) !== 0 ? k : keyOf(k);
var RObject = class _RObject {
  entries = /* @__PURE__ */ new Map();
  static fromPairs(pairs) {
    const o = new _RObject();
    for (const [k, v] of pairs) o.set(k, v);
    return o;
  }
  get size() {
    return this.entries.size;
  }
  get(k) {
    return this.entries.get(keyFor(k))?.[1];
  }
  set(k, v) {
    this.entries.set(keyFor(k), [k, v]);
  }
  delete(k) {
    this.entries.delete(keyFor(k));
  }
  has(k) {
    return this.entries.has(keyFor(k));
  }
  keys() {
    return [...this.entries.values()].map((e) => e[0]);
  }
  values() {
    return [...this.entries.values()].map((e) => e[1]);
  }
  pairs() {
    return this.entries.values();
  }
};
var RSet = class _RSet {
  items = /* @__PURE__ */ new Map();
  static of(values) {
    const s = new _RSet();
    for (const v of values) s.add(v);
    return s;
  }
  get size() {
    return this.items.size;
  }
  add(v) {
    this.items.set(keyFor(v), v);
  }
  has(v) {
    return this.items.has(keyFor(v));
  }
  values() {
    return this.items.values();
  }
};
var isNumber = (v) => typeof v === "number" || typeof v === "bigint";
var normNum = (n) => {
  if (typeof n === "bigint") return n >= -9007199254740991n && n <= 9007199254740991n ? Number(n) : n;
  if (Number.isInteger(n) && !Number.isSafeInteger(n)) return BigInt(n);
  return n;
};
var typeName = (v) => {
  switch (typeof v) {
    case "string":
      return "string";
    case "number":
    case "bigint":
      return "number";
    case "boolean":
      return "boolean";
    default:
      break;
  }
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return v instanceof RObject ? "object" : "set";
};
var typeRank = (v) => {
  switch (typeof v) {
    case "boolean":
      return 1;
    case "number":
    case "bigint":
      return 2;
    case "string":
      return 3;
    default:
      break;
  }
  if (v === null) return 0;
  if (Array.isArray(v)) return 4;
  return v instanceof RObject ? 5 : 6;
};
var compareNumbers = (a, b) => {
  if (typeof a === "number" && typeof b === "number") return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === "bigint" && typeof b === "bigint") return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === "bigint") return -compareNumbers(b, a);
  const bb = b;
  if (!Number.isFinite(a)) return a > 0 ? 1 : -1;
  const fa = BigInt(Math.trunc(a));
  if (fa < bb) return -1;
  if (fa > bb) return 1;
  const frac = a - Math.trunc(a);
  return frac > 0 ? 1 : frac < 0 ? -1 : 0;
};
var compareStrings = (a, b) => a < b ? -1 : a > b ? 1 : 0;
var compareValues = (a, b) => {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra - rb;
  switch (ra) {
    case 0:
      return 0;
    case 1:
      return a === b ? 0 : a ? 1 : -1;
    case 2:
      return compareNumbers(a, b);
    case 3:
      return compareStrings(a, b);
    case 4: {
      const x = a;
      const y = b;
      for (let i = 0; i < x.length && i < y.length; i++) {
        const c = compareValues(x[i], y[i]);
        if (c !== 0) return c;
      }
      return x.length - y.length;
    }
    case 5: {
      const x = sortedPairs(a);
      const y = sortedPairs(b);
      for (let i = 0; i < x.length && i < y.length; i++) {
        const c = compareValues(x[i][0], y[i][0]);
        if (c !== 0) return c;
        const d = compareValues(x[i][1], y[i][1]);
        if (d !== 0) return d;
      }
      return x.length - y.length;
    }
    default: {
      const x = sortedValues(a);
      const y = sortedValues(b);
      for (let i = 0; i < x.length && i < y.length; i++) {
        const c = compareValues(x[i], y[i]);
        if (c !== 0) return c;
      }
      return x.length - y.length;
    }
  }
};
var sortedValues = (s) => [...s.values()].sort(compareValues);
var sortedPairs = (o) => [...o.pairs()].sort((p, q) => compareValues(p[0], q[0]));
var valuesEqual = (a, b) => {
  if (a === b) return true;
  const ta = typeof a;
  if (ta !== "object" || typeof b !== "object" || a === null || b === null) {
    return false;
  }
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!valuesEqual(a[i], b[i])) return false;
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
  if (!(b instanceof RSet) || a.size !== b.size) return false;
  for (const k of a.items.keys()) if (!b.items.has(k)) return false;
  return true;
};
var fromJS = (x) => {
  if (x === null || x === void 0) return null;
  switch (typeof x) {
    case "string":
    case "boolean":
      return x;
    case "number":
    case "bigint":
      return normNum(x);
    default:
      break;
  }
  if (Array.isArray(x)) return x.map(fromJS);
  if (x instanceof RObject || x instanceof RSet) return x;
  if (x instanceof Set) return RSet.of([...x].map(fromJS));
  const record = x;
  const keys = Object.keys(record);
  const o = new RObject();
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    o.set(k, fromJS(record[k]));
  }
  return o;
};
var toJS = (v) => {
  if (v === null || typeof v !== "object") return v;
  if (Array.isArray(v)) return v.map(toJS);
  if (v instanceof RSet) return sortedValues(v).map(toJS);
  const out = {};
  for (const [k, val] of sortedPairs(v)) Object.defineProperty(out, typeof k === "string" ? k : toJSON(k), { value: toJS(val), enumerable: true, writable: true, configurable: true });
  return out;
};
var escapeJSONString = (s) => JSON.stringify(s);
var toJSON = (v) => {
  if (v === null) return "null";
  switch (typeof v) {
    case "string":
      return escapeJSONString(v);
    case "number":
      return formatNumber(v);
    case "bigint":
      return v.toString();
    case "boolean":
      return v ? "true" : "false";
    default:
      break;
  }
  if (Array.isArray(v)) return `[${v.map(toJSON).join(",")}]`;
  if (v instanceof RSet) return `[${sortedValues(v).map(toJSON).join(",")}]`;
  return `{${sortedPairs(v).map(([k, val]) => `${typeof k === "string" ? escapeJSONString(k) : escapeJSONString(toJSON(k))}:${toJSON(val)}`).join(",")}}`;
};
var formatNumber = (n) => {
  if (typeof n === "bigint") return n.toString();
  if (Number.isInteger(n)) return Number.isSafeInteger(n) ? String(n) : BigInt(n).toString();
  const s = String(n);
  return s.includes("e") ? s.replace(/e([+-])(\d)$/, "e$10$2") : s;
};
var toRegoString = (v) => {
  if (v instanceof RSet) return v.size === 0 ? "set()" : `{${sortedValues(v).map(toRegoString).join(", ")}}`;
  if (Array.isArray(v)) return `[${v.map(toRegoString).join(", ")}]`;
  if (v instanceof RObject) return `{${sortedPairs(v).map(([k, x]) => `${toRegoString(k)}: ${toRegoString(x)}`).join(", ")}}`;
  return toJSON(v);
};

// src/policy/rego/builtin.ts
var BuiltinError = class extends Error {
  code;
  constructor(code, message) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
    this.code = code;
  }
};
var typeError = (message) => new BuiltinError("eval_type_error", message);
var builtinError = (message) => new BuiltinError("eval_builtin_error", message);
var operandError = (pos, expected, got) => typeError(`operand ${pos} must be ${expected} but got ${typeName(got)}`);
var argString = (args, i) => {
  const v = args[i];
  if (typeof v !== "string") throw operandError(i + 1, "string", v);
  return v;
};
var argNumber = (args, i) => {
  const v = args[i];
  if (typeof v !== "number" && typeof v !== "bigint") throw operandError(i + 1, "number", v);
  return v;
};
var argArray = (args, i) => {
  const v = args[i];
  if (!Array.isArray(v)) throw operandError(i + 1, "array", v);
  return v;
};

export {
  keyOf,
  RObject,
  RSet,
  isNumber,
  normNum,
  typeName,
  compareNumbers,
  compareValues,
  sortedValues,
  sortedPairs,
  valuesEqual,
  fromJS,
  toJS,
  toJSON,
  formatNumber,
  toRegoString,
  BuiltinError,
  typeError,
  builtinError,
  operandError,
  argString,
  argNumber,
  argArray
};
