import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);
import {
  base64url_exports
} from "./chunk-VJTT6KNH.js";
import {
  require_dist
} from "./chunk-SPRYJVQL.js";
import {
  parseJSONLossless,
  parseNumber
} from "./chunk-M5SG437F.js";
import {
  BuiltinError,
  RObject,
  RSet,
  argArray,
  argNumber,
  argString,
  builtinError,
  compareNumbers,
  compareValues,
  formatNumber,
  fromJS,
  isNumber,
  keyOf,
  normNum,
  operandError,
  sortedPairs,
  sortedValues,
  toJS,
  toJSON,
  toRegoString,
  typeError,
  typeName,
  valuesEqual
} from "./chunk-EUJLSU46.js";
import {
  __toESM
} from "./chunk-WLT2JI5U.js";

// src/policy/rego/rego-error.ts
var RegoError = class _RegoError extends Error {
  code;
  location;
  detail;
  constructor(code, detail, location) {
    super(_RegoError.format(code, detail, location));
    this.name = "RegoError";
    this.code = code;
    this.detail = detail;
    this.location = location;
  }
  /**
   * OPA's shape: `file:line: code: message` for evaluation errors; syntax and compile errors also
   * carry the column (`file:line:col`) so an editor can jump to the spot.
   */
  static format(code, detail, location) {
    const withCol = code.startsWith("rego_");
    const where = location ? `${location.file}:${location.line}${withCol ? `:${location.col}` : ""}: ` : "";
    return `${where}${code}: ${detail}`;
  }
  /** The same error with a location attached, if it had none. */
  at(location) {
    if (this.location || !location) return this;
    return new _RegoError(this.code, this.detail, location);
  }
};

// src/policy/rego/annotations.ts
var import_yaml = __toESM(require_dist(), 1);
var str = (v) => typeof v === "string" ? v : typeof v === "number" || typeof v === "boolean" ? String(v) : "";
var fail = (loc, msg) => {
  throw new RegoError("rego_parse_error", msg, loc);
};
var author = (a, loc) => {
  const out = new RObject();
  if (typeof a === "string") {
    const parts = a.split(/\s+/).filter(Boolean);
    if (!parts.length) fail(loc, `invalid author definition ${a}: author is an empty string`);
    const last2 = parts[parts.length - 1];
    const email = last2.length >= 2 && last2.startsWith("<") && last2.endsWith(">") ? last2.slice(1, -1) : "";
    const name = (email ? parts.slice(0, -1) : parts).join(" ");
    if (name) out.set("name", name);
    if (email) out.set("email", email);
    return out;
  }
  if (a && typeof a === "object" && !Array.isArray(a)) {
    const name = str(a.name).trim();
    const email = str(a.email).trim();
    if (!name && !email) fail(loc, `invalid author definition: 'name' and/or 'email' values required in object`);
    if (name) out.set("name", name);
    if (email) out.set("email", email);
    return out;
  }
  return fail(loc, "invalid author definition: invalid value type, must be string or map");
};
var relatedResource = (r, loc) => {
  const out = new RObject();
  const obj2 = r && typeof r === "object" && !Array.isArray(r) ? r : void 0;
  const ref = typeof r === "string" ? r : str(obj2?.ref).trim();
  if (!ref) fail(loc, obj2 ? `invalid related-resource definition: 'ref' value required in object` : "invalid related-resource definition: ref URL may not be empty string");
  out.set("ref", ref);
  const description = str(obj2?.description).trim();
  if (description) out.set("description", description);
  return out;
};
var toObject = (raw, scope, loc) => {
  const o = new RObject();
  o.set("scope", scope);
  if (str(raw.title)) o.set("title", str(raw.title));
  if (raw.entrypoint === true) o.set("entrypoint", true);
  if (str(raw.description)) o.set("description", str(raw.description));
  const list = (k) => Array.isArray(raw[k]) ? raw[k] : [];
  if (list("organizations").length) o.set("organizations", list("organizations").map((x) => String(x)));
  if (list("related_resources").length) o.set("related_resources", list("related_resources").map((r) => relatedResource(r, loc)));
  if (list("authors").length) o.set("authors", list("authors").map((a) => author(a, loc)));
  if (list("schemas").length) {
    o.set(
      "schemas",
      list("schemas").map((pair) => {
        const [path, def] = Object.entries(pair ?? {})[0] ?? ["", void 0];
        const s = new RObject();
        s.set("path", path.split("."));
        if (typeof def === "string") s.set("schema", def.split("."));
        else if (def !== void 0) s.set("definition", fromJS(def));
        return s;
      })
    );
  }
  const custom = raw.custom;
  if (custom && typeof custom === "object" && Object.keys(custom).length) o.set("custom", fromJS(custom));
  return o;
};
var blocks = (comments, file) => {
  const out = [];
  let curr;
  comments.forEach((c, i) => {
    if (curr && c.line === comments[i - 1].line + 1 && c.col === 1) {
      curr.lines.push(c.text.startsWith(" ") ? c.text.slice(1) : c.text);
      return;
    }
    curr = void 0;
    if (c.col === 1 && c.text.trim().startsWith("METADATA")) {
      curr = { loc: { file, line: c.line, col: c.col }, lines: [] };
      out.push(curr);
    }
  });
  return out;
};
var SCOPES = ["rule", "document", "package", "subpackages"];
var readAnnotations = (comments, file, statements) => {
  const out = [];
  for (const b of blocks(comments, file)) {
    const text = b.lines.join("\n");
    if (!text.trim()) fail(b.loc, "expected METADATA block, found whitespace");
    let raw;
    try {
      raw = (0, import_yaml.parse)(text);
    } catch (e) {
      return fail(b.loc, `yaml: ${e.message.split("\n")[0]}`);
    }
    if (!raw || typeof raw !== "object" || Array.isArray(raw)) fail(b.loc, "yaml: the METADATA block must be a mapping");
    const fields = raw;
    const node = statements.find((s) => s.line > b.loc.line);
    let scope = str(fields.scope);
    if (!scope && node) scope = node.kind === "rule" ? fields.entrypoint === true ? "document" : "rule" : node.kind === "package" ? "package" : "import";
    if (!SCOPES.includes(scope)) fail(b.loc, `invalid annotation scope '${scope}'. Use one of 'rule', 'document', 'package', or 'subpackages'`);
    const wants = scope === "rule" || scope === "document" ? "rule" : "package";
    if (!node || node.kind !== wants) return fail(b.loc, `annotation scope '${scope}' must be applied to ${wants} (found ${node?.kind ?? "nothing"})`);
    if (fields.entrypoint === true && scope !== "document" && scope !== "package") {
      fail(b.loc, `annotation entrypoint applied to non-document or package scope '${scope}'`);
    }
    out.push({ scope, loc: b.loc, rule: node.rule, value: toObject(fields, scope, b.loc) });
  }
  return out;
};

// src/policy/rego/lexer.ts
var OPS = [":=", "==", "!=", "<=", ">=", "{", "}", "[", "]", "(", ")", ".", ",", ";", ":", "=", "<", ">", "+", "-", "*", "/", "%", "&", "|"];
var isIdentStart = (c) => c >= "a" && c <= "z" || c >= "A" && c <= "Z" || c === "_";
var isDigit = (c) => c >= "0" && c <= "9";
var readQuoted = (src, start, fail3) => {
  let out = "";
  let i = start;
  for (; ; ) {
    if (i >= src.length || src[i] === "\n") fail3("non-terminated string", start - 1);
    const c = src[i];
    if (c === '"') return { value: out, end: i + 1 };
    if (c !== "\\") {
      out += c;
      i++;
      continue;
    }
    const e = src[i + 1];
    i += 2;
    switch (e) {
      case '"':
        out += '"';
        break;
      case "\\":
        out += "\\";
        break;
      case "/":
        out += "/";
        break;
      case "b":
        out += "\b";
        break;
      case "f":
        out += "\f";
        break;
      case "n":
        out += "\n";
        break;
      case "r":
        out += "\r";
        break;
      case "t":
        out += "	";
        break;
      case "u": {
        const hex = src.slice(i, i + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail3("illegal escape sequence in string", i - 2);
        out += String.fromCharCode(parseInt(hex, 16));
        i += 4;
        break;
      }
      default:
        fail3(`illegal escape sequence \\${e ?? ""} in string`, i - 2);
    }
  }
};
var lex = (src, file, comments) => {
  const tokens = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  let nl = true;
  let ws = true;
  const fail3 = (msg, at) => {
    const before = src.slice(0, at);
    const l = before.split("\n").length;
    const c = at - before.lastIndexOf("\n");
    throw new RegoError("rego_parse_error", msg, { file, line: l, col: c });
  };
  const push = (k, v, at, extra) => {
    tokens.push({ k, v, line, col: at - lineStart + 1, nl, ws, ...extra });
    nl = false;
    ws = false;
  };
  while (i < src.length) {
    const c = src[i];
    if (c === "\n") {
      i++;
      line++;
      lineStart = i;
      nl = true;
      ws = true;
      continue;
    }
    if (c === " " || c === "	" || c === "\r") {
      i++;
      ws = true;
      continue;
    }
    if (c === "#") {
      const start = i;
      while (i < src.length && src[i] !== "\n") i++;
      comments?.push({ text: src.slice(start + 1, i).replace(/\r$/, ""), line, col: start - lineStart + 1 });
      ws = true;
      continue;
    }
    if (isIdentStart(c)) {
      let j = i + 1;
      while (j < src.length && (isIdentStart(src[j]) || isDigit(src[j]))) j++;
      push("ident", src.slice(i, j), i);
      i = j;
      continue;
    }
    if (isDigit(c)) {
      const m = /^[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(src.slice(i, i + 400));
      push("num", m[0], i);
      i += m[0].length;
      if (i < src.length && (isIdentStart(src[i]) || src[i] === ".")) fail3("illegal number format", i);
      continue;
    }
    if (c === '"') {
      const { value, end } = readQuoted(src, i + 1, fail3);
      push("str", value, i);
      i = end;
      continue;
    }
    if (c === "`") {
      const end = src.indexOf("`", i + 1);
      if (end < 0) fail3("non-terminated raw string", i);
      push("str", src.slice(i + 1, end), i, { raw: true });
      const skipped = src.slice(i, end).split("\n").length - 1;
      if (skipped > 0) {
        line += skipped;
        lineStart = src.lastIndexOf("\n", end) + 1;
      }
      i = end + 1;
      continue;
    }
    if (c === "$" && (src[i + 1] === '"' || src[i + 1] === "`")) {
      const quote = src[i + 1];
      let j = i + 2;
      let depth = 0;
      while (j < src.length) {
        const d = src[j];
        if (d === "\\" && (quote === '"' || src[j + 1] === "{" || src[j + 1] === "}")) {
          j += 2;
          continue;
        }
        if (d === "{") depth++;
        else if (d === "}") depth = Math.max(0, depth - 1);
        else if (d === quote && depth === 0) break;
        else if (d === '"' && depth > 0) {
          j = readQuoted(src, j + 1, fail3).end;
          continue;
        } else if (d === "\n" && quote === '"') fail3("non-terminated template string", i);
        j++;
      }
      if (j >= src.length) fail3("non-terminated template string", i);
      push("tmpl", src.slice(i + 2, j), i, { raw: quote === "`" });
      const skipped = src.slice(i, j).split("\n").length - 1;
      if (skipped > 0) {
        line += skipped;
        lineStart = src.lastIndexOf("\n", j) + 1;
      }
      i = j + 1;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (!op) fail3(`illegal token ${JSON.stringify(c)}`, i);
    push("op", op, i);
    i += op.length;
  }
  push("eof", "", i);
  return tokens;
};

// src/policy/rego/parser.ts
var KEYWORDS = /* @__PURE__ */ new Set(["package", "import", "as", "default", "else", "if", "contains", "some", "in", "every", "not", "with"]);
var RELATIONS = { "==": "equal", "!=": "neq", "<": "lt", "<=": "lte", ">": "gt", ">=": "gte" };
var ARITH = { "+": "plus", "-": "minus" };
var FACTOR = { "*": "mul", "/": "div", "%": "rem" };
var Parser = class _Parser {
  constructor(toks, file, lineOffset = 0) {
    this.toks = toks;
    this.file = file;
    this.lineOffset = lineOffset;
  }
  toks;
  file;
  lineOffset;
  pos = 0;
  wildcards = 0;
  peek(n = 0) {
    return this.toks[Math.min(this.pos + n, this.toks.length - 1)];
  }
  next() {
    const t = this.peek();
    if (this.pos < this.toks.length - 1) this.pos++;
    return t;
  }
  loc(t = this.peek()) {
    return { file: this.file, line: t.line + this.lineOffset, col: t.col };
  }
  fail(msg, t = this.peek()) {
    throw new RegoError("rego_parse_error", msg, this.loc(t));
  }
  describe(t) {
    if (t.k === "eof") return "eof token";
    if (t.k === "str") return "string";
    if (t.k === "num") return "number";
    return `${JSON.stringify(t.v)}`;
  }
  isOp(v, n = 0) {
    const t = this.peek(n);
    return t.k === "op" && t.v === v;
  }
  expectOp(v) {
    if (!this.isOp(v)) this.fail(`unexpected ${this.describe(this.peek())}: expected ${JSON.stringify(v)}`);
    return this.next();
  }
  /** A keyword, unless used as a ref component (`if.foo`). */
  isKw(word, n = 0) {
    const t = this.peek(n);
    if (t.k !== "ident" || t.v !== word) return false;
    const after = this.peek(n + 1);
    return !(after.k === "op" && !after.ws && (after.v === "." || after.v === "(" || after.v === "[" && word !== "in"));
  }
  // ---- module ----------------------------------------------------------------------------
  parseModule(source) {
    if (!this.isKw("package")) this.fail(`unexpected ${this.describe(this.peek())}: expected package declaration`);
    this.next();
    const pkgTerm = this.parseRefLike(true);
    const pkg = this.groundPath(pkgTerm, "package");
    const imports = [];
    const rules = [];
    while (this.peek().k !== "eof") {
      if (this.isKw("import")) {
        const at = this.next();
        const path = this.parseRefLike(true);
        let alias;
        if (this.isKw("as")) {
          this.next();
          const a = this.next();
          if (a.k !== "ident") this.fail("unexpected token: expected import alias", a);
          alias = a.v;
        }
        imports.push({ path, alias, loc: this.loc(at) });
        continue;
      }
      rules.push(...this.parseRule());
    }
    return { file: this.file, pkg, imports, rules, source };
  }
  groundPath(t, what) {
    const parts = t.t === "ref" ? [t.head, ...t.path] : [t];
    return parts.map((p, i) => {
      if (i === 0 && p.t === "var") return p.name;
      if (p.t === "scalar" && typeof p.v === "string") return p.v;
      return this.fail(`${what} path must be made of names`);
    });
  }
  /** `a.b["c"].d` without calls (package, import, rule heads, `with` targets). */
  parseRefLike(allowKeywordHead = false) {
    const t = this.next();
    if (t.k !== "ident") this.fail(`unexpected ${this.describe(t)}: expected ident`, t);
    if (!allowKeywordHead && KEYWORDS.has(t.v) && this.isKwToken(t)) this.fail(`unexpected keyword ${t.v}`, t);
    const head = { t: "var", name: t.v, loc: this.loc(t) };
    const path = [];
    for (; ; ) {
      const n = this.peek();
      if (n.k !== "op" || n.ws) break;
      if (n.v === ".") {
        this.next();
        const f = this.next();
        if (f.k !== "ident") this.fail(`unexpected ${this.describe(f)}: expected ident`, f);
        path.push({ t: "scalar", v: f.v, loc: this.loc(f) });
      } else if (n.v === "[") {
        this.next();
        path.push(this.parseTermIn(false));
        this.expectOp("]");
      } else break;
    }
    return path.length ? { t: "ref", head, path, loc: head.loc } : head;
  }
  isKwToken(t) {
    const i = this.toks.indexOf(t);
    const after = this.toks[i + 1];
    return !(after && after.k === "op" && !after.ws && after.v === ".");
  }
  parseRule() {
    const start = this.peek();
    const isDefault = this.isKw("default");
    if (isDefault) this.next();
    const first2 = this.peek();
    if (first2.k === "ident" && KEYWORDS.has(first2.v) && this.isKw(first2.v)) this.fail(`unexpected ${first2.v} keyword: expected a rule`);
    const head = this.parseRefLike(true);
    const ref = head.t === "ref" ? [head.head, ...head.path] : [head];
    const name = ref[0];
    if (name.t !== "var") this.fail("rule name must be an identifier", start);
    ref[0] = { t: "scalar", v: name.name, loc: name.loc };
    let args = [];
    let kind2 = "complete";
    if (this.isOp("(") && !this.peek().ws) {
      this.next();
      args = this.parseTermList(")");
      kind2 = "func";
    }
    let key2;
    let value;
    const loc = this.loc(start);
    if (this.isKw("contains")) {
      if (kind2 === "func") this.fail("functions cannot use contains");
      this.next();
      key2 = this.parseTermIn(false);
      kind2 = "set";
    } else if (this.isOp(":=") || this.isOp("=")) {
      this.next();
      value = this.parseTermIn(false);
    }
    if (isDefault) {
      if (!value) this.fail("default rules must have a value assigned", start);
      return [{ ref, kind: kind2, args, key: key2, value, body: [], isDefault, elses: [], loc }];
    }
    const hasBody = this.isKw("if") || this.isOp("{");
    if (kind2 === "complete" && !value && hasBody && ref.length > 1 && ref[ref.length - 1].t === "var" && this.isOp("{")) {
      this.fail("`contains` keyword is required for partial set rules (write `name contains x if { ... }`)", start);
    }
    if (!hasBody && !value && !key2) this.fail("rule must have a value, a body or contains (a bare name is not a rule)", start);
    const body = this.parseRuleBody();
    const elses = [];
    while (this.isKw("else")) {
      const at = this.next();
      let ev = { t: "scalar", v: true, loc: this.loc(at) };
      if (this.isOp(":=") || this.isOp("=")) {
        this.next();
        ev = this.parseTermIn(false);
      }
      elses.push({ value: ev, body: this.parseRuleBody(), loc: this.loc(at) });
    }
    if (kind2 === "set" && elses.length) this.fail("else keyword cannot be used on multi-value rules", start);
    const rule = {
      ref,
      kind: kind2,
      args,
      key: key2,
      value: value ?? { t: "scalar", v: true, loc },
      body,
      isDefault,
      elses,
      loc
    };
    return [rule];
  }
  /** `if { ... }`, `if expr`, a bare `{ ... }` (pre-v1 style), or nothing (a fact). */
  parseRuleBody() {
    if (this.isKw("if")) {
      this.next();
      if (this.isOp("{")) {
        const save = this.pos;
        try {
          return this.parseBlock();
        } catch (e) {
          this.pos = save;
          try {
            const lit2 = this.parseLiteral();
            this.endOfLiteral("}");
            return [lit2];
          } catch {
            throw e;
          }
        }
      }
      const lit = this.parseLiteral();
      this.endOfLiteral("}");
      return [lit];
    }
    if (this.isOp("{")) this.fail("`if` keyword is required before rule body");
    return [];
  }
  parseBlock() {
    this.expectOp("{");
    const body = this.parseBody("}");
    this.expectOp("}");
    if (body.length === 0) this.fail("found empty body");
    return body;
  }
  endOfLiteral(close) {
    const t = this.peek();
    if (t.k === "eof" || t.nl || t.k === "op" && (t.v === ";" || t.v === close)) return;
    this.fail(`unexpected ${this.describe(t)} token: expected \\n or ; or ${close}`);
  }
  /** Literals separated by `;` or line breaks, up to (not including) `close`. */
  parseBody(close) {
    const body = [];
    while (!this.isOp(close)) {
      if (this.peek().k === "eof") this.fail(`unexpected eof token: expected ${close}`);
      if (this.isOp(";")) {
        this.next();
        continue;
      }
      body.push(this.parseLiteral());
      this.endOfLiteral(close);
    }
    return body;
  }
  parseLiteral() {
    const start = this.peek();
    const loc = this.loc(start);
    if (this.isKw("some")) {
      this.next();
      const first2 = this.parseTermRelation(false);
      let second;
      if (this.isOp(",") && !this.isKwAfterTerm()) {
        const vars = [first2];
        while (this.isOp(",")) {
          this.next();
          vars.push(this.parseTermRelation(false));
        }
        for (const v of vars) if (v.t !== "var") this.fail("expected var in some declaration");
        return { e: "some", vars, loc };
      }
      if (this.isOp(",")) {
        this.next();
        second = this.parseTermRelation(false);
      }
      if (this.isKw("in")) {
        this.next();
        const coll = this.parseTermRelation(false);
        return {
          e: "somein",
          key: second ? first2 : void 0,
          value: second ?? first2,
          coll,
          withs: this.parseWiths(),
          loc
        };
      }
      if (first2.t !== "var") this.fail("expected var in some declaration");
      return { e: "some", vars: [first2], loc };
    }
    if (this.isKw("every")) {
      this.next();
      const first2 = this.parseTermRelation(false);
      let second;
      if (this.isOp(",")) {
        this.next();
        second = this.parseTermRelation(false);
      }
      if (!this.isKw("in")) this.fail("unexpected token: expected in");
      this.next();
      const domain = this.parseTermRelation(false);
      this.expectOp("{");
      const body = this.parseBody("}");
      this.expectOp("}");
      return { e: "every", key: second ? first2 : void 0, value: second ?? first2, domain, body, withs: this.parseWiths(), loc };
    }
    let negated = false;
    if (this.isKw("not")) {
      this.next();
      negated = true;
      if (this.isOp("{")) {
        const save = this.pos;
        try {
          const body = this.parseBlock();
          const none = this.call("equal", [this.call("count", [{ t: "arraycomp", head: { t: "scalar", v: true, loc }, body, loc }], loc), { t: "scalar", v: 0, loc }], loc);
          return { e: "term", term: none, negated: false, withs: this.parseWiths(), loc };
        } catch {
          this.pos = save;
        }
      }
    }
    const term2 = this.parseExprTerm();
    return { e: "term", term: term2, negated, withs: this.parseWiths(), loc };
  }
  parseWiths() {
    const withs = [];
    while (this.isKw("with")) {
      this.next();
      const target = this.parseRefLike(true);
      if (!this.isKw("as")) this.fail("unexpected token: expected as");
      this.next();
      const value = this.parseTermIn(false);
      withs.push({ target, value });
    }
    return withs;
  }
  /** An expression: a term, or `a := b` / `a = b`. */
  parseExprTerm() {
    const lhs = this.parseTermIn(false, true);
    if (this.isOp(":=") || this.isOp("=")) {
      const op = this.next();
      const rhs = this.parseTermIn(false);
      const name = op.v === ":=" ? "assign" : "eq";
      return this.call(name, [lhs, rhs], lhs.loc);
    }
    return lhs;
  }
  call(name, args, loc) {
    return { t: "call", fn: { t: "var", name, loc }, name, args, loc };
  }
  parseTermIn(noBar, keyVal = false) {
    let lhs = this.parseTermRelation(noBar);
    for (; ; ) {
      if (keyVal && this.isOp(",") && this.isKwAfterTerm()) {
        this.next();
        const v = this.parseTermRelation(noBar);
        this.next();
        const coll = this.parseTermRelation(noBar);
        lhs = this.call("internal.member_3", [lhs, v, coll], lhs.loc);
        continue;
      }
      if (!this.isKw("in")) return lhs;
      this.next();
      const rhs = this.parseTermRelation(noBar);
      lhs = this.call("internal.member_2", [lhs, rhs], lhs.loc);
    }
  }
  /** After `,`: a single term then `in`? (distinguishes `k, v in xs` from list commas). */
  isKwAfterTerm() {
    const save = this.pos;
    try {
      this.next();
      this.parseTermRelation(false);
      return this.isKw("in");
    } catch {
      return false;
    } finally {
      this.pos = save;
    }
  }
  parseTermRelation(noBar) {
    let lhs = this.parseTermOr(noBar);
    for (; ; ) {
      const t = this.peek();
      const name = t.k === "op" ? RELATIONS[t.v] : void 0;
      if (!name) return lhs;
      this.next();
      lhs = this.call(name, [lhs, this.parseTermOr(noBar)], lhs.loc);
    }
  }
  parseTermOr(noBar) {
    let lhs = this.parseTermAnd();
    while (!noBar && this.isOp("|")) {
      this.next();
      lhs = this.call("or", [lhs, this.parseTermAnd()], lhs.loc);
    }
    return lhs;
  }
  parseTermAnd() {
    let lhs = this.parseTermArith();
    while (this.isOp("&")) {
      this.next();
      lhs = this.call("and", [lhs, this.parseTermArith()], lhs.loc);
    }
    return lhs;
  }
  parseTermArith() {
    let lhs = this.parseTermFactor();
    for (; ; ) {
      const t = this.peek();
      const name = t.k === "op" ? ARITH[t.v] : void 0;
      if (!name) return lhs;
      this.next();
      lhs = this.call(name, [lhs, this.parseTermFactor()], lhs.loc);
    }
  }
  parseTermFactor() {
    let lhs = this.parseTerm();
    for (; ; ) {
      const t = this.peek();
      const name = t.k === "op" ? FACTOR[t.v] : void 0;
      if (!name) return lhs;
      this.next();
      lhs = this.call(name, [lhs, this.parseTerm()], lhs.loc);
    }
  }
  parseTermList(close) {
    const items = [];
    while (!this.isOp(close)) {
      items.push(this.parseTermIn(false));
      if (!this.isOp(",")) break;
      this.next();
    }
    this.expectOp(close);
    return items;
  }
  /** A primary term with its ref/call suffixes. */
  parseTerm() {
    const t = this.peek();
    const loc = this.loc(t);
    let term2;
    if (t.k === "num") {
      this.next();
      term2 = { t: "scalar", v: parseNumber(t.v), loc };
    } else if (t.k === "str") {
      this.next();
      term2 = { t: "scalar", v: t.v, loc };
    } else if (t.k === "tmpl") {
      this.next();
      term2 = this.parseTemplate(t);
    } else if (t.k === "ident") {
      if (KEYWORDS.has(t.v) && this.isKw(t.v)) this.fail(`unexpected ${t.v} keyword`);
      this.next();
      const refNext = this.isOp(".") && !this.peek().ws;
      if ((t.v === "true" || t.v === "false") && !refNext) term2 = { t: "scalar", v: t.v === "true", loc };
      else if (t.v === "null" && !refNext) term2 = { t: "scalar", v: null, loc };
      else if (t.v === "set" && this.isOp("(") && !this.peek().ws && this.isOp(")", 1)) {
        this.next();
        this.next();
        term2 = { t: "set", items: [], loc };
      } else if (t.v === "_") term2 = { t: "var", name: `$_${this.wildcards++}`, loc };
      else term2 = { t: "var", name: t.v, loc };
    } else if (t.k === "op" && t.v === "-" && this.peek(1).k === "num" && !this.peek(1).ws) {
      this.next();
      const n = this.next();
      term2 = { t: "scalar", v: parseNumber(`-${n.v}`), loc };
    } else if (t.k === "op" && t.v === "[") {
      this.next();
      term2 = this.parseArray(loc);
    } else if (t.k === "op" && t.v === "{") {
      this.next();
      term2 = this.parseBrace(loc);
    } else if (t.k === "op" && t.v === "(") {
      this.next();
      term2 = this.parseTermIn(false, true);
      this.expectOp(")");
    } else {
      return this.fail(`unexpected ${this.describe(t)}${t.k === "eof" ? "" : " token"}: expected term`);
    }
    return this.parseSuffixes(term2);
  }
  parseSuffixes(start) {
    let term2 = start;
    for (; ; ) {
      const n = this.peek();
      if (n.k !== "op" || n.ws) return term2;
      if (n.v === ".") {
        this.next();
        const f = this.next();
        if (f.k !== "ident") this.fail(`unexpected ${this.describe(f)}: expected ident`, f);
        term2 = this.extend(term2, { t: "scalar", v: f.v, loc: this.loc(f) });
      } else if (n.v === "[") {
        this.next();
        const key2 = this.parseTermIn(false);
        this.expectOp("]");
        term2 = this.extend(term2, key2);
      } else if (n.v === "(") {
        if (term2.t !== "var" && term2.t !== "ref") return term2;
        this.next();
        const args = this.parseTermList(")");
        term2 = { t: "call", fn: term2, name: "", args, loc: term2.loc };
      } else return term2;
    }
  }
  extend(term2, key2) {
    if (term2.t === "ref") return { ...term2, path: [...term2.path, key2] };
    return { t: "ref", head: term2, path: [key2], loc: term2.loc };
  }
  parseArray(loc) {
    if (this.isOp("]")) {
      this.next();
      return { t: "array", items: [], loc };
    }
    const first2 = this.parseTermIn(true);
    if (this.isOp("|")) {
      this.next();
      const body = this.parseBody("]");
      this.expectOp("]");
      return { t: "arraycomp", head: first2, body, loc };
    }
    const items = [first2];
    while (this.isOp(",")) {
      this.next();
      if (this.isOp("]")) break;
      items.push(this.parseTermIn(false));
    }
    this.expectOp("]");
    return { t: "array", items, loc };
  }
  parseBrace(loc) {
    if (this.isOp("}")) {
      this.next();
      return { t: "object", pairs: [], loc };
    }
    const first2 = this.parseTermIn(true);
    if (this.isOp(":")) {
      this.next();
      const v = this.parseTermIn(true);
      if (this.isOp("|")) {
        this.next();
        const body = this.parseBody("}");
        this.expectOp("}");
        return { t: "objcomp", key: first2, value: v, body, loc };
      }
      const pairs = [[first2, v]];
      while (this.isOp(",")) {
        this.next();
        if (this.isOp("}")) break;
        const k = this.parseTermIn(false);
        this.expectOp(":");
        pairs.push([k, this.parseTermIn(false)]);
      }
      this.expectOp("}");
      return { t: "object", pairs, loc };
    }
    if (this.isOp("|")) {
      this.next();
      const body = this.parseBody("}");
      this.expectOp("}");
      return { t: "setcomp", head: first2, body, loc };
    }
    const items = [first2];
    while (this.isOp(",")) {
      this.next();
      if (this.isOp("}")) break;
      items.push(this.parseTermIn(false));
    }
    this.expectOp("}");
    return { t: "set", items, loc };
  }
  /** `$"text {expr} text"`: `\{` is a literal brace; expressions are parsed as terms. */
  parseTemplate(tok) {
    const loc = this.loc(tok);
    const src = tok.v;
    const parts = [];
    let lit = "";
    let i = 0;
    while (i < src.length) {
      const c = src[i];
      if (c === "\\" && (src[i + 1] === "{" || src[i + 1] === "}")) {
        lit += src[i + 1];
        i += 2;
        continue;
      }
      if (!tok.raw && c === "\\") {
        const e = src[i + 1];
        const simple = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "	" };
        if (e && simple[e] !== void 0) {
          lit += simple[e];
          i += 2;
          continue;
        }
        if (e === "u") {
          lit += String.fromCharCode(parseInt(src.slice(i + 2, i + 6), 16));
          i += 6;
          continue;
        }
        this.fail("illegal escape sequence in template string", tok);
      }
      if (c === "{") {
        let depth = 1;
        let j = i + 1;
        while (j < src.length && depth > 0) {
          if (src[j] === '"') {
            j++;
            while (j < src.length && src[j] !== '"') j += src[j] === "\\" ? 2 : 1;
          } else if (src[j] === "{") depth++;
          else if (src[j] === "}") depth--;
          j++;
        }
        if (depth > 0) this.fail("unterminated template expression", tok);
        if (lit) parts.push(lit);
        lit = "";
        const inner = src.slice(i + 1, j - 1);
        const sub2 = new _Parser(lex(inner, this.file), this.file, tok.line - 1);
        sub2.wildcards = this.wildcards + 1e3;
        let term2 = sub2.parseTermIn(false);
        const withs = sub2.parseWiths();
        if (withs.length) {
          const tmp = { t: "var", name: `$tpl${this.wildcards++}`, loc };
          const body = [{ e: "term", term: this.call("eq", [tmp, term2], loc), negated: false, withs, loc }];
          term2 = this.call("internal.template_value", [{ t: "arraycomp", head: tmp, body, loc }], loc);
        }
        if (sub2.peek().k !== "eof") sub2.fail("unexpected token in template expression");
        parts.push(term2);
        i = j;
        continue;
      }
      lit += c;
      i++;
    }
    if (lit) parts.push(lit);
    return { t: "template", parts, loc };
  }
  atEnd() {
    return this.peek().k === "eof";
  }
  parseQueryBody() {
    const body = [];
    while (!this.atEnd()) {
      if (this.isOp(";")) {
        this.next();
        continue;
      }
      body.push(this.parseLiteral());
      this.endOfLiteral(";");
    }
    if (body.length === 0) this.fail("empty query");
    return body;
  }
};
var parseModule = (source, file) => {
  const comments = [];
  const tokens = lex(source, file, comments);
  const mod = new Parser(tokens, file).parseModule(source);
  if (!comments.some((c) => c.text.trim().startsWith("METADATA"))) return mod;
  const statements = [
    { line: tokens[0].line, kind: "package" },
    ...mod.imports.map((i) => ({ line: i.loc.line, kind: "import" })),
    ...mod.rules.map((rule) => ({ line: rule.loc.line, kind: "rule", rule }))
  ].sort((a, b) => a.line - b.line);
  return { ...mod, annotations: readAnnotations(comments, file, statements) };
};
var parseQuery = (source, file = "query") => new Parser(lex(source, file), file).parseQueryBody();
var parseTermSource = (source, file = "term") => {
  const p = new Parser(lex(source, file), file);
  const t = p.parseTermIn(false);
  if (!p.atEnd()) throw new RegoError("rego_parse_error", "unexpected token after term", { file, line: 1, col: 1 });
  return t;
};

// src/policy/rego/metadata-chain.ts
var key = (path) => path.join("\0");
var groundPath = (m, rule) => {
  const out = ["data", ...m.pkg];
  for (const t of rule.ref) {
    if (t.t !== "scalar" || typeof t.v !== "string") break;
    out.push(t.v);
  }
  return out;
};
var entry = (path, annotations) => {
  const o = new RObject();
  o.set("path", path.slice(1));
  if (annotations !== void 0) o.set("annotations", annotations);
  return o;
};
var redeclared = (a, prev) => {
  throw new RegoError("rego_compile_error", `${a.scope} annotation redeclared: ${prev.loc.file}:${prev.loc.line}`, a.loc);
};
var metadataIndex = (modules) => {
  const byRule = /* @__PURE__ */ new Map();
  const byPackage = /* @__PURE__ */ new Map();
  const byPath = /* @__PURE__ */ new Map();
  for (const m of modules) {
    for (const a of m.annotations ?? []) {
      if (a.scope === "rule") byRule.set(a.rule, [...byRule.get(a.rule) ?? [], a]);
      else if (a.scope === "package") {
        const path = ["data", ...m.pkg];
        const prev = byPackage.get(key(path));
        if (prev) redeclared(a, prev.annotation);
        byPackage.set(key(path), { annotation: a, path });
      } else {
        const path = a.scope === "document" ? groundPath(m, a.rule) : ["data", ...m.pkg];
        const prev = byPath.get(key(path));
        if (prev) redeclared(a, prev.annotation);
        byPath.set(key(path), { annotation: a, path });
      }
    }
  }
  return (m, rule) => {
    const path = groundPath(m, rule);
    const own = [...byRule.get(rule) ?? []].sort((a, b) => a.loc.file !== b.loc.file ? a.loc.file < b.loc.file ? 1 : -1 : b.loc.line - a.loc.line || b.loc.col - a.loc.col);
    const chain = own.length ? own.map((a) => entry(path, a.value)) : [entry(path)];
    const doc = byPath.get(key(path));
    if (doc) chain.push(entry(doc.path, doc.annotation.value));
    const pkgPath = ["data", ...m.pkg];
    const pkg = byPackage.get(key(pkgPath));
    if (pkg) chain.push(entry(pkg.path, pkg.annotation.value));
    for (let n = pkgPath.length; n >= 1; n--) {
      const t = byPath.get(key(pkgPath.slice(0, n)));
      if (t) chain.push(entry(t.path, t.annotation.value));
    }
    return { chain, rule: own.length ? own[0].value : new RObject() };
  };
};

// src/policy/rego/reorder-body.ts
var emptyUse = () => ({ needs: /* @__PURE__ */ new Set(), binds: /* @__PURE__ */ new Set(), nested: /* @__PURE__ */ new Set(), declares: /* @__PURE__ */ new Set() });
var isLocal = (name) => name !== "input" && name !== "data";
var allVars = (t, out) => {
  switch (t.t) {
    case "var":
      if (isLocal(t.name)) out.add(t.name);
      return;
    case "scalar":
      return;
    case "ref":
      allVars(t.head, out);
      for (const p of t.path) allVars(p, out);
      return;
    case "array":
    case "set":
      for (const i of t.items) allVars(i, out);
      return;
    case "object":
      for (const [k, v] of t.pairs) {
        allVars(k, out);
        allVars(v, out);
      }
      return;
    case "arraycomp":
    case "setcomp":
      allVars(t.head, out);
      for (const e of t.body) exprVars(e, out);
      return;
    case "objcomp":
      allVars(t.key, out);
      allVars(t.value, out);
      for (const e of t.body) exprVars(e, out);
      return;
    case "call":
      for (const a of t.args) allVars(a, out);
      return;
    case "template":
      for (const p of t.parts) if (typeof p !== "string") allVars(p, out);
  }
};
var exprVars = (e, out) => {
  switch (e.e) {
    case "some":
      return;
    case "term":
      allVars(e.term, out);
      return;
    case "somein":
      if (e.key) allVars(e.key, out);
      allVars(e.value, out);
      allVars(e.coll, out);
      return;
    case "every":
      allVars(e.domain, out);
      for (const b of e.body) exprVars(b, out);
  }
};
var classify = (t, pattern, use) => {
  switch (t.t) {
    case "var":
      if (!isLocal(t.name)) return;
      (pattern ? use.binds : use.needs).add(t.name);
      return;
    case "scalar":
      return;
    case "ref":
      if (t.head.t === "var") {
        if (isLocal(t.head.name)) use.needs.add(t.head.name);
      } else classify(t.head, false, use);
      for (const p of t.path) classify(p, p.t === "var" || p.t === "array" || p.t === "object", use);
      return;
    case "array":
    case "set":
      for (const i of t.items) classify(i, pattern && t.t === "array", use);
      return;
    case "object":
      for (const [k, v] of t.pairs) {
        classify(k, false, use);
        classify(v, pattern, use);
      }
      return;
    case "call":
      for (const a of t.args) classify(a, false, use);
      return;
    default: {
      const vs = /* @__PURE__ */ new Set();
      allVars(t, vs);
      for (const v of vs) {
        use.needs.add(v);
        use.nested.add(v);
      }
    }
  }
};
var varUse = (e) => {
  const use = emptyUse();
  switch (e.e) {
    case "some":
      for (const v of e.vars) if (v.t === "var") use.declares.add(v.name);
      return use;
    case "somein":
      classify(e.coll, false, use);
      if (e.key) classify(e.key, true, use);
      classify(e.value, true, use);
      return use;
    case "every": {
      classify(e.domain, false, use);
      const inner = /* @__PURE__ */ new Set();
      for (const b of e.body) exprVars(b, inner);
      const own = /* @__PURE__ */ new Set();
      if (e.key) allVars(e.key, own);
      allVars(e.value, own);
      for (const v of inner) {
        if (own.has(v)) continue;
        use.needs.add(v);
        use.nested.add(v);
      }
      return use;
    }
    case "term": {
      const t = e.term;
      if (e.negated) {
        allVars(t, use.needs);
        allVars(t, use.nested);
        return use;
      }
      if (t.t === "call" && t.name === "assign") allVars(t.args[0], use.declares);
      if (t.t === "call" && (t.name === "eq" || t.name === "assign")) {
        classify(t.args[0], true, use);
        classify(t.args[1], true, use);
        return use;
      }
      classify(t, false, use);
      if (t.t === "call" && t.args.length) {
        const last2 = t.args[t.args.length - 1];
        const out = emptyUse();
        classify(last2, true, out);
        for (const v of out.binds) use.binds.add(v);
      }
      return use;
    }
  }
};
var reorderBody = (body) => {
  if (body.length < 2) return body;
  const uses = body.map(varUse);
  const bindable = /* @__PURE__ */ new Set();
  for (const u of uses) for (const v of u.binds) bindable.add(v);
  const declaredAt = /* @__PURE__ */ new Map();
  uses.forEach((u, i) => {
    for (const v of u.declares) if (!declaredAt.has(v)) declaredAt.set(v, i);
  });
  const bound = /* @__PURE__ */ new Set();
  const ready = (u, self, pending2) => {
    for (const v of u.needs) {
      if (bound.has(v) || u.binds.has(v)) continue;
      if (u.nested.has(v) && (declaredAt.get(v) ?? -1) > self) continue;
      if (bindable.has(v) && pending2.some((j) => j !== self && uses[j].binds.has(v))) return false;
    }
    return true;
  };
  const pending = body.map((_, i) => i);
  const out = [];
  while (pending.length) {
    let pick = pending.findIndex((i2) => ready(uses[i2], i2, pending));
    if (pick < 0) pick = 0;
    const i = pending.splice(pick, 1)[0];
    out.push(body[i]);
    for (const v of uses[i].binds) bound.add(v);
  }
  return out;
};

// src/policy/rego/uniform-shape.ts
var interned = (s) => Object.keys({ [s]: 0 })[0] ?? s;
var uniformTerm = (t) => {
  const u = {
    t: t.t,
    v: t.t === "scalar" ? typeof t.v === "string" ? interned(t.v) : t.v : void 0,
    name: t.t === "var" || t.t === "call" ? interned(t.name) : void 0,
    head: t.t === "ref" ? uniformTerm(t.head) : t.t === "arraycomp" || t.t === "setcomp" ? uniformTerm(t.head) : void 0,
    path: t.t === "ref" ? t.path.map(uniformTerm) : void 0,
    items: t.t === "array" || t.t === "set" ? t.items.map(uniformTerm) : void 0,
    pairs: t.t === "object" ? t.pairs.map(([k, v]) => [uniformTerm(k), uniformTerm(v)]) : void 0,
    key: t.t === "objcomp" ? uniformTerm(t.key) : void 0,
    value: t.t === "objcomp" ? uniformTerm(t.value) : void 0,
    body: t.t === "arraycomp" || t.t === "setcomp" || t.t === "objcomp" ? uniformBody(t.body) : void 0,
    fn: t.t === "call" ? t.fn : void 0,
    args: t.t === "call" ? t.args.map(uniformTerm) : void 0,
    parts: t.t === "template" ? t.parts.map((p) => typeof p === "string" ? p : uniformTerm(p)) : void 0,
    loc: t.loc,
    memo: void 0
  };
  return u;
};
var uniformWiths = (ws) => ws.map((w) => ({ target: uniformTerm(w.target), value: uniformTerm(w.value) }));
var uniformExpr = (e) => {
  const u = {
    e: e.e,
    term: e.e === "term" ? uniformTerm(e.term) : void 0,
    negated: e.e === "term" ? e.negated : false,
    withs: e.e === "some" ? [] : uniformWiths(e.withs),
    vars: e.e === "some" ? e.vars.map(uniformTerm) : void 0,
    key: (e.e === "somein" || e.e === "every") && e.key ? uniformTerm(e.key) : void 0,
    value: e.e === "somein" || e.e === "every" ? uniformTerm(e.value) : void 0,
    coll: e.e === "somein" ? uniformTerm(e.coll) : void 0,
    domain: e.e === "every" ? uniformTerm(e.domain) : void 0,
    body: e.e === "every" ? uniformBody(e.body) : void 0,
    loc: e.loc
  };
  return u;
};
var uniformBody = (body) => body.map(uniformExpr);
var uniformRule = (r) => ({
  ...r,
  ref: r.ref.map(uniformTerm),
  args: r.args.map(uniformTerm),
  key: r.key ? uniformTerm(r.key) : void 0,
  value: uniformTerm(r.value),
  body: uniformBody(r.body),
  elses: r.elses.map((el) => ({ ...el, value: uniformTerm(el.value), body: uniformBody(el.body) }))
});

// src/policy/rego/compile.ts
var sameConstant = (rules) => {
  let first2;
  for (const pr of rules) {
    if (pr.suffix.length !== 0 || pr.rule.kind !== "complete" && pr.rule.kind !== "func") return false;
    for (const br of pr.branches) {
      const v = constValue(br.value);
      if (v === void 0 || first2 !== void 0 && !valuesEqual(first2, v)) return false;
      first2 = v;
    }
  }
  return first2 !== void 0;
};
var RuleNode = class {
  constructor(path) {
    this.path = path;
  }
  path;
  children = /* @__PURE__ */ new Map();
  rules = [];
  funcs = [];
  defaultRule;
  /** Set once all rules are placed (plain fields: read on every data lookup). */
  isFunction = false;
  /** A package is declared here: its document is defined (an empty object at least). */
  isPackage = false;
  hasRules = false;
  arity = 0;
  /**
   * Every rule (and `else`) here is complete or a function with the same constant value (`f(x) if
   * ...`): once one is defined the others can add nothing, so evaluation stops there, as OPA's
   * early exit does (https://github.com/open-policy-agent/opa/blob/main/topdown/eval.go, `EarlyExit`).
   */
  earlyExit = false;
  finish() {
    this.isFunction = this.funcs.length > 0 || this.defaultRule?.rule.kind === "func";
    this.hasRules = this.rules.length > 0 || this.funcs.length > 0 || this.defaultRule !== void 0;
    this.earlyExit = sameConstant(this.isFunction ? this.funcs : this.rules);
    const r = this.funcs[0] ?? this.defaultRule;
    this.arity = r ? r.rule.args.length : 0;
    for (const c of this.children.values()) c.finish();
  }
};
var renameCounter = 0;
var lookupScope = (s, name) => {
  for (let c = s; c; c = c.parent) {
    const n = c.names.get(name);
    if (n !== void 0) return n;
  }
  return void 0;
};
var refParts = (t) => t.t === "ref" ? [t.head, ...t.path] : [t];
var constValue = (t) => {
  switch (t.t) {
    case "scalar":
      return t.v;
    case "array": {
      const out = [];
      for (const i of t.items) {
        const v = constValue(i);
        if (v === void 0) return void 0;
        out.push(v);
      }
      return out;
    }
    case "set": {
      const s = new RSet();
      for (const i of t.items) {
        const v = constValue(i);
        if (v === void 0) return void 0;
        s.add(v);
      }
      return s;
    }
    case "object": {
      const o = new RObject();
      for (const [k, x] of t.pairs) {
        const kv = constValue(k);
        const vv = constValue(x);
        if (kv === void 0 || vv === void 0) return void 0;
        if (o.has(kv)) return void 0;
        o.set(kv, vv);
      }
      return o;
    }
    default:
      return void 0;
  }
};
var isDynamic = (t) => {
  switch (t.t) {
    case "call":
    case "template":
      return true;
    case "array":
    case "set":
      return t.items.some(isDynamic);
    case "object":
      return t.pairs.some(([k, v]) => isDynamic(k) || isDynamic(v));
    default:
      return false;
  }
};
var extractDynamicArgs = (r) => {
  if (r.kind !== "func" || !r.args.some(isDynamic)) return r;
  const unify = [];
  const args = r.args.map((a, i) => {
    if (!isDynamic(a)) return a;
    const v = { t: "var", name: `$arg${i}`, loc: a.loc };
    unify.push({ e: "term", term: { t: "call", fn: { t: "var", name: "eq", loc: a.loc }, name: "eq", args: [v, a], loc: a.loc }, negated: false, withs: [], loc: a.loc });
    return v;
  });
  return { ...r, args, body: [...unify, ...r.body], elses: r.elses.map((el) => ({ ...el, body: [...unify, ...el.body] })) };
};
var RuleCompiler = class {
  constructor(info, isBuiltin, funcPaths) {
    this.info = info;
    this.isBuiltin = isBuiltin;
    this.funcPaths = funcPaths;
  }
  info;
  isBuiltin;
  funcPaths;
  /** The annotations of the rule being compiled: rego.metadata.chain() and rule() become constants (as in OPA's compiler). */
  metadata;
  dataRef(path, loc) {
    return {
      t: "ref",
      head: { t: "var", name: "data", loc },
      path: path.map((p) => ({ t: "scalar", v: p, loc })),
      loc
    };
  }
  /** A var that is not a local: a rule of this package, an import alias, or a new local. */
  resolveVar(t, scope, bindNew) {
    const local = lookupScope(scope, t.name);
    if (local !== void 0) return local === t.name ? t : { ...t, name: local };
    if (t.name === "input" || t.name === "data" || t.name.startsWith("$")) return t;
    if (this.info.ruleNames.has(t.name)) return this.dataRef([...this.info.pkg, t.name], t.loc);
    const imp = this.info.imports.get(t.name);
    if (imp) return imp;
    if (bindNew) scope.names.set(t.name, t.name);
    return t;
  }
  term(t, scope) {
    switch (t.t) {
      case "scalar":
        return t;
      case "var":
        return this.resolveVar(t, scope, true);
      case "ref": {
        const head = t.head.t === "var" ? this.resolveVar(t.head, scope, false) : this.term(t.head, scope);
        const path = t.path.map((p) => this.term(p, scope));
        if (head.t === "ref") return { ...t, head: head.head, path: [...head.path, ...path] };
        return { ...t, head, path };
      }
      case "array":
      case "set": {
        const out = { ...t, items: t.items.map((i) => this.term(i, scope)) };
        const v = constValue(out);
        return v === void 0 ? out : { t: "scalar", v, loc: t.loc };
      }
      case "object": {
        const out = { ...t, pairs: t.pairs.map(([k, v2]) => [this.term(k, scope), this.term(v2, scope)]) };
        const v = constValue(out);
        return v === void 0 ? out : { t: "scalar", v, loc: t.loc };
      }
      case "arraycomp":
      case "setcomp": {
        const inner = { names: /* @__PURE__ */ new Map(), parent: scope };
        const body = this.body(t.body, inner);
        return { ...t, body, head: this.term(t.head, inner) };
      }
      case "objcomp": {
        const inner = { names: /* @__PURE__ */ new Map(), parent: scope };
        const body = this.body(t.body, inner);
        return { ...t, body, key: this.term(t.key, inner), value: this.term(t.value, inner) };
      }
      case "call": {
        const name = t.name || this.callName(t.fn, scope);
        if (this.metadata && t.args.length === 0 && (name === "rego.metadata.chain" || name === "rego.metadata.rule")) {
          const md = this.metadata();
          return { t: "scalar", v: name === "rego.metadata.chain" ? md.chain : md.rule, loc: t.loc };
        }
        return { ...t, name, args: t.args.map((a) => this.term(a, scope)) };
      }
      case "template":
        return { ...t, parts: t.parts.map((p) => typeof p === "string" ? p : this.term(p, scope)) };
    }
  }
  /** The callee's name: `data.pkg.f` for user functions, the dotted builtin name otherwise. */
  callName(fn, scope) {
    const parts = refParts(fn);
    const head = parts[0];
    if (head.t !== "var") throw new RegoError("rego_compile_error", "invalid function call", fn.loc);
    const names = parts.slice(1).map((p) => {
      if (p.t !== "scalar" || typeof p.v !== "string") throw new RegoError("rego_compile_error", "invalid function reference", fn.loc);
      return p.v;
    });
    const dotted = [head.name, ...names].join(".");
    if (head.name === "data") return dotted;
    if (lookupScope(scope, head.name) === void 0) {
      if (this.info.ruleNames.has(head.name)) {
        const full = ["data", ...this.info.pkg, head.name, ...names].join(".");
        if (this.funcPaths.has(full) || !this.isBuiltin(dotted)) return full;
      }
      const imp = this.info.imports.get(head.name);
      if (imp) {
        const ip = refParts(imp).map((p) => p.t === "var" ? p.name : String(p.v));
        return [...ip, ...names].join(".");
      }
    }
    return dotted;
  }
  declare(t, scope) {
    if (t.t === "var") {
      if (t.name.startsWith("$")) return t;
      const shadows = lookupScope(scope, t.name) !== void 0 || this.info.ruleNames.has(t.name) || this.info.imports.has(t.name);
      const internal = shadows && scope.parent ? `${t.name}$${++renameCounter}` : t.name;
      scope.names.set(t.name, internal);
      return { ...t, name: internal };
    }
    if (t.t === "array") return { ...t, items: t.items.map((i) => this.declare(i, scope)) };
    if (t.t === "object") return { ...t, pairs: t.pairs.map(([k, v]) => [this.term(k, scope), this.declare(v, scope)]) };
    return this.term(t, scope);
  }
  withs(ws, scope) {
    return ws.map((w) => {
      const parts = refParts(w.target);
      const head = parts[0];
      let target;
      if (head.name === "data" && this.funcPaths.has(this.callName(w.target, scope))) {
        target = { t: "call", fn: w.target, name: this.callName(w.target, scope), args: [], loc: w.target.loc };
      } else if (head.name === "input" || head.name === "data") target = w.target;
      else {
        const resolved = this.resolveVar(head, { names: /* @__PURE__ */ new Map(), parent: void 0 }, false);
        const fname = this.callName(w.target, { names: /* @__PURE__ */ new Map(), parent: void 0 });
        if (resolved.t === "ref" && !this.funcPaths.has(fname)) target = { ...resolved, path: [...resolved.path, ...parts.slice(1)] };
        else target = { t: "call", fn: w.target, name: this.callName(w.target, { names: /* @__PURE__ */ new Map(), parent: void 0 }), args: [], loc: w.target.loc };
      }
      return { target, value: this.withValue(w.value, scope) };
    });
  }
  /** A `with` value may name a function (`with f as g`) or be any term. */
  withValue(v, scope) {
    if (v.t === "var" || v.t === "ref") {
      const parts = refParts(v);
      const head = parts[0];
      if (head.t === "var" && lookupScope(scope, head.name) === void 0 && head.name !== "input" && head.name !== "data") {
        const name = this.callName(v, scope);
        if (this.isBuiltin(name) || this.funcPaths.has(name)) return { t: "call", fn: v, name, args: [], loc: v.loc };
      } else if (head.t === "var" && head.name === "data") {
        const name = this.callName(v, scope);
        if (this.funcPaths.has(name)) return { t: "call", fn: v, name, args: [], loc: v.loc };
      }
    }
    return this.term(v, scope);
  }
  expr(e, scope) {
    switch (e.e) {
      case "some":
        return { ...e, vars: e.vars.map((v) => this.declare(v, scope)) };
      case "somein": {
        const coll = this.term(e.coll, scope);
        const key2 = e.key ? this.declare(e.key, scope) : void 0;
        return { ...e, coll, key: key2, value: this.declare(e.value, scope), withs: this.withs(e.withs, scope) };
      }
      case "every": {
        const domain = this.term(e.domain, scope);
        const inner = { names: /* @__PURE__ */ new Map(), parent: scope };
        const key2 = e.key ? this.declare(e.key, inner) : void 0;
        const value = this.declare(e.value, inner);
        return { ...e, domain, key: key2, value, body: this.body(e.body, inner), withs: this.withs(e.withs, scope) };
      }
      case "term": {
        const t = e.term;
        if (t.t === "call" && t.name === "assign") {
          const rhs = this.term(t.args[1], scope);
          const lhs = this.declare(t.args[0], scope);
          return { ...e, term: { ...t, args: [lhs, rhs] }, withs: this.withs(e.withs, scope) };
        }
        return { ...e, term: this.term(t, scope), withs: this.withs(e.withs, scope) };
      }
    }
  }
  body(body, scope) {
    return reorderBody(body.map((e) => this.expr(e, scope)));
  }
  rule(input) {
    const r = extractDynamicArgs(input);
    const scope = { names: /* @__PURE__ */ new Map(), parent: void 0 };
    const args = r.args.map((a) => this.declare(a, scope));
    const body = this.body(r.body, scope);
    const ref = r.ref.map((p, i) => i === 0 ? p : this.term(p, scope));
    const key2 = r.key ? this.term(r.key, scope) : void 0;
    const value = this.term(r.value, scope);
    const elses = r.elses.map((el) => {
      const s = { names: /* @__PURE__ */ new Map(), parent: void 0 };
      for (const a of args) if (a.t === "var") s.names.set(a.name, a.name);
      for (const a of r.args) this.declare(a, s);
      const b = this.body(el.body, s);
      return { ...el, body: b, value: this.term(el.value, s) };
    });
    return { ...r, args, body, ref, key: key2, value, elses };
  }
};
var packageInfo = (mods, pkg) => {
  const names = /* @__PURE__ */ new Set();
  for (const m of mods) {
    if (m.pkg.join(".") !== pkg.join(".")) continue;
    for (const r of m.rules) names.add(String(r.ref[0].v));
  }
  return names;
};
var importMap = (m) => {
  const out = /* @__PURE__ */ new Map();
  for (const imp of m.imports) {
    const parts = refParts(imp.path);
    const head = parts[0];
    if (head?.t !== "var") continue;
    if (head.name === "rego" || head.name === "future") continue;
    if (head.name !== "data" && head.name !== "input") {
      throw new RegoError("rego_parse_error", `invalid import ${head.name}: must begin with input or data`, imp.loc);
    }
    const last2 = parts[parts.length - 1];
    const alias = imp.alias ?? (last2.t === "var" ? last2.name : String(last2.v));
    out.set(alias, imp.path);
  }
  return out;
};
var compileModules = (modules, isBuiltin) => {
  const root = new RuleNode([]);
  const nodeAt = (path) => {
    let n = root;
    for (let i = 0; i < path.length; i++) {
      let c = n.children.get(path[i]);
      if (!c) {
        c = new RuleNode(path.slice(0, i + 1));
        n.children.set(path[i], c);
      }
      n = c;
    }
    return n;
  };
  const funcPaths = /* @__PURE__ */ new Set();
  for (const m of modules) {
    for (const r of m.rules) {
      if (r.kind === "func") funcPaths.add(["data", ...m.pkg, ...r.ref.map((p) => String(p.v))].join("."));
    }
  }
  for (const m of modules) nodeAt(m.pkg).isPackage = true;
  const metadataOf = metadataIndex(modules);
  for (const m of modules) {
    const info = { pkg: m.pkg, ruleNames: packageInfo(modules, m.pkg), imports: importMap(m) };
    const rc = new RuleCompiler(info, isBuiltin, funcPaths);
    for (const raw of m.rules) {
      rc.metadata = () => metadataOf(m, raw);
      const rule = uniformRule(rc.rule(raw));
      const ground = [];
      let i = 0;
      for (; i < rule.ref.length; i++) {
        const p = rule.ref[i];
        if (p.t === "scalar" && typeof p.v === "string") ground.push(p.v);
        else break;
      }
      const suffix = rule.ref.slice(i);
      if (rule.kind === "func" && suffix.length) throw new RegoError("rego_parse_error", "function name must be a ground reference", rule.loc);
      if (rule.isDefault && suffix.length) throw new RegoError("rego_compile_error", "default rules must have a ground reference", rule.loc);
      const head = rule.kind === "set" ? rule.key : rule.value;
      const constHead = constValue(head) !== void 0 && suffix.length === 0;
      const node = nodeAt([...m.pkg, ...ground]);
      const argNames = rule.args.map((a) => a.t === "var" && !a.name.startsWith("$") ? a.name : "");
      const placed = {
        rule,
        suffix,
        constHead,
        branches: [{ body: rule.body, value: rule.value, constHead }, ...rule.elses.map((e) => ({ body: e.body, value: e.value, constHead: constValue(e.value) !== void 0 }))],
        simpleArgs: argNames.every((n) => n !== "") && new Set(argNames).size === argNames.length
      };
      if (rule.isDefault) {
        if (node.defaultRule) throw new RegoError("rego_compile_error", `multiple default rules ${["data", ...node.path].join(".")} found`, rule.loc);
        node.defaultRule = placed;
      } else if (rule.kind === "func") node.funcs.push(placed);
      else node.rules.push(placed);
    }
  }
  root.finish();
  return { root, modules };
};
var compileQuery = (body, isBuiltin, policy) => {
  const funcPaths = /* @__PURE__ */ new Set();
  const walk = (n) => {
    if (n.isFunction) funcPaths.add(["data", ...n.path].join("."));
    for (const c of n.children.values()) walk(c);
  };
  walk(policy.root);
  const rc = new RuleCompiler({ pkg: [], ruleNames: /* @__PURE__ */ new Set(), imports: /* @__PURE__ */ new Map() }, isBuiltin, funcPaths);
  return uniformBody(rc.body(body, { names: /* @__PURE__ */ new Map(), parent: void 0 }));
};

// src/policy/rego/builtins/aws-builtins.ts
import { createHash, createHmac } from "node:crypto";
var sha256Hex = (data) => createHash("sha256").update(data).digest("hex");
var hmac = (key2, data) => createHmac("sha256", key2).update(data).digest();
var setText = (names) => toRegoString(RSet.of(names));
var requireStrings = (o, keys, pos, what) => {
  const missing = keys.filter((k) => !o.has(k));
  if (missing.length) throw typeError(`operand ${pos} missing required ${what} parameters(s): ${setText(missing)}`);
  const invalid2 = keys.filter((k) => typeof o.get(k) !== "string");
  if (invalid2.length) throw typeError(`operand ${pos} invalid values for required ${what} parameters(s): ${setText(invalid2)}`);
  return Object.fromEntries(keys.map((k) => [k, o.get(k)]));
};
var IGNORED_HEADERS = /* @__PURE__ */ new Set(["authorization", "user-agent", "x-amzn-trace-id"]);
var pad = (n, w = 2) => String(n).padStart(w, "0");
var signReq = (reqV, configV, timeV) => {
  if (!(reqV instanceof RObject)) throw operandError(1, "object", reqV);
  if (!(configV instanceof RObject)) throw operandError(2, "object", configV);
  const req = requireStrings(reqV, ["method", "url"], 1, "request");
  const cfg = requireStrings(configV, ["aws_access_key", "aws_secret_access_key", "aws_service", "aws_region"], 2, "AWS config");
  const token = configV.get("aws_session_token");
  const disable = configV.get("disable_payload_signing");
  if (disable !== void 0 && typeof disable !== "boolean") throw typeError("operand 2 invalid value for 'disable_payload_signing' in AWS config");
  if (typeof timeV !== "number" && typeof timeV !== "bigint" || typeof timeV === "number" && !Number.isInteger(timeV) || timeV < 0) {
    throw typeError("operand 3 could not convert time_ns value into a unix timestamp");
  }
  let url;
  try {
    url = new URL(req.url);
  } catch {
    throw typeError(`operand 1 invalid url: ${req.url}`);
  }
  const rawBody = reqV.get("raw_body");
  const jsonBody = reqV.get("body");
  const body = typeof rawBody === "string" ? rawBody : jsonBody !== void 0 ? toJSON(jsonBody) : "";
  const contentSha = disable === true ? "UNSIGNED-PAYLOAD" : sha256Hex(body);
  const when = new Date(Number(BigInt(timeV) / 1000000n));
  const date = `${when.getUTCFullYear()}${pad(when.getUTCMonth() + 1)}${pad(when.getUTCDate())}`;
  const stamp = `${date}T${pad(when.getUTCHours())}${pad(when.getUTCMinutes())}${pad(when.getUTCSeconds())}Z`;
  const aws = { host: url.host, "x-amz-date": stamp };
  if (cfg.aws_service === "s3" || cfg.aws_service === "glacier") aws["x-amz-content-sha256"] = contentSha;
  if (typeof token === "string" && token !== "") aws["x-amz-security-token"] = token;
  const toSign = { ...aws };
  const headers = reqV.get("headers");
  const given = headers instanceof RObject ? [...headers.pairs()] : [];
  for (const [k, v] of given) {
    if (typeof k !== "string") continue;
    const lower = k.toLowerCase();
    if (!IGNORED_HEADERS.has(lower)) toSign[lower] = typeof v === "string" ? v : toJSON(v);
  }
  const names = Object.keys(toSign).sort();
  const path = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*([^?#]*)/i.exec(req.url)?.[1] ?? url.pathname;
  const canonical = [req.method, path, url.search.replace(/^\?/, ""), ...names.map((k) => `${k}:${toSign[k]}`), "", names.join(";"), contentSha].join("\n");
  const scope = `${date}/${cfg.aws_region}/${cfg.aws_service}/aws4_request`;
  const stringToSign = `AWS4-HMAC-SHA256
${stamp}
${scope}
${sha256Hex(canonical)}`;
  let key2 = hmac(`AWS4${cfg.aws_secret_access_key}`, date);
  for (const part of [cfg.aws_region, cfg.aws_service, "aws4_request"]) key2 = hmac(key2, part);
  const signature = hmac(key2, stringToSign).toString("hex");
  const out = RObject.fromPairs(reqV.pairs());
  const outHeaders = RObject.fromPairs(given);
  outHeaders.set("Authorization", `AWS4-HMAC-SHA256 Credential=${cfg.aws_access_key}/${scope},SignedHeaders=${names.join(";")},Signature=${signature}`);
  for (const [k, v] of Object.entries(aws)) outHeaders.set(k, v);
  out.set("headers", outHeaders);
  return out;
};
var awsBuiltins = {
  "providers.aws.sign_req": { arity: 3, fn: ([r, c, t]) => signReq(r, c, t) }
};

// src/policy/rego/numeric.ts
var isInt = (n) => typeof n === "bigint" || Number.isInteger(n);
var big = (n) => typeof n === "bigint" ? n : BigInt(n);
var flt = (n) => Number(n);
var intOp = (a, b, f, g) => {
  if (typeof a === "number" && typeof b === "number") {
    const r = g(a, b);
    if (Number.isSafeInteger(r) && Number.isInteger(a) && Number.isInteger(b)) return r;
    if (Number.isInteger(a) && Number.isInteger(b)) return normNum(f(BigInt(a), BigInt(b)));
    return normNum(r);
  }
  if (isInt(a) && isInt(b)) return normNum(f(big(a), big(b)));
  return normNum(g(flt(a), flt(b)));
};
var add = (a, b) => intOp(a, b, (x, y) => x + y, (x, y) => x + y);
var sub = (a, b) => intOp(a, b, (x, y) => x - y, (x, y) => x - y);
var mul = (a, b) => intOp(a, b, (x, y) => x * y, (x, y) => x * y);
var div = (a, b) => {
  if (b === 0 || b === 0n) throw builtinError("divide by zero");
  if (isInt(a) && isInt(b)) {
    const x = big(a);
    const y = big(b);
    if (x % y === 0n) return normNum(x / y);
  }
  return normNum(flt(a) / flt(b));
};
var rem = (a, b) => {
  if (!isInt(a) || !isInt(b)) throw builtinError("modulo on floating-point number");
  if (b === 0 || b === 0n) throw builtinError("modulo by zero");
  return normNum(big(a) % big(b));
};
var neg = (a) => normNum(typeof a === "bigint" ? -a : -a);
var abs = (a) => typeof a === "bigint" ? normNum(a < 0n ? -a : a) : Math.abs(a);
var round = (a) => typeof a === "bigint" ? a : normNum(Math.sign(a) * Math.round(Math.abs(a)));
var ceil = (a) => typeof a === "bigint" ? a : normNum(Math.ceil(a));
var floor = (a) => typeof a === "bigint" ? a : normNum(Math.floor(a));

// src/policy/rego/builtins/core-builtins.ts
var collection = (v, pos) => {
  if (Array.isArray(v)) return v;
  if (v instanceof RSet) return [...v.values()];
  throw operandError(pos, "one of {array, set}", v);
};
var numbersOf = (v, pos) => collection(v, pos).map((x) => {
  if (!isNumber(x)) throw typeError(`operand ${pos} must be one of {set, array} containing numbers but got ${typeName(x)}`);
  return x;
});
var setArg = (v, pos) => {
  if (!(v instanceof RSet)) throw operandError(pos, "set", v);
  return v;
};
var member = (x, coll) => {
  if (coll instanceof RSet) return coll.has(x);
  if (Array.isArray(coll)) return coll.some((y) => valuesEqual(x, y));
  if (coll instanceof RObject) return [...coll.pairs()].some(([, y]) => valuesEqual(x, y));
  return false;
};
var range = (a, b, step, max) => {
  const out = [];
  const x = BigInt(a);
  const y = BigInt(b);
  const s = BigInt(step);
  const count = (x > y ? x - y : y - x) / s + 1n;
  if (count > BigInt(max)) throw builtinError(`range of ${count} elements exceeds the limit of ${max}`);
  if (x <= y) for (let i = x; i <= y; i += s) out.push(normNum(i));
  else for (let i = x; i >= y; i -= s) out.push(normNum(i));
  return out;
};
var bigInt = (args, i) => {
  const n = argNumber(args, i);
  if (typeof n === "number" && !Number.isInteger(n)) throw typeError(`operand ${i + 1} must be integer number but got floating-point number`);
  return BigInt(n);
};
var shift = (args) => {
  const s = bigInt(args, 1);
  if (s < 0n) throw typeError("operand 2 must be an unsigned integer number but got a negative integer");
  return s;
};
var integerArg = (args, i, name) => {
  const n = argNumber(args, i);
  if (typeof n === "number" && !Number.isInteger(n)) throw typeError(`operand ${i + 1} must be integer number but got floating-point number`);
  void name;
  return n;
};
var coreBuiltins = {
  equal: { arity: 2, fn: ([a, b]) => valuesEqual(a, b) },
  neq: { arity: 2, fn: ([a, b]) => !valuesEqual(a, b) },
  lt: { arity: 2, fn: ([a, b]) => compareValues(a, b) < 0 },
  lte: { arity: 2, fn: ([a, b]) => compareValues(a, b) <= 0 },
  gt: { arity: 2, fn: ([a, b]) => compareValues(a, b) > 0 },
  gte: { arity: 2, fn: ([a, b]) => compareValues(a, b) >= 0 },
  plus: { arity: 2, fn: (args) => add(argNumber(args, 0), argNumber(args, 1)) },
  minus: {
    arity: 2,
    fn: ([a, b]) => {
      if (isNumber(a) && isNumber(b)) return sub(a, b);
      if (a instanceof RSet && b instanceof RSet) return RSet.of([...a.values()].filter((x) => !b.has(x)));
      if (!isNumber(a) && !(a instanceof RSet)) throw operandError(1, "one of {number, set}", a);
      throw operandError(2, isNumber(a) ? "number" : "set", b);
    }
  },
  mul: { arity: 2, fn: (args) => mul(argNumber(args, 0), argNumber(args, 1)) },
  div: { arity: 2, fn: (args) => div(argNumber(args, 0), argNumber(args, 1)) },
  rem: { arity: 2, fn: (args) => rem(argNumber(args, 0), argNumber(args, 1)) },
  abs: { arity: 1, fn: (args) => abs(argNumber(args, 0)) },
  round: { arity: 1, fn: (args) => round(argNumber(args, 0)) },
  ceil: { arity: 1, fn: (args) => ceil(argNumber(args, 0)) },
  floor: { arity: 1, fn: (args) => floor(argNumber(args, 0)) },
  "numbers.range": {
    arity: 2,
    fn: (args, ctx) => range(integerArg(args, 0, "numbers.range"), integerArg(args, 1, "numbers.range"), 1, ctx.maxCollection)
  },
  "numbers.range_step": {
    arity: 3,
    fn: (args, ctx) => {
      const a = integerArg(args, 0, "numbers.range_step");
      const b = integerArg(args, 1, "numbers.range_step");
      const s = integerArg(args, 2, "numbers.range_step");
      if (s <= 0) throw builtinError("step must be a positive integer");
      return range(a, b, s, ctx.maxCollection);
    }
  },
  count: {
    arity: 1,
    fn: ([v]) => {
      if (typeof v === "string") return [...v].length;
      if (Array.isArray(v)) return v.length;
      if (v instanceof RObject || v instanceof RSet) return v.size;
      throw operandError(1, "one of {array, object, set, string}", v);
    }
  },
  sum: { arity: 1, fn: ([v]) => numbersOf(v, 1).reduce((a, b) => add(a, b), 0) },
  product: { arity: 1, fn: ([v]) => numbersOf(v, 1).reduce((a, b) => mul(a, b), 1) },
  max: {
    arity: 1,
    fn: ([v]) => {
      const xs = collection(v, 1);
      return xs.length ? xs.reduce((a, b) => compareValues(a, b) >= 0 ? a : b) : void 0;
    }
  },
  min: {
    arity: 1,
    fn: ([v]) => {
      const xs = collection(v, 1);
      return xs.length ? xs.reduce((a, b) => compareValues(a, b) <= 0 ? a : b) : void 0;
    }
  },
  sort: { arity: 1, fn: ([v]) => [...collection(v, 1)].sort(compareValues) },
  and: { arity: 2, fn: ([a, b]) => RSet.of([...setArg(a, 1).values()].filter((x) => setArg(b, 2).has(x))) },
  or: {
    arity: 2,
    fn: ([a, b]) => {
      const out = RSet.of(setArg(a, 1).values());
      for (const x of setArg(b, 2).values()) out.add(x);
      return out;
    }
  },
  intersection: {
    arity: 1,
    fn: ([v]) => {
      const sets = [...setArg(v, 1).values()].map((s) => {
        if (!(s instanceof RSet)) throw typeError(`operand 1 must be set of sets but got set containing ${typeName(s)}`);
        return s;
      });
      if (sets.length === 0) return new RSet();
      return RSet.of([...sets[0].values()].filter((x) => sets.every((s) => s.has(x))));
    }
  },
  union: {
    arity: 1,
    fn: ([v]) => {
      const out = new RSet();
      for (const s of setArg(v, 1).values()) {
        if (!(s instanceof RSet)) throw typeError(`operand 1 must be set of sets but got set containing ${typeName(s)}`);
        for (const x of s.values()) out.add(x);
      }
      return out;
    }
  },
  "internal.member_2": { arity: 2, fn: ([x, c]) => member(x, c) },
  "internal.member_3": {
    arity: 3,
    fn: ([k, x, c]) => {
      if (Array.isArray(c)) return typeof k === "number" && Number.isInteger(k) && k >= 0 && k < c.length && valuesEqual(c[k], x);
      if (c instanceof RObject) {
        const y = c.get(k);
        return y !== void 0 && valuesEqual(y, x);
      }
      if (c instanceof RSet) return valuesEqual(k, x) && c.has(x);
      return false;
    }
  },
  "array.concat": { arity: 2, fn: (args) => [...argArray(args, 0), ...argArray(args, 1)] },
  "array.reverse": { arity: 1, fn: (args) => [...argArray(args, 0)].reverse() },
  "array.slice": {
    arity: 3,
    fn: (args) => {
      const a = argArray(args, 0);
      const lo = argNumber(args, 1);
      const hi = argNumber(args, 2);
      let s = Math.max(0, Math.trunc(Number(lo)));
      const e = Math.min(a.length, Math.trunc(Number(hi)));
      if (s > e) s = e;
      return a.slice(s, e);
    }
  },
  "array.flatten": {
    arity: 1,
    fn: (args) => {
      return argArray(args, 0).flatMap((x) => Array.isArray(x) ? x : [x]);
    }
  },
  is_number: { arity: 1, fn: ([v]) => isNumber(v) },
  is_string: { arity: 1, fn: ([v]) => typeof v === "string" },
  is_boolean: { arity: 1, fn: ([v]) => typeof v === "boolean" },
  is_array: { arity: 1, fn: ([v]) => Array.isArray(v) },
  is_set: { arity: 1, fn: ([v]) => v instanceof RSet },
  is_object: { arity: 1, fn: ([v]) => v instanceof RObject },
  is_null: { arity: 1, fn: ([v]) => v === null },
  type_name: { arity: 1, fn: ([v]) => typeName(v) },
  to_number: {
    arity: 1,
    fn: ([v]) => {
      if (v === null) return 0;
      if (typeof v === "boolean") return v ? 1 : 0;
      if (isNumber(v)) return v;
      if (typeof v === "string") {
        const t = v.trim() === v ? v : "";
        const n = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(t) ? parseNumber(t.replace(/^\+/, "").replace(/^(-?)\./, "$10.").replace(/\.(?=[eE]|$)/, "")) : Number.NaN;
        if (typeof n === "number" && Number.isNaN(n)) {
          if (/^[+-]?(nan|inf|infinity)$/i.test(v)) throw typeError(`operand 1 must be a finite number but got ${JSON.stringify(v)}`);
          throw builtinError(`invalid syntax`);
        }
        return n;
      }
      throw operandError(1, "one of {null, boolean, number, string}", v);
    }
  },
  cast_array: {
    arity: 1,
    fn: ([v]) => {
      if (Array.isArray(v)) return v;
      if (v instanceof RSet) return sortedValues(v);
      throw operandError(1, "one of {array, set}", v);
    }
  },
  cast_set: {
    arity: 1,
    fn: ([v]) => {
      if (v instanceof RSet) return v;
      if (Array.isArray(v)) return RSet.of(v);
      throw operandError(1, "one of {array, set}", v);
    }
  },
  cast_string: { arity: 1, fn: ([v]) => typeof v === "string" ? v : void 0 },
  cast_boolean: { arity: 1, fn: ([v]) => typeof v === "boolean" ? v : void 0 },
  cast_null: { arity: 1, fn: ([v]) => v === null ? null : void 0 },
  cast_object: { arity: 1, fn: ([v]) => v instanceof RObject ? v : void 0 },
  "bits.and": { arity: 2, fn: (args) => normNum(bigInt(args, 0) & bigInt(args, 1)) },
  "bits.or": { arity: 2, fn: (args) => normNum(bigInt(args, 0) | bigInt(args, 1)) },
  "bits.xor": { arity: 2, fn: (args) => normNum(bigInt(args, 0) ^ bigInt(args, 1)) },
  "bits.negate": { arity: 1, fn: (args) => normNum(~bigInt(args, 0)) },
  "bits.lsh": { arity: 2, fn: (args) => normNum(bigInt(args, 0) << shift(args)) },
  "bits.rsh": { arity: 2, fn: (args) => normNum(bigInt(args, 0) >> shift(args)) },
  // The single value of a template expression evaluated under `with` (see the parser).
  "internal.template_value": { arity: 1, fn: ([v]) => Array.isArray(v) && v.length > 0 ? v[0] : void 0 },
  "opa.runtime": { arity: 0, fn: () => new RObject() },
  neg: { arity: 1, fn: (args) => neg(argNumber(args, 0)) }
};

// src/policy/rego/builtins/encoding-builtins.ts
var import_yaml3 = __toESM(require_dist(), 1);
import { createHash as createHash2, createHmac as createHmac2, timingSafeEqual } from "node:crypto";

// src/policy/rego/builtins/go-yaml-error.ts
var import_yaml2 = __toESM(require_dist(), 1);
var LIBYAML = [
  ["MISSING_CHAR", /^Flow sequence/, "did not find expected ',' or ']'"],
  ["BAD_INDENT", /^Flow sequence/, "did not find expected ',' or ']'"],
  ["MISSING_CHAR", /^Flow map/, "did not find expected ',' or '}'"],
  ["BAD_INDENT", /^Flow map/, "did not find expected ',' or '}'"],
  ["MISSING_CHAR", /^Missing closing/, "found unexpected end of stream"],
  ["BLOCK_AS_IMPLICIT_KEY", /./, "mapping values are not allowed in this context"],
  ["BAD_INDENT", /^All mapping items/, "did not find expected key"],
  ["UNEXPECTED_TOKEN", /./, "did not find expected key"],
  ["TAB_AS_INDENT", /./, "found character that cannot start any token"]
];
var goYamlMessage = (e) => {
  if (!(e instanceof import_yaml2.YAMLError)) return `yaml: ${e instanceof Error ? e.message : String(e)}`;
  const text = e.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
  const line = e.linePos?.[0].line;
  const known = LIBYAML.find(([code, re]) => code === e.code && re.test(text));
  const message = known ? known[2] : text;
  return line === void 0 ? `yaml: ${message}` : `yaml: line ${line}: ${message}`;
};

// src/policy/rego/builtins/encoding-builtins.ts
var B64 = /^[A-Za-z0-9+/]*={0,2}$/;
var B64URL = /^[A-Za-z0-9_-]*={0,2}$/;
var decodeB64 = (s, url) => {
  let t = s;
  if (url && !t.endsWith("=")) {
    if (t.length % 4 === 2) t += "==";
    else if (t.length % 4 === 3) t += "=";
  }
  if (t.length % 4 !== 0 || !(url ? B64URL : B64).test(t)) throw builtinError(`illegal base64 data at input byte ${Math.max(0, t.length - 1)}`);
  return Buffer.from(t, url ? "base64url" : "base64").toString("utf8");
};
var queryEscape = (s) => [...Buffer.from(s, "utf8")].map((b) => {
  const c = String.fromCharCode(b);
  if (/[A-Za-z0-9\-_.~]/.test(c)) return c;
  if (c === " ") return "+";
  return `%${b.toString(16).toUpperCase().padStart(2, "0")}`;
}).join("");
var queryUnescape = (s) => {
  if (/%(?![0-9a-fA-F]{2})/.test(s)) throw builtinError(`invalid URL escape`);
  return decodeURIComponent(s.replace(/\+/g, " "));
};
var toYamlJS = (v) => toJS(v);
var hash = (alg) => ({ arity: 1, fn: (args) => createHash2(alg).update(argString(args, 0), "utf8").digest("hex") });
var hmac2 = (alg) => ({
  arity: 2,
  fn: (args) => createHmac2(alg, Buffer.from(argString(args, 1), "utf8")).update(argString(args, 0), "utf8").digest("hex")
});
var jwtSegment = (s) => {
  try {
    return decodeB64(s, true);
  } catch {
    throw builtinError("JWT segment is not valid base64url");
  }
};
var decodeJwt = (token) => {
  if (!token.includes(".")) throw builtinError("encoded JWT had no period separators");
  const parts = token.split(".");
  if (parts.length === 5) throw builtinError("JWT is a JWE object, which is not supported");
  if (parts.length !== 3) throw builtinError(`encoded JWT must have 3 sections, found ${parts.length}`);
  let header;
  try {
    header = parseJSONLossless(jwtSegment(parts[0]));
  } catch {
    throw builtinError("JWT header is not valid JSON");
  }
  if (!(header instanceof RObject)) throw builtinError("JWT header is not an object");
  if (header.has("enc")) throw builtinError("JWT is a JWE object, which is not supported");
  const payloadText = jwtSegment(parts[1]);
  if (header.get("cty") === "JWT") {
    let inner;
    try {
      inner = parseJSONLossless(payloadText);
    } catch {
      throw builtinError("type is JWT but payload is not JSON");
    }
    if (typeof inner !== "string") throw builtinError("type is JWT but payload is not a JSON string");
    return decodeJwt(inner);
  }
  let payload;
  try {
    payload = parseJSONLossless(payloadText);
  } catch {
    throw builtinError("JWT payload is not valid JSON");
  }
  if (!/^[A-Za-z0-9_-]*$/.test(parts[2])) throw builtinError(`JWT signature had invalid encoding: illegal base64 data at input byte ${parts[2].search(/[^A-Za-z0-9_-]/)}`);
  const sig = Buffer.from(parts[2], "base64url").toString("hex");
  return [header, payload, sig];
};
var encodingBuiltins = {
  "base64.encode": { arity: 1, fn: (args) => Buffer.from(argString(args, 0), "utf8").toString("base64") },
  "base64.decode": { arity: 1, fn: (args) => decodeB64(argString(args, 0), false) },
  "base64.is_valid": {
    arity: 1,
    fn: ([s]) => typeof s === "string" && s.length % 4 === 0 && B64.test(s)
  },
  "base64url.encode": { arity: 1, fn: (args) => Buffer.from(argString(args, 0), "utf8").toString("base64url").padEnd(Math.ceil(Buffer.byteLength(argString(args, 0)) / 3) * 4, "=") },
  "base64url.encode_no_pad": { arity: 1, fn: (args) => Buffer.from(argString(args, 0), "utf8").toString("base64url") },
  "base64url.decode": { arity: 1, fn: (args) => decodeB64(argString(args, 0), true) },
  "hex.encode": { arity: 1, fn: (args) => Buffer.from(argString(args, 0), "utf8").toString("hex") },
  "hex.decode": {
    arity: 1,
    fn: (args) => {
      const s = argString(args, 0);
      if (!/^([0-9a-fA-F]{2})*$/.test(s)) throw builtinError(`encoding/hex: invalid byte`);
      return Buffer.from(s, "hex").toString("utf8");
    }
  },
  "urlquery.encode": { arity: 1, fn: (args) => queryEscape(argString(args, 0)) },
  "urlquery.decode": { arity: 1, fn: (args) => queryUnescape(argString(args, 0)) },
  "urlquery.encode_object": {
    arity: 1,
    fn: ([o]) => {
      if (!(o instanceof RObject)) throw operandError(1, "object", o);
      const parts = [];
      for (const [k, v] of sortedPairs(o)) {
        if (typeof k !== "string") throw typeError("operand 1 must be object with string keys");
        const vals = typeof v === "string" ? [v] : Array.isArray(v) ? v : v instanceof RSet ? [...v.values()] : void 0;
        if (!vals) throw typeError(`operand 1 must be object of strings, arrays or sets of strings but got ${typeName(v)}`);
        for (const x of vals) {
          if (typeof x !== "string") throw typeError(`operand 1 must be object of strings but got ${typeName(x)}`);
          parts.push(`${queryEscape(k)}=${queryEscape(x)}`);
        }
      }
      return parts.join("&");
    }
  },
  "urlquery.decode_object": {
    arity: 1,
    fn: (args) => {
      const s = argString(args, 0);
      const out = new RObject();
      for (const part of s.split(/[&]/)) {
        if (part === "") continue;
        const eq = part.indexOf("=");
        const k = queryUnescape(eq < 0 ? part : part.slice(0, eq));
        const v = eq < 0 ? "" : queryUnescape(part.slice(eq + 1));
        const prev = out.get(k);
        out.set(k, Array.isArray(prev) ? [...prev, v] : [v]);
      }
      return out;
    }
  },
  "json.marshal": { arity: 1, fn: ([v]) => toJSON(v) },
  "json.marshal_with_options": {
    arity: 2,
    fn: ([v, opts]) => {
      if (!(opts instanceof RObject)) throw operandError(2, "object", opts);
      let pretty = false;
      let indent = "	";
      let prefix = "";
      for (const [k, x] of opts.pairs()) {
        if (k === "pretty") {
          if (typeof x !== "boolean") throw typeError("pretty must be a boolean");
          pretty = x;
        } else if (k === "indent") {
          if (typeof x !== "string") throw typeError("indent must be a string");
          indent = x;
        } else if (k === "prefix") {
          if (typeof x !== "string") throw typeError("prefix must be a string");
          prefix = x;
        } else throw typeError(`object contained unknown key ${JSON.stringify(k)}`);
      }
      const compact = toJSON(v);
      if (!pretty && !opts.has("indent") && !opts.has("prefix")) return compact;
      if (opts.has("pretty") && !pretty) return compact;
      const text = JSON.stringify(JSON.parse(compact.replace(/(-?\d{16,})/g, '"\0$1"')), null, "	");
      const lines = text.replace(/"\\u0000(-?\d+)"/g, "$1").split("\n");
      return lines.map((l) => prefix + l.replace(/^\t+/, (m) => indent.repeat(m.length))).join("\n");
    }
  },
  "json.unmarshal": {
    arity: 1,
    fn: (args) => {
      try {
        return parseJSONLossless(argString(args, 0));
      } catch (e) {
        throw builtinError(e.message);
      }
    }
  },
  "json.is_valid": {
    arity: 1,
    fn: ([s]) => {
      if (typeof s !== "string") return false;
      try {
        parseJSONLossless(s);
        return true;
      } catch {
        return false;
      }
    }
  },
  "yaml.marshal": { arity: 1, fn: ([v]) => (0, import_yaml3.stringify)(toYamlJS(v)) },
  "yaml.unmarshal": {
    arity: 1,
    fn: (args) => {
      try {
        return fromJS((0, import_yaml3.parse)(argString(args, 0), { intAsBigInt: true }));
      } catch (e) {
        throw builtinError(goYamlMessage(e));
      }
    }
  },
  "yaml.is_valid": {
    arity: 1,
    fn: ([s]) => {
      if (typeof s !== "string") return false;
      try {
        (0, import_yaml3.parse)(s);
        return true;
      } catch {
        return false;
      }
    }
  },
  "crypto.md5": hash("md5"),
  "crypto.sha1": hash("sha1"),
  "crypto.sha256": hash("sha256"),
  "crypto.hmac.md5": hmac2("md5"),
  "crypto.hmac.sha1": hmac2("sha1"),
  "crypto.hmac.sha256": hmac2("sha256"),
  "crypto.hmac.sha512": hmac2("sha512"),
  "crypto.hmac.equal": {
    arity: 2,
    fn: (args) => {
      const a = Buffer.from(argString(args, 0), "utf8");
      const b = Buffer.from(argString(args, 1), "utf8");
      return a.length === b.length && timingSafeEqual(a, b);
    }
  },
  "io.jwt.decode": { arity: 1, fn: (args) => decodeJwt(argString(args, 0)) },
  "uuid.parse": {
    arity: 1,
    fn: (args) => {
      const s = argString(args, 0);
      const m = /^(?:urn:uuid:)?\{?([0-9a-fA-F]{8})-?([0-9a-fA-F]{4})-?([0-9a-fA-F]{4})-?([0-9a-fA-F]{4})-?([0-9a-fA-F]{12})\}?$/.exec(s);
      if (!m) return void 0;
      const hex = m.slice(1).join("").toLowerCase();
      const version = parseInt(hex[12], 16);
      const vbyte = parseInt(hex.slice(16, 18), 16);
      const variant = (vbyte & 128) === 0 ? "Reserved, NCS backward compatibility." : (vbyte & 192) === 128 ? "RFC4122" : (vbyte & 224) === 192 ? "Reserved, Microsoft Corporation backward compatibility." : "Reserved for future definition.";
      const out = new RObject();
      out.set("version", version);
      out.set("variant", variant);
      if (version === 1 || version === 2) {
        const time = BigInt(`0x${hex.slice(13, 16)}`) << 48n | BigInt(`0x${hex.slice(8, 12)}`) << 32n | BigInt(`0x${hex.slice(0, 8)}`);
        out.set("time", normNum((time - 122192928000000000n) * 100n));
        out.set("clocksequence", parseInt(hex.slice(16, 20), 16) & 16383);
        out.set("nodeid", hex.slice(20).match(/../g).join("-"));
        const first2 = parseInt(hex.slice(20, 22), 16);
        out.set("macvariables", `${first2 & 2 ? "local" : "global"}:${first2 & 1 ? "multicast" : "unicast"}`);
        if (version === 2) {
          out.set("id", parseInt(hex.slice(0, 8), 16));
          out.set("domain", ["Person", "Group", "Org"][parseInt(hex.slice(18, 20), 16)] ?? `Domain${parseInt(hex.slice(18, 20), 16)}`);
        }
      }
      return out;
    }
  }
};

// src/policy/rego/builtins/http-send-absent.ts
var ALLOWED = /* @__PURE__ */ new Set([
  "method",
  "url",
  "body",
  "enable_redirect",
  "force_json_decode",
  "force_yaml_decode",
  "headers",
  "raw_body",
  "tls_use_system_certs",
  "tls_ca_cert",
  "tls_ca_cert_file",
  "tls_ca_cert_env_variable",
  "tls_client_cert",
  "tls_client_cert_file",
  "tls_client_cert_env_variable",
  "tls_client_key",
  "tls_client_key_file",
  "tls_client_key_env_variable",
  "tls_insecure_skip_verify",
  "tls_server_name",
  "timeout",
  "cache",
  "force_cache",
  "force_cache_duration_seconds",
  "raise_error",
  "caching_mode",
  "max_retry_attempts",
  "cache_ignored_headers"
]);
var REQUIRED = ["method", "url"];
var httpSendAbsent = {
  "http.send": {
    arity: 1,
    fn: ([req]) => {
      if (!(req instanceof RObject)) throw operandError(1, "object", req);
      const keys = req.keys();
      const invalid2 = keys.filter((k) => typeof k !== "string" || !ALLOWED.has(k));
      if (invalid2.length) throw typeError(`operand 1 invalid request parameters(s): ${toRegoString(RSet.of(invalid2))}`);
      const missing = REQUIRED.filter((k) => !req.has(k));
      if (missing.length) throw typeError(`operand 1 missing required request parameters(s): ${toRegoString(RSet.of(missing))}`);
      throw new RegoError(
        "eval_builtin_error",
        "http.send is not available in Airlock by design: a policy decision makes no network calls; pass what the policy needs in input or data"
      );
    }
  }
};

// src/policy/rego/builtins/jwt-builtins.ts
import { createHmac as createHmac3, createPrivateKey, createPublicKey, sign as cryptoSign, timingSafeEqual as timingSafeEqual2, verify as cryptoVerify, X509Certificate } from "node:crypto";
var ALGORITHMS = {
  HS256: { hash: "sha256", kind: "hmac" },
  HS384: { hash: "sha384", kind: "hmac" },
  HS512: { hash: "sha512", kind: "hmac" },
  RS256: { hash: "sha256", kind: "rsa" },
  RS384: { hash: "sha384", kind: "rsa" },
  RS512: { hash: "sha512", kind: "rsa" },
  PS256: { hash: "sha256", kind: "pss" },
  PS384: { hash: "sha384", kind: "pss" },
  PS512: { hash: "sha512", kind: "pss" },
  ES256: { hash: "sha256", kind: "ecdsa" },
  ES384: { hash: "sha384", kind: "ecdsa" },
  ES512: { hash: "sha512", kind: "ecdsa" },
  EdDSA: { hash: null, kind: "eddsa" }
};
var splitToken = (jwt) => {
  if (!jwt.includes(".")) throw builtinError("encoded JWT had no period separators");
  const parts = jwt.split(".");
  if (parts.length !== 3) throw builtinError(`encoded JWT must have 3 sections, found ${parts.length}`);
  return { header: parts[0], payload: parts[1], signature: parts[2] };
};
var b64urlDecode = (s, what) => {
  const trimmed = s.replace(/=+$/, "");
  const bad = trimmed.search(/[^A-Za-z0-9_-]/);
  if (bad >= 0) throw builtinError(`${what} had invalid encoding: illegal base64 data at input byte ${bad}`);
  return Buffer.from(base64url_exports.decode(trimmed));
};
var jsonObject = (text, what) => {
  let v;
  try {
    v = parseJSONLossless(text);
  } catch {
    throw builtinError(`${what} is not valid JSON`);
  }
  if (!(v instanceof RObject)) throw builtinError(`${what} is not a JSON object`);
  return v;
};
var keysFrom = (text) => {
  const pem = /^\s*-----BEGIN ([A-Z0-9 ]+)-----\r?\n[\s\S]*?-----END \1-----\r?\n?/.exec(text);
  if (pem) {
    if (text.slice(pem.index + pem[0].length).length > 0) throw builtinError("extra data after a PEM certificate block");
    if (pem[1] === "CERTIFICATE") {
      try {
        return [{ key: new X509Certificate(pem[0]).publicKey, alg: "", kid: "" }];
      } catch (e) {
        throw builtinError(`failed to parse a PEM certificate: ${e.message}`);
      }
    }
    if (pem[1] === "PUBLIC KEY") {
      try {
        return [{ key: createPublicKey(pem[0]), alg: "", kid: "" }];
      } catch (e) {
        throw builtinError(`failed to parse a PEM public key: ${e.message}`);
      }
    }
    throw builtinError("failed to extract a Key from the PEM certificate");
  }
  let doc;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw builtinError(`failed to parse a JWK key (set): ${e.message}`);
  }
  const jwks = typeof doc === "object" && doc !== null && Array.isArray(doc.keys) ? doc.keys : [doc];
  return jwks.map((jwk) => {
    const j = jwk;
    try {
      const key2 = j.kty === "oct" ? createSecretFromJwk(j) : createPublicKey({ key: j, format: "jwk" });
      return { key: key2, alg: typeof j.alg === "string" ? j.alg : "", kid: typeof j.kid === "string" ? j.kid : "" };
    } catch (e) {
      throw builtinError(`failed to parse a JWK key (set): ${e.message}`);
    }
  });
};
var createSecretFromJwk = (j) => {
  if (typeof j.k !== "string") throw new Error("oct key without k");
  return createPrivateKey({ key: j, format: "jwk" });
};
var verifies = (alg, key2, signed, signature) => {
  try {
    const data = Buffer.from(signed);
    switch (alg.kind) {
      case "hmac": {
        const mac = createHmac3(alg.hash, key2).update(data).digest();
        return mac.length === signature.length && timingSafeEqual2(mac, signature);
      }
      case "rsa":
        return cryptoVerify(alg.hash, data, key2, signature);
      case "pss":
        return cryptoVerify(alg.hash, data, { key: key2, padding: 6, saltLength: -2 }, signature);
      case "ecdsa":
        return cryptoVerify(alg.hash, data, { key: key2, dsaEncoding: "ieee-p1363" }, signature);
      case "eddsa":
        return cryptoVerify(null, data, key2, signature);
    }
  } catch {
    return false;
  }
};
var verifiedByKeys = (a, header, keys, signed, signature) => {
  if (header.kid) {
    const byKid = keys.find((k) => k.kid === header.kid);
    if (byKid) return verifies(a, byKid.key, signed, signature);
  }
  return keys.some((k) => (k.alg === "" || k.alg === header.alg) && verifies(a, k.key, signed, signature));
};
var KNOWN_HEADERS = /* @__PURE__ */ new Set(["alg", "jku", "jwk", "kid", "x5u", "x5c", "x5t", "x5t#S256", "typ", "cty", "crit"]);
var parseHeader = (token) => {
  const doc = jsonObject(b64urlDecode(token.header, "JWT header").toString("utf8"), "JWT header");
  const str2 = (k) => {
    const v = doc.get(k);
    if (v === void 0) return "";
    if (typeof v !== "string") throw builtinError(`JWT header ${k} is not a string`);
    return v;
  };
  let valid = true;
  const crit = doc.get("crit");
  if (crit !== void 0) {
    if (!Array.isArray(crit) || crit.length === 0) throw builtinError("JWT header crit must be a non-empty array of strings");
    for (const c of crit) {
      if (typeof c !== "string") throw builtinError("JWT header crit must be a non-empty array of strings");
      if (!KNOWN_HEADERS.has(c)) valid = false;
    }
  }
  const alg = str2("alg");
  return { alg, kid: str2("kid"), cty: str2("cty"), typ: str2("typ"), valid: valid && alg !== "", doc };
};
var verifyBuiltin = (alg) => ({
  arity: 2,
  fn: (args) => {
    const token = splitToken(argString(args, 0));
    const keyText = argString(args, 1);
    const a = ALGORITHMS[alg];
    const signature = b64urlDecode(token.signature, "JWT signature");
    const signed = `${token.header}.${token.payload}`;
    if (a.kind === "hmac") return verifies(a, Buffer.from(keyText), signed, signature);
    const keys = keysFrom(keyText);
    return verifiedByKeys(a, parseHeader(token), keys, signed, signature);
  }
});
var constraintsFrom = (o, nowNs) => {
  if (!(o instanceof RObject)) throw operandError(2, "object", o);
  const c = { time: Number(nowNs) / 1e9 };
  for (const [k, v] of o.pairs()) {
    const str2 = () => {
      if (typeof v !== "string") throw builtinError(`${String(k)} constraint: must be a string`);
      return v;
    };
    switch (k) {
      case "cert":
        c.keys = keysFrom(str2());
        break;
      case "secret":
        c.secret = str2();
        break;
      case "alg":
        c.alg = str2();
        break;
      case "iss":
        c.iss = str2();
        break;
      case "aud":
        c.aud = str2();
        break;
      case "time":
        if (typeof v !== "number" && typeof v !== "bigint") throw builtinError("time constraint: must be a number");
        c.time = Number(v) / 1e9;
        break;
      default:
        throw builtinError(`unknown token validation constraint: ${typeof k === "string" ? k : toJSON(k)}`);
    }
  }
  const keyKinds = (c.keys ? 1 : 0) + (c.secret ? 1 : 0);
  if (keyKinds > 1) throw builtinError("duplicate key constraints");
  if (keyKinds < 1) throw builtinError("no key constraint");
  return c;
};
var validAudience = (aud, want) => {
  if (typeof aud === "string") return aud === want;
  return Array.isArray(aud) && aud.some((a) => typeof a === "string" && a === want);
};
var decodeVerify = (jwt, constraintsValue, nowNs) => {
  const unverified = [false, new RObject(), new RObject()];
  const c = constraintsFrom(constraintsValue, nowNs);
  let text = jwt;
  let header;
  let payload;
  for (; ; ) {
    const token = splitToken(text);
    header = parseHeader(token);
    if (!header.valid) return unverified;
    if (c.alg && c.alg !== header.alg) return unverified;
    const signature = b64urlDecode(token.signature, "JWT signature");
    const signed = `${token.header}.${token.payload}`;
    const a = ALGORITHMS[header.alg];
    if (!a) throw builtinError(`unknown JWS algorithm: ${header.alg}`);
    if (c.keys) {
      if (!verifiedByKeys(a, header, c.keys, signed, signature)) return unverified;
    } else {
      if (a.kind !== "hmac") throw builtinError(`${header.alg}: a secret cannot verify an asymmetric signature; use the cert constraint`);
      if (!verifies(a, Buffer.from(c.secret), signed, signature)) return unverified;
    }
    const p = b64urlDecode(token.payload, "JWT payload").toString("utf8");
    if (header.cty.toUpperCase() === "JWT") {
      text = p;
      continue;
    }
    payload = jsonObject(p, "JWT payload");
    break;
  }
  if (c.iss !== void 0) {
    const iss = payload.get("iss");
    if (iss === void 0 || iss !== c.iss) return unverified;
  }
  const aud = payload.get("aud");
  if (aud !== void 0 ? !validAudience(aud, c.aud) : c.aud !== void 0) return unverified;
  const exp = payload.get("exp");
  if (exp !== void 0) {
    if (typeof exp !== "number" && typeof exp !== "bigint") throw builtinError("exp value must be a number");
    if (compareNumbers(c.time, exp) !== -1) return unverified;
  }
  const nbf = payload.get("nbf");
  if (nbf !== void 0) {
    if (typeof nbf !== "number" && typeof nbf !== "bigint") throw builtinError("nbf value must be a number");
    if (compareNumbers(c.time, nbf) === -1) return unverified;
  }
  return [true, header.doc, payload];
};
var signingKey = (jwkText, alg) => {
  let jwk;
  try {
    const doc = JSON.parse(jwkText);
    const first2 = typeof doc === "object" && doc !== null && Array.isArray(doc.keys) ? doc.keys[0] : doc;
    if (typeof first2 !== "object" || first2 === null) throw new Error("not a JSON object");
    jwk = first2;
  } catch (e) {
    throw builtinError(`failed to parse a JWK key (set): ${e.message}`);
  }
  try {
    if (alg.kind === "hmac") {
      if (jwk.kty !== "oct" || typeof jwk.k !== "string") throw new Error("an HMAC algorithm needs an oct key with k");
      return Buffer.from(base64url_exports.decode(jwk.k));
    }
    return createPrivateKey({ key: jwk, format: "jwk" });
  } catch (e) {
    throw builtinError(`failed to parse a JWK key (set): ${e.message}`);
  }
};
var encodeSign = (headerText, payloadText, jwkText) => {
  let header;
  try {
    header = JSON.parse(headerText);
  } catch {
    header = void 0;
  }
  const alg = typeof header === "object" && header !== null ? header.alg : void 0;
  if (typeof alg !== "string") throw builtinError(`missing or invalid 'alg' header: jwsbb: header "alg" not found`);
  const a = ALGORITHMS[alg];
  if (!a) throw builtinError(`unknown JWS algorithm: ${alg}`);
  const typ = header.typ;
  if (typ === void 0 || typ === "" || typ === "JWT") {
    try {
      JSON.parse(payloadText);
    } catch {
      throw builtinError("type is JWT but payload is not JSON");
    }
  }
  const key2 = signingKey(jwkText, a);
  const signed = `${base64url_exports.encode(headerText)}.${base64url_exports.encode(payloadText)}`;
  const data = Buffer.from(signed);
  let sig;
  switch (a.kind) {
    case "hmac":
      sig = createHmac3(a.hash, key2).update(data).digest();
      break;
    case "rsa":
      sig = cryptoSign(a.hash, data, key2);
      break;
    case "pss":
      sig = cryptoSign(a.hash, data, { key: key2, padding: 6, saltLength: -1 });
      break;
    case "ecdsa":
      sig = cryptoSign(a.hash, data, { key: key2, dsaEncoding: "ieee-p1363" });
      break;
    case "eddsa":
      sig = cryptoSign(null, data, key2);
      break;
  }
  return `${signed}.${base64url_exports.encode(sig)}`;
};
var objectJSON = (v, pos) => {
  if (!(v instanceof RObject)) throw operandError(pos, "object", v);
  return toJSON(v);
};
var jwtBuiltins = {
  ...Object.fromEntries(Object.keys(ALGORITHMS).map((alg) => [`io.jwt.verify_${alg.toLowerCase()}`, verifyBuiltin(alg)])),
  "io.jwt.decode_verify": { arity: 2, fn: (args, ctx) => decodeVerify(argString(args, 0), args[1], ctx.nowNs) },
  "io.jwt.encode_sign_raw": { arity: 3, fn: (args) => encodeSign(argString(args, 0), argString(args, 1), argString(args, 2)) },
  "io.jwt.encode_sign": {
    arity: 3,
    fn: (args) => encodeSign(objectJSON(args[0], 1), objectJSON(args[1], 2), objectJSON(args[2], 3))
  }
};

// src/policy/rego/builtins/net-builtins.ts
var parseV4 = (s) => {
  const parts = s.split(".");
  if (parts.length !== 4) return void 0;
  let out = 0n;
  for (const p of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p) || Number(p) > 255) return void 0;
    out = out << 8n | BigInt(p);
  }
  return out;
};
var parseV6 = (s) => {
  let text = s;
  let tail = [];
  const lastColon = text.lastIndexOf(":");
  if (text.includes(".")) {
    const v4 = parseV4(text.slice(lastColon + 1));
    if (v4 === void 0) return void 0;
    tail = [v4 >> 16n, v4 & 0xffffn];
    text = text.slice(0, lastColon + 1);
    if (text.endsWith(":") && !text.endsWith("::")) text = text.slice(0, -1);
  }
  const halves = text.split("::");
  if (halves.length > 2) return void 0;
  const group = (h) => {
    if (h === "") return [];
    const gs = h.split(":");
    const out = [];
    for (const g of gs) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return void 0;
      out.push(BigInt(`0x${g}`));
    }
    return out;
  };
  const head = group(halves[0]);
  const rest = halves.length === 2 ? group(halves[1]) : [];
  if (!head || !rest) return void 0;
  const have = head.length + rest.length + tail.length;
  if (halves.length === 1 && have !== 8) return void 0;
  if (halves.length === 2 && have > 7) return void 0;
  const all = [...head, ...Array(8 - have).fill(0n), ...rest, ...tail];
  return all.reduce((acc, g) => acc << 16n | g, 0n);
};
var parseIP = (s) => {
  const v4 = parseV4(s);
  if (v4 !== void 0) return { v6: false, addr: v4 };
  const v6 = s.includes(":") ? parseV6(s) : void 0;
  return v6 === void 0 ? void 0 : { v6: true, addr: v6 };
};
var parseCIDR = (s) => {
  const slash = s.indexOf("/");
  if (slash < 0) return void 0;
  const ip = parseIP(s.slice(0, slash));
  const bitsText = s.slice(slash + 1);
  if (!ip || !/^(0|[1-9][0-9]*)$/.test(bitsText)) return void 0;
  const bits = Number(bitsText);
  if (bits > (ip.v6 ? 128 : 32)) return void 0;
  return { ...ip, bits };
};
var width = (n) => n.v6 ? 128 : 32;
var mask = (n) => (1n << BigInt(width(n))) - 1n ^ (1n << BigInt(width(n) - n.bits)) - 1n;
var first = (n) => n.addr & mask(n);
var last = (n) => first(n) | (1n << BigInt(width(n) - n.bits)) - 1n;
var cidrArg = (v, pos) => {
  if (typeof v !== "string") throw operandError(pos, "string", v);
  const n = parseCIDR(v);
  if (!n) throw builtinError(`invalid CIDR address: ${v}`);
  return n;
};
var cidrOrIP = (v, pos) => {
  if (typeof v !== "string") throw operandError(pos, "string", v);
  const n = parseCIDR(v);
  if (n) return n;
  const ip = parseIP(v);
  if (!ip) throw builtinError(`invalid CIDR address: ${v}`);
  return { ...ip, bits: ip.v6 ? 128 : 32 };
};
var contains = (a, b) => a.v6 === b.v6 && first(a) <= first(b) && last(b) <= last(a);
var formatIP = (v6, addr) => {
  if (!v6) return [24n, 16n, 8n, 0n].map((s) => String(addr >> s & 255n)).join(".");
  const groups = Array.from({ length: 8 }, (_, i) => Number(addr >> BigInt(112 - i * 16) & 0xffffn));
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(":");
  return `${hex.slice(0, bestStart).join(":")}::${hex.slice(bestStart + bestLen).join(":")}`;
};
var formatCIDR = (n) => `${formatIP(n.v6, first(n))}/${n.bits}`;
var entries = (v, pos) => {
  const asCidr = (x) => {
    if (typeof x === "string") return x;
    if (Array.isArray(x) && typeof x[0] === "string") return x[0];
    if (Array.isArray(x) || x instanceof RSet || x instanceof RObject) throw builtinError(`operand ${pos}: element must be string or non-empty array`);
    throw typeError(`operand ${pos} must be string or array with a string first element but got ${typeName(x)}`);
  };
  if (typeof v === "string") return [[v, v]];
  if (Array.isArray(v)) return v.map((x, i) => [i, asCidr(x)]);
  if (v instanceof RSet) return [...v.values()].map((x) => [x, asCidr(x)]);
  if (v instanceof RObject) return [...v.pairs()].map(([k, x]) => [k, asCidr(x)]);
  throw operandError(pos, "one of {string, array, set, object}", v);
};
var merge = (nets) => {
  const out = [];
  for (const v6 of [false, true]) {
    const w = v6 ? 128 : 32;
    const ranges = nets.filter((n) => n.v6 === v6).map((n) => [first(n), last(n)]).sort((a, b) => a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
    const merged = [];
    for (const r of ranges) {
      const top = merged[merged.length - 1];
      if (top && r[0] <= top[1] + 1n) top[1] = r[1] > top[1] ? r[1] : top[1];
      else merged.push([r[0], r[1]]);
    }
    for (const [lo0, hi] of merged) {
      let lo = lo0;
      while (lo <= hi) {
        let bits = w;
        while (bits > 0) {
          const size = 1n << BigInt(w - bits + 1);
          if (lo % size !== 0n || lo + size - 1n > hi) break;
          bits--;
        }
        out.push({ v6, addr: lo, bits });
        lo += 1n << BigInt(w - bits);
      }
    }
  }
  return out;
};
var netBuiltins = {
  "net.cidr_contains": { arity: 2, fn: ([a, b]) => contains(cidrArg(a, 1), cidrOrIP(b, 2)) },
  "net.cidr_intersects": {
    arity: 2,
    fn: ([a, b]) => {
      const x = cidrArg(a, 1);
      const y = cidrArg(b, 2);
      return x.v6 === y.v6 && first(x) <= last(y) && first(y) <= last(x);
    }
  },
  "net.cidr_is_valid": { arity: 1, fn: ([v]) => typeof v === "string" && parseCIDR(v) !== void 0 },
  "net.cidr_expand": {
    arity: 1,
    fn: ([v], ctx) => {
      const n = cidrArg(v, 1);
      const lo = first(n);
      const hi = last(n);
      if (hi - lo + 1n > BigInt(ctx.maxCollection)) throw builtinError(`CIDR ${String(v)} has too many addresses`);
      const out = new RSet();
      for (let a = lo; a <= hi; a++) out.add(formatIP(n.v6, a));
      return out;
    }
  },
  "net.cidr_contains_matches": {
    arity: 2,
    fn: ([a, b]) => {
      const out = new RSet();
      const xs = entries(a, 1);
      const ys = entries(b, 2);
      for (const [ka, ca] of xs) {
        const na = cidrOrIP(ca, 1);
        for (const [kb, cb] of ys) if (contains(na, cidrOrIP(cb, 2))) out.add([ka, kb]);
      }
      return out;
    }
  },
  "net.cidr_merge": {
    arity: 1,
    fn: ([v]) => {
      if (!Array.isArray(v) && !(v instanceof RSet)) throw operandError(1, "one of {array, set}", v);
      const xs = Array.isArray(v) ? v : [...v.values()];
      const nets = xs.map((x) => {
        if (typeof x !== "string") throw typeError(`operand 1 must be array of strings but got array containing ${typeName(x)}`);
        const n = parseCIDR(x);
        if (n) return n;
        const ip = parseIP(x);
        if (!ip) throw builtinError(`invalid CIDR address: ${x}`);
        if (ip.v6) throw builtinError("IPv6 invalid: needs prefix length");
        const top = Number(ip.addr >> 24n);
        return { ...ip, bits: top < 128 ? 8 : top < 192 ? 16 : 24 };
      });
      return RSet.of(merge(nets).map(formatCIDR));
    }
  }
};

// src/policy/rego/builtins/net-lookup-ip-addr.ts
import { readFileSync } from "node:fs";
import { isIP } from "node:net";
var HOSTS_FILE = "/etc/hosts";
var hostsEntries = () => {
  const byName = /* @__PURE__ */ new Map();
  let text;
  try {
    text = readFileSync(HOSTS_FILE, "utf8");
  } catch {
    return byName;
  }
  for (const line of text.split("\n")) {
    const [addr, ...names] = line.replace(/#.*/, "").trim().split(/\s+/);
    if (!addr || !isIP(addr.replace(/%.*$/, ""))) continue;
    for (const n of names) {
      const key2 = n.toLowerCase();
      const list = byName.get(key2) ?? [];
      if (!list.includes(addr)) list.push(addr);
      byName.set(key2, list);
    }
  }
  return byName;
};
var netLookupBuiltins = {
  "net.lookup_ip_addr": {
    arity: 1,
    fn: (args) => {
      const name = argString(args, 0);
      if (isIP(name)) return RSet.of([name]);
      const found = hostsEntries().get(name.toLowerCase().replace(/\.$/, ""));
      if (!found) throw builtinError(`lookup ${name}: not in ${HOSTS_FILE}; Airlock resolves no names through DNS from a policy (pass addresses in input or data)`);
      return RSet.of(found);
    }
  }
};

// src/policy/rego/builtins/object-builtins.ts
var objArg = (v, pos) => {
  if (!(v instanceof RObject)) throw operandError(pos, "object", v);
  return v;
};
var keysOf = (v, pos) => {
  if (Array.isArray(v)) return v;
  if (v instanceof RSet) return [...v.values()];
  if (v instanceof RObject) return v.keys();
  throw operandError(pos, "one of {object, set, array}", v);
};
var child = (v, key2) => {
  if (v instanceof RObject) return v.get(key2);
  if (Array.isArray(v)) return typeof key2 === "number" && Number.isInteger(key2) && key2 >= 0 && key2 < v.length ? v[key2] : void 0;
  if (v instanceof RSet) return v.has(key2) ? key2 : void 0;
  return void 0;
};
var unionDeep = (a, b) => {
  const out = new RObject();
  for (const [k, v] of a.pairs()) out.set(k, v);
  for (const [k, v] of b.pairs()) {
    const prev = out.get(k);
    out.set(k, prev instanceof RObject && v instanceof RObject ? unionDeep(prev, v) : v);
  }
  return out;
};
var arraySubset = (sup, sub2) => {
  if (sub2.length > sup.length) return false;
  for (let i = 0; i + sub2.length <= sup.length; i++) if (sub2.every((x, j) => valuesEqual(sup[i + j], x))) return true;
  return false;
};
var setSubset = (sup, sub2) => [...sub2.values()].every((x) => sup.has(x));
var arraySetSubset = (sup, sub2) => {
  let unmatched = sub2.size;
  for (const x of sup) {
    if (sub2.has(x)) unmatched--;
    if (unmatched === 0) return true;
  }
  return false;
};
var objectSubset = (sup, sub2) => {
  for (const [k, v] of sub2.pairs()) {
    const s = sup.get(k);
    if (s === void 0) return false;
    if (valuesEqual(s, v)) continue;
    if (s instanceof RObject && v instanceof RObject) {
      if (!objectSubset(s, v)) return false;
    } else if (s instanceof RSet && v instanceof RSet) {
      if (!setSubset(s, v)) return false;
    } else if (Array.isArray(s) && Array.isArray(v)) {
      if (!arraySubset(s, v)) return false;
    } else return false;
  }
  return true;
};
var isSubset = (sup, sub2) => {
  if (sup instanceof RObject && sub2 instanceof RObject) return objectSubset(sup, sub2);
  if (sup instanceof RSet && sub2 instanceof RSet) return setSubset(sup, sub2);
  if (Array.isArray(sup) && Array.isArray(sub2)) return arraySubset(sup, sub2);
  if (Array.isArray(sup) && sub2 instanceof RSet) return arraySetSubset(sup, sub2);
  throw typeError("both arguments object.subset must be of the same type or array and set");
};
var parsePath = (p, what) => {
  if (typeof p === "string") {
    const trimmed = p.replace(/^\/+|\/+$/g, "");
    return trimmed === "" ? [] : trimmed.split("/").map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
  }
  if (Array.isArray(p)) return p;
  throw typeError(`${what} but got ${typeName(p)}`);
};
var parsePointer = (p) => {
  if (Array.isArray(p)) return p;
  if (typeof p !== "string") return void 0;
  if (p === "") return [];
  const body = p.startsWith("/") ? p.slice(1) : p;
  return body.split("/").map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
};
var buildTree = (paths) => {
  const root = { children: /* @__PURE__ */ new Map(), leaf: false };
  for (const p of paths) {
    let n = root;
    for (const seg of p) {
      const k = typeof seg === "string" ? seg : JSON.stringify(String(seg));
      let c = n.children.get(k);
      if (!c) {
        c = { key: seg, tree: { children: /* @__PURE__ */ new Map(), leaf: false } };
        n.children.set(k, c);
      }
      n = c.tree;
    }
    n.leaf = true;
  }
  return root;
};
var segMatches = (seg, key2) => valuesEqual(seg, key2) || typeof seg === "string" && typeof key2 === "number" && seg === String(key2);
var filterTree = (v, t) => {
  if (t.leaf) return v;
  if (v instanceof RObject) {
    const out = new RObject();
    for (const [k, x] of v.pairs()) {
      for (const { key: key2, tree } of t.children.values()) {
        if (!segMatches(key2, k)) continue;
        const f = filterTree(x, tree);
        if (f !== void 0) out.set(k, f);
      }
    }
    return out;
  }
  if (Array.isArray(v)) {
    const out = [];
    v.forEach((x, i) => {
      for (const { key: key2, tree } of t.children.values()) {
        if (!segMatches(key2, i)) continue;
        const f = filterTree(x, tree);
        if (f !== void 0) out.push(f);
      }
    });
    return out;
  }
  if (v instanceof RSet) {
    const out = new RSet();
    for (const x of v.values()) {
      for (const { key: key2, tree } of t.children.values()) {
        if (!segMatches(key2, x)) continue;
        const f = filterTree(x, tree);
        if (f !== void 0) out.add(f);
      }
    }
    return out;
  }
  return void 0;
};
var removeTree = (v, t) => {
  if (t.leaf) return void 0;
  const sub2 = (k) => {
    for (const { key: key2, tree } of t.children.values()) if (segMatches(key2, k)) return tree;
    return void 0;
  };
  if (v instanceof RObject) {
    const out = new RObject();
    for (const [k, x] of v.pairs()) {
      const st = sub2(k);
      const r = st ? removeTree(x, st) : x;
      if (r !== void 0) out.set(k, r);
    }
    return out;
  }
  if (Array.isArray(v)) {
    const out = [];
    v.forEach((x, i) => {
      const st = sub2(i);
      const r = st ? removeTree(x, st) : x;
      if (r !== void 0) out.push(r);
    });
    return out;
  }
  if (v instanceof RSet) {
    const out = new RSet();
    for (const x of v.values()) {
      const st = sub2(x);
      const r = st ? removeTree(x, st) : x;
      if (r !== void 0) out.add(r);
    }
    return out;
  }
  return v;
};
var pathsArg = (v, name) => {
  const what = `${name}: operand 2 must be one of {set, array} containing string paths or array of path segments`;
  if (!Array.isArray(v) && !(v instanceof RSet)) throw typeError(`operand 2 must be one of {set, array} but got ${typeName(v)}`);
  const xs = Array.isArray(v) ? v : [...v.values()];
  return xs.map((p) => parsePath(p, what.slice(name.length + 2)));
};
var pointerKey = (container, seg, forAdd) => {
  if (Array.isArray(container)) {
    if (forAdd && seg === "-") return container.length;
    const n = typeof seg === "number" ? seg : typeof seg === "string" && /^(0|[1-9][0-9]*)$/.test(seg) ? Number(seg) : void 0;
    if (n === void 0 || n < 0 || n > container.length || !forAdd && n === container.length) return void 0;
    return n;
  }
  return seg;
};
var patchAt = (doc, path, op) => {
  if (path.length === 0) return void 0;
  const [seg, ...rest] = path;
  if (rest.length === 0) return op(doc, seg);
  const key2 = pointerKey(doc, seg, false);
  if (key2 === void 0) return void 0;
  const c = child(doc, key2);
  if (c === void 0) return void 0;
  const replaced = patchAt(c, rest, op);
  if (replaced === void 0) return void 0;
  if (doc instanceof RObject) {
    const o = RObject.fromPairs(doc.pairs());
    o.set(key2, replaced);
    return o;
  }
  if (Array.isArray(doc)) {
    const a = doc.slice();
    a[key2] = replaced;
    return a;
  }
  if (doc instanceof RSet) {
    const s = RSet.of([...doc.values()].filter((x) => !valuesEqual(x, key2)));
    s.add(replaced);
    return s;
  }
  return void 0;
};
var addOp = (value) => (parent, seg) => {
  if (parent instanceof RObject) {
    const o = RObject.fromPairs(parent.pairs());
    o.set(seg, value);
    return o;
  }
  if (Array.isArray(parent)) {
    const i = pointerKey(parent, seg, true);
    if (i === void 0) return void 0;
    const a = parent.slice();
    a.splice(i, 0, value);
    return a;
  }
  if (parent instanceof RSet) {
    if (!valuesEqual(seg, value)) return void 0;
    const s = RSet.of(parent.values());
    s.add(value);
    return s;
  }
  return void 0;
};
var removeOp = (parent, seg) => {
  if (parent instanceof RObject) {
    if (!parent.has(seg)) return void 0;
    const o = RObject.fromPairs(parent.pairs());
    o.delete(seg);
    return o;
  }
  if (Array.isArray(parent)) {
    const i = pointerKey(parent, seg, false);
    if (i === void 0) return void 0;
    const a = parent.slice();
    a.splice(i, 1);
    return a;
  }
  if (parent instanceof RSet) {
    if (!parent.has(seg)) return void 0;
    return RSet.of([...parent.values()].filter((x) => !valuesEqual(x, seg)));
  }
  return void 0;
};
var getPath = (doc, path) => {
  let cur = doc;
  for (const seg of path) {
    if (cur === void 0) return void 0;
    const k = pointerKey(cur, seg, false);
    cur = k === void 0 ? void 0 : child(cur, k);
  }
  return cur;
};
var applyPatch = (doc, patch) => {
  const op = patch.get("op");
  const pathV = patch.get("path");
  if (typeof op !== "string" || pathV === void 0) return void 0;
  const path = parsePointer(pathV);
  if (!path) return void 0;
  const value = patch.get("value");
  const from = patch.get("from");
  switch (op) {
    case "add":
      if (value === void 0) return void 0;
      return path.length === 0 ? value : patchAt(doc, path, addOp(value));
    case "remove":
      return patchAt(doc, path, removeOp);
    case "replace": {
      if (value === void 0) return void 0;
      if (path.length === 0) return value;
      if (getPath(doc, path) === void 0) return void 0;
      const removed = patchAt(doc, path, removeOp);
      return removed === void 0 ? void 0 : patchAt(removed, path, addOp(value));
    }
    case "move":
    case "copy": {
      if (from === void 0) return void 0;
      const fp = parsePointer(from);
      if (!fp) return void 0;
      const v = getPath(doc, fp);
      if (v === void 0) return void 0;
      const base = op === "move" ? patchAt(doc, fp, removeOp) : doc;
      if (base === void 0) return void 0;
      return path.length === 0 ? v : patchAt(base, path, addOp(v));
    }
    case "test": {
      const v = getPath(doc, path);
      return v !== void 0 && value !== void 0 && valuesEqual(v, value) ? doc : void 0;
    }
    default:
      return void 0;
  }
};
var neighbours = (v) => {
  if (v === void 0 || v === null) return [];
  if (Array.isArray(v)) return v;
  if (v instanceof RSet) return [...v.values()];
  if (v instanceof RObject) return v.values();
  return [];
};
var graphArgs = (args) => {
  const g = objArg(args[0], 1);
  const init = args[1];
  if (!Array.isArray(init) && !(init instanceof RSet)) throw operandError(2, "one of {array, set}", init);
  return [g, Array.isArray(init) ? init : [...init.values()]];
};
var walkAll = (v, path, out) => {
  out.push([path.slice(), v]);
  if (v instanceof RObject) for (const [k, x] of v.pairs()) walkAll(x, [...path, k], out);
  else if (Array.isArray(v)) v.forEach((x, i) => walkAll(x, [...path, i], out));
  else if (v instanceof RSet) for (const x of v.values()) walkAll(x, [...path, x], out);
};
var objectBuiltins = {
  "object.get": {
    arity: 3,
    fn: ([o, key2, dflt]) => {
      const obj2 = objArg(o, 1);
      if (Array.isArray(key2)) {
        let cur = obj2;
        for (const seg of key2) {
          cur = cur === void 0 ? void 0 : child(cur, seg);
          if (cur === void 0) break;
        }
        return cur === void 0 ? dflt : cur;
      }
      const found = obj2.get(key2);
      return found === void 0 ? dflt : found;
    }
  },
  "object.keys": { arity: 1, fn: ([o]) => RSet.of(objArg(o, 1).keys()) },
  "object.union": { arity: 2, fn: ([a, b]) => unionDeep(objArg(a, 1), objArg(b, 2)) },
  "object.union_n": {
    arity: 1,
    fn: ([xs]) => {
      if (!Array.isArray(xs)) throw operandError(1, "array", xs);
      let out = new RObject();
      for (const x of xs) {
        if (!(x instanceof RObject)) throw typeError(`operand 1 must be array of objects but got array containing ${typeName(x)}`);
        out = unionDeep(out, x);
      }
      return out;
    }
  },
  "object.remove": {
    arity: 2,
    fn: ([o, ks]) => {
      const obj2 = objArg(o, 1);
      const remove = RSet.of(keysOf(ks, 2));
      return RObject.fromPairs([...obj2.pairs()].filter(([k]) => !remove.has(k)));
    }
  },
  "object.filter": {
    arity: 2,
    fn: ([o, ks]) => {
      const obj2 = objArg(o, 1);
      const keep = RSet.of(keysOf(ks, 2));
      return RObject.fromPairs([...obj2.pairs()].filter(([k]) => keep.has(k)));
    }
  },
  "object.subset": {
    arity: 2,
    fn: ([a, b]) => {
      const ok = (v) => v instanceof RObject || v instanceof RSet || Array.isArray(v);
      if (!ok(a)) throw operandError(1, "one of {object, set, array}", a);
      if (!ok(b)) throw operandError(2, "one of {object, set, array}", b);
      return isSubset(a, b);
    }
  },
  "json.filter": {
    arity: 2,
    fn: ([o, paths]) => {
      const obj2 = objArg(o, 1);
      return filterTree(obj2, buildTree(pathsArg(paths, "json.filter")));
    }
  },
  "json.remove": {
    arity: 2,
    fn: ([o, paths]) => {
      const obj2 = objArg(o, 1);
      return removeTree(obj2, buildTree(pathsArg(paths, "json.remove")));
    }
  },
  "json.patch": {
    arity: 2,
    fn: ([doc, patches]) => {
      if (!Array.isArray(patches)) throw operandError(2, "array", patches);
      let cur = doc;
      for (const p of patches) {
        if (!(p instanceof RObject)) throw typeError(`operand 2 must be array of objects but got array containing ${typeName(p)}`);
        cur = applyPatch(cur, p);
        if (cur === void 0) return void 0;
      }
      return cur;
    }
  },
  walk: {
    arity: 1,
    fn: () => void 0,
    relation: ([v]) => {
      const out = [];
      walkAll(v, [], out);
      return out;
    }
  },
  "graph.reachable": {
    arity: 2,
    fn: (args) => {
      const [g, init] = graphArgs(args);
      const seen = new RSet();
      const queue = [...init];
      while (queue.length) {
        const n = queue.shift();
        if (seen.has(n)) continue;
        const edges = g.get(n);
        if (edges === void 0) continue;
        seen.add(n);
        queue.push(...neighbours(edges));
      }
      return seen;
    }
  },
  "graph.reachable_paths": {
    arity: 2,
    fn: (args) => {
      const [g, init] = graphArgs(args);
      const out = new RSet();
      const walk = (root, path, reached) => {
        const edges = g.get(root);
        const ended = [];
        if (edges === void 0) {
          out.add([...path]);
          return;
        }
        const p = [...path, root];
        const ns = neighbours(edges);
        if (ns.length === 0) {
          out.add(p);
          return;
        }
        for (const n of ns) {
          if (reached.has(n)) {
            ended.push(...p);
            out.add([...ended]);
          } else {
            reached.add(root);
            walk(n, p, reached);
          }
        }
      };
      for (const node of init) {
        const edges = g.get(node);
        if (edges === void 0) continue;
        const ns = neighbours(edges);
        if (ns.length === 0) out.add([node]);
        for (const n of ns) walk(n, [node], RSet.of([node]));
      }
      return out;
    }
  }
};

// src/policy/rego/builtins/random-builtins.ts
import { randomUUID } from "node:crypto";
var randomBuiltins = {
  "uuid.rfc4122": {
    arity: 1,
    fn: (args, ctx) => {
      const key2 = `uuid.rfc4122\0${argString(args, 0)}`;
      let v = ctx.memo.get(key2);
      if (v === void 0) ctx.memo.set(key2, v = randomUUID());
      return v;
    }
  },
  "rand.intn": {
    arity: 2,
    fn: (args, ctx) => {
      const str2 = argString(args, 0);
      const n = argNumber(args, 1);
      if (typeof n === "number" && !Number.isInteger(n)) throw builtinError(`operand 2 must be an integer but got ${n}`);
      const key2 = `rand.intn\0${str2}\0${keyOf(n)}`;
      let v = ctx.memo.get(key2);
      if (v === void 0) {
        const max = Number(n < 0 ? -n : n);
        if (!Number.isSafeInteger(max)) throw builtinError(`operand 2 must be at most ${Number.MAX_SAFE_INTEGER} but got ${n}`);
        ctx.memo.set(key2, v = Math.floor(Math.random() * max));
      }
      return v;
    }
  }
};

// src/policy/rego/builtins/regex-globs-match.ts
var invalid = (input, pos, what) => builtinError(`input:${input}, pos:${pos}, ${what}: the input provided is invalid`);
var tokenize = (input) => {
  const runes2 = [...input].map((c) => c.codePointAt(0));
  const next = (i2) => {
    if (i2 >= runes2.length) return void 0;
    if (runes2[i2] === 92) {
      if (i2 === runes2.length - 1) throw invalid(input, i2, "input ends with a \\ (escape) character");
      return { i: i2 + 2, r: runes2[i2 + 1], escaped: true };
    }
    return { i: i2 + 1, r: runes2[i2], escaped: false };
  };
  const tokens = [];
  let i = 0;
  for (let cur = next(i); cur; cur = next(i)) {
    i = cur.i;
    let cls;
    const c = String.fromCodePoint(cur.r);
    if (!cur.escaped && c === ".") cls = { any: true };
    else if (!cur.escaped && c === "]") throw invalid(input, i, "set-close ']' with no preceding '['");
    else if (!cur.escaped && (c === "*" || c === "+")) throw invalid(input, i, `flag '${c}' must be preceded by a non-flag`);
    else if (!cur.escaped && c === "[") {
      const set = /* @__PURE__ */ new Set();
      let prev;
      let complete = false;
      for (let s = next(i); s; s = next(i)) {
        i = s.i;
        const sc = String.fromCodePoint(s.r);
        if (!s.escaped && sc === "]") {
          complete = true;
          break;
        }
        if (!s.escaped && sc === "-") {
          if (prev === void 0) throw invalid(input, i, "range character '-' must be preceded by a Unicode character");
          const end = next(i);
          if (!end) throw invalid(input, i, "range character '-' must be followed by a Unicode character");
          i = end.i;
          if (!end.escaped && (end.r === 93 || end.r === 45)) throw invalid(input, i, "range character '-' cannot be followed by a special symbol");
          if (end.r < prev) throw invalid(input, i, `range is out of order: '${String.fromCodePoint(end.r)}' comes before '${String.fromCodePoint(prev)}' in Unicode`);
          for (let x = prev; x <= end.r; x++) set.add(x);
          prev = void 0;
          continue;
        }
        set.add(s.r);
        prev = s.r;
      }
      if (!complete) throw invalid(input, i, "found [ without matching ]");
      cls = { any: false, runes: set };
    } else cls = { any: false, runes: /* @__PURE__ */ new Set([cur.r]) };
    let flag = "none";
    const f = runes2[i];
    if (f === 42 || f === 43) {
      flag = f === 42 ? "star" : "plus";
      i++;
    }
    tokens.push({ cls, flag });
  }
  return tokens;
};
var overlaps = (a, b) => {
  if (a.any) return b.any || b.runes.size > 0;
  if (b.any) return a.runes.size > 0;
  for (const r of a.runes) if (b.runes.has(r)) return true;
  return false;
};
var expand = (tokens) => tokens.flatMap((t) => t.flag === "plus" ? [{ cls: t.cls, star: false }, { cls: t.cls, star: true }] : [{ cls: t.cls, star: t.flag === "star" }]);
var globsIntersect = (a, b) => {
  const g = expand(tokenize(a));
  const h = expand(tokenize(b));
  const seen = /* @__PURE__ */ new Set();
  const width2 = h.length + 1;
  const queue = [];
  const push = (i, j) => {
    if (seen.has(i * width2 + j)) return;
    seen.add(i * width2 + j);
    queue.push([i, j]);
  };
  push(0, 0);
  while (queue.length) {
    const [i, j] = queue.shift();
    if (i === g.length && j === h.length) return true;
    if (i < g.length && g[i].star) push(i + 1, j);
    if (j < h.length && h[j].star) push(i, j + 1);
    if (i < g.length && j < h.length && overlaps(g[i].cls, h[j].cls)) push(g[i].star ? i : i + 1, h[j].star ? j : j + 1);
  }
  return false;
};
var regexGlobsBuiltins = {
  "regex.globs_match": { arity: 2, fn: (args) => globsIntersect(argString(args, 0), argString(args, 1)) }
};

// src/policy/rego/builtins/rego-metadata-builtins.ts
var regoMetadataBuiltins = {
  "rego.metadata.chain": { arity: 0, fn: () => [] },
  "rego.metadata.rule": { arity: 0, fn: () => new RObject() }
};

// src/policy/rego/module-ast-json.ts
var obj = (pairs) => RObject.fromPairs(pairs);
var term = (type, value) => obj([["type", type], ["value", value]]);
var refOfName = (name) => {
  const [head, ...rest] = name.split(".");
  return term("ref", [term("var", head), ...rest.map((p) => term("string", p))]);
};
var scalarType = (v) => v === null ? "null" : typeof v === "boolean" ? "boolean" : typeof v === "string" ? "string" : "number";
var AstJson = class {
  wildcards = /* @__PURE__ */ new Map();
  varName(name) {
    if (!name.startsWith("$")) return name;
    let n = this.wildcards.get(name);
    if (n === void 0) this.wildcards.set(name, n = `$${this.wildcards.size}`);
    return n;
  }
  term(t) {
    switch (t.t) {
      case "scalar":
        return term(scalarType(t.v), t.v);
      case "var":
        return term("var", this.varName(t.name));
      case "ref":
        return term("ref", [this.term(t.head), ...t.path.map((p) => this.term(p))]);
      case "array":
        return term("array", t.items.map((i) => this.term(i)));
      case "set":
        return term("set", t.items.map((i) => this.term(i)));
      case "object":
        return term("object", t.pairs.map(([k, v]) => [this.term(k), this.term(v)]));
      case "arraycomp":
        return term("arraycomprehension", obj([["term", this.term(t.head)], ["body", this.body(t.body)]]));
      case "setcomp":
        return term("setcomprehension", obj([["term", this.term(t.head)], ["body", this.body(t.body)]]));
      case "objcomp":
        return term("objectcomprehension", obj([["key", this.term(t.key)], ["value", this.term(t.value)], ["body", this.body(t.body)]]));
      case "call":
        return term("call", [refOfName(t.name || callee(t.fn)), ...t.args.map((a) => this.term(a))]);
      case "template":
        return term("call", [refOfName("internal.template_string"), term("array", t.parts.map((p) => typeof p === "string" ? term("string", p) : this.term(p)))]);
    }
  }
  withs(ws) {
    return ws.length ? [["with", ws.map((w) => obj([["target", w.target.t === "var" ? term("ref", [this.term(w.target)]) : this.term(w.target)], ["value", this.term(w.value)]]))]] : [];
  }
  expr(e, index) {
    switch (e.e) {
      case "term": {
        const t = e.term;
        const terms = t.t === "call" ? [refOfName(t.name || callee(t.fn)), ...t.args.map((a) => this.term(a))] : this.term(t);
        return obj([["index", index], ...e.negated ? [["negated", true]] : [], ["terms", terms], ...this.withs(e.withs)]);
      }
      case "some":
        return obj([["index", index], ["terms", obj([["symbols", e.vars.map((v) => this.term(v))]])]]);
      case "somein": {
        const member2 = e.key ? term("call", [refOfName("internal.member_3"), this.term(e.key), this.term(e.value), this.term(e.coll)]) : term("call", [refOfName("internal.member_2"), this.term(e.value), this.term(e.coll)]);
        return obj([["index", index], ["terms", obj([["symbols", [member2]]])], ...this.withs(e.withs)]);
      }
      case "every": {
        const every = obj([...e.key ? [["key", this.term(e.key)]] : [], ["value", this.term(e.value)], ["domain", this.term(e.domain)], ["body", this.body(e.body)]]);
        return obj([["index", index], ["terms", every], ...this.withs(e.withs)]);
      }
    }
  }
  body(b) {
    return b.length ? b.map((e, i) => this.expr(e, i)) : [obj([["index", 0], ["terms", term("boolean", true)]])];
  }
  rule(r) {
    const ref = r.ref.map((p, i) => i === 0 && p.t === "scalar" && typeof p.v === "string" ? term("var", p.v) : this.term(p));
    const first2 = r.ref[0];
    const head = [];
    if (r.ref.length === 1 && first2?.t === "scalar") head.push(["name", first2.v]);
    head.push(["ref", ref]);
    if (r.args.length) head.push(["args", r.args.map((a) => this.term(a))]);
    if (r.kind === "set" && r.key) head.push(["key", this.term(r.key)]);
    else head.push(["value", this.term(r.value)]);
    const out = [["head", obj(head)], ["body", this.body(r.body)]];
    if (r.isDefault) out.push(["default", true]);
    let elseRule;
    for (const el of [...r.elses].reverse()) {
      const node = [["head", obj([...head.filter(([k]) => k !== "value"), ["value", this.term(el.value)]])], ["body", this.body(el.body)]];
      if (elseRule) node.push(["else", elseRule]);
      elseRule = obj(node);
    }
    if (elseRule) out.push(["else", elseRule]);
    return obj(out);
  }
  module(m) {
    const pkg = obj([["path", [term("var", "data"), ...m.pkg.map((p) => term("string", p))]]]);
    const out = [["package", pkg]];
    if (m.imports.length) out.push(["imports", m.imports.map((i) => obj([["path", this.term(i.path)], ...i.alias ? [["alias", i.alias]] : []]))]);
    if (m.rules.length) out.push(["rules", m.rules.map((r) => this.rule(r))]);
    return obj(out);
  }
};
var callee = (fn) => {
  if (fn.t === "var") return fn.name;
  if (fn.t === "ref") return [callee(fn.head), ...fn.path.map((p) => p.t === "scalar" ? String(p.v) : "?")].join(".");
  return "?";
};
var moduleAstJson = (m) => new AstJson().module(m);

// src/policy/rego/builtins/rego-parse-module.ts
var regoParseModule = {
  "rego.parse_module": {
    arity: 2,
    fn: (args) => {
      const file = argString(args, 0);
      const source = argString(args, 1);
      try {
        return moduleAstJson(parseModule(source, file));
      } catch (e) {
        if (e instanceof RegoError) throw builtinError(e.message);
        throw e;
      }
    }
  }
};

// src/policy/rego/builtins/semver-builtins.ts
var SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;
var parse = (s, pos) => {
  const m = SEMVER.exec(s);
  if (!m) throw builtinError(`operand ${pos}: string ${JSON.stringify(s)} is not a valid SemVer`);
  return { nums: [BigInt(m[1]), BigInt(m[2]), BigInt(m[3])], pre: m[4] ? m[4].split(".") : [] };
};
var cmpIdent = (a, b) => {
  const an = /^\d+$/.test(a);
  const bn = /^\d+$/.test(b);
  if (an && bn) {
    const x = BigInt(a);
    const y = BigInt(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (an) return -1;
  if (bn) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
};
var compare = (a, b) => {
  for (let i = 0; i < 3; i++) if (a.nums[i] !== b.nums[i]) return a.nums[i] < b.nums[i] ? -1 : 1;
  if (!a.pre.length || !b.pre.length) return a.pre.length === b.pre.length ? 0 : a.pre.length ? -1 : 1;
  for (let i = 0; i < Math.min(a.pre.length, b.pre.length); i++) {
    const c = cmpIdent(a.pre[i], b.pre[i]);
    if (c) return c;
  }
  return Math.sign(a.pre.length - b.pre.length);
};
var semverBuiltins = {
  "semver.is_valid": { arity: 1, fn: ([v]) => typeof v === "string" && SEMVER.test(v) },
  "semver.compare": { arity: 2, fn: (args) => compare(parse(argString(args, 0), 1), parse(argString(args, 1), 2)) }
};

// src/policy/rego/builtins/sprintf.ts
var MAX_WIDTH = 1e5;
var pad2 = (s, width2, left, zero) => {
  if (s.length >= width2) return s;
  if (width2 > MAX_WIDTH) throw builtinError(`format width ${width2} exceeds ${MAX_WIDTH}`);
  if (left) return s + " ".repeat(width2 - s.length);
  if (zero) {
    const sign = s.startsWith("-") || s.startsWith("+") ? s[0] : "";
    return sign + "0".repeat(width2 - s.length) + s.slice(sign.length);
  }
  return " ".repeat(width2 - s.length) + s;
};
var goExp = (s) => s.replace(/e([+-])(\d)$/, "e$10$2");
var goFloat = (n) => {
  if (Number.isNaN(n)) return "NaN";
  if (!Number.isFinite(n)) return n > 0 ? "+Inf" : "-Inf";
  if (Number.isSafeInteger(n)) return String(n);
  const [mant, expText] = n.toExponential().split("e");
  const exp = Number(expText);
  if (exp < -4 || exp >= 6) return `${mant}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  return String(n);
};
var formatValue = (v) => {
  if (typeof v === "string") return v;
  if (typeof v === "number") return goFloat(v);
  if (typeof v === "bigint") return v.toString();
  return toRegoString(v);
};
var goQuote = (s) => JSON.stringify(s).replace(/\\u00([0-9a-f]{2})/g, "\\x$1");
var formatOne = (verb, v, flags, width2, prec) => {
  if (v === void 0) return `%!${verb}(MISSING)`;
  const plus = flags.includes("+");
  const sign = (s, neg2) => neg2 ? s : plus ? `+${s}` : s;
  let out;
  switch (verb) {
    case "v":
    case "s":
      out = verb === "s" && !isNumber(v) && typeof v !== "string" && typeof v !== "boolean" && v !== null ? toRegoString(v) : formatValue(v);
      if (prec !== void 0 && typeof v === "string") out = [...out].slice(0, prec).join("");
      break;
    case "d":
      if (!isNumber(v)) return `%!d(${formatValue(v)})`;
      if (typeof v === "number" && !Number.isInteger(v)) return `%!d(float64=${goFloat(v)})`;
      out = sign(formatNumber(v), typeof v === "bigint" ? v < 0n : v < 0);
      break;
    case "f":
    case "F":
      if (!isNumber(v)) return `%!f(${formatValue(v)})`;
      if ((prec ?? 6) > 100) throw builtinError(`format precision ${prec} exceeds 100`);
      out = sign(Number(v).toFixed(prec ?? 6), Number(v) < 0);
      break;
    case "e":
    case "E": {
      if (!isNumber(v)) return `%!e(${formatValue(v)})`;
      out = sign(goExp(Number(v).toExponential(prec ?? 6)), Number(v) < 0);
      if (verb === "E") out = out.toUpperCase();
      break;
    }
    case "g":
    case "G":
      if (!isNumber(v)) return `%!g(${formatValue(v)})`;
      out = sign(prec === void 0 ? goFloat(Number(v)) : goExp(Number(Number(v).toPrecision(prec)).toString()), Number(v) < 0);
      break;
    case "x":
    case "X": {
      if (typeof v === "string") out = Buffer.from(v, "utf8").toString("hex");
      else if (isNumber(v) && (typeof v === "bigint" || Number.isInteger(v))) out = (typeof v === "bigint" ? v : BigInt(v)).toString(16);
      else return `%!${verb}(${formatValue(v)})`;
      if (verb === "X") out = out.toUpperCase();
      break;
    }
    case "o":
    case "b":
      if (!isNumber(v) || typeof v === "number" && !Number.isInteger(v)) return `%!${verb}(${formatValue(v)})`;
      out = BigInt(v).toString(verb === "o" ? 8 : 2);
      break;
    case "q":
      out = typeof v === "string" ? goQuote(v) : `%!q(${formatValue(v)})`;
      break;
    case "t":
      out = typeof v === "boolean" ? String(v) : `%!t(${formatValue(v)})`;
      break;
    default:
      return `%!${verb}(${formatValue(v)})`;
  }
  return width2 === void 0 ? out : pad2(out, width2, flags.includes("-"), flags.includes("0"));
};
var parsedFormats = /* @__PURE__ */ new Map();
var parseFormat = (format) => {
  const parts = [];
  let lit = "";
  for (let i = 0; i < format.length; i++) {
    const c = format[i];
    if (c !== "%") {
      lit += c;
      continue;
    }
    const m = /^([-+# 0]*)(\d+)?(?:\.(\d*))?([a-zA-Z%])?/.exec(format.slice(i + 1));
    i += m[0].length;
    const verb = m[4];
    if (verb === void 0) lit += "%!(NOVERB)";
    else if (verb === "%") lit += "%";
    else {
      if (lit) parts.push(lit);
      lit = "";
      parts.push({ verb, flags: m[1] ?? "", width: m[2] ? Number(m[2]) : void 0, prec: m[3] !== void 0 ? Number(m[3] || "0") : void 0 });
    }
  }
  if (lit) parts.push(lit);
  return parts;
};
var goSprintf = (format, values) => {
  let parts = parsedFormats.get(format);
  if (!parts) {
    parts = parseFormat(format);
    if (parsedFormats.size > 1e3) parsedFormats.clear();
    parsedFormats.set(format, parts);
  }
  let out = "";
  let argi = 0;
  for (const p of parts) {
    if (typeof p === "string") out += p;
    else if ((p.verb === "s" || p.verb === "v") && p.flags === "" && p.width === void 0 && p.prec === void 0 && typeof values[argi] === "string") out += values[argi++];
    else out += formatOne(p.verb, values[argi++], p.flags, p.width, p.prec);
  }
  if (argi < values.length) out += `%!(EXTRA ${values.slice(argi).map((v) => `${typeof v === "string" ? "string" : "value"}=${formatValue(v)}`).join(", ")})`;
  return out;
};
var sprintfBuiltin = {
  arity: 2,
  fn: (args) => {
    const f = argString(args, 0);
    const vals = args[1];
    if (!Array.isArray(vals)) throw builtinError("operand 2 must be array");
    return goSprintf(f, argArray(args, 1));
  }
};

// src/policy/rego/builtins/go-text-template.ts
var TemplateError = class extends Error {
};
var fail2 = (msg) => {
  throw new TemplateError(`template: template:${msg}`);
};
var GoNumber = class {
  constructor(text) {
    this.text = text;
  }
  text;
};
var UNDEFINED = /* @__PURE__ */ Symbol("undefined");
var lexTemplate = (src) => {
  const out = [];
  let i = 0;
  let trimNext = false;
  while (i < src.length) {
    const open = src.indexOf("{{", i);
    let text = src.slice(i, open < 0 ? src.length : open);
    if (trimNext) text = text.replace(/^\s+/, "");
    trimNext = false;
    if (open < 0) {
      if (text) out.push({ k: "text", v: text });
      break;
    }
    let start = open + 2;
    if (src.startsWith("- ", start) || src[start] === "-" && /\s/.test(src[start + 1] ?? "")) {
      text = text.replace(/\s+$/, "");
      start += 1;
    }
    if (text) out.push({ k: "text", v: text });
    const line = src.slice(0, open).split("\n").length;
    let j = start;
    let quote;
    for (; j < src.length; j++) {
      const c = src[j];
      if (quote) {
        if (c === "\\" && quote === '"') j++;
        else if (c === quote) quote = void 0;
      } else if (c === '"' || c === "`" || c === "'") quote = c;
      else if (src.startsWith("}}", j)) break;
    }
    if (j >= src.length) fail2(`${line}: unclosed action`);
    let body = src.slice(start, j);
    if (/\s-$/.test(body)) {
      body = body.slice(0, -1);
      trimNext = true;
    }
    const trimmed = body.trim();
    if (!(trimmed.startsWith("/*") && trimmed.endsWith("*/"))) out.push({ k: "action", v: body, line });
    i = j + 2;
  }
  return out;
};
var words = (s, line) => {
  const out = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const m = /^"(?:[^"\\]|\\.)*"/.exec(s.slice(i)) ?? /^`[^`]*`/.exec(s.slice(i)) ?? /^'(?:[^'\\]|\\.)'/.exec(s.slice(i)) ?? /^:=|^=|^[|(),]/.exec(s.slice(i)) ?? /^[-+]?(?:0[xX][0-9a-fA-F_]+|[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|\.[0-9]+)/.exec(s.slice(i)) ?? /^\$[A-Za-z_0-9]*(?:\.[A-Za-z_0-9]+)*|^[A-Za-z_][A-Za-z_0-9]*|^\.(?:[A-Za-z_0-9]+(?:\.[A-Za-z_0-9]+)*)?/.exec(s.slice(i));
    if (!m || m[0] === "") return fail2(`${line}: unexpected ${JSON.stringify(c)} in command`);
    out.push(m[0]);
    i += m[0].length;
  }
  return out;
};
var FUNCS = /* @__PURE__ */ new Set(["and", "or", "not", "len", "index", "eq", "ne", "lt", "le", "gt", "ge", "print", "printf", "println", "html", "js", "urlquery", "slice", "call"]);
var unquote = (w) => {
  if (w.startsWith("`")) return w.slice(1, -1);
  return JSON.parse(w.replace(/\\x([0-9a-fA-F]{2})/g, "\\u00$1").replace(/\\a/g, "\\u0007").replace(/\\v/g, "\\u000b"));
};
var parsePipeline = (ws, line) => {
  let pos = 0;
  const decl = [];
  let assign = false;
  const declEnd = ws.findIndex((w) => w === ":=" || w === "=");
  if (declEnd > 0 && ws.slice(0, declEnd).every((w, i) => i % 2 === 0 ? /^\$[A-Za-z_0-9]*$/.test(w) : w === ",")) {
    for (let i = 0; i < declEnd; i += 2) decl.push(ws[i]);
    assign = ws[declEnd] === "=";
    pos = declEnd + 1;
  }
  const cmds = [];
  let cmd = [];
  const operand = () => {
    const w = ws[pos++];
    if (w === "(") {
      let depth = 1;
      const start = pos;
      while (pos < ws.length && depth > 0) {
        if (ws[pos] === "(") depth++;
        else if (ws[pos] === ")") depth--;
        pos++;
      }
      if (depth) fail2(`${line}: unclosed left paren`);
      const inner = parsePipeline(ws.slice(start, pos - 1), line);
      const fields = [];
      while (ws[pos]?.startsWith(".") && !/^\.[0-9]/.test(ws[pos])) fields.push(...ws[pos++].split(".").slice(1));
      return { t: "pipe", p: inner, fields };
    }
    if (w.startsWith('"') || w.startsWith("`")) return { t: "lit", v: unquote(w) };
    if (w.startsWith("'")) return { t: "lit", v: BigInt(unquote(`"${w.slice(1, -1)}"`).codePointAt(0)) };
    if (/^[-+]?[0-9.]/.test(w) && w !== "." && !/^\.[A-Za-z_]/.test(w)) {
      const clean = w.replace(/_/g, "");
      if (/^[-+]?(0[xX][0-9a-fA-F]+|[0-9]+)$/.test(clean)) return { t: "lit", v: BigInt(clean.replace(/^\+/, "")) };
      return { t: "lit", v: Number(clean) };
    }
    if (w === "true" || w === "false") return { t: "lit", v: w === "true" };
    if (w === "nil") return { t: "lit", v: null };
    if (w.startsWith("$")) {
      const [name, ...fields] = w.split(".");
      return { t: "var", name, fields };
    }
    if (w.startsWith(".")) return { t: "dot", fields: w === "." ? [] : w.split(".").slice(1) };
    if (FUNCS.has(w)) return { t: "fn", name: w };
    return fail2(`${line}: function ${JSON.stringify(w)} not defined`);
  };
  while (pos < ws.length) {
    if (ws[pos] === "|") {
      if (!cmd.length) fail2(`${line}: missing command`);
      cmds.push(cmd);
      cmd = [];
      pos++;
      continue;
    }
    if (ws[pos] === ")" || ws[pos] === "," || ws[pos] === ":=" || ws[pos] === "=") fail2(`${line}: unexpected ${JSON.stringify(ws[pos])} in operand`);
    cmd.push(operand());
  }
  if (cmd.length) cmds.push(cmd);
  if (!cmds.length) fail2(`${line}: missing value for command`);
  return { decl, assign, cmds };
};
var parseNodes = (toks) => {
  let i = 0;
  const list = (stop) => {
    const nodes = [];
    while (i < toks.length) {
      const tok = toks[i++];
      if (tok.k === "text") {
        nodes.push({ t: "text", v: tok.v });
        continue;
      }
      const ws = words(tok.v, tok.line);
      const kw = ws[0];
      if (kw === "end" || kw === "else") {
        if (!stop.has(kw)) fail2(`${tok.line}: unexpected {{${kw}}}`);
        return { nodes, end: kw, rest: ws.slice(1), line: tok.line };
      }
      if (kw === "if" || kw === "with" || kw === "range") nodes.push(control(kw, ws.slice(1), tok.line));
      else if (kw === "break" || kw === "continue") nodes.push({ t: kw });
      else if (kw === "define" || kw === "template" || kw === "block") fail2(`${tok.line}: {{${kw}}} is not supported`);
      else if (!ws.length) fail2(`${tok.line}: missing value for command`);
      else nodes.push({ t: "print", p: parsePipeline(ws, tok.line) });
    }
    if (stop.size) fail2(`${toks.length ? "1" : "0"}: unexpected EOF`);
    return { nodes, end: "", rest: [], line: 0 };
  };
  const control = (kw, ws, line) => {
    if (!ws.length) fail2(`${line}: missing value for ${kw}`);
    const p = parsePipeline(ws, line);
    const body = list(/* @__PURE__ */ new Set(["end", "else"]));
    let elseNodes = [];
    if (body.end === "else") {
      const chained = body.rest[0];
      if (chained === "if" || chained === "with") elseNodes = [control(chained, body.rest.slice(1), body.line)];
      else elseNodes = list(/* @__PURE__ */ new Set(["end"])).nodes;
    }
    return { t: kw, p, then: body.nodes, else: elseNodes };
  };
  return list(/* @__PURE__ */ new Set()).nodes;
};
var goValue = (v) => {
  if (isNumber(v)) return new GoNumber(formatNumber(v));
  if (v instanceof RSet) return sortedValues(v).map((x) => goValue(x));
  if (Array.isArray(v)) return v.map((x) => goValue(x));
  if (v instanceof RObject) {
    const o = new RObject();
    for (const [k, x] of v.pairs()) o.set(typeof k === "string" ? k : String(k), goValue(x));
    return o;
  }
  return v;
};
var sprint = (v) => {
  if (v === UNDEFINED) return "<undefined>";
  if (v instanceof GoNumber) return v.text;
  if (v === null) return "<nil>";
  if (typeof v === "string") return v;
  if (typeof v === "boolean" || typeof v === "bigint") return String(v);
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : String(v);
  if (Array.isArray(v)) return `[${v.map((x) => sprint(x)).join(" ")}]`;
  if (v instanceof RObject) {
    const keys = v.keys().sort();
    return `map[${keys.map((k) => `${k}:${sprint(v.get(k))}`).join(" ")}]`;
  }
  return String(v);
};
var truth = (v) => {
  if (v === UNDEFINED || v === null) return false;
  if (v instanceof GoNumber) return v.text !== "";
  if (typeof v === "boolean") return v;
  if (typeof v === "bigint") return v !== 0n;
  if (typeof v === "number") return v !== 0;
  if (typeof v === "string") return v !== "";
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof RObject) return v.size > 0;
  return true;
};
var kind = (v) => {
  if (v instanceof GoNumber || typeof v === "string") return "string";
  if (typeof v === "bigint") return "int";
  if (typeof v === "number") return "float";
  if (typeof v === "boolean") return "bool";
  if (v === null || v === UNDEFINED) return "nil";
  return "other";
};
var basic = (v) => v instanceof GoNumber ? v.text : v === UNDEFINED ? null : v;
var compare2 = (op, a, b) => {
  const ka = kind(a);
  const kb = kind(b);
  const numeric = (ka === "int" || ka === "float") && (kb === "int" || kb === "float");
  if (ka !== kb && !numeric) {
    if (op === "eq" || op === "ne") {
      if (ka === "nil" || kb === "nil") return op === "ne";
    }
    return fail2(`: error calling ${op}: incompatible types for comparison`);
  }
  if (ka === "other") return fail2(`: error calling ${op}: invalid type for comparison`);
  const x = basic(a);
  const y = basic(b);
  const xn = numeric ? Number(x) : x;
  const yn = numeric ? Number(y) : y;
  switch (op) {
    case "eq":
      return xn === yn;
    case "ne":
      return xn !== yn;
    default: {
      if (ka === "bool" || ka === "nil") return fail2(`: error calling ${op}: invalid type for comparison`);
      const c = xn < yn ? -1 : xn > yn ? 1 : 0;
      return op === "lt" ? c < 0 : op === "le" ? c <= 0 : op === "gt" ? c > 0 : c >= 0;
    }
  }
};
var sprintf = (format, args) => {
  let n = 0;
  return format.replace(/%([-+# 0]*)(\d*)(?:\.(\d+))?([a-zA-Z%])/g, (_m, _flags, width2, _prec, verb) => {
    if (verb === "%") return "%";
    if (n >= args.length) return `%!${verb}(MISSING)`;
    const a = args[n++];
    let s;
    if (verb === "q") s = JSON.stringify(sprint(a));
    else if (verb === "x") s = typeof a === "bigint" ? a.toString(16) : Buffer.from(sprint(a)).toString("hex");
    else if (verb === "d" && kind(a) !== "int") s = `%!d(${kind(a)}=${sprint(a)})`;
    else s = sprint(a);
    return width2 ? s.padStart(Number(width2)) : s;
  });
};
var Exec = class {
  out = "";
  vars = [];
  constructor(root) {
    this.vars.push(["$", root]);
  }
  lookupVar(name) {
    for (let i = this.vars.length - 1; i >= 0; i--) if (this.vars[i][0] === name) return this.vars[i][1];
    return fail2(`: undefined variable: ${name}`);
  }
  field(v, name) {
    if (v instanceof RObject) {
      const x = v.get(name);
      return x === void 0 ? UNDEFINED : x;
    }
    if (v === UNDEFINED || v === null) return UNDEFINED;
    return fail2(`: can't evaluate field ${name} in type ${kind(v)}`);
  }
  arg(a, dot) {
    switch (a.t) {
      case "lit":
        return a.v;
      case "dot":
        return a.fields.reduce((v, f) => this.field(v, f), dot);
      case "var":
        return a.fields.reduce((v, f) => this.field(v, f), this.lookupVar(a.name));
      case "pipe":
        return a.fields.reduce((v, f) => this.field(v, f), this.pipeline(a.p, dot));
      case "fn":
        return this.call(a.name, [], dot);
    }
  }
  call(name, args, _dot) {
    switch (name) {
      case "not":
        return !truth(args[0]);
      case "and":
        return args.find((x) => !truth(x)) ?? args[args.length - 1];
      case "or":
        return args.find((x) => truth(x)) ?? args[args.length - 1];
      case "len": {
        const v = args[0];
        if (typeof v === "string") return BigInt([...Buffer.from(v)].length);
        if (v instanceof GoNumber) return BigInt(v.text.length);
        if (Array.isArray(v)) return BigInt(v.length);
        if (v instanceof RObject) return BigInt(v.size);
        return fail2(`: error calling len: len of type ${kind(v)}`);
      }
      case "index": {
        let v = args[0];
        for (const k of args.slice(1)) {
          if (Array.isArray(v)) {
            const idx = typeof k === "bigint" ? Number(k) : -1;
            if (idx < 0 || idx >= v.length) fail2(`: error calling index: index out of range: ${sprint(k)}`);
            v = v[idx];
          } else if (v instanceof RObject) v = v.get(sprint(k)) ?? UNDEFINED;
          else fail2(`: error calling index: can't index item of type ${kind(v)}`);
        }
        return v;
      }
      case "eq":
        return args.slice(1).some((b) => compare2("eq", args[0], b));
      case "ne":
      case "lt":
      case "le":
      case "gt":
      case "ge":
        return compare2(name, args[0], args[1]);
      case "print":
        return args.map((a, i) => (i > 0 && kind(a) !== "string" && kind(args[i - 1]) !== "string" ? " " : "") + sprint(a)).join("");
      case "println":
        return `${args.map(sprint).join(" ")}
`;
      case "printf":
        return sprintf(sprint(args[0]), args.slice(1));
      default:
        return fail2(`: function ${JSON.stringify(name)} is not supported`);
    }
  }
  command(cmd, dot, piped) {
    const [head, ...rest] = cmd;
    if (head.t === "fn") return this.call(head.name, [...rest.map((a) => this.arg(a, dot)), ...piped], dot);
    if (rest.length || piped.length) fail2(`: can't give argument to non-function ${sprint(this.arg(head, dot))}`);
    return this.arg(head, dot);
  }
  pipeline(p, dot) {
    let v;
    for (const cmd of p.cmds) v = this.command(cmd, dot, v === void 0 ? [] : [v]);
    if (p.decl.length === 1) {
      if (p.assign) {
        const i = this.vars.map((x) => x[0]).lastIndexOf(p.decl[0]);
        if (i < 0) fail2(`: undefined variable: ${p.decl[0]}`);
        this.vars[i][1] = v;
      } else this.vars.push([p.decl[0], v]);
    }
    return v;
  }
  /** Runs nodes; returns 'break' or 'continue' when one of those ended the list early. */
  run(nodes, dot) {
    const mark = this.vars.length;
    try {
      for (const n of nodes) {
        switch (n.t) {
          case "text":
            this.out += n.v;
            break;
          case "print": {
            const v = this.pipeline(n.p, dot);
            if (!n.p.decl.length) this.out += sprint(v);
            break;
          }
          case "if":
          case "with": {
            const v = this.pipeline(n.p, dot);
            const r = truth(v) ? this.run(n.then, n.t === "with" ? v : dot) : this.run(n.else, dot);
            if (r) return r;
            break;
          }
          case "range": {
            const r = this.range(n, dot);
            if (r) return r;
            break;
          }
          default:
            return n.t;
        }
      }
      return void 0;
    } finally {
      this.vars.length = mark;
    }
  }
  range(n, dot) {
    const v = this.pipeline({ decl: [], assign: false, cmds: n.p.cmds }, dot);
    let items;
    if (Array.isArray(v)) items = v.map((x, i) => [BigInt(i), x]);
    else if (v instanceof RObject) items = v.keys().sort().map((k) => [k, v.get(k)]);
    else if (typeof v === "bigint") items = Array.from({ length: Math.max(0, Number(v)) }, (_x, i) => [BigInt(i), BigInt(i)]);
    else if (v === null || v === UNDEFINED) items = [];
    else return fail2(`: range can't iterate over ${sprint(v)}`);
    if (!items.length) {
      this.run(n.else, dot);
      return void 0;
    }
    for (const [k, x] of items) {
      const mark = this.vars.length;
      if (n.p.decl.length === 1) this.vars.push([n.p.decl[0], x]);
      else if (n.p.decl.length === 2) this.vars.push([n.p.decl[0], k], [n.p.decl[1], x]);
      const r = this.run(n.then, x);
      this.vars.length = mark;
      if (r === "break") break;
    }
    return void 0;
  }
};
var renderGoTemplate = (template, vars) => {
  const nodes = parseNodes(lexTemplate(template));
  const exec = new Exec(goValue(vars));
  exec.run(nodes, goValue(vars));
  return exec.out;
};

// src/policy/rego/builtins/string-builtins.ts
var runes = (s) => [...s];
var isSpace = (c) => /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/u.test(c);
var trimLeft = (s, cut) => {
  const r = runes(s);
  let i = 0;
  while (i < r.length && cut.has(r[i])) i++;
  return r.slice(i).join("");
};
var trimRight = (s, cut) => {
  const r = runes(s);
  let j = r.length;
  while (j > 0 && cut.has(r[j - 1])) j--;
  return r.slice(0, j).join("");
};
var runeIndex = (s, utf16) => runes(s.slice(0, utf16)).length;
var stringsOf = (v, pos, name) => {
  if (typeof v === "string") return [v];
  if (Array.isArray(v) || v instanceof RSet) {
    const xs = Array.isArray(v) ? v : [...v.values()];
    return xs.map((x) => {
      if (typeof x !== "string") {
        const kind2 = Array.isArray(v) ? "array" : "set";
        throw typeError(`operand ${pos} must be ${kind2} of strings but got ${kind2} containing ${typeName(x)}`);
      }
      return x;
    });
  }
  void name;
  throw operandError(pos, "one of {string, set, array}", v);
};
var replaceN = (patterns, s) => {
  let out = "";
  let i = 0;
  let prevMatchEmpty = false;
  while (i <= s.length) {
    const hit = patterns.find(([from]) => !(from === "" && prevMatchEmpty) && s.startsWith(from, i));
    prevMatchEmpty = hit !== void 0 && hit[0] === "";
    if (hit) {
      out += hit[1];
      i += hit[0].length;
      continue;
    }
    if (i === s.length) break;
    const ch = String.fromCodePoint(s.codePointAt(i));
    out += ch;
    i += ch.length;
  }
  return out;
};
var stringBuiltins = {
  sprintf: sprintfBuiltin,
  concat: {
    arity: 2,
    fn: (args) => {
      const d = argString(args, 0);
      const v = args[1];
      if (!Array.isArray(v) && !(v instanceof RSet)) throw operandError(2, "one of {array, set}", v);
      const xs = Array.isArray(v) ? v : [...v.values()].sort();
      return xs.map((x) => {
        if (typeof x !== "string") throw typeError(`operand 2 must be array of strings but got array containing ${typeName(x)}`);
        return x;
      }).join(d);
    }
  },
  contains: { arity: 2, fn: (args) => argString(args, 0).includes(argString(args, 1)) },
  startswith: { arity: 2, fn: (args) => argString(args, 0).startsWith(argString(args, 1)) },
  endswith: { arity: 2, fn: (args) => argString(args, 0).endsWith(argString(args, 1)) },
  lower: { arity: 1, fn: (args) => argString(args, 0).toLowerCase() },
  upper: { arity: 1, fn: (args) => argString(args, 0).toUpperCase() },
  indexof: {
    arity: 2,
    fn: (args) => {
      const s = argString(args, 0);
      const i = s.indexOf(argString(args, 1));
      return i < 0 ? -1 : runeIndex(s, i);
    }
  },
  indexof_n: {
    arity: 2,
    fn: (args) => {
      const s = argString(args, 0);
      const sub2 = argString(args, 1);
      const out = [];
      if (sub2 === "") return out;
      for (let i = s.indexOf(sub2); i >= 0; i = s.indexOf(sub2, i + 1)) out.push(runeIndex(s, i));
      return out;
    }
  },
  substring: {
    arity: 3,
    fn: (args) => {
      const r = runes(argString(args, 0));
      const start = Number(argNumber(args, 1));
      const len = Number(argNumber(args, 2));
      if (!Number.isInteger(start)) throw operandError(2, "integer", args[1]);
      if (!Number.isInteger(len)) throw operandError(3, "integer", args[2]);
      if (start < 0) throw builtinError("negative offset");
      if (start >= r.length) return "";
      return r.slice(start, len < 0 ? void 0 : start + len).join("");
    }
  },
  split: {
    arity: 2,
    fn: (args) => {
      const s = argString(args, 0);
      const d = argString(args, 1);
      return d === "" ? runes(s) : s.split(d);
    }
  },
  replace: {
    arity: 3,
    fn: (args) => {
      const s = argString(args, 0);
      const old = argString(args, 1);
      const nw = argString(args, 2);
      if (old === "") return [nw, ...runes(s).map((c) => c + nw)].join("");
      return s.split(old).join(nw);
    }
  },
  "strings.replace_n": {
    arity: 2,
    fn: (args) => {
      const p = args[0];
      if (!(p instanceof RObject)) throw operandError(1, "object", p);
      const s = argString(args, 1);
      const pairs = sortedPairs(p).map(([k, v]) => {
        if (typeof k !== "string") throw typeError("operand 1 non-string key found in pattern object");
        if (typeof v !== "string") throw typeError("operand 1 non-string value found in pattern object");
        return [k, v];
      });
      return replaceN(pairs, s);
    }
  },
  "strings.reverse": { arity: 1, fn: (args) => runes(argString(args, 0)).reverse().join("") },
  "strings.count": {
    arity: 2,
    fn: (args) => {
      const s = argString(args, 0);
      const sub2 = argString(args, 1);
      if (sub2 === "") return runes(s).length + 1;
      return s.split(sub2).length - 1;
    }
  },
  "strings.any_prefix_match": {
    arity: 2,
    fn: (args) => {
      const ss = stringsOf(args[0], 1, "strings.any_prefix_match");
      const ps = stringsOf(args[1], 2, "strings.any_prefix_match");
      return ss.some((s) => ps.some((p) => s.startsWith(p)));
    }
  },
  "strings.any_suffix_match": {
    arity: 2,
    fn: (args) => {
      const ss = stringsOf(args[0], 1, "strings.any_suffix_match");
      const ps = stringsOf(args[1], 2, "strings.any_suffix_match");
      return ss.some((s) => ps.some((p) => s.endsWith(p)));
    }
  },
  trim: { arity: 2, fn: (args) => {
    const cut = new Set(runes(argString(args, 1)));
    return trimRight(trimLeft(argString(args, 0), cut), cut);
  } },
  trim_left: { arity: 2, fn: (args) => trimLeft(argString(args, 0), new Set(runes(argString(args, 1)))) },
  trim_right: { arity: 2, fn: (args) => trimRight(argString(args, 0), new Set(runes(argString(args, 1)))) },
  trim_prefix: {
    arity: 2,
    fn: (args) => {
      const s = argString(args, 0);
      const p = argString(args, 1);
      return s.startsWith(p) ? s.slice(p.length) : s;
    }
  },
  trim_suffix: {
    arity: 2,
    fn: (args) => {
      const s = argString(args, 0);
      const p = argString(args, 1);
      return p !== "" && s.endsWith(p) ? s.slice(0, s.length - p.length) : s;
    }
  },
  trim_space: {
    arity: 1,
    fn: (args) => {
      const r = runes(argString(args, 0));
      let i = 0;
      let j = r.length;
      while (i < j && isSpace(r[i])) i++;
      while (j > i && isSpace(r[j - 1])) j--;
      return r.slice(i, j).join("");
    }
  },
  format_int: {
    arity: 2,
    fn: (args) => {
      const n = argNumber(args, 0);
      const base = argNumber(args, 1);
      if (base !== 2 && base !== 8 && base !== 10 && base !== 16) throw typeError("operand 2 must be one of {2, 8, 10, 16}");
      const i = typeof n === "bigint" ? n : BigInt(Math.trunc(n));
      return i.toString(base);
    }
  },
  "strings.render_template": {
    arity: 2,
    fn: (args) => {
      const tpl = argString(args, 0);
      const vars = args[1];
      if (!(vars instanceof RObject)) throw operandError(2, "object", vars);
      try {
        return renderGoTemplate(tpl, vars);
      } catch (e) {
        if (e instanceof TemplateError) throw builtinError(e.message);
        throw e;
      }
    }
  },
  "strings.split_n": {
    arity: 3,
    fn: (args) => {
      const s = argString(args, 0);
      const d = argString(args, 1);
      const n = Number(argNumber(args, 2));
      const parts = s.split(d);
      if (n < 0) return parts.slice(n);
      if (parts.length <= n) return parts;
      if (n === 0) return [];
      return [...parts.slice(0, n - 1), parts.slice(n - 1).join(d)];
    }
  }
};

// src/policy/rego/builtins/go-time.ts
var NAMED_LAYOUTS = {
  ANSIC: "Mon Jan _2 15:04:05 2006",
  UnixDate: "Mon Jan _2 15:04:05 MST 2006",
  RubyDate: "Mon Jan 02 15:04:05 -0700 2006",
  RFC822: "02 Jan 06 15:04 MST",
  RFC822Z: "02 Jan 06 15:04 -0700",
  RFC850: "Monday, 02-Jan-06 15:04:05 MST",
  RFC1123: "Mon, 02 Jan 2006 15:04:05 MST",
  RFC1123Z: "Mon, 02 Jan 2006 15:04:05 -0700",
  RFC3339: "2006-01-02T15:04:05Z07:00",
  RFC3339Nano: "2006-01-02T15:04:05.999999999Z07:00",
  Kitchen: "3:04PM",
  Stamp: "Jan _2 15:04:05",
  StampMilli: "Jan _2 15:04:05.000",
  StampMicro: "Jan _2 15:04:05.000000",
  StampNano: "Jan _2 15:04:05.000000000",
  DateTime: "2006-01-02 15:04:05",
  DateOnly: "2006-01-02",
  TimeOnly: "15:04:05"
};
var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
var DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
var MIN_NS = -(2n ** 63n);
var MAX_NS = 2n ** 63n - 1n;
var checkRange = (ns, msg = "time outside of valid range") => {
  if (ns < MIN_NS || ns > MAX_NS) throw builtinError(msg);
  return ns;
};
var floorDiv = (a, b) => {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
};
var zoneOffset = (zone, ms) => {
  if (zone === "" || zone === "UTC") return { offset: 0, abbr: "UTC" };
  let fmt;
  try {
    fmt = new Intl.DateTimeFormat("en-US", {
      timeZone: zone === "Local" ? void 0 : zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
      timeZoneName: "short"
    });
  } catch {
    throw builtinError(`unknown time zone ${zone}`);
  }
  const parts = Object.fromEntries(fmt.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  const wall = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  const offset = Math.round((wall - Math.floor(ms / 1e3) * 1e3) / 1e3);
  return { offset, abbr: parts.timeZoneName ?? zone };
};
var toCivil = (ns, zone) => {
  const msFloor = floorDiv(ns, 1000000n);
  const { offset, abbr } = zoneOffset(zone, Number(msFloor));
  const secs = floorDiv(ns, 1000000000n);
  const nanos = Number(ns - secs * 1000000000n);
  const d = new Date(Number(secs + BigInt(offset)) * 1e3);
  const start = Date.UTC(d.getUTCFullYear(), 0, 1);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    nanos,
    weekday: d.getUTCDay(),
    yday: Math.floor((d.getTime() - start) / 864e5) + 1,
    offset,
    zone: abbr
  };
};
var STD = [
  "January",
  "Jan",
  "Monday",
  "Mon",
  "MST",
  "2006",
  "002",
  "01",
  "02",
  "03",
  "04",
  "05",
  "06",
  "15",
  "1",
  "__2",
  "_2",
  "2",
  "3",
  "4",
  "5",
  "PM",
  "pm",
  "-07:00:00",
  "-070000",
  "-07:00",
  "-0700",
  "-07",
  "Z07:00:00",
  "Z070000",
  "Z07:00",
  "Z0700",
  "Z07"
];
var chunks = (layout) => {
  const out = [];
  let lit = "";
  let i = 0;
  while (i < layout.length) {
    const frac = /^[.,](0+|9+)(?![0-9])/.exec(layout.slice(i));
    if (frac) {
      if (lit) out.push({ lit });
      lit = "";
      out.push({ std: frac[0] });
      i += frac[0].length;
      continue;
    }
    const std = STD.find((s) => layout.startsWith(s, i) && !(s === "1" && layout.startsWith("15", i)));
    if (std && !(std === "Jan" && layout.startsWith("January", i)) && !(std === "Mon" && layout.startsWith("Monday", i))) {
      if (lit) out.push({ lit });
      lit = "";
      out.push({ std });
      i += std.length;
      continue;
    }
    lit += layout[i];
    i++;
  }
  if (lit) out.push({ lit });
  return out;
};
var p2 = (n) => String(n).padStart(2, "0");
var formatOffset = (std, off) => {
  if (std.startsWith("Z") && off === 0) return "Z";
  const sign = off < 0 ? "-" : "+";
  const a = Math.abs(off);
  const h = p2(Math.floor(a / 3600));
  const m = p2(Math.floor(a % 3600 / 60));
  const s = p2(a % 60);
  const body = std.replace(/^Z/, "-");
  switch (body) {
    case "-07":
      return sign + h;
    case "-0700":
      return sign + h + m;
    case "-07:00":
      return `${sign}${h}:${m}`;
    case "-070000":
      return sign + h + m + s;
    default:
      return `${sign}${h}:${m}:${s}`;
  }
};
var formatGo = (layout, c) => chunks(layout).map((ch) => {
  if ("lit" in ch) return ch.lit;
  const s = ch.std;
  switch (s) {
    case "January":
      return MONTHS[c.month - 1];
    case "Jan":
      return MONTHS[c.month - 1].slice(0, 3);
    case "Monday":
      return DAYS[c.weekday];
    case "Mon":
      return DAYS[c.weekday].slice(0, 3);
    case "MST":
      return c.offset === 0 && (c.zone === "UTC" || c.zone === "GMT") ? "UTC" : c.zone;
    case "2006":
      return String(c.year).padStart(4, "0");
    case "06":
      return p2(c.year % 100);
    case "01":
      return p2(c.month);
    case "1":
      return String(c.month);
    case "02":
      return p2(c.day);
    case "_2":
      return String(c.day).padStart(2, " ");
    case "2":
      return String(c.day);
    case "002":
      return String(c.yday).padStart(3, "0");
    case "__2":
      return String(c.yday).padStart(3, " ");
    case "15":
      return p2(c.hour);
    case "03":
      return p2(c.hour % 12 === 0 ? 12 : c.hour % 12);
    case "3":
      return String(c.hour % 12 === 0 ? 12 : c.hour % 12);
    case "04":
      return p2(c.minute);
    case "4":
      return String(c.minute);
    case "05":
      return p2(c.second);
    case "5":
      return String(c.second);
    case "PM":
      return c.hour >= 12 ? "PM" : "AM";
    case "pm":
      return c.hour >= 12 ? "pm" : "am";
    default:
      break;
  }
  if (s[0] === "." || s[0] === ",") {
    const digits = s.length - 1;
    const full = String(c.nanos).padStart(9, "0").slice(0, digits);
    if (s[1] === "0") return s[0] + full;
    const trimmed = full.replace(/0+$/, "");
    return trimmed ? s[0] + trimmed : "";
  }
  return formatOffset(s, c.offset);
}).join("");
var parseGo = (layout, value) => {
  const fail3 = () => {
    throw builtinError(`parsing time ${JSON.stringify(value)} as ${JSON.stringify(layout)}: cannot parse`);
  };
  let i = 0;
  let year = 1;
  let month = 1;
  let day = 1;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let nanos = 0;
  let pm;
  let offset;
  let yday = 0;
  const num = (min, max) => {
    const m = new RegExp(`^[0-9]{${min},${max}}`).exec(value.slice(i));
    if (!m) fail3();
    i += m[0].length;
    return Number(m[0]);
  };
  const word = (list, len) => {
    for (let k = 0; k < list.length; k++) {
      const w = len ? list[k].slice(0, len) : list[k];
      if (value.slice(i, i + w.length).toLowerCase() === w.toLowerCase()) {
        i += w.length;
        return k;
      }
    }
    return fail3();
  };
  const parsed = chunks(layout);
  for (let idx = 0; idx < parsed.length; idx++) {
    const ch = parsed[idx];
    if ("lit" in ch) {
      if (!value.startsWith(ch.lit, i)) fail3();
      i += ch.lit.length;
      continue;
    }
    const s = ch.std;
    switch (s) {
      case "January":
        month = word(MONTHS) + 1;
        break;
      case "Jan":
        month = word(MONTHS, 3) + 1;
        break;
      case "Monday":
        word(DAYS);
        break;
      case "Mon":
        word(DAYS, 3);
        break;
      case "MST": {
        const m = /^[A-Z]{3,5}|^[+-][0-9]{2}/.exec(value.slice(i));
        if (!m) fail3();
        i += m[0].length;
        if (m[0] === "UTC" || m[0] === "GMT") offset ??= 0;
        break;
      }
      case "2006": {
        const neg2 = value[i] === "-";
        if (neg2) i++;
        year = num(4, 4) * (neg2 ? -1 : 1);
        break;
      }
      case "06": {
        const y = num(2, 2);
        year = y >= 69 ? 1900 + y : 2e3 + y;
        break;
      }
      case "01":
        month = num(2, 2);
        break;
      case "1":
        month = num(1, 2);
        break;
      case "02":
        day = num(2, 2);
        break;
      case "_2":
        if (value[i] === " ") i++;
        day = num(1, 2);
        break;
      case "2":
        day = num(1, 2);
        break;
      case "002":
        yday = num(3, 3);
        break;
      case "__2":
        while (value[i] === " ") i++;
        yday = num(1, 3);
        break;
      case "15":
        hour = num(1, 2);
        break;
      case "03":
        hour = num(2, 2);
        break;
      case "3":
        hour = num(1, 2);
        break;
      case "04":
        minute = num(2, 2);
        break;
      case "4":
        minute = num(1, 2);
        break;
      case "05":
        second = num(2, 2);
        break;
      case "5":
        second = num(1, 2);
        break;
      case "PM":
      case "pm": {
        const t = value.slice(i, i + 2).toUpperCase();
        if (t !== "AM" && t !== "PM") fail3();
        pm = t === "PM";
        i += 2;
        break;
      }
      default:
        if (s[0] === "." || s[0] === ",") {
          const m = /^[.,]([0-9]+)/.exec(value.slice(i));
          if (!m) {
            if (s[1] === "9") break;
            fail3();
          }
          nanos = Number(m[1].slice(0, 9).padEnd(9, "0"));
          i += m[0].length;
          break;
        }
        if (s.startsWith("Z") && value[i] === "Z") {
          i++;
          offset = 0;
          break;
        }
        {
          const m = /^([+-])([0-9]{2})(?::?([0-9]{2}))?(?::?([0-9]{2}))?/.exec(value.slice(i));
          if (!m) fail3();
          i += m[0].length;
          offset = (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0));
        }
    }
    if ((s === "05" || s === "5") && value[i] === "." && !(parsed[idx + 1] && "std" in parsed[idx + 1] && /^[.,]/.test(parsed[idx + 1].std))) {
      const m = /^\.([0-9]+)/.exec(value.slice(i));
      if (m) {
        nanos = Number(m[1].slice(0, 9).padEnd(9, "0"));
        i += m[0].length;
      }
    }
  }
  if (i !== value.length) throw builtinError(`parsing time ${JSON.stringify(value)}: extra text: ${JSON.stringify(value.slice(i))}`);
  if (pm !== void 0) {
    if (hour > 12) fail3();
    if (pm && hour < 12) hour += 12;
    if (!pm && hour === 12) hour = 0;
  }
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) {
    throw builtinError(`parsing time ${JSON.stringify(value)}: value out of range`);
  }
  const probe = new Date(Date.UTC(2e3, month - 1, day));
  if (probe.getUTCDate() !== day && !(month === 2 && day === 29)) throw builtinError(`parsing time ${JSON.stringify(value)}: day out of range`);
  const ms = Date.UTC(year, month - 1, yday ? yday : day, hour, minute, second);
  const fixed = new Date(ms);
  if (year >= 0 && year < 100) fixed.setUTCFullYear(year);
  if (fixed.getUTCDate() !== day && !yday) throw builtinError(`parsing time ${JSON.stringify(value)}: day out of range`);
  const secs = BigInt(Math.floor(fixed.getTime() / 1e3)) - BigInt(offset ?? 0);
  return checkRange(secs * 1000000000n + BigInt(nanos));
};
var UNITS = { ns: 1n, us: 1000n, "\xB5s": 1000n, "\u03BCs": 1000n, ms: 1000000n, s: 1000000000n, m: 60000000000n, h: 3600000000000n };
var parseDuration = (s) => {
  const bad = () => {
    throw builtinError(`time: invalid duration ${JSON.stringify(s)}`);
  };
  let rest = s;
  let neg2 = false;
  if (rest[0] === "-" || rest[0] === "+") {
    neg2 = rest[0] === "-";
    rest = rest.slice(1);
  }
  if (rest === "0") return 0n;
  if (rest === "") bad();
  let total = 0n;
  while (rest) {
    const m = /^([0-9]*)(?:\.([0-9]*))?(ns|us|µs|μs|ms|s|m|h)/.exec(rest);
    if (!m || m[1] === "" && !m[2]) return bad();
    const unit = UNITS[m[3]];
    total += BigInt(m[1] || "0") * unit;
    if (m[2]) {
      const frac = m[2];
      total += BigInt(frac) * unit / 10n ** BigInt(frac.length);
    }
    rest = rest.slice(m[0].length);
  }
  return neg2 ? -total : total;
};

// src/policy/rego/builtins/time-builtins.ts
var nsOf = (v, pos) => {
  if (typeof v === "bigint") return checkRange(v, "timestamp too big");
  if (typeof v === "number") {
    if (!Number.isFinite(v)) throw builtinError("timestamp too big");
    return BigInt(Math.trunc(v));
  }
  throw operandError(pos, "number", v);
};
var instantArg = (v, pos) => {
  if (Array.isArray(v)) {
    if (v.length < 2 || v.length > 3) throw builtinError(`operand ${pos} must be [ns, tz] or [ns, tz, layout]`);
    const tz = v[1];
    if (typeof tz !== "string") throw operandError(pos, "string time zone", tz);
    const layout = v[2];
    if (layout !== void 0 && typeof layout !== "string") throw operandError(pos, "string layout", layout);
    return { ns: nsOf(v[0], pos), zone: tz, layout };
  }
  return { ns: nsOf(v, pos), zone: "UTC" };
};
var daysIn = (y, m) => new Date(Date.UTC(y, m, 0)).getUTCDate();
var timeBuiltins = {
  "time.now_ns": { arity: 0, fn: (_args, ctx) => normNum(ctx.nowNs) },
  "time.parse_ns": { arity: 2, fn: (args) => normNum(parseGo(NAMED_LAYOUTS[argString(args, 0)] ?? argString(args, 0), argString(args, 1))) },
  "time.parse_rfc3339_ns": { arity: 1, fn: (args) => normNum(parseGo(NAMED_LAYOUTS.RFC3339, argString(args, 0))) },
  "time.parse_duration_ns": { arity: 1, fn: (args) => normNum(parseDuration(argString(args, 0))) },
  "time.date": {
    arity: 1,
    fn: ([v]) => {
      const { ns, zone } = instantArg(v, 1);
      const c = toCivil(ns, zone);
      return [c.year, c.month, c.day];
    }
  },
  "time.clock": {
    arity: 1,
    fn: ([v]) => {
      const { ns, zone } = instantArg(v, 1);
      const c = toCivil(ns, zone);
      return [c.hour, c.minute, c.second];
    }
  },
  "time.weekday": {
    arity: 1,
    fn: ([v]) => {
      const { ns, zone } = instantArg(v, 1);
      return ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"][toCivil(ns, zone).weekday];
    }
  },
  "time.format": {
    arity: 1,
    fn: ([v]) => {
      const { ns, zone, layout } = instantArg(v, 1);
      const l = layout === void 0 ? NAMED_LAYOUTS.RFC3339Nano : NAMED_LAYOUTS[layout] ?? layout;
      return formatGo(l, toCivil(ns, zone));
    }
  },
  "time.add_date": {
    arity: 4,
    fn: (args) => {
      const ns = nsOf(args[0], 1);
      const y = Number(argNumber(args, 1));
      const m = Number(argNumber(args, 2));
      const d = Number(argNumber(args, 3));
      const c = toCivil(ns, "UTC");
      const ms = Date.UTC(c.year + y, c.month - 1 + m, c.day + d, c.hour, c.minute, c.second);
      return normNum(checkRange(BigInt(Math.floor(ms / 1e3)) * 1000000000n + BigInt(c.nanos)));
    }
  },
  "time.diff": {
    arity: 2,
    fn: ([a, b]) => {
      const x = instantArg(a, 1);
      const y = instantArg(b, 2);
      let lo = x.ns;
      let hi = y.ns;
      if (lo > hi) [lo, hi] = [hi, lo];
      const c1 = toCivil(lo, x.zone);
      const c2 = toCivil(hi, x.zone);
      let year = c2.year - c1.year;
      let month = c2.month - c1.month;
      let day = c2.day - c1.day;
      let hour = c2.hour - c1.hour;
      let min = c2.minute - c1.minute;
      let sec = c2.second - c1.second;
      if (sec < 0) {
        sec += 60;
        min--;
      }
      if (min < 0) {
        min += 60;
        hour--;
      }
      if (hour < 0) {
        hour += 24;
        day--;
      }
      if (day < 0) {
        day += daysIn(c1.year, c1.month);
        month--;
      }
      if (month < 0) {
        month += 12;
        year--;
      }
      return [year, month, day, hour, min, sec];
    }
  }
};

// src/policy/rego/builtins/units-builtins.ts
var parseDecimal = (s) => {
  const x = /^(-?)([0-9]*)(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?$/.exec(s);
  if (!x || x[2] === "" && (x[3] ?? "") === "") return void 0;
  const frac = x[3] ?? "";
  const m = BigInt((x[2] ?? "") + frac || "0");
  return { m: x[1] ? -m : m, e: Number(x[4] ?? 0) - frac.length };
};
var scaled = (d, mul2, div2, truncate) => {
  let num = d.m * mul2;
  let den = div2;
  if (d.e >= 0) num *= 10n ** BigInt(d.e);
  else den *= 10n ** BigInt(-d.e);
  if (num % den === 0n) return normNum(num / den);
  if (truncate) return normNum(num / den);
  return normNum(Number(num) / Number(den));
};
var DECIMAL = { k: 10n ** 3n, m: 10n ** 6n, g: 10n ** 9n, t: 10n ** 12n, p: 10n ** 15n, e: 10n ** 18n };
var BINARY = { ki: 2n ** 10n, mi: 2n ** 20n, gi: 2n ** 30n, ti: 2n ** 40n, pi: 2n ** 50n, ei: 2n ** 60n };
var split = (s) => {
  const m = /^(-?[0-9.]*(?:[eE][+-]?[0-9]+)?)(.*)$/.exec(s);
  return [m[1], m[2]];
};
var prepare = (name, raw) => {
  const s = raw.replace(/^"|"$/g, "");
  if (/\s/.test(s)) throw builtinError(`${name}: spaces not allowed in resource strings`);
  return s;
};
var unitsBuiltins = {
  "units.parse": {
    arity: 1,
    fn: (args) => {
      const s = prepare("units.parse", argString(args, 0));
      const [num, unitRaw] = split(s);
      if (num === "") throw builtinError("units.parse: no amount provided");
      const d = parseDecimal(num);
      if (!d) throw builtinError("units.parse: could not parse amount to a number");
      if (unitRaw === "") return scaled(d, 1n, 1n, false);
      if (unitRaw === "m") return scaled(d, 1n, 1000n, false);
      const unit = unitRaw.toLowerCase();
      if (unit === "m" || unitRaw === "M") return scaled(d, DECIMAL.m, 1n, false);
      const mul2 = BINARY[unit] ?? DECIMAL[unit];
      if (mul2 === void 0) throw builtinError(`units.parse: unknown unit ${unitRaw}`);
      return scaled(d, mul2, 1n, false);
    }
  },
  "units.parse_bytes": {
    arity: 1,
    fn: (args) => {
      const s = prepare("units.parse_bytes", argString(args, 0)).toLowerCase();
      const [num, unitRaw] = split(s);
      if (num === "") throw builtinError("units.parse_bytes: no byte amount provided");
      const d = parseDecimal(num);
      if (!d) throw builtinError("units.parse_bytes: could not parse byte amount to a number");
      const unit = unitRaw.replace(/b$/, "");
      if (unit === "") return scaled(d, 1n, 1n, true);
      const mul2 = BINARY[unit] ?? DECIMAL[unit];
      if (mul2 === void 0) throw builtinError(`units.parse_bytes: byte unit ${unitRaw} not recognized`);
      return scaled(d, mul2, 1n, true);
    }
  }
};

// src/policy/rego/builtins/x509-builtins.ts
import { createPrivateKey as createPrivateKey2, createPublicKey as createPublicKey2, X509Certificate as X509Certificate2 } from "node:crypto";
var malformed = (what) => builtinError(what);
var tlv = (buf, at, what) => {
  if (at + 2 > buf.length) throw malformed(what);
  const tag = buf[at];
  let len = buf[at + 1];
  let body = at + 2;
  if (len & 128) {
    const n = len & 127;
    if (n === 0 || n > 4 || body + n > buf.length) throw malformed(what);
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[body + i];
    body += n;
  }
  if (body + len > buf.length) throw malformed(what);
  return { tag, start: at, body, end: body + len };
};
var children = (buf, parent, what) => {
  const out = [];
  for (let at = parent.body; at < parent.end; ) {
    const t = tlv(buf, at, what);
    out.push(t);
    at = t.end;
  }
  return out;
};
var oid = (buf, t) => {
  const bytes = buf.subarray(t.body, t.end);
  const out = [];
  let v = 0;
  for (const b of bytes) {
    v = v * 128 + (b & 127);
    if (!(b & 128)) {
      if (out.length === 0) out.push(v < 80 ? Math.floor(v / 40) : 2, v < 80 ? v % 40 : v - 80);
      else out.push(v);
      v = 0;
    }
  }
  return out;
};
var NAME_FIELDS = {
  "2.5.4.6": "Country",
  "2.5.4.10": "Organization",
  "2.5.4.11": "OrganizationalUnit",
  "2.5.4.7": "Locality",
  "2.5.4.8": "Province",
  "2.5.4.9": "StreetAddress",
  "2.5.4.17": "PostalCode"
};
var stringValue = (buf, t) => {
  const raw = buf.subarray(t.body, t.end);
  if (t.tag === 30) {
    let s = "";
    for (let i = 0; i + 1 < raw.length; i += 2) s += String.fromCharCode(raw.readUInt16BE(i));
    return s;
  }
  return t.tag === 20 ? raw.toString("latin1") : raw.toString("utf8");
};
var pkixName = (buf, name, what) => {
  const fields = {};
  const names = [];
  let commonName = "";
  let serial = "";
  for (const set of children(buf, name, what)) {
    for (const atv of children(buf, set, what)) {
      const [type, value] = children(buf, atv, what);
      if (!type || !value || type.tag !== 6) throw malformed(what);
      const id = oid(buf, type);
      const text = stringValue(buf, value);
      names.push(RObject.fromPairs([["Type", id], ["Value", text]]));
      const key2 = id.join(".");
      if (key2 === "2.5.4.3") commonName = text;
      else if (key2 === "2.5.4.5") serial = text;
      else if (NAME_FIELDS[key2]) (fields[NAME_FIELDS[key2]] ??= []).push(text);
    }
  }
  const o = new RObject();
  for (const f of ["Country", "Organization", "OrganizationalUnit", "Locality", "Province", "StreetAddress", "PostalCode"]) o.set(f, fields[f] ?? null);
  o.set("SerialNumber", serial);
  o.set("CommonName", commonName);
  o.set("Names", names);
  o.set("ExtraNames", null);
  return o;
};
var b64 = (b) => b.toString("base64");
var goTime = (text) => new Date(text).toISOString().replace(/\.000Z$/, "Z");
var subjectAltNames = (san) => {
  const out = { dns: [], email: [], ip: [], uri: [] };
  for (const part of san?.match(/(?:[^,"]|"(?:\\.|[^"\\])*")+/g) ?? []) {
    const m = /^\s*([A-Za-z ]+):(.*)$/.exec(part);
    if (!m) continue;
    const value = m[2].startsWith('"') ? JSON.parse(m[2]) : m[2];
    if (m[1] === "DNS") out.dns.push(value);
    else if (m[1] === "email") out.email.push(value);
    else if (m[1] === "IP Address") out.ip.push(value);
    else if (m[1] === "URI") out.uri.push(value);
  }
  return out;
};
var orNull = (xs) => xs.length ? xs : null;
var certificateValue = (der) => {
  const what = "x509: malformed certificate";
  const cert = tlv(der, 0, what);
  const [tbs, , sig] = children(der, cert, what);
  if (!tbs || !sig) throw malformed(what);
  const tbsParts = children(der, tbs, what);
  const versioned = tbsParts[0]?.tag === 160;
  const [serialT, , issuerT, , subjectT, spkiT] = versioned ? tbsParts.slice(1) : tbsParts;
  if (!serialT || !issuerT || !subjectT || !spkiT) throw malformed(what);
  let x;
  try {
    x = new X509Certificate2(der);
  } catch (e) {
    throw builtinError(`x509: malformed certificate: ${e.message}`);
  }
  const version = versioned ? der[children(der, tbsParts[0], what)[0].end - 1] + 1 : 1;
  const san = subjectAltNames(x.subjectAltName);
  const o = new RObject();
  o.set("Raw", b64(der.subarray(cert.start, cert.end)));
  o.set("RawTBSCertificate", b64(der.subarray(tbs.start, tbs.end)));
  o.set("RawSubjectPublicKeyInfo", b64(der.subarray(spkiT.start, spkiT.end)));
  o.set("RawSubject", b64(der.subarray(subjectT.start, subjectT.end)));
  o.set("RawIssuer", b64(der.subarray(issuerT.start, issuerT.end)));
  o.set("Signature", b64(der.subarray(sig.body + 1, sig.end)));
  o.set("Version", version);
  o.set("SerialNumber", normNum(BigInt(`0x${x.serialNumber}`)));
  o.set("Issuer", pkixName(der, issuerT, what));
  o.set("Subject", pkixName(der, subjectT, what));
  o.set("NotBefore", goTime(x.validFrom));
  o.set("NotAfter", goTime(x.validTo));
  o.set("IsCA", x.ca);
  o.set("DNSNames", orNull(san.dns));
  o.set("EmailAddresses", orNull(san.email));
  o.set("IPAddresses", orNull(san.ip));
  o.set("URIStrings", orNull(san.uri));
  return o;
};
var PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;
var pemBlocks = (text) => [...text.matchAll(PEM_BLOCK)].map((m) => ({ type: m[1], der: Buffer.from(m[2].replace(/\s+/g, ""), "base64") }));
var stdBase64 = (s) => {
  const bad = s.search(/[^A-Za-z0-9+/=]/);
  if (bad >= 0 || s.length % 4 !== 0 || /=[^=]/.test(s)) {
    throw builtinError(`illegal base64 data at input byte ${bad >= 0 ? bad : Math.max(0, s.length - s.length % 4)}`);
  }
  return Buffer.from(s, "base64");
};
var derCertificates = (der) => {
  const out = [];
  for (let at = 0; at < der.length; ) {
    const t = tlv(der, at, "x509: malformed certificate");
    if (t.tag !== 48) throw builtinError("x509: malformed certificate");
    out.push(der.subarray(t.start, t.end));
    at = t.end;
  }
  return out;
};
var certificatesFrom = (text) => {
  if (text.startsWith("-----BEGIN")) return pemBlocks(text).filter((b) => b.type === "CERTIFICATE").map((b) => b.der);
  const bytes = stdBase64(text);
  if (bytes.subarray(0, 10).toString("latin1") === "-----BEGIN") return pemBlocks(bytes.toString("latin1")).filter((b) => b.type === "CERTIFICATE").map((b) => b.der);
  return derCertificates(bytes);
};
var parseCertificates = (text) => {
  const ders = certificatesFrom(text);
  return ders.map(certificateValue);
};
var verifyChain = (text) => {
  let ders;
  try {
    ders = certificatesFrom(text);
  } catch {
    return [false, []];
  }
  if (ders.length < 2) return [false, []];
  const certs = ders.map((d) => new X509Certificate2(d));
  const root = certs.at(-1);
  if (!root.ca || !root.verify(root.publicKey)) return [false, []];
  for (let i = 0; i < certs.length - 1; i++) {
    const issuer = certs[i + 1];
    if (!certs[i].checkIssued(issuer) || !certs[i].verify(issuer.publicKey)) return [false, []];
    if (i > 0 && !certs[i].ca) return [false, []];
  }
  const now = Date.now();
  if (certs.some((c) => Date.parse(c.validFrom) > now || Date.parse(c.validTo) < now)) return [false, []];
  return [true, ders.map(certificateValue)];
};
var certificateRequest = (text) => {
  let bytes = text.startsWith("-----BEGIN CERTIFICATE REQUEST-----") ? Buffer.from(text, "latin1") : stdBase64(text);
  const blocks2 = pemBlocks(bytes.toString("latin1"));
  if (blocks2.length) {
    if (blocks2[0].type !== "CERTIFICATE REQUEST") throw builtinError("invalid PEM-encoded certificate signing request");
    bytes = blocks2[0].der;
  }
  const what = "asn1: structure error: tags don't match";
  const req = tlv(bytes, 0, what);
  if (req.tag !== 48) throw builtinError(what);
  const [info, , sig] = children(bytes, req, what);
  if (!info || !sig || info.tag !== 48) throw builtinError(what);
  const [versionT, subjectT, spkiT] = children(bytes, info, what);
  if (!versionT || !subjectT || !spkiT || versionT.tag !== 2 || subjectT.tag !== 48) throw builtinError(what);
  const o = new RObject();
  o.set("Raw", b64(bytes.subarray(req.start, req.end)));
  o.set("RawTBSCertificateRequest", b64(bytes.subarray(info.start, info.end)));
  o.set("RawSubjectPublicKeyInfo", b64(bytes.subarray(spkiT.start, spkiT.end)));
  o.set("RawSubject", b64(bytes.subarray(subjectT.start, subjectT.end)));
  o.set("Version", bytes[versionT.end - 1]);
  o.set("Signature", b64(bytes.subarray(sig.body + 1, sig.end)));
  o.set("Subject", pkixName(bytes, subjectT, what));
  return o;
};
var pemText = (text) => text.startsWith("-----BEGIN") ? text : stdBase64(text).toString("latin1");
var parseRsaPrivateKey = (text) => {
  const pem = pemText(text);
  const block = pemBlocks(pem)[0];
  if (!block) throw builtinError("failed to parse PEM block containing the key");
  let jwk;
  try {
    const key2 = createPrivateKey2(pem);
    if (key2.asymmetricKeyType !== "rsa") throw new Error("not an RSA key");
    jwk = key2.export({ format: "jwk" });
  } catch (e) {
    throw builtinError(`failed to parse RSA private key: ${e.message}`);
  }
  return fromJS(jwk);
};
var parseKeyPair = (certText, keyText) => {
  const certPem = pemText(certText);
  const keyPem = pemText(keyText);
  const certs = pemBlocks(certPem).filter((b) => b.type === "CERTIFICATE");
  if (!certs.length) throw builtinError("tls: failed to find any PEM data in certificate input");
  let matches;
  try {
    const pub = createPublicKey2(createPrivateKey2(keyPem)).export({ type: "spki", format: "der" });
    matches = pub.equals(new X509Certificate2(certs[0].der).publicKey.export({ type: "spki", format: "der" }));
  } catch (e) {
    throw builtinError(`tls: failed to parse private key: ${e.message}`);
  }
  if (!matches) throw builtinError("tls: private key does not match public key");
  return RObject.fromPairs([
    ["Certificate", certs.map((c) => b64(c.der))],
    ["Leaf", certificateValue(certs[0].der)]
  ]);
};
var x509Builtins = {
  "crypto.x509.parse_certificates": { arity: 1, fn: (args) => parseCertificates(argString(args, 0)) },
  "crypto.x509.parse_and_verify_certificates": { arity: 1, fn: (args) => verifyChain(argString(args, 0)) },
  "crypto.x509.parse_certificate_request": { arity: 1, fn: (args) => certificateRequest(argString(args, 0)) },
  "crypto.x509.parse_keypair": { arity: 2, fn: (args) => parseKeyPair(argString(args, 0), argString(args, 1)) },
  "crypto.x509.parse_rsa_private_key": { arity: 1, fn: (args) => parseRsaPrivateKey(argString(args, 0)) }
};

// src/policy/rego/builtins/eager-builtins.ts
var EAGER_BUILTINS = {
  ...coreBuiltins,
  ...stringBuiltins,
  ...objectBuiltins,
  ...regexGlobsBuiltins,
  ...randomBuiltins,
  ...encodingBuiltins,
  ...jwtBuiltins,
  ...timeBuiltins,
  ...netBuiltins,
  ...netLookupBuiltins,
  ...unitsBuiltins,
  ...x509Builtins,
  ...httpSendAbsent,
  ...regoParseModule,
  ...awsBuiltins,
  ...semverBuiltins,
  ...regoMetadataBuiltins
};

// src/policy/rego/builtins/on-demand-builtins.ts
var ON_DEMAND_GROUPS = [
  {
    names: ["graphql.parse", "graphql.parse_and_verify", "graphql.parse_query", "graphql.parse_schema", "graphql.is_valid", "graphql.schema_is_valid"],
    load: async () => (await import("./graphql-builtins-5HMX4VIK.js")).graphqlBuiltins
  },
  {
    names: ["regex.match", "re_match", "regex.is_valid", "regex.split", "regex.find_n", "regex.find_all_string_submatch_n", "regex.replace", "regex.template_match", "glob.match", "glob.quote_meta"],
    load: async () => (await import("./regex-builtins-5T6354YF.js")).regexBuiltins
  },
  {
    names: ["json.verify_schema", "json.match_schema"],
    load: async () => (await import("./json-schema-builtins-GOOFJCSX.js")).jsonSchemaBuiltins
  }
];
var ON_DEMAND_NAMES = new Set(ON_DEMAND_GROUPS.flatMap((g) => g.names));
var isOnDemandBuiltin = (name) => ON_DEMAND_NAMES.has(name);
async function onDemandBuiltins(names) {
  const wanted = new Set(names);
  const tables = await Promise.all(ON_DEMAND_GROUPS.filter((g) => g.names.some((n) => wanted.has(n))).map((g) => g.load()));
  return Object.assign({}, ...tables);
}

// src/policy/rego/binding-frame.ts
var BindingFrame = class {
  /** name0, value0, name1, value1, ... oldest first. */
  slots = [];
  get(name) {
    const s = this.slots;
    for (let i = s.length - 2; i >= 0; i -= 2) if (s[i] === name) return s[i + 1];
    return void 0;
  }
  has(name) {
    return this.get(name) !== void 0;
  }
  set(name, v) {
    const s = this.slots;
    for (let i = s.length - 2; i >= 0; i -= 2) {
      if (s[i] === name) {
        s[i + 1] = v;
        return;
      }
    }
    s.push(name, v);
  }
  /** Bind a name known to be unbound (a function's distinct parameters in a fresh frame). */
  push(name, v) {
    this.slots.push(name, v);
  }
  delete(name) {
    const s = this.slots;
    const last2 = s.length - 2;
    if (last2 >= 0 && s[last2] === name) {
      s.pop();
      s.pop();
      return;
    }
    for (let i = last2 - 2; i >= 0; i -= 2) if (s[i] === name) return void s.splice(i, 2);
  }
  /** Every binding, oldest first. */
  forEach(f) {
    const s = this.slots;
    for (let i = 0; i < s.length; i += 2) f(s[i + 1], s[i]);
  }
};

// src/policy/rego/evaluator.ts
var TRUE = () => true;
var UNDEFINED2 = /* @__PURE__ */ Symbol("undefined");
var STRAIGHT_OK = /* @__PURE__ */ Symbol("ok");
var STRAIGHT_FAIL = /* @__PURE__ */ Symbol("fail");
var STRAIGHT_SLOW = /* @__PURE__ */ Symbol("slow");
var SLOW = /* @__PURE__ */ Symbol("slow");
var NONE = /* @__PURE__ */ Symbol("none");
var MEMO_LIST = 48;
var MEMO_CHAIN = 16;
var sameArgs = (a, b, from) => {
  if (a.length !== b.length) return false;
  for (let i = from; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
};
var pathTerms = /* @__PURE__ */ new WeakMap();
var pathTermsOf = (path, loc) => {
  let terms = pathTerms.get(path);
  if (!terms || terms.length !== path.length || terms.some((t, i) => t.v !== path[i])) {
    terms = path.map((s) => uniformTerm({ t: "scalar", v: s, loc }));
    pathTerms.set(path, terms);
  }
  return terms;
};
var pathKey = (path) => path.join("\0");
var patchValue = (base, path, v) => {
  if (path.length === 0) return v;
  const o = new RObject();
  if (base instanceof RObject) for (const [k, x] of base.pairs()) o.set(k, x);
  o.set(path[0], patchValue(o.get(path[0]), path.slice(1), v));
  return o;
};
var lookup = (v, key2) => {
  if (v instanceof RObject) return v.get(key2);
  if (Array.isArray(v)) {
    if (typeof key2 !== "number" || !Number.isInteger(key2) || key2 < 0 || key2 >= v.length) return void 0;
    return v[key2];
  }
  if (v instanceof RSet) return v.has(key2) ? key2 : void 0;
  return void 0;
};
var termHasVars = (t) => {
  switch (t.t) {
    case "scalar":
      return false;
    case "var":
      return true;
    case "array":
    case "set":
      return t.items.some(termHasVars);
    case "object":
      return t.pairs.some(([k, v]) => termHasVars(k) || termHasVars(v));
    default:
      return true;
  }
};
var Evaluator = class {
  constructor(policy, opts) {
    this.policy = policy;
    this.opts = opts;
    this.deadline = Date.now() + opts.limits.timeoutMs;
    this.bctx = { nowNs: opts.nowNs, maxCollection: opts.limits.maxCollection, memo: /* @__PURE__ */ new Map() };
  }
  policy;
  opts;
  steps = 0;
  /** Objects that are the value of one rule (not documents assembled from several rules). */
  ruleValues = /* @__PURE__ */ new WeakSet();
  depth = 0;
  deadline;
  bctx;
  /** Every solution of the query, as bindings of its named (non-wildcard) vars. */
  query(body) {
    const ctx = {
      input: this.opts.input,
      data: this.opts.data,
      dataOverrides: void 0,
      fnOverrides: void 0,
      cache: /* @__PURE__ */ new Map(),
      calls: /* @__PURE__ */ new Map(),
      inProgress: /* @__PURE__ */ new Set()
    };
    const env = { f: new BindingFrame(), c: ctx };
    const rows = [];
    try {
      this.evalBody(body, 0, env, () => {
        const row = /* @__PURE__ */ new Map();
        env.f.forEach((v, k) => {
          if (!k.includes("$")) row.set(k, v);
        });
        rows.push(row);
        return false;
      });
    } catch (e) {
      if (e instanceof RangeError) throw new RegoError("eval_limit_error", `evaluation exceeded an engine limit (${e.message})`);
      throw e;
    }
    return rows;
  }
  /** The values of several `data` documents, sharing one rule cache (undefined where a document is undefined). */
  documents(paths) {
    const env = {
      f: new BindingFrame(),
      c: {
        input: this.opts.input,
        data: this.opts.data,
        dataOverrides: void 0,
        fnOverrides: void 0,
        cache: /* @__PURE__ */ new Map(),
        calls: /* @__PURE__ */ new Map(),
        inProgress: /* @__PURE__ */ new Set()
      }
    };
    const loc = { file: "query", line: 1, col: 1 };
    try {
      return paths.map((p) => {
        let out;
        this.evalDataPath(
          pathTermsOf(p, loc),
          env,
          (v) => {
            out = v;
            return true;
          }
        );
        return out;
      });
    } catch (e) {
      if (e instanceof RangeError) throw new RegoError("eval_limit_error", `evaluation exceeded an engine limit (${e.message})`);
      throw e;
    }
  }
  tick(loc) {
    const s = ++this.steps;
    if (s > this.opts.limits.maxSteps) throw new RegoError("eval_limit_error", `evaluation exceeded ${this.opts.limits.maxSteps} steps`, loc);
    if ((s & 1023) === 0 && Date.now() > this.deadline) {
      throw new RegoError("eval_limit_error", `evaluation exceeded the time limit of ${this.opts.limits.timeoutMs} ms`, loc);
    }
  }
  // ---- bodies and expressions ---------------------------------------------------------
  evalBody(body, start, env, k) {
    let i = start;
    let bound;
    for (; i < body.length; i++) {
      const step = this.straight(body[i], env);
      if (step === STRAIGHT_SLOW) break;
      if (step === STRAIGHT_FAIL) {
        if (bound) for (const n of bound) env.f.delete(n);
        return false;
      }
      if (typeof step === "string") (bound ??= []).push(step);
      else if (Array.isArray(step)) (bound ??= []).push(...step);
    }
    let r;
    if (i === body.length) r = k();
    else {
      const e = body[i];
      const next = i + 1;
      if (e.e !== "some" && e.withs.length) {
        const c2 = this.withCtx(e.withs, env);
        r = this.evalExpr(e, { f: env.f, c: c2 }, () => this.evalBody(body, next, env, k));
      } else r = this.evalExpr(e, env, () => this.evalBody(body, next, env, k));
    }
    if (bound) for (const n of bound) env.f.delete(n);
    return r;
  }
  /**
   * Evaluate an expression in place when it has at most one outcome that is cheap to find:
   * OK / FAIL, the name of a var it bound, or SLOW when it needs the general path.
   */
  straight(e, env) {
    if (e.e === "some") return STRAIGHT_OK;
    if (e.e !== "term" || e.withs.length) return STRAIGHT_SLOW;
    const t = e.term;
    if (t.t === "call" && (t.name === "eq" || t.name === "assign")) {
      if (e.negated) return STRAIGHT_SLOW;
      const a = t.args[0];
      if (a.t === "array") return this.straightDestructure(a.items, t.args[1], e.loc, env);
      if (a.t !== "var" || a.name === "input" || a.name === "data") return STRAIGHT_SLOW;
      const q2 = this.quick(t.args[1], env);
      if (q2 === SLOW) return STRAIGHT_SLOW;
      this.tick(e.loc);
      if (q2 === NONE) return STRAIGHT_FAIL;
      const cur = env.f.get(a.name);
      if (cur !== void 0) return valuesEqual(cur, q2) ? STRAIGHT_OK : STRAIGHT_FAIL;
      env.f.set(a.name, q2);
      return a.name;
    }
    if (t.t !== "call" && t.t !== "ref" && t.t !== "var") return STRAIGHT_SLOW;
    const q = t.t === "call" ? this.quickCall(t, env) : this.quick(t, env);
    if (q === SLOW) return STRAIGHT_SLOW;
    this.tick(e.loc);
    const holds = q !== NONE && q !== false;
    return holds !== e.negated ? STRAIGHT_OK : STRAIGHT_FAIL;
  }
  /**
   * `[a, b] := x` with `x` ground and every item a plain var or a scalar: bind in place. Returns
   * the names it bound (undone by the caller), or FAIL (having undone its own bindings).
   */
  straightDestructure(items, rhs, loc, env) {
    for (const it of items) if (it.t !== "scalar" && (it.t !== "var" || it.name === "input" || it.name === "data")) return STRAIGHT_SLOW;
    const q = this.quick(rhs, env);
    if (q === SLOW) return STRAIGHT_SLOW;
    this.tick(loc);
    if (!Array.isArray(q) || q.length !== items.length) return STRAIGHT_FAIL;
    const bound = [];
    for (let i = 0; i < items.length; i++) {
      const it = items[i];
      const v = q[i];
      const name = it.t === "var" ? it.name : void 0;
      const cur = name === void 0 ? it.v : env.f.get(name);
      if (cur === void 0) {
        env.f.set(name, v);
        bound.push(name);
      } else if (!valuesEqual(cur, v)) {
        for (const n of bound) env.f.delete(n);
        return STRAIGHT_FAIL;
      }
    }
    return bound;
  }
  evalExpr(e, env, k) {
    this.tick(e.loc);
    switch (e.e) {
      case "some":
        return k();
      case "term":
        if (e.negated) {
          if (this.evalTermExpr(e.term, env, () => true)) return false;
          return k();
        }
        return this.evalTermExpr(e.term, env, k);
      case "somein": {
        const kv = e.key;
        const vv = e.value;
        if (vv.t === "var" && (!kv || kv.t === "var") && !env.f.has(vv.name) && (!kv || !env.f.has(kv.name) && kv.name !== vv.name)) {
          const kn = kv ? kv.name : void 0;
          const q = this.quick(e.coll, env);
          if (q === NONE) return false;
          if (q !== SLOW) return this.someIn(q, kn, vv.name, env, k);
          return this.evalTerm(e.coll, env, (coll) => this.someIn(coll, kn, vv.name, env, k));
        }
        return this.evalTerm(e.coll, env, (coll) => this.members(coll, (key2, val) => kv ? this.unifyValue(kv, key2, env, () => this.unifyValue(vv, val, env, k)) : this.unifyValue(vv, val, env, k)));
      }
      case "every": {
        const ev = e.value;
        const ek = e.key;
        if (ev.t === "var" && (!ek || ek.t === "var" && ek.name !== ev.name) && !env.f.has(ev.name) && (!ek || !env.f.has(ek.name))) {
          const kn = ek ? ek.name : void 0;
          const q = this.quick(e.domain, env);
          if (q === NONE) return false;
          if (q !== SLOW) return this.everyIn(q, kn, ev.name, e.body, env) ? k() : false;
          return this.evalTerm(e.domain, env, (dom) => this.everyIn(dom, kn, ev.name, e.body, env) ? k() : false);
        }
        return this.evalTerm(e.domain, env, (dom) => {
          if (!Array.isArray(dom) && !(dom instanceof RObject) && !(dom instanceof RSet)) return false;
          const all = !this.members(dom, (key2, val) => {
            const ok = e.key ? this.unifyValue(e.key, key2, env, () => this.unifyValue(e.value, val, env, () => this.evalBody(e.body, 0, env, () => true))) : this.unifyValue(e.value, val, env, () => this.evalBody(e.body, 0, env, () => true));
            return !ok;
          });
          return all ? k() : false;
        });
      }
    }
  }
  /** `some k, v in coll` with fresh vars: bind each member in turn (`kn` undefined without a key var). */
  someIn(coll, kn, vn, env, k) {
    const f = env.f;
    if (Array.isArray(coll)) {
      for (let i = 0; i < coll.length; i++) {
        if (kn !== void 0) f.set(kn, i);
        f.set(vn, coll[i]);
        const r = k();
        f.delete(vn);
        if (kn !== void 0) f.delete(kn);
        if (r) return true;
      }
    } else if (coll instanceof RObject) {
      for (const [key2, val] of coll.entries.values()) {
        if (kn !== void 0) f.set(kn, key2);
        f.set(vn, val);
        const r = k();
        f.delete(vn);
        if (kn !== void 0) f.delete(kn);
        if (r) return true;
      }
    } else if (coll instanceof RSet) {
      for (const val of coll.items.values()) {
        if (kn !== void 0) f.set(kn, val);
        f.set(vn, val);
        const r = k();
        f.delete(vn);
        if (kn !== void 0) f.delete(kn);
        if (r) return true;
      }
    }
    return false;
  }
  /** `every k, v in dom { body }` with the every's own vars: false at the first member the body fails for. */
  everyIn(dom, kn, vn, body, env) {
    if (!Array.isArray(dom) && !(dom instanceof RObject) && !(dom instanceof RSet)) return false;
    return !this.someIn(dom, kn, vn, env, () => !this.evalBody(body, 0, env, TRUE));
  }
  /** Iterate a collection's (key, value) pairs; stops when `f` returns true. */
  members(coll, f) {
    if (Array.isArray(coll)) {
      for (let i = 0; i < coll.length; i++) if (f(i, coll[i])) return true;
    } else if (coll instanceof RObject) {
      for (const [key2, v] of coll.pairs()) if (f(key2, v)) return true;
    } else if (coll instanceof RSet) {
      for (const v of coll.values()) if (f(v, v)) return true;
    }
    return false;
  }
  evalTermExpr(t, env, k) {
    if (t.t === "call") {
      if (t.name === "eq" || t.name === "assign") return this.unify(t.args[0], t.args[1], env, k);
      const q = this.quickCall(t, env);
      if (q === NONE || q === false) return false;
      if (q !== SLOW) return k();
      return this.evalCall(t, env, (v) => v === false ? false : k());
    }
    return this.evalTerm(t, env, (v) => v === false ? false : k());
  }
  // ---- unification --------------------------------------------------------------------
  isUnboundVar(t, env) {
    return t.t === "var" && !env.f.has(t.name) && t.name !== "input" && t.name !== "data";
  }
  // No try/finally: an exception abandons the whole evaluation, frames included.
  bind(name, v, env, k) {
    env.f.set(name, v);
    const r = k();
    env.f.delete(name);
    return r;
  }
  unify(a, b, env, k) {
    if (this.isUnboundVar(a, env)) {
      if (this.isUnboundVar(b, env)) throw new RegoError("rego_unsafe_var_error", `var ${a.name} is unsafe`, a.loc);
      const q = this.quick(b, env);
      if (q === NONE) return false;
      if (q !== SLOW) return this.bind(a.name, q, env, k);
      return this.evalTerm(b, env, (v) => this.unifyValue(a, v, env, k));
    }
    if (this.isUnboundVar(b, env)) return this.evalTerm(a, env, (v) => this.unifyValue(b, v, env, k));
    if (a.t === "array" && b.t === "array") {
      if (a.items.length !== b.items.length) return false;
      return this.unifyPairs(a.items, b.items, 0, env, k);
    }
    if (a.t === "object" && b.t === "object" && a.pairs.length === b.pairs.length) {
      const keyText = (t) => {
        const q = this.quick(t, env);
        return q === SLOW || q === NONE ? void 0 : keyOf(q);
      };
      const bk = /* @__PURE__ */ new Map();
      for (const [key2, val] of b.pairs) {
        const kt = keyText(key2);
        if (kt !== void 0) bk.set(kt, val);
      }
      const pairs = a.pairs.map(([key2]) => {
        const kt = keyText(key2);
        return kt === void 0 ? void 0 : bk.get(kt);
      });
      if (bk.size === b.pairs.length && pairs.every((p) => p !== void 0)) return this.unifyPairs(a.pairs.map((p) => p[1]), pairs, 0, env, k);
      if (bk.size === b.pairs.length && pairs.every((_, i) => keyText(a.pairs[i][0]) !== void 0)) return false;
    }
    if ((a.t === "array" || a.t === "object") && termHasVars(a)) return this.evalTerm(b, env, (v) => this.unifyValue(a, v, env, k));
    if ((b.t === "array" || b.t === "object") && termHasVars(b)) return this.evalTerm(a, env, (v) => this.unifyValue(b, v, env, k));
    return this.evalTerm(a, env, (va) => this.evalTerm(b, env, (vb) => valuesEqual(va, vb) ? k() : false));
  }
  unifyPairs(as, bs, i, env, k) {
    if (i === as.length) return k();
    return this.unify(as[i], bs[i], env, () => this.unifyPairs(as, bs, i + 1, env, k));
  }
  /** Unify a term (possibly holding unbound vars) with a value. */
  unifyValue(t, v, env, k) {
    switch (t.t) {
      case "var": {
        if (t.name === "input" || t.name === "data") break;
        const cur = env.f.get(t.name);
        if (cur !== void 0) return valuesEqual(cur, v) ? k() : false;
        return this.bind(t.name, v, env, k);
      }
      case "scalar":
        return valuesEqual(t.v, v) ? k() : false;
      case "array": {
        if (!Array.isArray(v) || v.length !== t.items.length) return false;
        const step = (i) => i === v.length ? k() : this.unifyValue(t.items[i], v[i], env, () => step(i + 1));
        return step(0);
      }
      case "object": {
        if (!(v instanceof RObject) || v.size !== t.pairs.length) return false;
        const step = (i) => {
          if (i === t.pairs.length) return k();
          const [kt, vt] = t.pairs[i];
          return this.evalTerm(kt, env, (key2) => {
            const x = v.get(key2);
            return x === void 0 ? false : this.unifyValue(vt, x, env, () => step(i + 1));
          });
        };
        return step(0);
      }
      default:
        break;
    }
    return this.evalTerm(t, env, (x) => valuesEqual(x, v) ? k() : false);
  }
  // ---- terms --------------------------------------------------------------------------
  evalTerm(t, env, kv) {
    switch (t.t) {
      case "scalar":
        return kv(t.v);
      case "var": {
        const v = env.f.get(t.name);
        if (v !== void 0) return kv(v);
        if (t.name === "input") return env.c.input === void 0 ? false : kv(env.c.input);
        if (t.name === "data") return this.evalDataPath([], env, kv);
        throw new RegoError("rego_unsafe_var_error", `var ${t.name.replace(/\$.*$/, "")} is unsafe`, t.loc);
      }
      case "ref": {
        const q = this.quick(t, env);
        if (q === NONE) return false;
        if (q !== SLOW) return kv(q);
        return this.evalRef(t, env, kv);
      }
      case "array":
        return this.evalItems(t.items, 0, [], env, (items) => kv(items));
      case "set":
        return this.evalItems(t.items, 0, [], env, (items) => kv(RSet.of(items)));
      case "object":
        return this.evalPairs(t.pairs, 0, new RObject(), env, kv);
      case "arraycomp": {
        const out = [];
        this.evalBody(
          t.body,
          0,
          env,
          () => this.evalTerm(t.head, env, (v) => {
            out.push(v);
            return false;
          })
        );
        return kv(out);
      }
      case "setcomp": {
        const out = new RSet();
        this.evalBody(
          t.body,
          0,
          env,
          () => this.evalTerm(t.head, env, (v) => {
            out.add(v);
            return false;
          })
        );
        return kv(out);
      }
      case "objcomp": {
        const out = new RObject();
        this.evalBody(
          t.body,
          0,
          env,
          () => this.evalTerm(
            t.key,
            env,
            (key2) => this.evalTerm(t.value, env, (v) => {
              const prev = out.get(key2);
              if (prev !== void 0 && !valuesEqual(prev, v)) throw new RegoError("eval_conflict_error", "object keys must be unique", t.loc);
              out.set(key2, v);
              return false;
            })
          )
        );
        return kv(out);
      }
      case "call":
        return this.evalCall(t, env, kv);
      case "template":
        return this.evalTemplate(t.parts, 0, "", env, kv);
    }
  }
  evalTemplate(parts, i, acc, env, kv) {
    if (i === parts.length) return kv(acc);
    const p = parts[i];
    if (typeof p === "string") return this.evalTemplate(parts, i + 1, acc + p, env, kv);
    const vals = [];
    this.evalTerm(p, env, (v2) => {
      vals.push(v2);
      return false;
    });
    if (vals.length > 1) throw new RegoError("eval_conflict_error", "template expression produced multiple outputs", p.loc);
    const v = vals[0];
    const text = v === void 0 ? "<undefined>" : typeof v === "string" ? v : toRegoString(v);
    return this.evalTemplate(parts, i + 1, acc + text, env, kv);
  }
  evalItems(items, i, acc, env, k) {
    if (i === items.length) return k(acc.slice());
    return this.evalTerm(items[i], env, (v) => {
      acc[i] = v;
      const r = this.evalItems(items, i + 1, acc, env, k);
      acc.length = i;
      return r;
    });
  }
  evalPairs(pairs, i, acc, env, kv) {
    if (i === pairs.length) {
      const o = new RObject();
      for (const [key2, v] of acc.pairs()) o.set(key2, v);
      return kv(o);
    }
    const [kt, vt] = pairs[i];
    return this.evalTerm(
      kt,
      env,
      (key2) => this.evalTerm(vt, env, (v) => {
        const had = acc.get(key2);
        if (had !== void 0 && !valuesEqual(had, v)) throw new RegoError("eval_conflict_error", "object keys must be unique", kt.loc);
        acc.set(key2, v);
        const r = this.evalPairs(pairs, i + 1, acc, env, kv);
        if (had === void 0) acc.delete(key2);
        return r;
      })
    );
  }
  // ---- references ---------------------------------------------------------------------
  evalRef(t, env, kv) {
    const head = t.head;
    if (head.t === "var") {
      const bound = env.f.get(head.name);
      if (bound !== void 0) return this.walk(bound, t.path, 0, env, kv);
      if (head.name === "data") return this.evalDataPath(t.path, env, kv);
      if (head.name === "input") return env.c.input === void 0 ? false : this.walk(env.c.input, t.path, 0, env, kv);
      throw new RegoError("rego_unsafe_var_error", `var ${head.name.replace(/\$.*$/, "")} is unsafe`, head.loc);
    }
    return this.evalTerm(head, env, (v) => this.walk(v, t.path, 0, env, kv));
  }
  walk(v, path, i, env, kv) {
    if (i === path.length) return kv(v);
    const p = path[i];
    if (p.t === "scalar") {
      const x = lookup(v, p.v);
      return x === void 0 ? false : this.walk(x, path, i + 1, env, kv);
    }
    if (p.t === "var" && !env.f.has(p.name)) {
      if (p.name === "input" || p.name === "data") return this.evalTerm(p, env, (key2) => this.walkKey(v, key2, path, i, env, kv));
      const f = env.f;
      const name = p.name;
      const last2 = i + 1 === path.length;
      const each = (key2, x) => {
        f.set(name, key2);
        const r = last2 ? kv(x) : this.walk(x, path, i + 1, env, kv);
        f.delete(name);
        return r;
      };
      if (Array.isArray(v)) {
        for (let j = 0; j < v.length; j++) if (each(j, v[j])) return true;
      } else if (v instanceof RObject) {
        for (const [key2, x] of v.entries.values()) if (each(key2, x)) return true;
      } else if (v instanceof RSet) {
        for (const x of v.items.values()) if (each(x, x)) return true;
      }
      return false;
    }
    if ((p.t === "array" || p.t === "object") && termHasVars(p)) {
      return this.members(v, (key2, x) => this.unifyValue(p, key2, env, () => this.walk(x, path, i + 1, env, kv)));
    }
    return this.evalTerm(p, env, (key2) => this.walkKey(v, key2, path, i, env, kv));
  }
  walkKey(v, key2, path, i, env, kv) {
    const x = lookup(v, key2);
    return x === void 0 ? false : this.walk(x, path, i + 1, env, kv);
  }
  /** `data.<path>`: base documents merged with the virtual documents rules define. */
  evalDataPath(path, env, kv) {
    return this.descend(this.policy.root, env.c.data, path, 0, env, kv);
  }
  descend(node, base, path, i, env, kv) {
    const ov = env.c.dataOverrides?.get(pathKey(node.path));
    if (ov !== void 0) return this.walk(ov, path, i, env, kv);
    if (node.hasRules) {
      if (node.isFunction) return false;
      const v = this.nodeValue(node, base, env.c);
      return v === void 0 ? false : this.walk(v, path, i, env, kv);
    }
    if (i === path.length) {
      const v = this.materialize(node, base, env.c);
      return v === void 0 ? false : kv(v);
    }
    const p = path[i];
    if (p.t === "scalar") return this.descendKey(node, base, p.v, path, i, env, kv);
    if (p.t === "var" && !env.f.has(p.name) && p.name !== "input" && p.name !== "data") {
      const v = this.materialize(node, base, env.c);
      return v === void 0 ? false : this.walk(v, path, i, env, kv);
    }
    return this.evalTerm(p, env, (key2) => this.descendKey(node, base, key2, path, i, env, kv));
  }
  descendKey(node, base, key2, path, i, env, kv) {
    const child2 = typeof key2 === "string" ? node.children.get(key2) : void 0;
    let b = base === void 0 ? void 0 : lookup(base, key2);
    if (b === void 0 && base instanceof RObject && typeof key2 === "number") b = base.get(String(key2));
    if (child2) return this.descend(child2, b, path, i + 1, env, kv);
    return b === void 0 ? false : this.walkBase(b, path, i + 1, env, kv);
  }
  /** Walk base data: JSON documents have string keys only, so a number key also finds its text form. */
  walkBase(v, path, i, env, kv) {
    let cur = v;
    let j = i;
    for (; j < path.length; j++) {
      const p = path[j];
      const key2 = p.t === "scalar" ? p.v : p.t === "var" ? env.f.get(p.name) : void 0;
      if (key2 === void 0) break;
      let next = lookup(cur, key2);
      if (next === void 0 && cur instanceof RObject && typeof key2 === "number") next = cur.get(String(key2));
      if (next === void 0) return false;
      cur = next;
    }
    return this.walk(cur, path, j, env, kv);
  }
  /** The full document at a node without rules: base data merged with every child's value. */
  materialize(node, base, c) {
    const ov = c.dataOverrides?.get(pathKey(node.path));
    if (ov !== void 0) return ov;
    if (node.hasRules) return node.isFunction ? void 0 : this.nodeValue(node, base, c);
    if (node.children.size === 0 && !node.isPackage) return base;
    const out = new RObject();
    if (base instanceof RObject) for (const [k, v] of base.pairs()) out.set(k, v);
    for (const [name, child2] of node.children) {
      const v = this.materialize(child2, base instanceof RObject ? base.get(name) : void 0, c);
      if (v !== void 0) out.set(name, v);
    }
    return out;
  }
  // ---- rules --------------------------------------------------------------------------
  enter(node, c, loc) {
    if (c.inProgress.has(node)) {
      throw new RegoError("rego_recursion_error", `rule data.${node.path.join(".")} is recursive`, loc);
    }
    if (++this.depth > this.opts.limits.maxDepth) {
      throw new RegoError("eval_limit_error", `evaluation exceeded the maximum depth of ${this.opts.limits.maxDepth}`, loc);
    }
    c.inProgress.add(node);
  }
  leave(node, c) {
    this.depth--;
    c.inProgress.delete(node);
  }
  nodeValue(node, base, c) {
    const cached = c.cache.get(node);
    if (cached !== void 0) return cached === UNDEFINED2 ? void 0 : cached;
    this.enter(node, c, node.rules[0]?.rule.loc ?? node.defaultRule?.rule.loc);
    let v;
    try {
      v = this.computeNode(node, base, c);
    } finally {
      this.leave(node, c);
    }
    c.cache.set(node, v === void 0 ? UNDEFINED2 : v);
    return v;
  }
  newEnv(c) {
    return { f: new BindingFrame(), c };
  }
  computeNode(node, base, c) {
    const first2 = node.rules[0] ?? node.defaultRule;
    if (first2.suffix.length === 0 && first2.rule.kind === "complete") {
      let result;
      for (const pr of node.rules) {
        const v = this.completeValue(pr, c, "complete rules must not produce multiple outputs");
        if (v === void 0) continue;
        if (result === void 0) {
          result = v;
          if (node.earlyExit) break;
        } else if (!valuesEqual(result, v)) throw new RegoError("eval_conflict_error", "complete rules must not produce multiple outputs", pr.rule.loc);
      }
      if (result === void 0 && node.defaultRule) {
        this.evalTerm(node.defaultRule.rule.value, this.newEnv(c), (v) => {
          result = v;
          return true;
        });
      }
      return result;
    }
    if (first2.suffix.length === 0 && first2.rule.kind === "set") {
      const out2 = new RSet();
      for (const pr of node.rules) {
        if (pr.suffix.length !== 0 || pr.rule.kind !== "set") throw new RegoError("rego_compile_error", `rules for data.${node.path.join(".")} mix kinds`, pr.rule.loc);
        const env = this.newEnv(c);
        const key2 = pr.rule.key;
        const add2 = (v) => {
          out2.add(v);
          return false;
        };
        this.evalBody(pr.rule.body, 0, env, () => {
          const q = this.quick(key2, env);
          if (q === SLOW) return this.evalTerm(key2, env, add2);
          if (q !== NONE) out2.add(q);
          return false;
        });
      }
      return out2;
    }
    const out = new RObject();
    if (base instanceof RObject) for (const [k, v] of base.pairs()) out.set(k, v);
    for (const pr of node.rules) {
      if (pr.suffix.length === 0) throw new RegoError("rego_compile_error", `rules for data.${node.path.join(".")} mix kinds`, pr.rule.loc);
      const env = this.newEnv(c);
      const r = pr.rule;
      this.evalBody(
        r.body,
        0,
        env,
        () => this.evalItems(pr.suffix, 0, [], env, (keys) => {
          if (r.kind === "set") {
            return this.evalTerm(r.key, env, (v) => {
              this.insert(out, keys, v, true, r.loc);
              return false;
            });
          }
          return this.evalTerm(r.value, env, (v) => {
            this.insert(out, keys, v, false, r.loc);
            return false;
          });
        })
      );
      if (r.elses.length) throw new RegoError("rego_compile_error", "else keyword cannot be used on partial rules", r.loc);
    }
    for (const [name, child2] of node.children) {
      const v = this.materialize(child2, void 0, c);
      if (v === void 0) continue;
      const prev = out.get(name);
      out.set(name, prev === void 0 ? v : this.mergeDocs(prev, v, first2.rule.loc));
    }
    return out;
  }
  /** Documents two rule sets define at the same path: sets unite, objects merge, anything else must agree. */
  mergeDocs(a, b, loc) {
    if (a instanceof RSet && b instanceof RSet) return RSet.of([...a.values(), ...b.values()]);
    if (a instanceof RObject && b instanceof RObject && !this.ruleValues.has(a) && !this.ruleValues.has(b)) {
      const out = RObject.fromPairs(a.pairs());
      for (const [k, v] of b.pairs()) {
        const p = out.get(k);
        out.set(k, p === void 0 ? v : this.mergeDocs(p, v, loc));
      }
      return out;
    }
    if (!valuesEqual(a, b)) throw new RegoError("eval_conflict_error", "object keys must be unique", loc);
    return a;
  }
  insert(obj2, keys, v, isSet, loc) {
    let cur = obj2;
    for (let i = 0; i < keys.length - 1; i++) {
      const key2 = keys[i];
      let next = cur.get(key2);
      if (next === void 0) {
        next = new RObject();
        cur.set(key2, next);
      } else if (!(next instanceof RObject)) throw new RegoError("eval_conflict_error", "object keys must be unique", loc);
      cur = next;
    }
    const last2 = keys[keys.length - 1];
    const prev = cur.get(last2);
    if (isSet) {
      if (prev === void 0) cur.set(last2, RSet.of([v]));
      else if (prev instanceof RSet) prev.add(v);
      else throw new RegoError("eval_conflict_error", "object keys must be unique", loc);
      return;
    }
    if (prev !== void 0 && !valuesEqual(prev, v)) throw new RegoError("eval_conflict_error", "object keys must be unique", loc);
    if (v instanceof RObject) this.ruleValues.add(v);
    cur.set(last2, v);
  }
  /** The value one complete rule (with its else chain) produces, or undefined. */
  completeValue(pr, c, conflict, args) {
    const r = pr.rule;
    const branches = pr.branches;
    for (let bi = 0; bi < branches.length; bi++) {
      const br = branches[bi];
      const env = this.newEnv(c);
      if (args && !pr.simpleArgs) {
        let result2;
        this.unifyArgs(r.args, args, 0, env, () => (result2 = this.branchRest(br, env, 0, conflict, r.loc)) !== void 0);
        if (result2 !== void 0) return result2;
        continue;
      }
      if (args) for (let i2 = 0; i2 < args.length; i2++) env.f.push(r.args[i2].name, args[i2]);
      const body = br.body;
      let i = 0;
      let failed = false;
      for (; i < body.length; i++) {
        const step = this.straight(body[i], env);
        if (step === STRAIGHT_SLOW) break;
        if (step === STRAIGHT_FAIL) {
          failed = true;
          break;
        }
      }
      if (failed) continue;
      if (i === body.length) {
        const q = this.quick(br.value, env);
        if (q === NONE) continue;
        if (q !== SLOW) return q;
      }
      const result = this.branchRest(br, env, i, conflict, r.loc);
      if (result !== void 0) return result;
    }
    return void 0;
  }
  /** A branch's value from body expression `from` on, by full evaluation (every solution must agree). */
  branchRest(br, env, from, conflict, loc) {
    let result;
    this.evalBody(
      br.body,
      from,
      env,
      () => this.evalTerm(br.value, env, (v) => {
        if (result === void 0) result = v;
        else if (!valuesEqual(result, v)) throw new RegoError("eval_conflict_error", conflict, loc);
        return br.constHead;
      })
    );
    return result;
  }
  unifyArgs(params, args, i, env, k) {
    if (i === params.length) return k();
    return this.unifyValue(params[i], args[i], env, () => this.unifyArgs(params, args, i + 1, env, k));
  }
  // ---- calls --------------------------------------------------------------------------
  plan(t, name) {
    let arity;
    let user;
    let builtin;
    if (name.startsWith("data.")) {
      user = this.findNode(name.slice(5).split("."));
      if (!user || !user.isFunction) throw new RegoError("rego_type_error", `undefined function ${name}`, t.loc);
      arity = user.arity;
    } else {
      builtin = this.opts.builtins[name];
      if (!builtin) throw new RegoError("rego_type_error", `undefined function ${name}`, t.loc);
      arity = builtin.arity;
    }
    if (t.args.length !== arity && t.args.length !== arity + 1) {
      throw new RegoError("rego_type_error", `${name}: arity mismatch: expected ${arity} arguments, got ${t.args.length}`, t.loc);
    }
    const out = t.args.length === arity + 1 ? t.args[arity] : void 0;
    const inputs = out ? t.args.slice(0, arity) : t.args;
    const order = inputs.some((a) => a.t === "var") && inputs.some((a) => a.t !== "var" && a.t !== "scalar") ? inputs.map((_, i) => i).sort((x, y) => Number(inputs[x].t === "var") - Number(inputs[y].t === "var")) : void 0;
    return { name, user, builtin, out, inputs, order };
  }
  evalCall(t, env, kv) {
    if (t.name === "print") {
      return kv(true);
    }
    const override = env.c.fnOverrides?.get(t.name);
    if (override && override.t !== "call") {
      return this.evalItems(t.args, 0, [], env, () => this.evalTerm(override, env, kv));
    }
    let plan;
    if (override) plan = this.plan(t, override.name);
    else {
      plan = t.memo ?? (t.memo = this.plan(t, t.name));
    }
    const { user, out, inputs, order } = plan;
    const deliver = out ? (v) => this.unifyValue(out, v, env, () => kv(true)) : kv;
    const c = override ? this.withoutOverride(env.c) : env.c;
    const vals = new Array(inputs.length);
    let slow = false;
    for (let i = 0; i < inputs.length; i++) {
      const q = this.quick(inputs[i], env);
      if (q === NONE) return false;
      if (q === SLOW) {
        slow = true;
        break;
      }
      vals[i] = q;
    }
    if (!slow) return user ? this.callUser(user, vals, c, t.loc, deliver) : this.callBuiltin(plan, vals, t.loc, deliver);
    const invoke = (got) => user ? this.callUser(user, got, c, t.loc, deliver) : this.callBuiltin(plan, got, t.loc, deliver);
    if (order) {
      return this.evalItems(order.map((i) => inputs[i]), 0, [], env, (got) => {
        const back = [];
        order.forEach((i, j) => back[i] = got[j]);
        return invoke(back);
      });
    }
    return this.evalItems(inputs, 0, [], env, invoke);
  }
  /**
   * The single value of a scalar, a bound var, or a ref whose path is ground: SLOW when the
   * term needs full evaluation (enumeration, calls, comprehensions), NONE when it is undefined.
   */
  /** A call whose arguments are all quick, evaluated in place (no continuation). */
  quickCall(t, env) {
    if (env.c.fnOverrides?.has(t.name) || t.name === "print") return SLOW;
    const plan = t.memo ?? (t.memo = this.plan(t, t.name));
    const b = plan.builtin;
    if (plan.out || b && b.relation) return SLOW;
    const inputs = plan.inputs;
    const vals = new Array(inputs.length);
    for (let i = 0; i < inputs.length; i++) {
      const q = this.quick(inputs[i], env);
      if (q === NONE || q === SLOW) return q;
      vals[i] = q;
    }
    if (!b) {
      const v = this.callUserValue(plan.user, vals, env.c, t.loc);
      return v === void 0 ? NONE : v;
    }
    try {
      const v = b.fn(vals, this.bctx);
      return v === void 0 ? NONE : v;
    } catch (e) {
      this.builtinFailure(e, plan.name, t.loc);
      return NONE;
    }
  }
  quick(t, env) {
    if (t.t === "scalar") return t.v;
    if (t.t === "call") return this.quickCall(t, env);
    if (t.t === "array") {
      const out = new Array(t.items.length);
      for (let i = 0; i < t.items.length; i++) {
        const q = this.quick(t.items[i], env);
        if (q === NONE || q === SLOW) return q;
        out[i] = q;
      }
      return out;
    }
    if (t.t === "var") {
      const v = env.f.get(t.name);
      if (v !== void 0) return v;
      if (t.name === "input") return env.c.input ?? NONE;
      return SLOW;
    }
    if (t.t !== "ref" || t.head.t !== "var") return SLOW;
    const head = t.head.name;
    let cur = env.f.get(head);
    if (cur === void 0) {
      if (head === "data") return this.quickData(t, env);
      if (head !== "input") return SLOW;
      cur = env.c.input;
      if (cur === void 0) return NONE;
    }
    const path = t.path;
    for (let i = 0; i < path.length; i++) {
      const p = path[i];
      const key2 = p.t === "scalar" ? p.v : p.t === "var" ? env.f.get(p.name) : void 0;
      if (key2 === void 0) return SLOW;
      cur = lookup(cur, key2);
      if (cur === void 0) return NONE;
    }
    return cur;
  }
  quickData(t, env) {
    const c = env.c;
    if (c.dataOverrides) return SLOW;
    const path = t.path;
    const memo = t.memo;
    if (memo) {
      const v2 = memo.node.isFunction ? void 0 : this.nodeValue(memo.node, void 0, c);
      return v2 === void 0 ? NONE : this.quickWalk(v2, path, memo.depth, env);
    }
    let node = this.policy.root;
    let base = c.data;
    let i = 0;
    for (; i < path.length; i++) {
      if (node.hasRules) break;
      const p = path[i];
      const key2 = p.t === "scalar" ? p.v : p.t === "var" ? env.f.get(p.name) : void 0;
      if (key2 === void 0) return SLOW;
      const child2 = typeof key2 === "string" ? node.children.get(key2) : void 0;
      let b = base === void 0 ? void 0 : lookup(base, key2);
      if (b === void 0 && base instanceof RObject && typeof key2 === "number") b = base.get(String(key2));
      if (!child2) {
        if (b === void 0) return NONE;
        return this.quickWalk(b, path, i + 1, env, true);
      }
      node = child2;
      base = b;
    }
    let v;
    if (node.hasRules) {
      if (node.isFunction) return NONE;
      const first2 = node.rules[0] ?? node.defaultRule;
      if (first2 && first2.suffix.length === 0 && path.slice(0, i).every((p) => p.t === "scalar")) t.memo = { node, depth: i };
      v = this.nodeValue(node, base, c);
    } else v = this.materialize(node, base, c);
    if (v === void 0) return NONE;
    return this.quickWalk(v, path, i, env);
  }
  quickWalk(v, path, from, env, baseData = false) {
    let cur = v;
    for (let i = from; i < path.length; i++) {
      const p = path[i];
      const key2 = p.t === "scalar" ? p.v : p.t === "var" ? env.f.get(p.name) : void 0;
      if (key2 === void 0) return SLOW;
      const prev = cur;
      cur = lookup(prev, key2);
      if (cur === void 0 && baseData && prev instanceof RObject && typeof key2 === "number") cur = prev.get(String(key2));
      if (cur === void 0) return NONE;
    }
    return cur;
  }
  /** A replacement function runs against the real functions: mocks do not call mocks (nor themselves). */
  withoutOverride(c) {
    return {
      ...c,
      fnOverrides: void 0,
      cache: /* @__PURE__ */ new Map(),
      calls: /* @__PURE__ */ new Map(),
      inProgress: new Set(c.inProgress)
    };
  }
  findNode(path) {
    let n = this.policy.root;
    for (const p of path) n = n?.children.get(p);
    return n;
  }
  callUser(node, args, c, loc, kv) {
    const v = this.callUserValue(node, args, c, loc);
    return v === void 0 ? false : kv(v);
  }
  /** A function's one value for `args` (undefined when it has none), memoised per scope. */
  callUserValue(node, args, c, loc) {
    let memo = c.calls.get(node);
    if (!memo) c.calls.set(node, memo = { list: [], byFirst: void 0 });
    const byFirst = memo.byFirst;
    if (!byFirst) {
      const list = memo.list;
      for (let i = 0; i < list.length; i++) {
        const e = list[i];
        if (sameArgs(e.args, args, 0)) return e.result === UNDEFINED2 ? void 0 : e.result;
      }
      const result2 = this.callUserUncached(node, args, c, loc);
      const entry2 = { args, result: result2 === void 0 ? UNDEFINED2 : result2, next: void 0 };
      if (list.length < MEMO_LIST || args.length === 0) list.push(entry2);
      else {
        const m = /* @__PURE__ */ new Map();
        for (const e of [...list, entry2]) {
          e.next = m.get(e.args[0]);
          m.set(e.args[0], e);
        }
        memo.byFirst = m;
        memo.list = [];
      }
      return result2;
    }
    const first2 = byFirst.get(args[0]);
    let seen = 0;
    for (let e = first2; e; e = e.next, seen++) if (sameArgs(e.args, args, 1)) return e.result === UNDEFINED2 ? void 0 : e.result;
    const result = this.callUserUncached(node, args, c, loc);
    if (seen < MEMO_CHAIN) byFirst.set(args[0], { args, result: result === void 0 ? UNDEFINED2 : result, next: first2 });
    return result;
  }
  callUserUncached(node, args, c, loc) {
    if (++this.depth > this.opts.limits.maxDepth) {
      throw new RegoError("eval_limit_error", `evaluation exceeded the maximum depth of ${this.opts.limits.maxDepth}`, loc);
    }
    let result;
    try {
      for (const pr of node.funcs) {
        const v = this.completeValue(pr, c, "functions must not produce multiple outputs for same inputs", args);
        if (v === void 0) continue;
        if (result === void 0) {
          result = v;
          if (node.earlyExit) break;
        } else if (!valuesEqual(result, v)) throw new RegoError("eval_conflict_error", "functions must not produce multiple outputs for same inputs", loc);
      }
      if (result === void 0 && node.defaultRule) {
        this.evalTerm(node.defaultRule.rule.value, this.newEnv(c), (v) => {
          result = v;
          return true;
        });
      }
    } finally {
      this.depth--;
    }
    return result;
  }
  callBuiltin(plan, args, loc, kv) {
    const b = plan.builtin;
    const name = plan.name;
    let result;
    let many;
    try {
      if (b.relation) many = b.relation(args, this.bctx);
      else result = b.fn(args, this.bctx);
    } catch (e) {
      this.builtinFailure(e, name, loc);
      return false;
    }
    if (many) {
      for (const v of many) if (kv(v)) return true;
      return false;
    }
    return result === void 0 ? false : kv(result);
  }
  /**
   * A builtin threw: in strict mode raise it (typed), otherwise the call is undefined, as in
   * OPA. Stack exhaustion stays a limit error; any other unexpected throw counts as a builtin error.
   */
  builtinFailure(e, name, loc) {
    if (e instanceof RegoError) throw e.at(loc);
    if (e instanceof RangeError && /call stack/i.test(e.message)) throw e;
    if (!this.opts.strict) return;
    if (e instanceof BuiltinError) throw new RegoError(e.code, `${name}: ${e.message}`, loc);
    throw new RegoError("eval_builtin_error", `${name}: ${e instanceof Error ? e.message : String(e)}`, loc);
  }
  // ---- with ---------------------------------------------------------------------------
  withCtx(withs, env) {
    const c = {
      ...env.c,
      cache: /* @__PURE__ */ new Map(),
      calls: /* @__PURE__ */ new Map(),
      inProgress: new Set(env.c.inProgress),
      dataOverrides: env.c.dataOverrides ? new Map(env.c.dataOverrides) : void 0,
      fnOverrides: env.c.fnOverrides ? new Map(env.c.fnOverrides) : void 0
    };
    for (const w of withs) {
      const target = w.target;
      if (target.t === "call") {
        c.fnOverrides ??= /* @__PURE__ */ new Map();
        c.fnOverrides.set(target.name, w.value.t === "call" ? w.value : this.constOf(w.value, env));
        continue;
      }
      const value = this.single(w.value, env);
      if (value === void 0) continue;
      const head = target.t === "ref" ? target.head : target;
      const path = (target.t === "ref" ? target.path : []).map((p) => this.single(p, env));
      if (head.t === "var" && head.name === "input") {
        c.input = patchValue(c.input, path, value);
      } else {
        c.dataOverrides ??= /* @__PURE__ */ new Map();
        c.dataOverrides.set(pathKey(path.map(String)), value);
        c.data = patchValue(c.data, path, value);
      }
    }
    return c;
  }
  constOf(t, env) {
    const v = this.single(t, env);
    return { t: "scalar", v: v ?? null, loc: t.loc };
  }
  single(t, env) {
    let out;
    this.evalTerm(t, env, (v) => {
      out = v;
      return true;
    });
    return out;
  }
};

// src/policy/rego/limits.ts
var DEFAULT_LIMITS = {
  maxSteps: 5e6,
  maxDepth: 200,
  timeoutMs: 5e3,
  maxCollection: 1e6
};

// src/policy/rego/rego-program.ts
var ON_DEMAND_NAME = new RegExp(`(?<![\\w.])(?:${ON_DEMAND_GROUPS.flatMap((g) => g.names).map((n) => n.replaceAll(".", "\\.")).join("|")})(?![\\w])`, "g");
var RegoProgram = class _RegoProgram {
  constructor(compiled, builtins) {
    this.compiled = compiled;
    this.builtins = builtins;
  }
  compiled;
  builtins;
  queries = /* @__PURE__ */ new Map();
  /** Parse and compile modules; throws `RegoError` (`rego_parse_error` with `file:line:col`, or a compile error). */
  static compileSources(modules, isBuiltin) {
    return compileModules(
      modules.map((m) => parseModule(m.source, m.file)),
      isBuiltin
    );
  }
  /**
   * Compiled against every builtin, with the eager ones at hand and, loading in the background, the
   * on-demand groups (on-demand-builtins.ts) whose builtins the modules' text names. `ready` settles
   * once they are in the table; evaluating before that fails closed (an unloaded builtin is an
   * undefined function, an error). Throws `RegoError` like RegoPolicy.compile.
   */
  static onDemand(modules) {
    const builtins = { ...EAGER_BUILTINS };
    const program = new _RegoProgram(
      _RegoProgram.compileSources(modules, (name) => name in builtins || isOnDemandBuiltin(name)),
      builtins
    );
    const called = new Set(modules.flatMap((m) => m.source.match(ON_DEMAND_NAME) ?? []));
    const ready = called.size ? onDemandBuiltins(called).then((loaded) => void Object.assign(builtins, loaded)) : Promise.resolve();
    return { program, ready };
  }
  prepare(query) {
    let q = this.queries.get(query);
    if (!q) {
      q = compileQuery(parseQuery(query), (name) => name in this.builtins, this.compiled);
      if (this.queries.size > 1e3) this.queries.clear();
      this.queries.set(query, q);
    }
    return q;
  }
  /** The values of `data` documents at the given paths, evaluated together (one rule cache). */
  documents(paths, opts = {}) {
    return this.evaluator(opts).documents(paths);
  }
  evaluator(opts) {
    return new Evaluator(this.compiled, {
      input: opts.input,
      data: opts.data ?? new RObject(),
      strict: opts.strict ?? false,
      limits: { ...DEFAULT_LIMITS, ...opts.limits },
      builtins: this.builtins,
      nowNs: opts.nowNs ?? BigInt(Date.now()) * 1000000n
    });
  }
  /** Every solution of `query`, as variable bindings (an empty list means undefined). */
  query(query, opts = {}) {
    return this.evaluator(opts).query(this.prepare(query));
  }
};

export {
  RegoError,
  parseTermSource,
  EAGER_BUILTINS,
  constValue,
  RegoProgram
};
