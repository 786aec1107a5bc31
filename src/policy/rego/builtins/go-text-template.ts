import { formatNumber, isNumber, RObject, RSet, sortedValues, type Value } from '../value.js';

/**
 * Go's text/template (https://pkg.go.dev/text/template), as strings.render_template runs it on
 * the template variables (topdown/template.go): text, `{{- -}}` trimming, comments, `.`, `$`,
 * fields, variables and their declarations, `if`/`else if`/`else`, `range` (with `else`,
 * `break`, `continue`), `with`, pipelines, parenthesised commands and the builtin functions
 * and, or, not, len, index, eq, ne, lt, le, gt, ge, print, printf, println. The variables reach
 * the template as JSON does (objects become maps, sets arrays, numbers json.Number: a string kind,
 * printed as written). A key the variables lack prints `<undefined>`, as OPA's cases expect.
 * `define`, `template` and `block` are refused.
 */

export class TemplateError extends Error {}

const fail = (msg: string): never => {
  throw new TemplateError(`template: template:${msg}`);
};

/** json.Number: a string kind that prints as the number. */
class GoNumber {
  constructor(readonly text: string) {}
}

const UNDEFINED = Symbol('undefined');
type TV = Value | GoNumber | typeof UNDEFINED | bigint;

// ---- lexing ----

type Tok = { k: 'text'; v: string } | { k: 'action'; v: string; line: number };

const lexTemplate = (src: string): Tok[] => {
  const out: Tok[] = [];
  let i = 0;
  let trimNext = false;
  while (i < src.length) {
    const open = src.indexOf('{{', i);
    let text = src.slice(i, open < 0 ? src.length : open);
    if (trimNext) text = text.replace(/^\s+/, '');
    trimNext = false;
    if (open < 0) {
      if (text) out.push({ k: 'text', v: text });
      break;
    }
    let start = open + 2;
    if (src.startsWith('- ', start) || (src[start] === '-' && /\s/.test(src[start + 1] ?? ''))) {
      text = text.replace(/\s+$/, '');
      start += 1;
    }
    if (text) out.push({ k: 'text', v: text });
    const line = src.slice(0, open).split('\n').length;
    let j = start;
    let quote: string | undefined;
    for (; j < src.length; j++) {
      const c = src[j]!;
      if (quote) {
        if (c === '\\' && quote === '"') j++;
        else if (c === quote) quote = undefined;
      } else if (c === '"' || c === '`' || c === "'") quote = c;
      else if (src.startsWith('}}', j)) break;
    }
    if (j >= src.length) fail(`${line}: unclosed action`);
    let body = src.slice(start, j);
    if (/\s-$/.test(body)) {
      body = body.slice(0, -1);
      trimNext = true;
    }
    const trimmed = body.trim();
    if (!(trimmed.startsWith('/*') && trimmed.endsWith('*/'))) out.push({ k: 'action', v: body, line });
    i = j + 2;
  }
  return out;
};

/** The words of an action: strings, numbers, names, fields, variables, punctuation. */
const words = (s: string, line: number): string[] => {
  const out: string[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const m =
      /^"(?:[^"\\]|\\.)*"/.exec(s.slice(i)) ??
      /^`[^`]*`/.exec(s.slice(i)) ??
      /^'(?:[^'\\]|\\.)'/.exec(s.slice(i)) ??
      /^:=|^=|^[|(),]/.exec(s.slice(i)) ??
      /^[-+]?(?:0[xX][0-9a-fA-F_]+|[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|\.[0-9]+)/.exec(s.slice(i)) ??
      /^\$[A-Za-z_0-9]*(?:\.[A-Za-z_0-9]+)*|^[A-Za-z_][A-Za-z_0-9]*|^\.(?:[A-Za-z_0-9]+(?:\.[A-Za-z_0-9]+)*)?/.exec(s.slice(i));
    if (!m || m[0] === '') return fail(`${line}: unexpected ${JSON.stringify(c)} in command`);
    out.push(m[0]);
    i += m[0].length;
  }
  return out;
};

// ---- parsing ----

type Arg =
  | { t: 'lit'; v: TV }
  | { t: 'dot'; fields: string[] }
  | { t: 'var'; name: string; fields: string[] }
  | { t: 'fn'; name: string }
  | { t: 'pipe'; p: Pipeline; fields: string[] };
type Command = Arg[];
interface Pipeline {
  decl: string[];
  assign: boolean;
  cmds: Command[];
}
type Node =
  | { t: 'text'; v: string }
  | { t: 'print'; p: Pipeline }
  | { t: 'if' | 'with'; p: Pipeline; then: Node[]; else: Node[] }
  | { t: 'range'; p: Pipeline; then: Node[]; else: Node[] }
  | { t: 'break' | 'continue' };

const FUNCS = new Set(['and', 'or', 'not', 'len', 'index', 'eq', 'ne', 'lt', 'le', 'gt', 'ge', 'print', 'printf', 'println', 'html', 'js', 'urlquery', 'slice', 'call']);

const unquote = (w: string): string => {
  if (w.startsWith('`')) return w.slice(1, -1);
  return JSON.parse(w.replace(/\\x([0-9a-fA-F]{2})/g, '\\u00$1').replace(/\\a/g, '\\u0007').replace(/\\v/g, '\\u000b')) as string;
};

const parsePipeline = (ws: string[], line: number): Pipeline => {
  let pos = 0;
  const decl: string[] = [];
  let assign = false;
  const declEnd = ws.findIndex((w) => w === ':=' || w === '=');
  if (declEnd > 0 && ws.slice(0, declEnd).every((w, i) => (i % 2 === 0 ? /^\$[A-Za-z_0-9]*$/.test(w) : w === ','))) {
    for (let i = 0; i < declEnd; i += 2) decl.push(ws[i]!);
    assign = ws[declEnd] === '=';
    pos = declEnd + 1;
  }
  const cmds: Command[] = [];
  let cmd: Command = [];
  const operand = (): Arg => {
    const w = ws[pos++]!;
    if (w === '(') {
      let depth = 1;
      const start = pos;
      while (pos < ws.length && depth > 0) {
        if (ws[pos] === '(') depth++;
        else if (ws[pos] === ')') depth--;
        pos++;
      }
      if (depth) fail(`${line}: unclosed left paren`);
      const inner = parsePipeline(ws.slice(start, pos - 1), line);
      const fields: string[] = [];
      while (ws[pos]?.startsWith('.') && !/^\.[0-9]/.test(ws[pos]!)) fields.push(...ws[pos++]!.split('.').slice(1));
      return { t: 'pipe', p: inner, fields };
    }
    if (w.startsWith('"') || w.startsWith('`')) return { t: 'lit', v: unquote(w) };
    if (w.startsWith("'")) return { t: 'lit', v: BigInt(unquote(`"${w.slice(1, -1)}"`).codePointAt(0)!) };
    if (/^[-+]?[0-9.]/.test(w) && w !== '.' && !/^\.[A-Za-z_]/.test(w)) {
      const clean = w.replace(/_/g, '');
      if (/^[-+]?(0[xX][0-9a-fA-F]+|[0-9]+)$/.test(clean)) return { t: 'lit', v: BigInt(clean.replace(/^\+/, '')) };
      return { t: 'lit', v: Number(clean) };
    }
    if (w === 'true' || w === 'false') return { t: 'lit', v: w === 'true' };
    if (w === 'nil') return { t: 'lit', v: null };
    if (w.startsWith('$')) {
      const [name, ...fields] = w.split('.');
      return { t: 'var', name: name!, fields };
    }
    if (w.startsWith('.')) return { t: 'dot', fields: w === '.' ? [] : w.split('.').slice(1) };
    if (FUNCS.has(w)) return { t: 'fn', name: w };
    return fail(`${line}: function ${JSON.stringify(w)} not defined`);
  };
  while (pos < ws.length) {
    if (ws[pos] === '|') {
      if (!cmd.length) fail(`${line}: missing command`);
      cmds.push(cmd);
      cmd = [];
      pos++;
      continue;
    }
    if (ws[pos] === ')' || ws[pos] === ',' || ws[pos] === ':=' || ws[pos] === '=') fail(`${line}: unexpected ${JSON.stringify(ws[pos])} in operand`);
    cmd.push(operand());
  }
  if (cmd.length) cmds.push(cmd);
  if (!cmds.length) fail(`${line}: missing value for command`);
  return { decl, assign, cmds };
};

const parseNodes = (toks: Tok[]): Node[] => {
  let i = 0;
  const list = (stop: Set<string>): { nodes: Node[]; end: string; rest: string[]; line: number } => {
    const nodes: Node[] = [];
    while (i < toks.length) {
      const tok = toks[i++]!;
      if (tok.k === 'text') {
        nodes.push({ t: 'text', v: tok.v });
        continue;
      }
      const ws = words(tok.v, tok.line);
      const kw = ws[0];
      if (kw === 'end' || kw === 'else') {
        if (!stop.has(kw)) fail(`${tok.line}: unexpected {{${kw}}}`);
        return { nodes, end: kw, rest: ws.slice(1), line: tok.line };
      }
      if (kw === 'if' || kw === 'with' || kw === 'range') nodes.push(control(kw, ws.slice(1), tok.line));
      else if (kw === 'break' || kw === 'continue') nodes.push({ t: kw });
      else if (kw === 'define' || kw === 'template' || kw === 'block') fail(`${tok.line}: {{${kw}}} is not supported`);
      else if (!ws.length) fail(`${tok.line}: missing value for command`);
      else nodes.push({ t: 'print', p: parsePipeline(ws, tok.line) });
    }
    if (stop.size) fail(`${toks.length ? '1' : '0'}: unexpected EOF`);
    return { nodes, end: '', rest: [], line: 0 };
  };
  const control = (kw: 'if' | 'with' | 'range', ws: string[], line: number): Node => {
    if (!ws.length) fail(`${line}: missing value for ${kw}`);
    const p = parsePipeline(ws, line);
    const body = list(new Set(['end', 'else']));
    let elseNodes: Node[] = [];
    if (body.end === 'else') {
      const chained = body.rest[0];
      // `{{else if x}}` is `{{else}}{{if x}}...{{end}}` sharing the outer {{end}}.
      if (chained === 'if' || chained === 'with') elseNodes = [control(chained, body.rest.slice(1), body.line)];
      else elseNodes = list(new Set(['end'])).nodes;
    }
    return { t: kw, p, then: body.nodes, else: elseNodes };
  };
  return list(new Set()).nodes;
};

// ---- values ----

/** The template's view of a Rego value, as ast.As hands it over through JSON. */
const goValue = (v: Value): TV => {
  if (isNumber(v)) return new GoNumber(formatNumber(v));
  if (v instanceof RSet) return sortedValues(v).map((x) => goValue(x) as Value);
  if (Array.isArray(v)) return v.map((x) => goValue(x) as Value);
  if (v instanceof RObject) {
    const o = new RObject();
    for (const [k, x] of v.pairs()) o.set(typeof k === 'string' ? k : String(k), goValue(x) as Value);
    return o;
  }
  return v;
};

/** fmt.Sprint of a value. */
const sprint = (v: TV): string => {
  if (v === UNDEFINED) return '<undefined>';
  if (v instanceof GoNumber) return v.text;
  if (v === null) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(v);
  if (Array.isArray(v)) return `[${v.map((x) => sprint(x)).join(' ')}]`;
  if (v instanceof RObject) {
    const keys = (v.keys() as string[]).sort();
    return `map[${keys.map((k) => `${k}:${sprint(v.get(k)!)}`).join(' ')}]`;
  }
  return String(v);
};

/** text/template's truth: zero values are false; json.Number is a non-empty string. */
const truth = (v: TV): boolean => {
  if (v === UNDEFINED || v === null) return false;
  if (v instanceof GoNumber) return v.text !== '';
  if (typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return v !== 0n;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'string') return v !== '';
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof RObject) return v.size > 0;
  return true;
};

const kind = (v: TV): string => {
  if (v instanceof GoNumber || typeof v === 'string') return 'string';
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'number') return 'float';
  if (typeof v === 'boolean') return 'bool';
  if (v === null || v === UNDEFINED) return 'nil';
  return 'other';
};

const basic = (v: TV): string | number | bigint | boolean | null => (v instanceof GoNumber ? v.text : v === UNDEFINED ? null : (v as string | number | bigint | boolean | null));

const compare = (op: string, a: TV, b: TV): boolean => {
  const ka = kind(a);
  const kb = kind(b);
  const numeric = (ka === 'int' || ka === 'float') && (kb === 'int' || kb === 'float');
  if (ka !== kb && !numeric) {
    if (op === 'eq' || op === 'ne') {
      if (ka === 'nil' || kb === 'nil') return op === 'ne';
    }
    return fail(`: error calling ${op}: incompatible types for comparison`);
  }
  if (ka === 'other') return fail(`: error calling ${op}: invalid type for comparison`);
  const x = basic(a);
  const y = basic(b);
  const xn = numeric ? Number(x) : x;
  const yn = numeric ? Number(y) : y;
  switch (op) {
    case 'eq':
      return xn === yn;
    case 'ne':
      return xn !== yn;
    default: {
      if (ka === 'bool' || ka === 'nil') return fail(`: error calling ${op}: invalid type for comparison`);
      const c = (xn as number | string) < (yn as number | string) ? -1 : (xn as number | string) > (yn as number | string) ? 1 : 0;
      return op === 'lt' ? c < 0 : op === 'le' ? c <= 0 : op === 'gt' ? c > 0 : c >= 0;
    }
  }
};

/** fmt.Sprintf for the verbs templates use: %v %s %d %q %t %x. */
const sprintf = (format: string, args: TV[]): string => {
  let n = 0;
  return format.replace(/%([-+# 0]*)(\d*)(?:\.(\d+))?([a-zA-Z%])/g, (_m, _flags: string, width: string, _prec: string | undefined, verb: string) => {
    if (verb === '%') return '%';
    if (n >= args.length) return `%!${verb}(MISSING)`;
    const a = args[n++]!;
    let s: string;
    if (verb === 'q') s = JSON.stringify(sprint(a));
    else if (verb === 'x') s = typeof a === 'bigint' ? a.toString(16) : Buffer.from(sprint(a)).toString('hex');
    else if (verb === 'd' && kind(a) !== 'int') s = `%!d(${kind(a)}=${sprint(a)})`;
    else s = sprint(a);
    return width ? s.padStart(Number(width)) : s;
  });
};

// ---- execution ----

class Exec {
  out = '';
  private readonly vars: [string, TV][] = [];

  constructor(root: TV) {
    this.vars.push(['$', root]);
  }

  private lookupVar(name: string): TV {
    for (let i = this.vars.length - 1; i >= 0; i--) if (this.vars[i]![0] === name) return this.vars[i]![1];
    return fail(`: undefined variable: ${name}`);
  }

  private field(v: TV, name: string): TV {
    if (v instanceof RObject) {
      const x = v.get(name);
      return x === undefined ? UNDEFINED : (x as TV);
    }
    if (v === UNDEFINED || v === null) return UNDEFINED;
    return fail(`: can't evaluate field ${name} in type ${kind(v)}`);
  }

  private arg(a: Arg, dot: TV): TV {
    switch (a.t) {
      case 'lit':
        return a.v;
      case 'dot':
        return a.fields.reduce((v, f) => this.field(v, f), dot);
      case 'var':
        return a.fields.reduce((v, f) => this.field(v, f), this.lookupVar(a.name));
      case 'pipe':
        return a.fields.reduce((v, f) => this.field(v, f), this.pipeline(a.p, dot));
      case 'fn':
        return this.call(a.name, [], dot);
    }
  }

  private call(name: string, args: TV[], _dot: TV): TV {
    switch (name) {
      case 'not':
        return !truth(args[0]!);
      case 'and':
        return args.find((x) => !truth(x)) ?? args[args.length - 1]!;
      case 'or':
        return args.find((x) => truth(x)) ?? args[args.length - 1]!;
      case 'len': {
        const v = args[0]!;
        if (typeof v === 'string') return BigInt([...Buffer.from(v)].length);
        if (v instanceof GoNumber) return BigInt(v.text.length);
        if (Array.isArray(v)) return BigInt(v.length);
        if (v instanceof RObject) return BigInt(v.size);
        return fail(`: error calling len: len of type ${kind(v)}`);
      }
      case 'index': {
        let v: TV = args[0]!;
        for (const k of args.slice(1)) {
          if (Array.isArray(v)) {
            const idx = typeof k === 'bigint' ? Number(k) : -1;
            if (idx < 0 || idx >= v.length) fail(`: error calling index: index out of range: ${sprint(k)}`);
            v = v[idx] as TV;
          } else if (v instanceof RObject) v = (v.get(sprint(k)) as TV | undefined) ?? UNDEFINED;
          else fail(`: error calling index: can't index item of type ${kind(v)}`);
        }
        return v;
      }
      case 'eq':
        return args.slice(1).some((b) => compare('eq', args[0]!, b));
      case 'ne':
      case 'lt':
      case 'le':
      case 'gt':
      case 'ge':
        return compare(name, args[0]!, args[1]!);
      case 'print':
        // fmt.Sprint puts a space between operands when neither is a string (json.Number is one).
        return args.map((a, i) => (i > 0 && kind(a) !== 'string' && kind(args[i - 1]!) !== 'string' ? ' ' : '') + sprint(a)).join('');
      case 'println':
        return `${args.map(sprint).join(' ')}\n`;
      case 'printf':
        return sprintf(sprint(args[0]!), args.slice(1));
      default:
        return fail(`: function ${JSON.stringify(name)} is not supported`);
    }
  }

  private command(cmd: Command, dot: TV, piped: TV[]): TV {
    const [head, ...rest] = cmd;
    if (head!.t === 'fn') return this.call(head!.name, [...rest.map((a) => this.arg(a, dot)), ...piped], dot);
    if (rest.length || piped.length) fail(`: can't give argument to non-function ${sprint(this.arg(head!, dot))}`);
    return this.arg(head!, dot);
  }

  pipeline(p: Pipeline, dot: TV): TV {
    let v: TV | undefined;
    for (const cmd of p.cmds) v = this.command(cmd, dot, v === undefined ? [] : [v]);
    if (p.decl.length === 1) {
      if (p.assign) {
        const i = this.vars.map((x) => x[0]).lastIndexOf(p.decl[0]!);
        if (i < 0) fail(`: undefined variable: ${p.decl[0]}`);
        this.vars[i]![1] = v!;
      } else this.vars.push([p.decl[0]!, v!]);
    }
    return v!;
  }

  /** Runs nodes; returns 'break' or 'continue' when one of those ended the list early. */
  run(nodes: Node[], dot: TV): 'break' | 'continue' | undefined {
    const mark = this.vars.length;
    try {
      for (const n of nodes) {
        switch (n.t) {
          case 'text':
            this.out += n.v;
            break;
          case 'print': {
            const v = this.pipeline(n.p, dot);
            if (!n.p.decl.length) this.out += sprint(v);
            break;
          }
          case 'if':
          case 'with': {
            const v = this.pipeline(n.p, dot);
            const r = truth(v) ? this.run(n.then, n.t === 'with' ? v : dot) : this.run(n.else, dot);
            if (r) return r;
            break;
          }
          case 'range': {
            const r = this.range(n, dot);
            if (r) return r;
            break;
          }
          default:
            return n.t;
        }
      }
      return undefined;
    } finally {
      this.vars.length = mark;
    }
  }

  private range(n: Node & { t: 'range' }, dot: TV): undefined {
    const v = this.pipeline({ decl: [], assign: false, cmds: n.p.cmds }, dot);
    let items: [TV, TV][];
    if (Array.isArray(v)) items = v.map((x, i) => [BigInt(i), x as TV]);
    else if (v instanceof RObject) items = (v.keys() as string[]).sort().map((k) => [k, v.get(k) as TV]);
    else if (typeof v === 'bigint') items = Array.from({ length: Math.max(0, Number(v)) }, (_x, i) => [BigInt(i), BigInt(i)]);
    else if (v === null || v === UNDEFINED) items = [];
    else return fail(`: range can't iterate over ${sprint(v)}`);
    if (!items.length) {
      this.run(n.else, dot);
      return undefined;
    }
    for (const [k, x] of items) {
      const mark = this.vars.length;
      if (n.p.decl.length === 1) this.vars.push([n.p.decl[0]!, x]);
      else if (n.p.decl.length === 2) this.vars.push([n.p.decl[0]!, k], [n.p.decl[1]!, x]);
      const r = this.run(n.then, x);
      this.vars.length = mark;
      if (r === 'break') break;
    }
    return undefined;
  }
}

/** Renders `template` with `vars` (an object) as OPA's strings.render_template does. */
export const renderGoTemplate = (template: string, vars: RObject): string => {
  const nodes = parseNodes(lexTemplate(template));
  const exec = new Exec(goValue(vars));
  exec.run(nodes, goValue(vars));
  return exec.out;
};
