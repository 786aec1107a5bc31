import { CanonicalJsonError } from './canonical-json-error.js';

/*
 * RFC 8785, the JSON Canonicalization Scheme (JCS): https://www.rfc-editor.org/rfc/rfc8785
 * The one canonical JSON of the project: audit record hashes (src/audit), policy input digests
 * (src/policy). The `canonicalize` package implements the same scheme but accepts lone surrogates
 * (§3.2.2.2 requires an error) and has no depth limit, so this one is kept.
 */

const MAX_DEPTH = 64;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Thrown by a first pass that tracks no path; the second pass finds where (see canonicalJson). */
const UNLOCATED = Symbol('unlocated');

/**
 * `path` is undefined on the first pass: building a path string per member costs more than the
 * rest of the work on small inputs (policy input digests run per decision), and is needed only
 * when something cannot be written.
 */
function fail(path: string | undefined, why: string): never {
  if (path === undefined) throw UNLOCATED;
  throw new CanonicalJsonError('not_json', `cannot canonicalize ${path}: ${why}`);
}

/** Most strings need no escaping and cannot hold a surrogate: no quote, backslash, control character or U+D800-U+DFFF. */
function plain(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return false;
  }
  return true;
}

function string(text: string, path: string | undefined): string {
  if (plain(text)) return `"${text}"`;
  // §3.2.2.2: a lone surrogate must terminate canonicalization with an error.
  if (LONE_SURROGATE.test(text)) fail(path, 'string is not well-formed Unicode (lone surrogate)');
  // JSON.stringify's escaping is §3.2.2.2's: only ", \ and control characters.
  return JSON.stringify(text);
}

export interface CanonicalJsonOptions {
  /**
   * Write a bigint as its exact integer digits. An extension: RFC 8785 numbers are IEEE 754
   * doubles only (§3.2.2.3), but policy inputs carry integers beyond 2^53 as bigint, losslessly.
   * Without it a bigint is refused.
   */
  bigint?: boolean;
}

/**
 * Object keys in UTF-16 code unit order (§3.2.3), in place. Array.prototype.sort's default
 * comparison converts and compares through the runtime per pair and cost more than the rest of a
 * policy input digest; objects hold a handful of keys, where an insertion sort with `>` (which
 * compares code units too) is several times faster. Large objects keep the O(n log n) sort.
 */
function sortKeys(keys: string[]): void {
  if (keys.length > 16) {
    keys.sort();
    return;
  }
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i]!;
    let j = i - 1;
    for (; j >= 0 && keys[j]! > key; j--) keys[j + 1] = keys[j]!;
    keys[j + 1] = key;
  }
}

function write(value: unknown, path: string | undefined, depth: number, bigint: boolean): string {
  if (depth > MAX_DEPTH) fail(path, `nested deeper than ${MAX_DEPTH} levels`);
  switch (typeof value) {
    case 'string':
      return string(value, path);
    case 'number':
      // §3.2.2.3: NaN and Infinity have no JSON form and must be refused.
      if (!Number.isFinite(value)) fail(path, `${value} has no JSON form`);
      // ECMAScript Number::toString, which §3.2.2.3 adopts; -0 serializes as 0.
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      if (bigint) return value.toString();
      break;
    case 'object':
      if (value === null) return 'null';
      return Array.isArray(value) ? array(value, path, depth, bigint) : object(value, path, depth, bigint);
    default:
      break;
  }
  return fail(path, `${typeof value} has no JSON form`);
}

function array(value: unknown[], path: string | undefined, depth: number, bigint: boolean): string {
  let out = '[';
  for (let i = 0; i < value.length; i++) {
    if (i) out += ',';
    const item = value[i];
    out += item === undefined ? 'null' : write(item, path === undefined ? undefined : `${path}[${i}]`, depth + 1, bigint);
  }
  return `${out}]`;
}

/**
 * Object keys written as `"key":`, remembered: inputs of one kind repeat the same keys on every
 * decision, and a Map hit on an interned key costs less than scanning and quoting it again. Bounded
 * in count and key length, so arbitrary keys cannot grow it without limit.
 */
const quotedKeys = new Map<string, string>();
const QUOTED_KEYS_MAX = 4096;
const QUOTED_KEY_LENGTH_MAX = 64;

function quotedKey(key: string, path: string | undefined): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = `${string(key, path)}:`;
    if (quotedKeys.size < QUOTED_KEYS_MAX && key.length <= QUOTED_KEY_LENGTH_MAX) quotedKeys.set(key, quoted);
  }
  return quoted;
}

function object(value: object, path: string | undefined, depth: number, bigint: boolean): string {
  // A plain object's prototype is some realm's Object.prototype (structuredClone and vm
  // contexts hand out other realms'), whose own prototype is null; Date, Map, Set and class
  // instances sit one level further down.
  const prototype = Object.getPrototypeOf(value) as object | null;
  if (prototype !== null && Object.getPrototypeOf(prototype) !== null) fail(path, 'only plain objects, arrays, strings, finite numbers, booleans and null');
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  sortKeys(keys);
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const item = record[key];
    if (item === undefined) continue;
    if (out.length > 1) out += ',';
    out += quotedKey(key, path) + write(item, path === undefined ? undefined : `${path}.${key}`, depth + 1, bigint);
  }
  return `${out}}`;
}

/**
 * The RFC 8785 form of a JSON value: sorted keys, no whitespace, ECMAScript number and string
 * serialization. Members whose value is undefined are dropped and undefined array items written
 * as null, as JSON.stringify does. Anything without a faithful JSON form (NaN, Infinity, bigint
 * unless `options.bigint`, Date, Map, Set, functions, lone surrogates, cycles, more than 64
 * levels) throws CanonicalJsonError naming where it is (`$.data.items[2]`).
 */
export function canonicalJson(value: unknown, options: CanonicalJsonOptions = {}): string {
  try {
    return write(value, undefined, 0, Boolean(options.bigint));
  } catch (error) {
    if (error !== UNLOCATED) throw error;
    // Again, naming the path this time: this pass throws where the first one did.
    return write(value, '$', 0, Boolean(options.bigint));
  }
}
