import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);
import {
  RE2JS
} from "./chunk-4K734NMA.js";
import {
  argNumber,
  argString,
  builtinError,
  operandError,
  typeError,
  typeName
} from "./chunk-EUJLSU46.js";

// src/policy/rego/builtins/regex-builtins.ts
var cache = /* @__PURE__ */ new Map();
var CACHE_MAX = 500;
var compileRegex = (pattern) => {
  let re = cache.get(pattern);
  if (re) return re;
  try {
    re = RE2JS.compile(pattern);
  } catch (e) {
    throw builtinError(`error parsing regexp: ${e.message}`);
  }
  if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value);
  cache.set(pattern, re);
  return re;
};
var findAll = (re, s, n) => {
  const out = [];
  const m = re.matcher(s);
  let pos = 0;
  let prevEnd = -1;
  while ((n < 0 || out.length < n) && pos <= s.length && m.find(pos)) {
    const start = m.start();
    const end = m.end();
    if (end === start && start === prevEnd) {
      pos = start + 1;
      if (pos > s.length) break;
      continue;
    }
    const groups = [];
    for (let g = 0; g <= m.groupCount(); g++) groups.push(m.group(g));
    out.push({ start, end, groups });
    prevEnd = end;
    pos = end === start ? end + 1 : end;
  }
  return out;
};
var expand = (template, groups, names) => template.replace(/\$(\$|\{([A-Za-z0-9_]+)\}|([A-Za-z0-9_]+))/g, (_all, d, braced, bare) => {
  if (d === "$") return "$";
  const name = braced ?? bare;
  const idx = /^[0-9]+$/.test(name) ? Number(name) : names[name];
  return idx !== void 0 ? groups[idx] ?? "" : "";
});
var globToRegex = (glob, delimiters) => {
  const sep = delimiters.length ? `[^${delimiters.map((d) => RE2JS.quote(d).replace(/\]/g, "\\]")).join("")}]` : "[\\s\\S]";
  let i = 0;
  const parse = (inAlt) => {
    let s = "";
    while (i < glob.length) {
      const c = glob[i];
      if (inAlt && (c === "," || c === "}")) return s;
      if (c === "\\") {
        if (i + 1 >= glob.length) throw builtinError("unexpected end of input");
        s += RE2JS.quote(glob[i + 1]);
        i += 2;
      } else if (c === "*") {
        if (glob[i + 1] === "*") {
          s += "[\\s\\S]*";
          i += 2;
        } else {
          s += `${sep}*`;
          i++;
        }
      } else if (c === "?") {
        s += sep;
        i++;
      } else if (c === "[") {
        const end = glob.indexOf("]", i + 2);
        if (end < 0) throw builtinError("unexpected end of input");
        let body = glob.slice(i + 1, end);
        const neg = body.startsWith("!");
        if (neg) body = body.slice(1);
        s += `[${neg ? "^" : ""}${body.replace(/\\/g, "\\\\").replace(/\[/g, "\\[")}]`;
        i = end + 1;
      } else if (c === "{") {
        i++;
        const alts = [];
        for (; ; ) {
          alts.push(parse(true));
          if (i >= glob.length) throw builtinError("unexpected end of input");
          if (glob[i] === "}") {
            i++;
            break;
          }
          i++;
        }
        s += `(?:${alts.join("|")})`;
      } else {
        s += RE2JS.quote(c);
        i++;
      }
    }
    return s;
  };
  return `^${parse(false)}$`;
};
var globCache = /* @__PURE__ */ new Map();
var delimiterKeys = /* @__PURE__ */ new WeakMap();
var globTokens = (glob) => {
  const out = [];
  const chars = [...glob];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    if (c === "{" || c === "}") return void 0;
    if (c === "\\") {
      if (i + 1 >= chars.length) return void 0;
      out.push({ k: "lit", c: chars[++i] });
    } else if (c === "*") {
      if (chars[i + 1] === "*") {
        i++;
        out.push({ k: "deep" });
      } else out.push({ k: "star" });
    } else if (c === "?") out.push({ k: "any" });
    else if (c === "[") {
      const end = chars.indexOf("]", i + 2);
      if (end < 0) return void 0;
      let body = chars.slice(i + 1, end);
      const neg = body[0] === "!";
      if (neg) body = body.slice(1);
      const ranges = [];
      for (let j = 0; j < body.length; j++) {
        if (body[j] === "\\" || body[j] === "[") return void 0;
        if (body[j + 1] === "-" && j + 2 < body.length) {
          ranges.push([body[j], body[j + 2]]);
          j += 2;
        } else ranges.push([body[j], body[j]]);
      }
      out.push({ k: "class", neg, ranges });
      i = end;
    } else out.push({ k: "lit", c });
  }
  return out;
};
var LIT = 0;
var ANY = 1;
var STAR = 2;
var DEEP = 3;
var CLASS = 4;
var globNfa = (tokens, seps) => {
  const m = tokens.length;
  const kind = new Uint8Array(m);
  const code = new Int32Array(m);
  let starMask = 0;
  tokens.forEach((t, j) => {
    kind[j] = t.k === "lit" ? LIT : t.k === "any" ? ANY : t.k === "star" ? STAR : t.k === "deep" ? DEEP : CLASS;
    if (t.k === "lit") code[j] = t.c.codePointAt(0);
    if (t.k === "star" || t.k === "deep") starMask |= 1 << j;
  });
  const sepCodes = [...seps].map((d) => d.codePointAt(0));
  const close = (set) => {
    let s = set;
    for (let j = 0; j < m; j++) if (s & starMask & 1 << j) s |= 1 << j + 1;
    return s;
  };
  const start = close(1);
  const accept = 1 << m;
  let prefix = "";
  for (const t of tokens) {
    if (t.k !== "lit") break;
    prefix += t.c;
  }
  return (s) => {
    if (!s.startsWith(prefix)) return false;
    let cur = start;
    for (let i = 0; i < s.length; i++) {
      let cp = s.charCodeAt(i);
      if (cp >= 55296 && cp <= 56319 && i + 1 < s.length) {
        cp = s.codePointAt(i);
        i++;
      }
      const sep = sepCodes.includes(cp);
      let next = 0;
      for (let bits = cur; bits !== 0; bits &= bits - 1) {
        const j = 31 - Math.clz32(bits & -bits);
        if (j >= m) continue;
        switch (kind[j]) {
          case LIT:
            if (code[j] === cp) next |= 1 << j + 1;
            break;
          case ANY:
            if (!sep) next |= 1 << j + 1;
            break;
          case STAR:
            if (!sep) next |= 1 << j;
            break;
          case DEEP:
            next |= 1 << j;
            break;
          default: {
            const t = tokens[j];
            const ch = String.fromCodePoint(cp);
            if (!sep && t.ranges.some(([lo, hi]) => ch >= lo && ch <= hi) !== t.neg) next |= 1 << j + 1;
          }
        }
      }
      if (next === 0) return false;
      cur = next & starMask ? close(next) : next;
    }
    return (cur & accept) !== 0;
  };
};
var delimitersOf = (v) => {
  if (v === null) return [];
  if (!Array.isArray(v)) throw operandError(2, "array", v);
  const ds = v.map((d) => {
    if (typeof d !== "string") throw typeError(`operand 2 must be array of strings but got array containing ${typeName(d)}`);
    return d;
  });
  return ds.length ? ds : ["."];
};
var regexBuiltins = {
  "regex.match": { arity: 2, fn: (args) => compileRegex(argString(args, 0)).test(argString(args, 1)) },
  re_match: { arity: 2, fn: (args) => compileRegex(argString(args, 0)).test(argString(args, 1)) },
  "regex.is_valid": {
    arity: 1,
    fn: ([p]) => {
      if (typeof p !== "string") return false;
      try {
        compileRegex(p);
        return true;
      } catch {
        return false;
      }
    }
  },
  "regex.split": {
    arity: 2,
    fn: (args) => {
      const re = compileRegex(argString(args, 0));
      const s = argString(args, 1);
      const ms = findAll(re, s, -1);
      if (ms.length === 0) return [s];
      const out = [];
      let last = 0;
      for (const m of ms) {
        if (m.end === 0 && m.start === 0 && s.length > 0) continue;
        out.push(s.slice(last, m.start));
        last = m.end;
      }
      out.push(s.slice(last));
      return out;
    }
  },
  "regex.find_n": {
    arity: 3,
    fn: (args) => {
      const re = compileRegex(argString(args, 0));
      const n = Number(argNumber(args, 2));
      return findAll(re, argString(args, 1), n).map((m) => m.groups[0] ?? "");
    }
  },
  "regex.find_all_string_submatch_n": {
    arity: 3,
    fn: (args) => {
      const re = compileRegex(argString(args, 0));
      const n = Number(argNumber(args, 2));
      return findAll(re, argString(args, 1), n).map((m) => m.groups.map((g) => g ?? ""));
    }
  },
  "regex.replace": {
    arity: 3,
    fn: (args) => {
      const s = argString(args, 0);
      const re = compileRegex(argString(args, 1));
      const repl = argString(args, 2);
      const names = re.namedGroups();
      let out = "";
      let last = 0;
      for (const m of findAll(re, s, -1)) {
        out += s.slice(last, m.start) + expand(repl, m.groups, names);
        last = m.end;
      }
      return out + s.slice(last);
    }
  },
  "regex.template_match": {
    arity: 4,
    fn: (args) => {
      const tpl = argString(args, 0);
      const s = argString(args, 1);
      const open = argString(args, 2);
      const close = argString(args, 3);
      let pattern = "";
      let i = 0;
      while (i < tpl.length) {
        const a = tpl.indexOf(open, i);
        if (a < 0) {
          pattern += RE2JS.quote(tpl.slice(i));
          break;
        }
        const b = tpl.indexOf(close, a + open.length);
        if (b < 0) throw builtinError("unbalanced template delimiters");
        pattern += RE2JS.quote(tpl.slice(i, a)) + `(?:${tpl.slice(a + open.length, b)})`;
        i = b + close.length;
      }
      return compileRegex(`^${pattern}$`).test(s);
    }
  },
  "glob.match": {
    arity: 3,
    fn: (args) => {
      const pattern = argString(args, 0);
      const s = argString(args, 2);
      const dv = args[1];
      let dkey = Array.isArray(dv) ? delimiterKeys.get(dv) : void 0;
      if (dkey === void 0) {
        dkey = delimitersOf(dv).join("\0");
        if (Array.isArray(dv)) delimiterKeys.set(dv, dkey);
      }
      let byPattern = globCache.get(dkey);
      if (!byPattern) {
        byPattern = /* @__PURE__ */ new Map();
        if (globCache.size >= CACHE_MAX) globCache.clear();
        globCache.set(dkey, byPattern);
      }
      let match = byPattern.get(pattern);
      if (!match) {
        const ds = dkey === "" ? [] : dkey.split("\0");
        const tokens = globTokens(pattern);
        if (tokens && tokens.length <= 30) match = globNfa(tokens, new Set(ds));
        else {
          const re = compileRegex(globToRegex(pattern, ds));
          match = (x) => re.test(x);
        }
        if (byPattern.size >= CACHE_MAX) byPattern.clear();
        byPattern.set(pattern, match);
      }
      return match(s);
    }
  },
  "glob.quote_meta": { arity: 1, fn: (args) => argString(args, 0).replace(/[*?\\[\]{}]/g, (c) => `\\${c}`) }
};

export {
  compileRegex,
  globToRegex,
  regexBuiltins
};
