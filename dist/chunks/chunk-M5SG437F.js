import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);
import {
  RObject,
  normNum
} from "./chunk-EUJLSU46.js";

// src/policy/rego/parse-number.ts
var parseNumber = (text) => {
  const m = /^(-?)([0-9]+)(?:\.([0-9]+))?(?:[eE]([+-]?[0-9]+))?$/.exec(text);
  if (!m) return Number.NaN;
  const [, sign, whole, frac = "", expText] = m;
  const exp = expText ? Number(expText) : 0;
  const digits = (whole + frac).replace(/^0+(?=\d)/, "");
  const scale = exp - frac.length;
  if (scale >= 0 && scale < 400) {
    const n = BigInt(digits) * 10n ** BigInt(scale);
    return normNum(sign ? -n : n);
  }
  const trimmed = frac.replace(/0+$/, "");
  if (scale < 0 && exp - trimmed.length >= 0) {
    const n = BigInt(whole + trimmed) * 10n ** BigInt(exp - trimmed.length);
    return normNum(sign ? -n : n);
  }
  return normNum(Number(text));
};

// src/policy/rego/parse-json.ts
var parseJSONLossless = (text) => {
  let i = 0;
  const fail = (msg) => {
    throw new SyntaxError(`${msg} at offset ${i}`);
  };
  const ws = () => {
    while (i < text.length && (text[i] === " " || text[i] === "	" || text[i] === "\n" || text[i] === "\r")) i++;
  };
  const value = () => {
    ws();
    const c = text[i];
    if (c === "{") {
      i++;
      const o = new RObject();
      ws();
      if (text[i] === "}") {
        i++;
        return o;
      }
      for (; ; ) {
        ws();
        if (text[i] !== '"') fail("expected string key");
        const k = str();
        ws();
        if (text[i++] !== ":") fail("expected colon");
        o.set(k, value());
        ws();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i++] !== "}") fail("expected , or }");
        return o;
      }
    }
    if (c === "[") {
      i++;
      const a = [];
      ws();
      if (text[i] === "]") {
        i++;
        return a;
      }
      for (; ; ) {
        a.push(value());
        ws();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i++] !== "]") fail("expected , or ]");
        return a;
      }
    }
    if (c === '"') return str();
    if (text.startsWith("true", i)) {
      i += 4;
      return true;
    }
    if (text.startsWith("false", i)) {
      i += 5;
      return false;
    }
    if (text.startsWith("null", i)) {
      i += 4;
      return null;
    }
    const m = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(text.slice(i, i + 1e3));
    if (!m) return fail("unexpected character");
    i += m[0].length;
    return parseNumber(m[0]);
  };
  const str = () => {
    const start = i;
    i++;
    for (; ; ) {
      const c = text[i];
      if (c === void 0) fail("unterminated string");
      if (c === '"') break;
      if (c === "\\") i++;
      else if (c.charCodeAt(0) < 32) fail("control character in string");
      i++;
    }
    i++;
    return JSON.parse(text.slice(start, i));
  };
  const v = value();
  ws();
  if (i !== text.length) fail("trailing data");
  return v;
};

export {
  parseNumber,
  parseJSONLossless
};
