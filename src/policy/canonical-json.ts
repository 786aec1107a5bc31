import { formatNumber, fromJS, normNum, RObject, RSet, toJSON, type Value } from './rego/value.js';

/** Strings that need no escaping in JSON (most keys and values): no quote, backslash, control or surrogate. */
const isSafe = (s: string): boolean => {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return false;
  }
  return true;
};

const str = (s: string): string => (isSafe(s) ? `"${s}"` : JSON.stringify(s));

/**
 * Canonical JSON of a plain JS document (sorted keys, exact integers, no whitespace): the same
 * text `toJSON(fromJS(x))` gives for JSON data, without building Rego values first (digests run
 * on every decision).
 */
export const canonicalJSON = (x: unknown): string => {
  if (x === null || x === undefined) return 'null';
  switch (typeof x) {
    case 'string':
      return str(x);
    case 'number':
      return formatNumber(normNum(x));
    case 'bigint':
      return x.toString();
    case 'boolean':
      return x ? 'true' : 'false';
    default:
      break;
  }
  if (Array.isArray(x)) {
    let s = '[';
    for (let i = 0; i < x.length; i++) s += (i ? ',' : '') + canonicalJSON(x[i]);
    return `${s}]`;
  }
  if (x instanceof RObject || x instanceof RSet || x instanceof Set) return toJSON(fromJS(x));
  const o = x as Record<string, unknown>;
  const keys = Object.keys(o);
  if (keys.length > 1) keys.sort();
  let s = '{';
  for (let i = 0; i < keys.length; i++) s += `${i ? ',' : ''}${str(keys[i]!)}:${canonicalJSON(o[keys[i]!])}`;
  return `${s}}`;
};

/**
 * One walk over a plain JS document giving both its Rego value and its canonical JSON (what a
 * decision needs: the value to evaluate, the text to digest).
 */
export const valueAndCanonicalJSON = (x: unknown): { value: Value; json: string } => {
  if (x === null || x === undefined) return { value: null, json: 'null' };
  switch (typeof x) {
    case 'string':
      return { value: x, json: str(x) };
    case 'number':
    case 'bigint': {
      const n = normNum(x);
      return { value: n, json: formatNumber(n) };
    }
    case 'boolean':
      return { value: x, json: x ? 'true' : 'false' };
    default:
      break;
  }
  if (Array.isArray(x)) {
    const value: Value[] = new Array<Value>(x.length);
    let json = '[';
    for (let i = 0; i < x.length; i++) {
      const r = valueAndCanonicalJSON(x[i]);
      value[i] = r.value;
      json += (i ? ',' : '') + r.json;
    }
    return { value, json: `${json}]` };
  }
  if (x instanceof RObject || x instanceof RSet || x instanceof Set) {
    const value = fromJS(x);
    return { value, json: toJSON(value) };
  }
  const o = x as Record<string, unknown>;
  const keys = Object.keys(o);
  if (keys.length > 1) keys.sort();
  const value = new RObject();
  let json = '{';
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const r = valueAndCanonicalJSON(o[k]);
    value.set(k, r.value);
    json += `${i ? ',' : ''}${str(k)}:${r.json}`;
  }
  return { value, json: `${json}}` };
};
