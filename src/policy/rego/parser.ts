import { readAnnotations } from './annotations.js';
import type { Expr, Import, Module, Rule, RuleElse, Term, WithModifier } from './ast.js';
import { lex, type LineComment, type Token } from './lexer.js';
import { parseNumber } from './parse-number.js';
import { RegoError, type SourceLocation } from './rego-error.js';

const KEYWORDS = new Set(['package', 'import', 'as', 'default', 'else', 'if', 'contains', 'some', 'in', 'every', 'not', 'with']);
const RELATIONS: Record<string, string> = { '==': 'equal', '!=': 'neq', '<': 'lt', '<=': 'lte', '>': 'gt', '>=': 'gte' };
const ARITH: Record<string, string> = { '+': 'plus', '-': 'minus' };
const FACTOR: Record<string, string> = { '*': 'mul', '/': 'div', '%': 'rem' };

/**
 * Recursive-descent parser for Rego v1 (https://www.openpolicyagent.org/docs/latest/policy-reference/#grammar).
 * Operator precedence follows OPA's parser: `in` < relations < `|` < `&` < `+ -` < `* / %`.
 */
class Parser {
  private pos = 0;
  private wildcards = 0;

  constructor(
    private readonly toks: Token[],
    private readonly file: string,
    private readonly lineOffset = 0,
  ) {}

  private peek(n = 0): Token {
    return this.toks[Math.min(this.pos + n, this.toks.length - 1)]!;
  }
  private next(): Token {
    const t = this.peek();
    if (this.pos < this.toks.length - 1) this.pos++;
    return t;
  }
  private loc(t: Token = this.peek()): SourceLocation {
    return { file: this.file, line: t.line + this.lineOffset, col: t.col };
  }
  private fail(msg: string, t: Token = this.peek()): never {
    throw new RegoError('rego_parse_error', msg, this.loc(t));
  }
  private describe(t: Token): string {
    if (t.k === 'eof') return 'eof token';
    if (t.k === 'str') return 'string';
    if (t.k === 'num') return 'number';
    return `${JSON.stringify(t.v)}`;
  }
  private isOp(v: string, n = 0): boolean {
    const t = this.peek(n);
    return t.k === 'op' && t.v === v;
  }
  private expectOp(v: string): Token {
    if (!this.isOp(v)) this.fail(`unexpected ${this.describe(this.peek())}: expected ${JSON.stringify(v)}`);
    return this.next();
  }
  /** A keyword, unless used as a ref component (`if.foo`). */
  private isKw(word: string, n = 0): boolean {
    const t = this.peek(n);
    if (t.k !== 'ident' || t.v !== word) return false;
    const after = this.peek(n + 1);
    return !(after.k === 'op' && !after.ws && (after.v === '.' || after.v === '(' || (after.v === '[' && word !== 'in')));
  }

  // ---- module ----------------------------------------------------------------------------

  parseModule(source: string): Module {
    if (!this.isKw('package')) this.fail(`unexpected ${this.describe(this.peek())}: expected package declaration`);
    this.next();
    const pkgTerm = this.parseRefLike(true);
    const pkg = this.groundPath(pkgTerm, 'package');
    const imports: Import[] = [];
    const rules: Rule[] = [];
    while (this.peek().k !== 'eof') {
      if (this.isKw('import')) {
        const at = this.next();
        const path = this.parseRefLike(true);
        let alias: string | undefined;
        if (this.isKw('as')) {
          this.next();
          const a = this.next();
          if (a.k !== 'ident') this.fail('unexpected token: expected import alias', a);
          alias = a.v;
        }
        imports.push({ path, alias, loc: this.loc(at) });
        continue;
      }
      rules.push(...this.parseRule());
    }
    return { file: this.file, pkg, imports, rules, source };
  }

  private groundPath(t: Term, what: string): string[] {
    const parts = t.t === 'ref' ? [t.head, ...t.path] : [t];
    return parts.map((p, i) => {
      if (i === 0 && p.t === 'var') return p.name;
      if (p.t === 'scalar' && typeof p.v === 'string') return p.v;
      return this.fail(`${what} path must be made of names`);
    });
  }

  /** `a.b["c"].d` without calls (package, import, rule heads, `with` targets). */
  private parseRefLike(allowKeywordHead = false): Term {
    const t = this.next();
    if (t.k !== 'ident') this.fail(`unexpected ${this.describe(t)}: expected ident`, t);
    if (!allowKeywordHead && KEYWORDS.has(t.v) && this.isKwToken(t)) this.fail(`unexpected keyword ${t.v}`, t);
    const head: Term = { t: 'var', name: t.v, loc: this.loc(t) };
    const path: Term[] = [];
    for (;;) {
      const n = this.peek();
      if (n.k !== 'op' || n.ws) break;
      if (n.v === '.') {
        this.next();
        const f = this.next();
        if (f.k !== 'ident') this.fail(`unexpected ${this.describe(f)}: expected ident`, f);
        path.push({ t: 'scalar', v: f.v, loc: this.loc(f) });
      } else if (n.v === '[') {
        this.next();
        path.push(this.parseTermIn(false));
        this.expectOp(']');
      } else break;
    }
    return path.length ? { t: 'ref', head, path, loc: head.loc } : head;
  }

  private isKwToken(t: Token): boolean {
    const i = this.toks.indexOf(t);
    const after = this.toks[i + 1];
    return !(after && after.k === 'op' && !after.ws && after.v === '.');
  }

  private parseRule(): Rule[] {
    const start = this.peek();
    const isDefault = this.isKw('default');
    if (isDefault) this.next();
    const first = this.peek();
    if (first.k === 'ident' && KEYWORDS.has(first.v) && this.isKw(first.v)) this.fail(`unexpected ${first.v} keyword: expected a rule`);
    const head = this.parseRefLike(true);
    const ref = head.t === 'ref' ? [head.head, ...head.path] : [head];
    const name = ref[0]!;
    if (name.t !== 'var') this.fail('rule name must be an identifier', start);
    ref[0] = { t: 'scalar', v: name.name, loc: name.loc };
    let args: Term[] = [];
    let kind: Rule['kind'] = 'complete';
    if (this.isOp('(') && !this.peek().ws) {
      this.next();
      args = this.parseTermList(')');
      kind = 'func';
    }
    let key: Term | undefined;
    let value: Term | undefined;
    const loc = this.loc(start);
    if (this.isKw('contains')) {
      if (kind === 'func') this.fail('functions cannot use contains');
      this.next();
      key = this.parseTermIn(false);
      kind = 'set';
    } else if (this.isOp(':=') || this.isOp('=')) {
      this.next();
      value = this.parseTermIn(false);
    }
    if (isDefault) {
      if (!value) this.fail('default rules must have a value assigned', start);
      return [{ ref, kind, args, key, value, body: [], isDefault, elses: [], loc }];
    }
    const hasBody = this.isKw('if') || this.isOp('{');
    if (kind === 'complete' && !value && hasBody && ref.length > 1 && ref[ref.length - 1]!.t === 'var' && this.isOp('{')) {
      this.fail('`contains` keyword is required for partial set rules (write `name contains x if { ... }`)', start);
    }
    if (!hasBody && !value && !key) this.fail('rule must have a value, a body or contains (a bare name is not a rule)', start);
    const body = this.parseRuleBody();
    const elses: RuleElse[] = [];
    while (this.isKw('else')) {
      const at = this.next();
      let ev: Term = { t: 'scalar', v: true, loc: this.loc(at) };
      if (this.isOp(':=') || this.isOp('=')) {
        this.next();
        ev = this.parseTermIn(false);
      }
      elses.push({ value: ev, body: this.parseRuleBody(), loc: this.loc(at) });
    }
    if (kind === 'set' && elses.length) this.fail('else keyword cannot be used on multi-value rules', start);
    const rule: Rule = {
      ref,
      kind,
      args,
      key,
      value: value ?? { t: 'scalar', v: true, loc },
      body,
      isDefault,
      elses,
      loc,
    };
    return [rule];
  }

  /** `if { ... }`, `if expr`, a bare `{ ... }` (pre-v1 style), or nothing (a fact). */
  private parseRuleBody(): Expr[] {
    if (this.isKw('if')) {
      this.next();
      if (this.isOp('{')) {
        // `if {x: 1 | ...}` is an object comprehension, not a body: retry as one expression.
        const save = this.pos;
        try {
          return this.parseBlock();
        } catch (e) {
          this.pos = save;
          try {
            const lit = this.parseLiteral();
            this.endOfLiteral('}');
            return [lit];
          } catch {
            throw e;
          }
        }
      }
      const lit = this.parseLiteral();
      this.endOfLiteral('}');
      return [lit];
    }
    // Rego v1 requires `if` before a body (https://www.openpolicyagent.org/docs/latest/v0-compatibility/).
    if (this.isOp('{')) this.fail('`if` keyword is required before rule body');
    return [];
  }

  private parseBlock(): Expr[] {
    this.expectOp('{');
    const body = this.parseBody('}');
    this.expectOp('}');
    if (body.length === 0) this.fail('found empty body');
    return body;
  }

  private endOfLiteral(close: string): void {
    const t = this.peek();
    if (t.k === 'eof' || t.nl || (t.k === 'op' && (t.v === ';' || t.v === close))) return;
    this.fail(`unexpected ${this.describe(t)} token: expected \\n or ; or ${close}`);
  }

  /** Literals separated by `;` or line breaks, up to (not including) `close`. */
  private parseBody(close: string): Expr[] {
    const body: Expr[] = [];
    while (!this.isOp(close)) {
      if (this.peek().k === 'eof') this.fail(`unexpected eof token: expected ${close}`);
      if (this.isOp(';')) {
        this.next();
        continue;
      }
      body.push(this.parseLiteral());
      this.endOfLiteral(close);
    }
    return body;
  }

  private parseLiteral(): Expr {
    const start = this.peek();
    const loc = this.loc(start);
    if (this.isKw('some')) {
      this.next();
      const first = this.parseTermRelation(false);
      let second: Term | undefined;
      if (this.isOp(',') && !this.isKwAfterTerm()) {
        // `some x, y, z` declaration
        const vars = [first];
        while (this.isOp(',')) {
          this.next();
          vars.push(this.parseTermRelation(false));
        }
        for (const v of vars) if (v.t !== 'var') this.fail('expected var in some declaration');
        return { e: 'some', vars, loc };
      }
      if (this.isOp(',')) {
        this.next();
        second = this.parseTermRelation(false);
      }
      if (this.isKw('in')) {
        this.next();
        const coll = this.parseTermRelation(false);
        return {
          e: 'somein',
          key: second ? first : undefined,
          value: second ?? first,
          coll,
          withs: this.parseWiths(),
          loc,
        };
      }
      if (first.t !== 'var') this.fail('expected var in some declaration');
      return { e: 'some', vars: [first], loc };
    }
    if (this.isKw('every')) {
      this.next();
      const first = this.parseTermRelation(false);
      let second: Term | undefined;
      if (this.isOp(',')) {
        this.next();
        second = this.parseTermRelation(false);
      }
      if (!this.isKw('in')) this.fail('unexpected token: expected in');
      this.next();
      const domain = this.parseTermRelation(false);
      this.expectOp('{');
      const body = this.parseBody('}');
      this.expectOp('}');
      return { e: 'every', key: second ? first : undefined, value: second ?? first, domain, body, withs: this.parseWiths(), loc };
    }
    let negated = false;
    if (this.isKw('not')) {
      this.next();
      negated = true;
      if (this.isOp('{')) {
        // `not { a; b }` (rego.v2): true when the conjunction has no solution.
        const save = this.pos;
        try {
          const body = this.parseBlock();
          const none = this.call('equal', [this.call('count', [{ t: 'arraycomp', head: { t: 'scalar', v: true, loc }, body, loc }], loc), { t: 'scalar', v: 0, loc }], loc);
          return { e: 'term', term: none, negated: false, withs: this.parseWiths(), loc };
        } catch {
          this.pos = save;
        }
      }
    }
    const term = this.parseExprTerm();
    return { e: 'term', term, negated, withs: this.parseWiths(), loc };
  }

  parseWiths(): WithModifier[] {
    const withs: WithModifier[] = [];
    while (this.isKw('with')) {
      this.next();
      const target = this.parseRefLike(true);
      if (!this.isKw('as')) this.fail('unexpected token: expected as');
      this.next();
      const value = this.parseTermIn(false);
      withs.push({ target, value });
    }
    return withs;
  }

  /** An expression: a term, or `a := b` / `a = b`. */
  private parseExprTerm(): Term {
    const lhs = this.parseTermIn(false, true);
    if (this.isOp(':=') || this.isOp('=')) {
      const op = this.next();
      const rhs = this.parseTermIn(false);
      const name = op.v === ':=' ? 'assign' : 'eq';
      return this.call(name, [lhs, rhs], lhs.loc);
    }
    return lhs;
  }

  private call(name: string, args: Term[], loc: SourceLocation): Term {
    return { t: 'call', fn: { t: 'var', name, loc }, name, args, loc };
  }

  parseTermIn(noBar: boolean, keyVal = false): Term {
    let lhs = this.parseTermRelation(noBar);
    for (;;) {
      if (keyVal && this.isOp(',') && this.isKwAfterTerm()) {
        // `k, v in coll` as an expression
        this.next();
        const v = this.parseTermRelation(noBar);
        this.next(); // in
        const coll = this.parseTermRelation(noBar);
        lhs = this.call('internal.member_3', [lhs, v, coll], lhs.loc);
        continue;
      }
      if (!this.isKw('in')) return lhs;
      this.next();
      const rhs = this.parseTermRelation(noBar);
      lhs = this.call('internal.member_2', [lhs, rhs], lhs.loc);
    }
  }

  /** After `,`: a single term then `in`? (distinguishes `k, v in xs` from list commas). */
  private isKwAfterTerm(): boolean {
    const save = this.pos;
    try {
      this.next();
      this.parseTermRelation(false);
      return this.isKw('in');
    } catch {
      return false;
    } finally {
      this.pos = save;
    }
  }

  private parseTermRelation(noBar: boolean): Term {
    let lhs = this.parseTermOr(noBar);
    for (;;) {
      const t = this.peek();
      const name = t.k === 'op' ? RELATIONS[t.v] : undefined;
      if (!name) return lhs;
      this.next();
      lhs = this.call(name, [lhs, this.parseTermOr(noBar)], lhs.loc);
    }
  }

  private parseTermOr(noBar: boolean): Term {
    let lhs = this.parseTermAnd();
    while (!noBar && this.isOp('|')) {
      this.next();
      lhs = this.call('or', [lhs, this.parseTermAnd()], lhs.loc);
    }
    return lhs;
  }

  private parseTermAnd(): Term {
    let lhs = this.parseTermArith();
    while (this.isOp('&')) {
      this.next();
      lhs = this.call('and', [lhs, this.parseTermArith()], lhs.loc);
    }
    return lhs;
  }

  private parseTermArith(): Term {
    let lhs = this.parseTermFactor();
    for (;;) {
      const t = this.peek();
      const name = t.k === 'op' ? ARITH[t.v] : undefined;
      if (!name) return lhs;
      this.next();
      lhs = this.call(name, [lhs, this.parseTermFactor()], lhs.loc);
    }
  }

  private parseTermFactor(): Term {
    let lhs = this.parseTerm();
    for (;;) {
      const t = this.peek();
      const name = t.k === 'op' ? FACTOR[t.v] : undefined;
      if (!name) return lhs;
      this.next();
      lhs = this.call(name, [lhs, this.parseTerm()], lhs.loc);
    }
  }

  private parseTermList(close: string): Term[] {
    const items: Term[] = [];
    while (!this.isOp(close)) {
      items.push(this.parseTermIn(false));
      if (!this.isOp(',')) break;
      this.next();
    }
    this.expectOp(close);
    return items;
  }

  /** A primary term with its ref/call suffixes. */
  parseTerm(): Term {
    const t = this.peek();
    const loc = this.loc(t);
    let term: Term;
    if (t.k === 'num') {
      this.next();
      term = { t: 'scalar', v: parseNumber(t.v), loc };
    } else if (t.k === 'str') {
      this.next();
      term = { t: 'scalar', v: t.v, loc };
    } else if (t.k === 'tmpl') {
      this.next();
      term = this.parseTemplate(t);
    } else if (t.k === 'ident') {
      if (KEYWORDS.has(t.v) && this.isKw(t.v)) this.fail(`unexpected ${t.v} keyword`);
      this.next();
      const refNext = this.isOp('.') && !this.peek().ws;
      if ((t.v === 'true' || t.v === 'false') && !refNext) term = { t: 'scalar', v: t.v === 'true', loc };
      else if (t.v === 'null' && !refNext) term = { t: 'scalar', v: null, loc };
      else if (t.v === 'set' && this.isOp('(') && !this.peek().ws && this.isOp(')', 1)) {
        this.next();
        this.next();
        term = { t: 'set', items: [], loc };
      } else if (t.v === '_') term = { t: 'var', name: `$_${this.wildcards++}`, loc };
      else term = { t: 'var', name: t.v, loc };
    } else if (t.k === 'op' && t.v === '-' && this.peek(1).k === 'num' && !this.peek(1).ws) {
      this.next();
      const n = this.next();
      term = { t: 'scalar', v: parseNumber(`-${n.v}`), loc };
    } else if (t.k === 'op' && t.v === '[') {
      this.next();
      term = this.parseArray(loc);
    } else if (t.k === 'op' && t.v === '{') {
      this.next();
      term = this.parseBrace(loc);
    } else if (t.k === 'op' && t.v === '(') {
      this.next();
      term = this.parseTermIn(false, true);
      this.expectOp(')');
    } else {
      return this.fail(`unexpected ${this.describe(t)}${t.k === 'eof' ? '' : ' token'}: expected term`);
    }
    return this.parseSuffixes(term);
  }

  private parseSuffixes(start: Term): Term {
    let term = start;
    for (;;) {
      const n = this.peek();
      if (n.k !== 'op' || n.ws) return term;
      if (n.v === '.') {
        this.next();
        const f = this.next();
        if (f.k !== 'ident') this.fail(`unexpected ${this.describe(f)}: expected ident`, f);
        term = this.extend(term, { t: 'scalar', v: f.v, loc: this.loc(f) });
      } else if (n.v === '[') {
        this.next();
        const key = this.parseTermIn(false);
        this.expectOp(']');
        term = this.extend(term, key);
      } else if (n.v === '(') {
        if (term.t !== 'var' && term.t !== 'ref') return term;
        this.next();
        const args = this.parseTermList(')');
        term = { t: 'call', fn: term, name: '', args, loc: term.loc };
      } else return term;
    }
  }

  private extend(term: Term, key: Term): Term {
    if (term.t === 'ref') return { ...term, path: [...term.path, key] };
    return { t: 'ref', head: term, path: [key], loc: term.loc };
  }

  private parseArray(loc: SourceLocation): Term {
    if (this.isOp(']')) {
      this.next();
      return { t: 'array', items: [], loc };
    }
    const first = this.parseTermIn(true);
    if (this.isOp('|')) {
      this.next();
      const body = this.parseBody(']');
      this.expectOp(']');
      return { t: 'arraycomp', head: first, body, loc };
    }
    const items = [first];
    while (this.isOp(',')) {
      this.next();
      if (this.isOp(']')) break;
      items.push(this.parseTermIn(false));
    }
    this.expectOp(']');
    return { t: 'array', items, loc };
  }

  private parseBrace(loc: SourceLocation): Term {
    if (this.isOp('}')) {
      this.next();
      return { t: 'object', pairs: [], loc };
    }
    const first = this.parseTermIn(true);
    if (this.isOp(':')) {
      this.next();
      const v = this.parseTermIn(true);
      if (this.isOp('|')) {
        this.next();
        const body = this.parseBody('}');
        this.expectOp('}');
        return { t: 'objcomp', key: first, value: v, body, loc };
      }
      const pairs: [Term, Term][] = [[first, v]];
      while (this.isOp(',')) {
        this.next();
        if (this.isOp('}')) break;
        const k = this.parseTermIn(false);
        this.expectOp(':');
        pairs.push([k, this.parseTermIn(false)]);
      }
      this.expectOp('}');
      return { t: 'object', pairs, loc };
    }
    if (this.isOp('|')) {
      this.next();
      const body = this.parseBody('}');
      this.expectOp('}');
      return { t: 'setcomp', head: first, body, loc };
    }
    const items = [first];
    while (this.isOp(',')) {
      this.next();
      if (this.isOp('}')) break;
      items.push(this.parseTermIn(false));
    }
    this.expectOp('}');
    return { t: 'set', items, loc };
  }

  /** `$"text {expr} text"`: `\{` is a literal brace; expressions are parsed as terms. */
  private parseTemplate(tok: Token): Term {
    const loc = this.loc(tok);
    const src = tok.v;
    const parts: (string | Term)[] = [];
    let lit = '';
    let i = 0;
    while (i < src.length) {
      const c = src[i]!;
      if (c === '\\' && (src[i + 1] === '{' || src[i + 1] === '}')) {
        // An escaped brace is literal in both kinds of template (OPA's v1 multi-line cases).
        lit += src[i + 1];
        i += 2;
        continue;
      }
      if (!tok.raw && c === '\\') {
        const e = src[i + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e && simple[e] !== undefined) {
          lit += simple[e];
          i += 2;
          continue;
        }
        if (e === 'u') {
          lit += String.fromCharCode(parseInt(src.slice(i + 2, i + 6), 16));
          i += 6;
          continue;
        }
        this.fail('illegal escape sequence in template string', tok);
      }
      if (c === '{') {
        let depth = 1;
        let j = i + 1;
        while (j < src.length && depth > 0) {
          if (src[j] === '"') {
            j++;
            while (j < src.length && src[j] !== '"') j += src[j] === '\\' ? 2 : 1;
          } else if (src[j] === '{') depth++;
          else if (src[j] === '}') depth--;
          j++;
        }
        if (depth > 0) this.fail('unterminated template expression', tok);
        if (lit) parts.push(lit);
        lit = '';
        const inner = src.slice(i + 1, j - 1);
        const sub = new Parser(lex(inner, this.file), this.file, tok.line - 1);
        sub.wildcards = this.wildcards + 1000;
        let term = sub.parseTermIn(false);
        const withs = sub.parseWiths();
        if (withs.length) {
          // `{x with input as y}`: evaluate the expression under the modifiers and take its value.
          const tmp: Term = { t: 'var', name: `$tpl${this.wildcards++}`, loc };
          const body: Expr[] = [{ e: 'term', term: this.call('eq', [tmp, term], loc), negated: false, withs, loc }];
          term = this.call('internal.template_value', [{ t: 'arraycomp', head: tmp, body, loc }], loc);
        }
        if (sub.peek().k !== 'eof') sub.fail('unexpected token in template expression');
        parts.push(term);
        i = j;
        continue;
      }
      lit += c;
      i++;
    }
    if (lit) parts.push(lit);
    return { t: 'template', parts, loc };
  }

  atEnd(): boolean {
    return this.peek().k === 'eof';
  }

  parseQueryBody(): Expr[] {
    const body: Expr[] = [];
    while (!this.atEnd()) {
      if (this.isOp(';')) {
        this.next();
        continue;
      }
      body.push(this.parseLiteral());
      this.endOfLiteral(';');
    }
    if (body.length === 0) this.fail('empty query');
    return body;
  }
}

/** Parse one Rego v1 module; syntax errors are `RegoError`s naming `file:line:col`. */
export const parseModule = (source: string, file: string): Module => {
  const comments: LineComment[] = [];
  const tokens = lex(source, file, comments);
  const mod = new Parser(tokens, file).parseModule(source);
  if (!comments.some((c) => c.text.trim().startsWith('METADATA'))) return mod;
  const statements = [
    { line: tokens[0]!.line, kind: 'package' as const },
    ...mod.imports.map((i) => ({ line: i.loc.line, kind: 'import' as const })),
    ...mod.rules.map((rule) => ({ line: rule.loc.line, kind: 'rule' as const, rule })),
  ].sort((a, b) => a.line - b.line);
  return { ...mod, annotations: readAnnotations(comments, file, statements) };
};

/** Parse a query body such as `data.test.p = x; y := 1`. */
export const parseQuery = (source: string, file = 'query'): Expr[] => new Parser(lex(source, file), file).parseQueryBody();

/** Parse a single term (`input_term` values may hold sets). */
export const parseTermSource = (source: string, file = 'term'): Term => {
  const p = new Parser(lex(source, file), file);
  const t = p.parseTermIn(false);
  if (!p.atEnd()) throw new RegoError('rego_parse_error', 'unexpected token after term', { file, line: 1, col: 1 });
  return t;
};
