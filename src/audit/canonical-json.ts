import { AuditError } from './audit-error.js';

const MAX_DEPTH = 64;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function fail(path: string, why: string): never {
  throw new AuditError('record_invalid', `cannot canonicalize ${path}: ${why}`);
}

function write(value: unknown, path: string, depth: number): string {
  if (depth > MAX_DEPTH) fail(path, `nested deeper than ${MAX_DEPTH} levels`);
  if (value === null || typeof value === 'boolean') return String(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) fail(path, `${value} has no JSON form`);
    // ECMAScript Number::toString, which RFC 8785 §3.2.2.3 adopts; -0 serializes as 0.
    return JSON.stringify(value);
  }
  if (typeof value === 'string') {
    if (LONE_SURROGATE.test(value))
      fail(path, 'string is not well-formed Unicode (lone surrogate)');
    // JSON.stringify's escaping is RFC 8785 §3.2.2.2's: only ", \ and control characters.
    return JSON.stringify(value);
  }
  if (Array.isArray(value))
    return `[${value.map((item, index) => (item === undefined ? 'null' : write(item, `${path}[${index}]`, depth + 1))).join(',')}]`;
  if (typeof value === 'object') {
    // A plain object's prototype is some realm's Object.prototype (structuredClone and vm
    // contexts hand out other realms'), whose own prototype is null; Date, Map and class
    // instances sit one level further down.
    const prototype = Object.getPrototypeOf(value) as object | null;
    if (prototype !== null && Object.getPrototypeOf(prototype) !== null)
      fail(path, 'only plain objects, arrays, strings, finite numbers, booleans and null');
    // Default sort compares UTF-16 code units, the order RFC 8785 §3.2.3 prescribes.
    const keys = Object.keys(value)
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .sort();
    return `{${keys.map((key) => `${write(key, path, depth + 1)}:${write((value as Record<string, unknown>)[key], `${path}.${key}`, depth + 1)}`).join(',')}}`;
  }
  return fail(path, `${typeof value} has no JSON form`);
}

/**
 * Canonical JSON in the manner of RFC 8785 (JCS): sorted keys, no whitespace, ECMAScript number
 * and string serialization. Members whose value is undefined are dropped, as JSON.stringify does.
 */
export const canonicalJson = (value: unknown): string => write(value, '$', 0);
