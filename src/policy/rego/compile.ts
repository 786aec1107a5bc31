import type { Expr, Module, Rule, RuleElse, Term, WithModifier } from './ast.js';
import { metadataIndex, type RuleMetadata } from './metadata-chain.js';
import { RegoError } from './rego-error.js';
import { reorderBody } from './reorder-body.js';
import { uniformBody, uniformRule } from './uniform-shape.js';
import { RObject, RSet, valuesEqual, type Value } from './value.js';

/** A rule placed in the rule tree: `suffix` holds the head terms after the node's ground path. */
export interface PlacedRule {
  rule: Rule;
  suffix: Term[];
  /** The head value (or set element) is a constant: one solution per body is enough. */
  constHead: boolean;
  /** The body then each `else`, with whether its value is a constant. */
  branches: { body: Expr[]; value: Term; constHead: boolean }[];
  /** Function parameters are distinct plain vars: arguments bind without unification. */
  simpleArgs: boolean;
}

/** Whether `rules` are complete rules or functions whose every branch has one and the same constant value. */
const sameConstant = (rules: PlacedRule[]): boolean => {
  let first: Value | undefined;
  for (const pr of rules) {
    if (pr.suffix.length !== 0 || (pr.rule.kind !== 'complete' && pr.rule.kind !== 'func')) return false;
    for (const br of pr.branches) {
      const v = constValue(br.value);
      if (v === undefined || (first !== undefined && !valuesEqual(first, v))) return false;
      first = v;
    }
  }
  return first !== undefined;
};

/** A node of the virtual document tree: `data.a.b` is the node at path ["a", "b"]. */
export class RuleNode {
  readonly children = new Map<string, RuleNode>();
  readonly rules: PlacedRule[] = [];
  readonly funcs: PlacedRule[] = [];
  defaultRule: PlacedRule | undefined;
  constructor(readonly path: string[]) {}

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

  finish(): void {
    this.isFunction = this.funcs.length > 0 || this.defaultRule?.rule.kind === 'func';
    this.hasRules = this.rules.length > 0 || this.funcs.length > 0 || this.defaultRule !== undefined;
    this.earlyExit = sameConstant(this.isFunction ? this.funcs : this.rules);
    const r = this.funcs[0] ?? this.defaultRule;
    this.arity = r ? r.rule.args.length : 0;
    for (const c of this.children.values()) c.finish();
  }
}

export interface CompiledPolicy {
  root: RuleNode;
  modules: Module[];
}

interface Scope {
  names: Map<string, string>;
  parent: Scope | undefined;
}

interface PackageInfo {
  pkg: string[];
  /** First segments of the package's rule names. */
  ruleNames: Set<string>;
  /** Import aliases to the ref they stand for. */
  imports: Map<string, Term>;
}

/** Builtin names that `isBuiltin` recognises, supplied by the evaluator (keeps this file free of the registry). */
export type BuiltinLookup = (name: string) => boolean;

let renameCounter = 0;

const lookupScope = (s: Scope | undefined, name: string): string | undefined => {
  for (let c = s; c; c = c.parent) {
    const n = c.names.get(name);
    if (n !== undefined) return n;
  }
  return undefined;
};

const refParts = (t: Term): Term[] => (t.t === 'ref' ? [t.head, ...t.path] : [t]);

/** A term's value when it is a constant (no vars, calls or comprehensions), for folding. */
export const constValue = (t: Term): Value | undefined => {
  switch (t.t) {
    case 'scalar':
      return t.v;
    case 'array': {
      const out: Value[] = [];
      for (const i of t.items) {
        const v = constValue(i);
        if (v === undefined) return undefined;
        out.push(v);
      }
      return out;
    }
    case 'set': {
      const s = new RSet();
      for (const i of t.items) {
        const v = constValue(i);
        if (v === undefined) return undefined;
        s.add(v);
      }
      return s;
    }
    case 'object': {
      const o = new RObject();
      for (const [k, x] of t.pairs) {
        const kv = constValue(k);
        const vv = constValue(x);
        if (kv === undefined || vv === undefined) return undefined;
        if (o.has(kv)) return undefined;
        o.set(kv, vv);
      }
      return o;
    }
    default:
      return undefined;
  }
};

const isDynamic = (t: Term): boolean => {
  switch (t.t) {
    case 'call':
    case 'template':
      return true;
    case 'array':
    case 'set':
      return t.items.some(isDynamic);
    case 'object':
      return t.pairs.some(([k, v]) => isDynamic(k) || isDynamic(v));
    default:
      return false;
  }
};

/**
 * A function argument that must be computed (a call or a template string, e.g.
 * `f($"{x} {input.y}") := 42 if x = "foo"`) becomes a fresh argument var unified in the body, as
 * OPA's compiler rewrites dynamic terms out of rule heads (ast/compile.go rewriteDynamicTerms),
 * so the body orders it after the expressions that bind its vars.
 */
const extractDynamicArgs = (r: Rule): Rule => {
  if (r.kind !== 'func' || !r.args.some(isDynamic)) return r;
  const unify: Expr[] = [];
  const args = r.args.map((a, i): Term => {
    if (!isDynamic(a)) return a;
    const v: Term = { t: 'var', name: `$arg${i}`, loc: a.loc };
    unify.push({ e: 'term', term: { t: 'call', fn: { t: 'var', name: 'eq', loc: a.loc }, name: 'eq', args: [v, a], loc: a.loc }, negated: false, withs: [], loc: a.loc });
    return v;
  });
  return { ...r, args, body: [...unify, ...r.body], elses: r.elses.map((el) => ({ ...el, body: [...unify, ...el.body] })) };
};

class RuleCompiler {
  /** The annotations of the rule being compiled: rego.metadata.chain() and rule() become constants (as in OPA's compiler). */
  metadata: (() => RuleMetadata) | undefined;

  constructor(
    private readonly info: PackageInfo,
    private readonly isBuiltin: BuiltinLookup,
    private readonly funcPaths: Set<string>,
  ) {}

  private dataRef(path: string[], loc: Term['loc']): Term {
    return {
      t: 'ref',
      head: { t: 'var', name: 'data', loc },
      path: path.map((p) => ({ t: 'scalar', v: p, loc }) as Term),
      loc,
    };
  }

  /** A var that is not a local: a rule of this package, an import alias, or a new local. */
  private resolveVar(t: Term & { t: 'var' }, scope: Scope, bindNew: boolean): Term {
    const local = lookupScope(scope, t.name);
    if (local !== undefined) return local === t.name ? t : { ...t, name: local };
    if (t.name === 'input' || t.name === 'data' || t.name.startsWith('$')) return t;
    if (this.info.ruleNames.has(t.name)) return this.dataRef([...this.info.pkg, t.name], t.loc);
    const imp = this.info.imports.get(t.name);
    if (imp) return imp;
    if (bindNew) scope.names.set(t.name, t.name);
    return t;
  }

  term(t: Term, scope: Scope): Term {
    switch (t.t) {
      case 'scalar':
        return t;
      case 'var':
        return this.resolveVar(t, scope, true);
      case 'ref': {
        const head = t.head.t === 'var' ? this.resolveVar(t.head, scope, false) : this.term(t.head, scope);
        const path = t.path.map((p) => this.term(p, scope));
        if (head.t === 'ref') return { ...t, head: head.head, path: [...head.path, ...path] };
        return { ...t, head, path };
      }
      case 'array':
      case 'set': {
        const out = { ...t, items: t.items.map((i) => this.term(i, scope)) };
        const v = constValue(out);
        return v === undefined ? out : { t: 'scalar', v, loc: t.loc };
      }
      case 'object': {
        const out = { ...t, pairs: t.pairs.map(([k, v]) => [this.term(k, scope), this.term(v, scope)] as [Term, Term]) };
        const v = constValue(out);
        return v === undefined ? out : { t: 'scalar', v, loc: t.loc };
      }
      case 'arraycomp':
      case 'setcomp': {
        const inner: Scope = { names: new Map(), parent: scope };
        const body = this.body(t.body, inner);
        return { ...t, body, head: this.term(t.head, inner) };
      }
      case 'objcomp': {
        const inner: Scope = { names: new Map(), parent: scope };
        const body = this.body(t.body, inner);
        return { ...t, body, key: this.term(t.key, inner), value: this.term(t.value, inner) };
      }
      case 'call': {
        const name = t.name || this.callName(t.fn, scope);
        if (this.metadata && t.args.length === 0 && (name === 'rego.metadata.chain' || name === 'rego.metadata.rule')) {
          const md = this.metadata();
          return { t: 'scalar', v: name === 'rego.metadata.chain' ? md.chain : md.rule, loc: t.loc };
        }
        return { ...t, name, args: t.args.map((a) => this.term(a, scope)) };
      }
      case 'template':
        return { ...t, parts: t.parts.map((p) => (typeof p === 'string' ? p : this.term(p, scope))) };
    }
  }

  /** The callee's name: `data.pkg.f` for user functions, the dotted builtin name otherwise. */
  callName(fn: Term, scope: Scope): string {
    const parts = refParts(fn);
    const head = parts[0]!;
    if (head.t !== 'var') throw new RegoError('rego_compile_error', 'invalid function call', fn.loc);
    const names = parts.slice(1).map((p) => {
      if (p.t !== 'scalar' || typeof p.v !== 'string') throw new RegoError('rego_compile_error', 'invalid function reference', fn.loc);
      return p.v;
    });
    const dotted = [head.name, ...names].join('.');
    if (head.name === 'data') return dotted;
    if (lookupScope(scope, head.name) === undefined) {
      if (this.info.ruleNames.has(head.name)) {
        const full = ['data', ...this.info.pkg, head.name, ...names].join('.');
        if (this.funcPaths.has(full) || !this.isBuiltin(dotted)) return full;
      }
      const imp = this.info.imports.get(head.name);
      if (imp) {
        const ip = refParts(imp).map((p) => (p.t === 'var' ? p.name : String((p as { v: Value }).v)));
        return [...ip, ...names].join('.');
      }
    }
    return dotted;
  }

  private declare(t: Term, scope: Scope): Term {
    if (t.t === 'var') {
      if (t.name.startsWith('$')) return t;
      const shadows = lookupScope(scope, t.name) !== undefined || this.info.ruleNames.has(t.name) || this.info.imports.has(t.name);
      const internal = shadows && scope.parent ? `${t.name}$${++renameCounter}` : t.name;
      scope.names.set(t.name, internal);
      return { ...t, name: internal };
    }
    if (t.t === 'array') return { ...t, items: t.items.map((i) => this.declare(i, scope)) };
    if (t.t === 'object') return { ...t, pairs: t.pairs.map(([k, v]) => [this.term(k, scope), this.declare(v, scope)] as [Term, Term]) };
    return this.term(t, scope);
  }

  private withs(ws: WithModifier[], scope: Scope): WithModifier[] {
    return ws.map((w) => {
      const parts = refParts(w.target);
      const head = parts[0] as Term & { t: 'var' };
      let target: Term;
      if (head.name === 'data' && this.funcPaths.has(this.callName(w.target, scope))) {
        target = { t: 'call', fn: w.target, name: this.callName(w.target, scope), args: [], loc: w.target.loc };
      } else if (head.name === 'input' || head.name === 'data') target = w.target;
      else {
        const resolved = this.resolveVar(head, { names: new Map(), parent: undefined }, false);
        const fname = this.callName(w.target, { names: new Map(), parent: undefined });
        if (resolved.t === 'ref' && !this.funcPaths.has(fname)) target = { ...resolved, path: [...resolved.path, ...parts.slice(1)] };
        else target = { t: 'call', fn: w.target, name: this.callName(w.target, { names: new Map(), parent: undefined }), args: [], loc: w.target.loc };
      }
      return { target, value: this.withValue(w.value, scope) };
    });
  }

  /** A `with` value may name a function (`with f as g`) or be any term. */
  private withValue(v: Term, scope: Scope): Term {
    if (v.t === 'var' || v.t === 'ref') {
      const parts = refParts(v);
      const head = parts[0]!;
      if (head.t === 'var' && lookupScope(scope, head.name) === undefined && head.name !== 'input' && head.name !== 'data') {
        const name = this.callName(v, scope);
        if (this.isBuiltin(name) || this.funcPaths.has(name)) return { t: 'call', fn: v, name, args: [], loc: v.loc };
      } else if (head.t === 'var' && head.name === 'data') {
        const name = this.callName(v, scope);
        if (this.funcPaths.has(name)) return { t: 'call', fn: v, name, args: [], loc: v.loc };
      }
    }
    return this.term(v, scope);
  }

  expr(e: Expr, scope: Scope): Expr {
    switch (e.e) {
      case 'some':
        return { ...e, vars: e.vars.map((v) => this.declare(v, scope)) };
      case 'somein': {
        const coll = this.term(e.coll, scope);
        const key = e.key ? this.declare(e.key, scope) : undefined;
        return { ...e, coll, key, value: this.declare(e.value, scope), withs: this.withs(e.withs, scope) };
      }
      case 'every': {
        const domain = this.term(e.domain, scope);
        const inner: Scope = { names: new Map(), parent: scope };
        const key = e.key ? this.declare(e.key, inner) : undefined;
        const value = this.declare(e.value, inner);
        return { ...e, domain, key, value, body: this.body(e.body, inner), withs: this.withs(e.withs, scope) };
      }
      case 'term': {
        const t = e.term;
        if (t.t === 'call' && t.name === 'assign') {
          const rhs = this.term(t.args[1]!, scope);
          const lhs = this.declare(t.args[0]!, scope);
          return { ...e, term: { ...t, args: [lhs, rhs] }, withs: this.withs(e.withs, scope) };
        }
        return { ...e, term: this.term(t, scope), withs: this.withs(e.withs, scope) };
      }
    }
  }

  body(body: Expr[], scope: Scope): Expr[] {
    return reorderBody(body.map((e) => this.expr(e, scope)));
  }

  rule(input: Rule): Rule {
    const r = extractDynamicArgs(input);
    const scope: Scope = { names: new Map(), parent: undefined };
    const args = r.args.map((a) => this.declare(a, scope));
    const body = this.body(r.body, scope);
    const ref = r.ref.map((p, i) => (i === 0 ? p : this.term(p, scope)));
    const key = r.key ? this.term(r.key, scope) : undefined;
    const value = this.term(r.value, scope);
    const elses: RuleElse[] = r.elses.map((el) => {
      const s: Scope = { names: new Map(), parent: undefined };
      for (const a of args) if (a.t === 'var') s.names.set(a.name, a.name);
      for (const a of r.args) this.declare(a, s);
      const b = this.body(el.body, s);
      return { ...el, body: b, value: this.term(el.value, s) };
    });
    return { ...r, args, body, ref, key, value, elses };
  }
}

const packageInfo = (mods: Module[], pkg: string[]): Set<string> => {
  const names = new Set<string>();
  for (const m of mods) {
    if (m.pkg.join('.') !== pkg.join('.')) continue;
    for (const r of m.rules) names.add(String((r.ref[0] as { v: Value }).v));
  }
  return names;
};

const importMap = (m: Module): Map<string, Term> => {
  const out = new Map<string, Term>();
  for (const imp of m.imports) {
    const parts = refParts(imp.path);
    const head = parts[0];
    if (head?.t !== 'var') continue;
    if (head.name === 'rego' || head.name === 'future') continue;
    if (head.name !== 'data' && head.name !== 'input') {
      throw new RegoError('rego_parse_error', `invalid import ${head.name}: must begin with input or data`, imp.loc);
    }
    const last = parts[parts.length - 1]!;
    const alias = imp.alias ?? (last.t === 'var' ? last.name : String((last as { v: Value }).v));
    out.set(alias, imp.path);
  }
  return out;
};

/** Place every rule in the virtual document tree and resolve names (https://www.openpolicyagent.org/docs/latest/policy-language/#rules). */
export const compileModules = (modules: Module[], isBuiltin: BuiltinLookup): CompiledPolicy => {
  const root = new RuleNode([]);
  const nodeAt = (path: string[]): RuleNode => {
    let n = root;
    for (let i = 0; i < path.length; i++) {
      let c = n.children.get(path[i]!);
      if (!c) {
        c = new RuleNode(path.slice(0, i + 1));
        n.children.set(path[i]!, c);
      }
      n = c;
    }
    return n;
  };
  const funcPaths = new Set<string>();
  for (const m of modules) {
    for (const r of m.rules) {
      if (r.kind === 'func') funcPaths.add(['data', ...m.pkg, ...r.ref.map((p) => String((p as { v: Value }).v))].join('.'));
    }
  }
  for (const m of modules) nodeAt(m.pkg).isPackage = true;
  const metadataOf = metadataIndex(modules);
  for (const m of modules) {
    const info: PackageInfo = { pkg: m.pkg, ruleNames: packageInfo(modules, m.pkg), imports: importMap(m) };
    const rc = new RuleCompiler(info, isBuiltin, funcPaths);
    for (const raw of m.rules) {
      rc.metadata = () => metadataOf(m, raw);
      const rule = uniformRule(rc.rule(raw));
      const ground: string[] = [];
      let i = 0;
      for (; i < rule.ref.length; i++) {
        const p = rule.ref[i]!;
        if (p.t === 'scalar' && typeof p.v === 'string') ground.push(p.v);
        else break;
      }
      const suffix = rule.ref.slice(i);
      if (rule.kind === 'func' && suffix.length) throw new RegoError('rego_parse_error', 'function name must be a ground reference', rule.loc);
      if (rule.isDefault && suffix.length) throw new RegoError('rego_compile_error', 'default rules must have a ground reference', rule.loc);
      const head = rule.kind === 'set' ? rule.key! : rule.value;
      const constHead = constValue(head) !== undefined && suffix.length === 0;
      const node = nodeAt([...m.pkg, ...ground]);
      const argNames = rule.args.map((a) => (a.t === 'var' && !a.name.startsWith('$') ? a.name : ''));
      const placed: PlacedRule = {
        rule,
        suffix,
        constHead,
        branches: [{ body: rule.body, value: rule.value, constHead }, ...rule.elses.map((e) => ({ body: e.body, value: e.value, constHead: constValue(e.value) !== undefined }))],
        simpleArgs: argNames.every((n) => n !== '') && new Set(argNames).size === argNames.length,
      };
      if (rule.isDefault) {
        if (node.defaultRule) throw new RegoError('rego_compile_error', `multiple default rules ${['data', ...node.path].join('.')} found`, rule.loc);
        node.defaultRule = placed;
      } else if (rule.kind === 'func') node.funcs.push(placed);
      else node.rules.push(placed);
    }
  }
  root.finish();
  return { root, modules };
};

/** Resolve a query's names (no package: every var is a local or `input`/`data`). */
export const compileQuery = (body: Expr[], isBuiltin: BuiltinLookup, policy: CompiledPolicy): Expr[] => {
  const funcPaths = new Set<string>();
  const walk = (n: RuleNode): void => {
    if (n.isFunction) funcPaths.add(['data', ...n.path].join('.'));
    for (const c of n.children.values()) walk(c);
  };
  walk(policy.root);
  const rc = new RuleCompiler({ pkg: [], ruleNames: new Set(), imports: new Map() }, isBuiltin, funcPaths);
  return uniformBody(rc.body(body, { names: new Map(), parent: undefined }));
};
