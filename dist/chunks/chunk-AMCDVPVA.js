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
function write(value, path, depth, options) {
  if (depth > MAX_DEPTH) fail(path, `nested deeper than ${MAX_DEPTH} levels`);
  if (typeof value === "bigint" && options.bigint) return value.toString();
  if (value === null || typeof value === "boolean") return String(value);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) fail(path, `${value} has no JSON form`);
    return JSON.stringify(value);
  }
  if (typeof value === "string") return string(value, path);
  if (Array.isArray(value)) {
    let out = "[";
    for (let i = 0; i < value.length; i++) out += `${i ? "," : ""}${value[i] === void 0 ? "null" : write(value[i], path === void 0 ? void 0 : `${path}[${i}]`, depth + 1, options)}`;
    return `${out}]`;
  }
  if (typeof value === "object") {
    const prototype = Object.getPrototypeOf(value);
    if (prototype !== null && Object.getPrototypeOf(prototype) !== null) fail(path, "only plain objects, arrays, strings, finite numbers, booleans and null");
    const record = value;
    const keys = Object.keys(record).sort();
    let out = "{";
    for (const key of keys) {
      const item = record[key];
      if (item === void 0) continue;
      out += `${out.length > 1 ? "," : ""}${string(key, path)}:${write(item, path === void 0 ? void 0 : `${path}.${key}`, depth + 1, options)}`;
    }
    return `${out}}`;
  }
  return fail(path, `${typeof value} has no JSON form`);
}
function canonicalJson(value, options = {}) {
  try {
    return write(value, void 0, 0, options);
  } catch (error) {
    if (error !== UNLOCATED) throw error;
    return write(value, "$", 0, options);
  }
}

export {
  CanonicalJsonError,
  canonicalJson
};
