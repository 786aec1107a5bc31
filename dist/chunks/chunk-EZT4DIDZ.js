import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);

// src/json/canonical-json-error.ts
var CanonicalJsonError = class extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
    this.name = "CanonicalJsonError";
  }
  code;
};

// src/json/canonical-json.ts
var MAX_DEPTH = 64;
var LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
var UNLOCATED = /* @__PURE__ */ Symbol("unlocated");
function fail(path, why) {
  if (path === void 0) throw UNLOCATED;
  throw new CanonicalJsonError("not_json", `cannot canonicalize ${path}: ${why}`);
}
function plain(text) {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 32 || c === 34 || c === 92 || c >= 55296 && c <= 57343) return false;
  }
  return true;
}
function string(text, path) {
  if (plain(text)) return `"${text}"`;
  if (LONE_SURROGATE.test(text)) fail(path, "string is not well-formed Unicode (lone surrogate)");
  return JSON.stringify(text);
}
function sortKeys(keys) {
  if (keys.length > 16) {
    keys.sort();
    return;
  }
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i];
    let j = i - 1;
    for (; j >= 0 && keys[j] > key; j--) keys[j + 1] = keys[j];
    keys[j + 1] = key;
  }
}
function write(value, path, depth, bigint) {
  if (depth > MAX_DEPTH) fail(path, `nested deeper than ${MAX_DEPTH} levels`);
  switch (typeof value) {
    case "string":
      return string(value, path);
    case "number":
      if (!Number.isFinite(value)) fail(path, `${value} has no JSON form`);
      return JSON.stringify(value);
    case "boolean":
      return value ? "true" : "false";
    case "bigint":
      if (bigint) return value.toString();
      break;
    case "object":
      if (value === null) return "null";
      return Array.isArray(value) ? array(value, path, depth, bigint) : object(value, path, depth, bigint);
    default:
      break;
  }
  return fail(path, `${typeof value} has no JSON form`);
}
function array(value, path, depth, bigint) {
  let out = "[";
  for (let i = 0; i < value.length; i++) {
    if (i) out += ",";
    const item = value[i];
    out += item === void 0 ? "null" : write(item, path === void 0 ? void 0 : `${path}[${i}]`, depth + 1, bigint);
  }
  return `${out}]`;
}
var quotedKeys = /* @__PURE__ */ new Map();
var QUOTED_KEYS_MAX = 4096;
var QUOTED_KEY_LENGTH_MAX = 64;
function quotedKey(key, path) {
  let quoted = quotedKeys.get(key);
  if (quoted === void 0) {
    quoted = `${string(key, path)}:`;
    if (quotedKeys.size < QUOTED_KEYS_MAX && key.length <= QUOTED_KEY_LENGTH_MAX) quotedKeys.set(key, quoted);
  }
  return quoted;
}
function object(value, path, depth, bigint) {
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== null && Object.getPrototypeOf(prototype) !== null) fail(path, "only plain objects, arrays, strings, finite numbers, booleans and null");
  const record = value;
  const keys = Object.keys(record);
  sortKeys(keys);
  let out = "{";
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const item = record[key];
    if (item === void 0) continue;
    if (out.length > 1) out += ",";
    out += quotedKey(key, path) + write(item, path === void 0 ? void 0 : `${path}.${key}`, depth + 1, bigint);
  }
  return `${out}}`;
}
function canonicalJson(value, options = {}) {
  try {
    return write(value, void 0, 0, Boolean(options.bigint));
  } catch (error) {
    if (error !== UNLOCATED) throw error;
    return write(value, "$", 0, Boolean(options.bigint));
  }
}

export {
  CanonicalJsonError,
  canonicalJson
};
