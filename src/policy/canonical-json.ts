import { fromJS, RObject, RSet, toJSON } from './rego/value.js';

const BIG = '\u0000big:';

/** Sort object keys and mark exact integers, so the native serializer can do the rest. */
function canonicalReplacer(this: unknown, _key: string, v: unknown): unknown {
  if (typeof v === 'bigint') return `${BIG}${v.toString()}`;
  if (typeof v === 'number') return Number.isInteger(v) && !Number.isSafeInteger(v) ? `${BIG}${BigInt(v).toString()}` : v;
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
  if (v instanceof RObject || v instanceof RSet || v instanceof Set) return JSON.parse(toJSON(fromJS(v)).replace(/(-?\d{16,})/g, `"${BIG}$1"`)) as unknown;
  const keys = Object.keys(v);
  let sorted = true;
  for (let i = 1; i < keys.length; i++) if (keys[i - 1]! > keys[i]!) sorted = false;
  if (sorted) return v;
  const out: Record<string, unknown> = {};
  for (const k of keys.sort()) out[k] = (v as Record<string, unknown>)[k];
  return out;
}

/**
 * Canonical JSON of a plain JS document (sorted keys, exact integers, no whitespace): the same
 * text `toJSON(fromJS(x))` gives for JSON data, without building Rego values first (digests run
 * per decision).
 */
export const canonicalJSON = (x: unknown): string => {
  const text = JSON.stringify(x ?? null, canonicalReplacer);
  return text.includes(BIG) ? text.replace(/"\\u0000big:(-?\d+)"/g, '$1') : text;
};
