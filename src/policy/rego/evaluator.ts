import type { Expr, Term, WithModifier } from './ast.js';
import { BindingFrame } from './binding-frame.js';
import { BuiltinError, type Builtin, type BuiltinContext, type BuiltinTable } from './builtin.js';
import type { CompiledPolicy, PlacedRule, RuleNode } from './compile.js';
import type { EvalLimits } from './limits.js';
import { RegoError, type SourceLocation } from './rego-error.js';
import { uniformTerm } from './uniform-shape.js';
import { keyOf, RObject, RSet, toRegoString, valuesEqual, type Value } from './value.js';

type K = () => boolean;
const TRUE: K = () => true;
type KV = (v: Value) => boolean;

/** What a `with` scope changes: each scope has its own rule cache. */
interface Ctx {
  input: Value | undefined;
  data: Value;
  dataOverrides: Map<string, Value> | undefined;
  fnOverrides: Map<string, Term> | undefined;
  cache: Map<RuleNode, Value | typeof UNDEFINED>;
  /** Function results by function, then by (small, ground) arguments. */
  calls: Map<RuleNode, CallMemo>;
  inProgress: Set<RuleNode>;
}

interface Env {
  f: BindingFrame;
  c: Ctx;
}

const UNDEFINED = Symbol('undefined');
const STRAIGHT_OK = Symbol('ok');
const STRAIGHT_FAIL = Symbol('fail');
const STRAIGHT_SLOW = Symbol('slow');
/** `quick` results: the term needs full evaluation, or it has no value at all. */
const SLOW = Symbol('slow');
const NONE = Symbol('none');
type Quick = Value | typeof SLOW | typeof NONE;

interface CallPlan {
  name: string;
  user: RuleNode | undefined;
  builtin: Builtin | undefined;
  out: Term | undefined;
  inputs: Term[];
  /** Evaluation order when plain vars must wait for refs that bind them. */
  order: number[] | undefined;
}

/**
 * A function's results in one scope. Arguments compare by value for scalars and by identity for
 * collections: values are never mutated once a rule or call has produced them, so an identical
 * argument means an equal one, and an equal argument held in another object only misses the
 * cache and is computed again. No key text is built per call. The first calls are kept in a list
 * (a scan of a few dozen identities costs less than growing a Map); past that, by first argument.
 */
interface CallEntry {
  args: Value[];
  result: Value | typeof UNDEFINED;
  next: CallEntry | undefined;
}
interface CallMemo {
  list: CallEntry[];
  byFirst: Map<Value, CallEntry> | undefined;
}
const MEMO_LIST = 48;
const MEMO_CHAIN = 16;

const sameArgs = (a: Value[], b: Value[], from: number): boolean => {
  if (a.length !== b.length) return false;
  for (let i = from; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
};

/** Where a `data` ref's ground prefix lands in the rule tree (cached on the term). */
interface DataMemo {
  node: RuleNode;
  /** Path terms consumed to reach `node`. */
  depth: number;
}

/**
 * A document path's terms, built once per path array (callers keep their paths: the embedded
 * backend one list per entrypoint). Only scalars: nothing policy-specific is cached on them.
 */
const pathTerms = new WeakMap<string[], Term[]>();
const pathTermsOf = (path: string[], loc: SourceLocation): Term[] => {
  let terms = pathTerms.get(path);
  if (!terms || terms.length !== path.length || terms.some((t, i) => (t as Term & { t: 'scalar' }).v !== path[i])) {
    terms = path.map((s) => uniformTerm({ t: 'scalar', v: s, loc }));
    pathTerms.set(path, terms);
  }
  return terms;
};

export interface EvalOptions {
  input: Value | undefined;
  data: Value;
  strict: boolean;
  limits: EvalLimits;
  builtins: BuiltinTable;
  nowNs: bigint;
}

const pathKey = (path: readonly string[]): string => path.join('\u0000');

/** Set `path` inside `base` (copying along the way), creating objects as needed. */
const patchValue = (base: Value | undefined, path: Value[], v: Value): Value => {
  if (path.length === 0) return v;
  const o = new RObject();
  if (base instanceof RObject) for (const [k, x] of base.pairs()) o.set(k, x);
  o.set(path[0]!, patchValue(o.get(path[0]!), path.slice(1), v));
  return o;
};

const lookup = (v: Value, key: Value): Value | undefined => {
  if (v instanceof RObject) return v.get(key);
  if (Array.isArray(v)) {
    if (typeof key !== 'number' || !Number.isInteger(key) || key < 0 || key >= v.length) return undefined;
    return v[key];
  }
  if (v instanceof RSet) return v.has(key) ? key : undefined;
  return undefined;
};

const termHasVars = (t: Term): boolean => {
  switch (t.t) {
    case 'scalar':
      return false;
    case 'var':
      return true;
    case 'array':
    case 'set':
      return t.items.some(termHasVars);
    case 'object':
      return t.pairs.some(([k, v]) => termHasVars(k) || termHasVars(v));
    default:
      return true;
  }
};

/**
 * Top-down evaluation with backtracking (https://www.openpolicyagent.org/docs/latest/policy-language/).
 * Continuations return `true` to stop the search (a solution was enough), `false` to backtrack
 * for more. Bindings live in a per-rule frame and are undone on backtracking.
 */
export class Evaluator {
  private steps = 0;
  /** Objects that are the value of one rule (not documents assembled from several rules). */
  private readonly ruleValues = new WeakSet<RObject>();
  private depth = 0;
  private readonly deadline: number;
  private readonly bctx: BuiltinContext;

  constructor(
    private readonly policy: CompiledPolicy,
    private readonly opts: EvalOptions,
  ) {
    this.deadline = Date.now() + opts.limits.timeoutMs;
    this.bctx = { nowNs: opts.nowNs, maxCollection: opts.limits.maxCollection, memo: new Map() };
  }

  /** Every solution of the query, as bindings of its named (non-wildcard) vars. */
  query(body: Expr[]): Map<string, Value>[] {
    const ctx: Ctx = {
      input: this.opts.input,
      data: this.opts.data,
      dataOverrides: undefined,
      fnOverrides: undefined,
      cache: new Map(),
      calls: new Map(),
      inProgress: new Set(),
    };
    const env: Env = { f: new BindingFrame(), c: ctx };
    const rows: Map<string, Value>[] = [];
    try {
      this.evalBody(body, 0, env, () => {
        const row = new Map<string, Value>();
        env.f.forEach((v, k) => {
          if (!k.includes('$')) row.set(k, v);
        });
        rows.push(row);
        return false;
      });
    } catch (e) {
      if (e instanceof RangeError) throw new RegoError('eval_limit_error', `evaluation exceeded an engine limit (${e.message})`);
      throw e;
    }
    return rows;
  }

  /** The values of several `data` documents, sharing one rule cache (undefined where a document is undefined). */
  documents(paths: string[][]): (Value | undefined)[] {
    const env: Env = {
      f: new BindingFrame(),
      c: { input: this.opts.input, data: this.opts.data, dataOverrides: undefined, fnOverrides: undefined, cache: new Map(),
      calls: new Map(), inProgress: new Set() },
    };
    const loc: SourceLocation = { file: 'query', line: 1, col: 1 };
    try {
      return paths.map((p) => {
        let out: Value | undefined;
        this.evalDataPath(
          pathTermsOf(p, loc),
          env,
          (v) => {
            out = v;
            return true;
          },
        );
        return out;
      });
    } catch (e) {
      if (e instanceof RangeError) throw new RegoError('eval_limit_error', `evaluation exceeded an engine limit (${e.message})`);
      throw e;
    }
  }

  private tick(loc: SourceLocation): void {
    const s = ++this.steps;
    if (s > this.opts.limits.maxSteps) throw new RegoError('eval_limit_error', `evaluation exceeded ${this.opts.limits.maxSteps} steps`, loc);
    if ((s & 1023) === 0 && Date.now() > this.deadline) {
      throw new RegoError('eval_limit_error', `evaluation exceeded the time limit of ${this.opts.limits.timeoutMs} ms`, loc);
    }
  }

  // ---- bodies and expressions ---------------------------------------------------------

  evalBody(body: Expr[], start: number, env: Env, k: K): boolean {
    // Run the deterministic prefix (tests and single-valued assignments) in a loop, without a
    // continuation per expression; undo its bindings when done.
    let i = start;
    let bound: string[] | undefined;
    for (; i < body.length; i++) {
      const step = this.straight(body[i]!, env);
      if (step === STRAIGHT_SLOW) break;
      if (step === STRAIGHT_FAIL) {
        if (bound) for (const n of bound) env.f.delete(n);
        return false;
      }
      if (typeof step === 'string') (bound ??= []).push(step);
      else if (Array.isArray(step)) (bound ??= []).push(...step);
    }
    let r: boolean;
    if (i === body.length) r = k();
    else {
      const e = body[i]!;
      const next = i + 1;
      if (e.e !== 'some' && e.withs.length) {
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
  private straight(e: Expr, env: Env): string | string[] | typeof STRAIGHT_OK | typeof STRAIGHT_FAIL | typeof STRAIGHT_SLOW {
    if (e.e === 'some') return STRAIGHT_OK;
    if (e.e !== 'term' || e.withs.length) return STRAIGHT_SLOW;
    const t = e.term;
    if (t.t === 'call' && (t.name === 'eq' || t.name === 'assign')) {
      if (e.negated) return STRAIGHT_SLOW;
      const a = t.args[0]!;
      if (a.t === 'array') return this.straightDestructure(a.items, t.args[1]!, e.loc, env);
      if (a.t !== 'var' || a.name === 'input' || a.name === 'data') return STRAIGHT_SLOW;
      const q = this.quick(t.args[1]!, env);
      if (q === SLOW) return STRAIGHT_SLOW;
      this.tick(e.loc);
      if (q === NONE) return STRAIGHT_FAIL;
      const cur = env.f.get(a.name);
      if (cur !== undefined) return valuesEqual(cur, q) ? STRAIGHT_OK : STRAIGHT_FAIL;
      env.f.set(a.name, q);
      return a.name;
    }
    if (t.t !== 'call' && t.t !== 'ref' && t.t !== 'var') return STRAIGHT_SLOW;
    const q = t.t === 'call' ? this.quickCall(t, env) : this.quick(t, env);
    if (q === SLOW) return STRAIGHT_SLOW;
    this.tick(e.loc);
    const holds = q !== NONE && q !== false;
    return holds !== e.negated ? STRAIGHT_OK : STRAIGHT_FAIL;
  }

  /**
   * `[a, b] := x` with `x` ground and every item a plain var or a scalar: bind in place. Returns
   * the names it bound (undone by the caller), or FAIL (having undone its own bindings).
   */
  private straightDestructure(items: Term[], rhs: Term, loc: SourceLocation, env: Env): string[] | typeof STRAIGHT_FAIL | typeof STRAIGHT_SLOW {
    for (const it of items) if (it.t !== 'scalar' && (it.t !== 'var' || it.name === 'input' || it.name === 'data')) return STRAIGHT_SLOW;
    const q = this.quick(rhs, env);
    if (q === SLOW) return STRAIGHT_SLOW;
    this.tick(loc);
    if (!Array.isArray(q) || q.length !== items.length) return STRAIGHT_FAIL;
    const bound: string[] = [];
    for (let i = 0; i < items.length; i++) {
      const it = items[i]!;
      const v = q[i]!;
      const name = it.t === 'var' ? it.name : undefined;
      const cur = name === undefined ? (it as Term & { t: 'scalar' }).v : env.f.get(name);
      if (cur === undefined) {
        env.f.set(name!, v);
        bound.push(name!);
      } else if (!valuesEqual(cur, v)) {
        for (const n of bound) env.f.delete(n);
        return STRAIGHT_FAIL;
      }
    }
    return bound;
  }

  private evalExpr(e: Expr, env: Env, k: K): boolean {
    this.tick(e.loc);
    switch (e.e) {
      case 'some':
        return k();
      case 'term':
        if (e.negated) {
          if (this.evalTermExpr(e.term, env, () => true)) return false;
          return k();
        }
        return this.evalTermExpr(e.term, env, k);
      case 'somein': {
        const kv = e.key;
        const vv = e.value;
        // Common shape `some k, v in xs` with fresh vars: bind in a plain loop.
        if (vv.t === 'var' && (!kv || kv.t === 'var') && !env.f.has(vv.name) && (!kv || (!env.f.has(kv.name) && kv.name !== vv.name))) {
          const kn = kv ? (kv as Term & { t: 'var' }).name : undefined;
          const q = this.quick(e.coll, env);
          if (q === NONE) return false;
          if (q !== SLOW) return this.someIn(q, kn, vv.name, env, k);
          return this.evalTerm(e.coll, env, (coll) => this.someIn(coll, kn, vv.name, env, k));
        }
        return this.evalTerm(e.coll, env, (coll) => this.members(coll, (key, val) => (kv ? this.unifyValue(kv, key, env, () => this.unifyValue(vv, val, env, k)) : this.unifyValue(vv, val, env, k))));
      }
      case 'every': {
        const ev = e.value;
        const ek = e.key;
        // Common shape `every k, v in xs` (its vars are its own): a plain loop, one continuation.
        if (ev.t === 'var' && (!ek || (ek.t === 'var' && ek.name !== ev.name)) && !env.f.has(ev.name) && (!ek || !env.f.has((ek as Term & { t: 'var' }).name))) {
          const kn = ek ? (ek as Term & { t: 'var' }).name : undefined;
          const q = this.quick(e.domain, env);
          if (q === NONE) return false;
          if (q !== SLOW) return this.everyIn(q, kn, ev.name, e.body, env) ? k() : false;
          return this.evalTerm(e.domain, env, (dom) => (this.everyIn(dom, kn, ev.name, e.body, env) ? k() : false));
        }
        return this.evalTerm(e.domain, env, (dom) => {
          if (!Array.isArray(dom) && !(dom instanceof RObject) && !(dom instanceof RSet)) return false;
          const all = !this.members(dom, (key, val) => {
            const ok = e.key
              ? this.unifyValue(e.key, key, env, () => this.unifyValue(e.value, val, env, () => this.evalBody(e.body, 0, env, () => true)))
              : this.unifyValue(e.value, val, env, () => this.evalBody(e.body, 0, env, () => true));
            return !ok; // stop iterating at the first member the body fails for
          });
          return all ? k() : false;
        });
      }
    }
  }

  /** `some k, v in coll` with fresh vars: bind each member in turn (`kn` undefined without a key var). */
  private someIn(coll: Value, kn: string | undefined, vn: string, env: Env, k: K): boolean {
    const f = env.f;
    if (Array.isArray(coll)) {
      for (let i = 0; i < coll.length; i++) {
        if (kn !== undefined) f.set(kn, i);
        f.set(vn, coll[i]!);
        const r = k();
        f.delete(vn);
        if (kn !== undefined) f.delete(kn);
        if (r) return true;
      }
    } else if (coll instanceof RObject) {
      for (const [key, val] of coll.entries.values()) {
        if (kn !== undefined) f.set(kn, key);
        f.set(vn, val);
        const r = k();
        f.delete(vn);
        if (kn !== undefined) f.delete(kn);
        if (r) return true;
      }
    } else if (coll instanceof RSet) {
      for (const val of coll.items.values()) {
        if (kn !== undefined) f.set(kn, val);
        f.set(vn, val);
        const r = k();
        f.delete(vn);
        if (kn !== undefined) f.delete(kn);
        if (r) return true;
      }
    }
    return false;
  }

  /** `every k, v in dom { body }` with the every's own vars: false at the first member the body fails for. */
  private everyIn(dom: Value, kn: string | undefined, vn: string, body: Expr[], env: Env): boolean {
    if (!Array.isArray(dom) && !(dom instanceof RObject) && !(dom instanceof RSet)) return false;
    return !this.someIn(dom, kn, vn, env, () => !this.evalBody(body, 0, env, TRUE));
  }

  /** Iterate a collection's (key, value) pairs; stops when `f` returns true. */
  private members(coll: Value, f: (k: Value, v: Value) => boolean): boolean {
    if (Array.isArray(coll)) {
      for (let i = 0; i < coll.length; i++) if (f(i, coll[i]!)) return true;
    } else if (coll instanceof RObject) {
      for (const [key, v] of coll.pairs()) if (f(key, v)) return true;
    } else if (coll instanceof RSet) {
      for (const v of coll.values()) if (f(v, v)) return true;
    }
    return false;
  }

  private evalTermExpr(t: Term, env: Env, k: K): boolean {
    if (t.t === 'call') {
      if (t.name === 'eq' || t.name === 'assign') return this.unify(t.args[0]!, t.args[1]!, env, k);
      const q = this.quickCall(t, env);
      if (q === NONE || q === false) return false;
      if (q !== SLOW) return k();
      return this.evalCall(t, env, (v) => (v === false ? false : k()));
    }
    return this.evalTerm(t, env, (v) => (v === false ? false : k()));
  }

  // ---- unification --------------------------------------------------------------------

  private isUnboundVar(t: Term, env: Env): t is Term & { t: 'var' } {
    return t.t === 'var' && !env.f.has(t.name) && t.name !== 'input' && t.name !== 'data';
  }

  // No try/finally: an exception abandons the whole evaluation, frames included.
  private bind(name: string, v: Value, env: Env, k: K): boolean {
    env.f.set(name, v);
    const r = k();
    env.f.delete(name);
    return r;
  }

  unify(a: Term, b: Term, env: Env, k: K): boolean {
    if (this.isUnboundVar(a, env)) {
      if (this.isUnboundVar(b, env)) throw new RegoError('rego_unsafe_var_error', `var ${a.name} is unsafe`, a.loc);
      const q = this.quick(b, env);
      if (q === NONE) return false;
      if (q !== SLOW) return this.bind(a.name, q, env, k);
      return this.evalTerm(b, env, (v) => this.unifyValue(a, v, env, k));
    }
    if (this.isUnboundVar(b, env)) return this.evalTerm(a, env, (v) => this.unifyValue(b, v, env, k));
    if (a.t === 'array' && b.t === 'array') {
      if (a.items.length !== b.items.length) return false;
      return this.unifyPairs(a.items, b.items, 0, env, k);
    }
    if (a.t === 'object' && b.t === 'object' && a.pairs.length === b.pairs.length) {
      // Keys are ground (constants or bound vars): pair the values up by key.
      const keyText = (t: Term): string | undefined => {
        const q = this.quick(t, env);
        return q === SLOW || q === NONE ? undefined : keyOf(q);
      };
      const bk = new Map<string, Term>();
      for (const [key, val] of b.pairs) {
        const kt = keyText(key);
        if (kt !== undefined) bk.set(kt, val);
      }
      const pairs = a.pairs.map(([key]) => {
        const kt = keyText(key);
        return kt === undefined ? undefined : bk.get(kt);
      });
      if (bk.size === b.pairs.length && pairs.every((p) => p !== undefined)) return this.unifyPairs(a.pairs.map((p) => p[1]), pairs as Term[], 0, env, k);
      if (bk.size === b.pairs.length && pairs.every((_, i) => keyText(a.pairs[i]![0]) !== undefined)) return false;
    }
    if ((a.t === 'array' || a.t === 'object') && termHasVars(a)) return this.evalTerm(b, env, (v) => this.unifyValue(a, v, env, k));
    if ((b.t === 'array' || b.t === 'object') && termHasVars(b)) return this.evalTerm(a, env, (v) => this.unifyValue(b, v, env, k));
    return this.evalTerm(a, env, (va) => this.evalTerm(b, env, (vb) => (valuesEqual(va, vb) ? k() : false)));
  }

  private unifyPairs(as: Term[], bs: Term[], i: number, env: Env, k: K): boolean {
    if (i === as.length) return k();
    return this.unify(as[i]!, bs[i]!, env, () => this.unifyPairs(as, bs, i + 1, env, k));
  }

  /** Unify a term (possibly holding unbound vars) with a value. */
  unifyValue(t: Term, v: Value, env: Env, k: K): boolean {
    switch (t.t) {
      case 'var': {
        if (t.name === 'input' || t.name === 'data') break;
        const cur = env.f.get(t.name);
        if (cur !== undefined) return valuesEqual(cur, v) ? k() : false;
        return this.bind(t.name, v, env, k);
      }
      case 'scalar':
        return valuesEqual(t.v, v) ? k() : false;
      case 'array': {
        if (!Array.isArray(v) || v.length !== t.items.length) return false;
        const step = (i: number): boolean => (i === v.length ? k() : this.unifyValue(t.items[i]!, v[i]!, env, () => step(i + 1)));
        return step(0);
      }
      case 'object': {
        if (!(v instanceof RObject) || v.size !== t.pairs.length) return false;
        const step = (i: number): boolean => {
          if (i === t.pairs.length) return k();
          const [kt, vt] = t.pairs[i]!;
          return this.evalTerm(kt, env, (key) => {
            const x = v.get(key);
            return x === undefined ? false : this.unifyValue(vt, x, env, () => step(i + 1));
          });
        };
        return step(0);
      }
      default:
        break;
    }
    return this.evalTerm(t, env, (x) => (valuesEqual(x, v) ? k() : false));
  }

  // ---- terms --------------------------------------------------------------------------

  evalTerm(t: Term, env: Env, kv: KV): boolean {
    switch (t.t) {
      case 'scalar':
        return kv(t.v);
      case 'var': {
        const v = env.f.get(t.name);
        if (v !== undefined) return kv(v);
        if (t.name === 'input') return env.c.input === undefined ? false : kv(env.c.input);
        if (t.name === 'data') return this.evalDataPath([], env, kv);
        throw new RegoError('rego_unsafe_var_error', `var ${t.name.replace(/\$.*$/, '')} is unsafe`, t.loc);
      }
      case 'ref': {
        const q = this.quick(t, env);
        if (q === NONE) return false;
        if (q !== SLOW) return kv(q);
        return this.evalRef(t, env, kv);
      }
      case 'array':
        return this.evalItems(t.items, 0, [], env, (items) => kv(items));
      case 'set':
        return this.evalItems(t.items, 0, [], env, (items) => kv(RSet.of(items)));
      case 'object':
        return this.evalPairs(t.pairs, 0, new RObject(), env, kv);
      case 'arraycomp': {
        const out: Value[] = [];
        this.evalBody(t.body, 0, env, () =>
          this.evalTerm(t.head, env, (v) => {
            out.push(v);
            return false;
          }),
        );
        return kv(out);
      }
      case 'setcomp': {
        const out = new RSet();
        this.evalBody(t.body, 0, env, () =>
          this.evalTerm(t.head, env, (v) => {
            out.add(v);
            return false;
          }),
        );
        return kv(out);
      }
      case 'objcomp': {
        const out = new RObject();
        this.evalBody(t.body, 0, env, () =>
          this.evalTerm(t.key, env, (key) =>
            this.evalTerm(t.value, env, (v) => {
              const prev = out.get(key);
              if (prev !== undefined && !valuesEqual(prev, v)) throw new RegoError('eval_conflict_error', 'object keys must be unique', t.loc);
              out.set(key, v);
              return false;
            }),
          ),
        );
        return kv(out);
      }
      case 'call':
        return this.evalCall(t, env, kv);
      case 'template':
        return this.evalTemplate(t.parts, 0, '', env, kv);
    }
  }

  private evalTemplate(parts: (string | Term)[], i: number, acc: string, env: Env, kv: KV): boolean {
    if (i === parts.length) return kv(acc);
    const p = parts[i]!;
    if (typeof p === 'string') return this.evalTemplate(parts, i + 1, acc + p, env, kv);
    // An undefined expression renders as `<undefined>`; a set or array renders in Rego syntax.
    const vals: Value[] = [];
    this.evalTerm(p, env, (v) => {
      vals.push(v);
      return false;
    });
    if (vals.length > 1) throw new RegoError('eval_conflict_error', 'template expression produced multiple outputs', p.loc);
    const v = vals[0];
    const text = v === undefined ? '<undefined>' : typeof v === 'string' ? v : toRegoString(v);
    return this.evalTemplate(parts, i + 1, acc + text, env, kv);
  }

  private evalItems(items: Term[], i: number, acc: Value[], env: Env, k: (items: Value[]) => boolean): boolean {
    if (i === items.length) return k(acc.slice());
    return this.evalTerm(items[i]!, env, (v) => {
      acc[i] = v;
      const r = this.evalItems(items, i + 1, acc, env, k);
      acc.length = i;
      return r;
    });
  }

  private evalPairs(pairs: [Term, Term][], i: number, acc: RObject, env: Env, kv: KV): boolean {
    if (i === pairs.length) {
      const o = new RObject();
      for (const [key, v] of acc.pairs()) o.set(key, v);
      return kv(o);
    }
    const [kt, vt] = pairs[i]!;
    return this.evalTerm(kt, env, (key) =>
      this.evalTerm(vt, env, (v) => {
        const had = acc.get(key);
        if (had !== undefined && !valuesEqual(had, v)) throw new RegoError('eval_conflict_error', 'object keys must be unique', kt.loc);
        acc.set(key, v);
        const r = this.evalPairs(pairs, i + 1, acc, env, kv);
        if (had === undefined) acc.delete(key);
        return r;
      }),
    );
  }

  // ---- references ---------------------------------------------------------------------

  private evalRef(t: Term & { t: 'ref' }, env: Env, kv: KV): boolean {
    const head = t.head;
    if (head.t === 'var') {
      const bound = env.f.get(head.name);
      if (bound !== undefined) return this.walk(bound, t.path, 0, env, kv);
      if (head.name === 'data') return this.evalDataPath(t.path, env, kv);
      if (head.name === 'input') return env.c.input === undefined ? false : this.walk(env.c.input, t.path, 0, env, kv);
      throw new RegoError('rego_unsafe_var_error', `var ${head.name.replace(/\$.*$/, '')} is unsafe`, head.loc);
    }
    return this.evalTerm(head, env, (v) => this.walk(v, t.path, 0, env, kv));
  }

  private walk(v: Value, path: Term[], i: number, env: Env, kv: KV): boolean {
    if (i === path.length) return kv(v);
    const p = path[i]!;
    if (p.t === 'scalar') {
      const x = lookup(v, p.v);
      return x === undefined ? false : this.walk(x, path, i + 1, env, kv);
    }
    if (p.t === 'var' && !env.f.has(p.name)) {
      if (p.name === 'input' || p.name === 'data') return this.evalTerm(p, env, (key) => this.walkKey(v, key, path, i, env, kv));
      const f = env.f;
      const name = p.name;
      const last = i + 1 === path.length;
      const each = (key: Value, x: Value): boolean => {
        f.set(name, key);
        const r = last ? kv(x) : this.walk(x, path, i + 1, env, kv);
        f.delete(name);
        return r;
      };
      if (Array.isArray(v)) {
        for (let j = 0; j < v.length; j++) if (each(j, v[j]!)) return true;
      } else if (v instanceof RObject) {
        for (const [key, x] of v.entries.values()) if (each(key, x)) return true;
      } else if (v instanceof RSet) {
        for (const x of v.items.values()) if (each(x, x)) return true;
      }
      return false;
    }
    if ((p.t === 'array' || p.t === 'object') && termHasVars(p)) {
      return this.members(v, (key, x) => this.unifyValue(p, key, env, () => this.walk(x, path, i + 1, env, kv)));
    }
    return this.evalTerm(p, env, (key) => this.walkKey(v, key, path, i, env, kv));
  }

  private walkKey(v: Value, key: Value, path: Term[], i: number, env: Env, kv: KV): boolean {
    const x = lookup(v, key);
    return x === undefined ? false : this.walk(x, path, i + 1, env, kv);
  }

  /** `data.<path>`: base documents merged with the virtual documents rules define. */
  private evalDataPath(path: Term[], env: Env, kv: KV): boolean {
    return this.descend(this.policy.root, env.c.data, path, 0, env, kv);
  }

  private descend(node: RuleNode, base: Value | undefined, path: Term[], i: number, env: Env, kv: KV): boolean {
    const ov = env.c.dataOverrides?.get(pathKey(node.path));
    if (ov !== undefined) return this.walk(ov, path, i, env, kv);
    if (node.hasRules) {
      if (node.isFunction) return false;
      const v = this.nodeValue(node, base, env.c);
      return v === undefined ? false : this.walk(v, path, i, env, kv);
    }
    if (i === path.length) {
      const v = this.materialize(node, base, env.c);
      return v === undefined ? false : kv(v);
    }
    const p = path[i]!;
    if (p.t === 'scalar') return this.descendKey(node, base, p.v, path, i, env, kv);
    if (p.t === 'var' && !env.f.has(p.name) && p.name !== 'input' && p.name !== 'data') {
      const v = this.materialize(node, base, env.c);
      return v === undefined ? false : this.walk(v, path, i, env, kv);
    }
    return this.evalTerm(p, env, (key) => this.descendKey(node, base, key, path, i, env, kv));
  }

  private descendKey(node: RuleNode, base: Value | undefined, key: Value, path: Term[], i: number, env: Env, kv: KV): boolean {
    const child = typeof key === 'string' ? node.children.get(key) : undefined;
    let b = base === undefined ? undefined : lookup(base, key);
    // JSON data has only string keys; OPA finds `data[2]` under "2".
    if (b === undefined && base instanceof RObject && typeof key === 'number') b = base.get(String(key));
    if (child) return this.descend(child, b, path, i + 1, env, kv);
    return b === undefined ? false : this.walkBase(b, path, i + 1, env, kv);
  }

  /** Walk base data: JSON documents have string keys only, so a number key also finds its text form. */
  private walkBase(v: Value, path: Term[], i: number, env: Env, kv: KV): boolean {
    let cur = v;
    let j = i;
    for (; j < path.length; j++) {
      const p = path[j]!;
      const key = p.t === 'scalar' ? p.v : p.t === 'var' ? env.f.get(p.name) : undefined;
      if (key === undefined) break;
      let next = lookup(cur, key);
      if (next === undefined && cur instanceof RObject && typeof key === 'number') next = cur.get(String(key));
      if (next === undefined) return false;
      cur = next;
    }
    return this.walk(cur, path, j, env, kv);
  }

  /** The full document at a node without rules: base data merged with every child's value. */
  private materialize(node: RuleNode, base: Value | undefined, c: Ctx): Value | undefined {
    const ov = c.dataOverrides?.get(pathKey(node.path));
    if (ov !== undefined) return ov;
    if (node.hasRules) return node.isFunction ? undefined : this.nodeValue(node, base, c);
    if (node.children.size === 0 && !node.isPackage) return base;
    const out = new RObject();
    if (base instanceof RObject) for (const [k, v] of base.pairs()) out.set(k, v);
    for (const [name, child] of node.children) {
      const v = this.materialize(child, base instanceof RObject ? base.get(name) : undefined, c);
      if (v !== undefined) out.set(name, v);
    }
    return out;
  }

  // ---- rules --------------------------------------------------------------------------

  private enter(node: RuleNode, c: Ctx, loc: SourceLocation | undefined): void {
    if (c.inProgress.has(node)) {
      throw new RegoError('rego_recursion_error', `rule data.${node.path.join('.')} is recursive`, loc);
    }
    if (++this.depth > this.opts.limits.maxDepth) {
      throw new RegoError('eval_limit_error', `evaluation exceeded the maximum depth of ${this.opts.limits.maxDepth}`, loc);
    }
    c.inProgress.add(node);
  }

  private leave(node: RuleNode, c: Ctx): void {
    this.depth--;
    c.inProgress.delete(node);
  }

  private nodeValue(node: RuleNode, base: Value | undefined, c: Ctx): Value | undefined {
    const cached = c.cache.get(node);
    if (cached !== undefined) return cached === UNDEFINED ? undefined : cached;
    this.enter(node, c, node.rules[0]?.rule.loc ?? node.defaultRule?.rule.loc);
    let v: Value | undefined;
    try {
      v = this.computeNode(node, base, c);
    } finally {
      this.leave(node, c);
    }
    c.cache.set(node, v === undefined ? UNDEFINED : v);
    return v;
  }

  private newEnv(c: Ctx): Env {
    return { f: new BindingFrame(), c };
  }

  private computeNode(node: RuleNode, base: Value | undefined, c: Ctx): Value | undefined {
    const first = node.rules[0] ?? node.defaultRule!;
    if (first.suffix.length === 0 && first.rule.kind === 'complete') {
      let result: Value | undefined;
      for (const pr of node.rules) {
        const v = this.completeValue(pr, c, 'complete rules must not produce multiple outputs');
        if (v === undefined) continue;
        if (result === undefined) {
          result = v;
          if (node.earlyExit) break;
        } else if (!valuesEqual(result, v)) throw new RegoError('eval_conflict_error', 'complete rules must not produce multiple outputs', pr.rule.loc);
      }
      if (result === undefined && node.defaultRule) {
        this.evalTerm(node.defaultRule.rule.value, this.newEnv(c), (v) => {
          result = v;
          return true;
        });
      }
      return result;
    }
    if (first.suffix.length === 0 && first.rule.kind === 'set') {
      const out = new RSet();
      for (const pr of node.rules) {
        if (pr.suffix.length !== 0 || pr.rule.kind !== 'set') throw new RegoError('rego_compile_error', `rules for data.${node.path.join('.')} mix kinds`, pr.rule.loc);
        const env = this.newEnv(c);
        const key = pr.rule.key!;
        const add: KV = (v) => {
          out.add(v);
          return false;
        };
        this.evalBody(pr.rule.body, 0, env, () => {
          const q = this.quick(key, env);
          if (q === SLOW) return this.evalTerm(key, env, add);
          if (q !== NONE) out.add(q);
          return false;
        });
      }
      return out;
    }
    // Object-building rules (`p[k] := v`, `a.b[x].c contains y`, ...).
    const out = new RObject();
    if (base instanceof RObject) for (const [k, v] of base.pairs()) out.set(k, v);
    for (const pr of node.rules) {
      if (pr.suffix.length === 0) throw new RegoError('rego_compile_error', `rules for data.${node.path.join('.')} mix kinds`, pr.rule.loc);
      const env = this.newEnv(c);
      const r = pr.rule;
      this.evalBody(r.body, 0, env, () =>
        this.evalItems(pr.suffix, 0, [], env, (keys) => {
          if (r.kind === 'set') {
            return this.evalTerm(r.key!, env, (v) => {
              this.insert(out, keys, v, true, r.loc);
              return false;
            });
          }
          return this.evalTerm(r.value, env, (v) => {
            this.insert(out, keys, v, false, r.loc);
            return false;
          });
        }),
      );
      if (r.elses.length) throw new RegoError('rego_compile_error', 'else keyword cannot be used on partial rules', r.loc);
    }
    for (const [name, child] of node.children) {
      const v = this.materialize(child, undefined, c);
      if (v === undefined) continue;
      const prev = out.get(name);
      out.set(name, prev === undefined ? v : this.mergeDocs(prev, v, first.rule.loc));
    }
    return out;
  }

  /** Documents two rule sets define at the same path: sets unite, objects merge, anything else must agree. */
  private mergeDocs(a: Value, b: Value, loc: SourceLocation): Value {
    if (a instanceof RSet && b instanceof RSet) return RSet.of([...a.values(), ...b.values()]);
    // A rule's value is whole: another rule may not inject keys into it.
    if (a instanceof RObject && b instanceof RObject && !this.ruleValues.has(a) && !this.ruleValues.has(b)) {
      const out = RObject.fromPairs(a.pairs());
      for (const [k, v] of b.pairs()) {
        const p = out.get(k);
        out.set(k, p === undefined ? v : this.mergeDocs(p, v, loc));
      }
      return out;
    }
    if (!valuesEqual(a, b)) throw new RegoError('eval_conflict_error', 'object keys must be unique', loc);
    return a;
  }

  private insert(obj: RObject, keys: Value[], v: Value, isSet: boolean, loc: SourceLocation): void {
    let cur = obj;
    for (let i = 0; i < keys.length - 1; i++) {
      const key = keys[i]!;
      let next = cur.get(key);
      if (next === undefined) {
        next = new RObject();
        cur.set(key, next);
      } else if (!(next instanceof RObject)) throw new RegoError('eval_conflict_error', 'object keys must be unique', loc);
      cur = next;
    }
    const last = keys[keys.length - 1]!;
    const prev = cur.get(last);
    if (isSet) {
      if (prev === undefined) cur.set(last, RSet.of([v]));
      else if (prev instanceof RSet) prev.add(v);
      else throw new RegoError('eval_conflict_error', 'object keys must be unique', loc);
      return;
    }
    if (prev !== undefined && !valuesEqual(prev, v)) throw new RegoError('eval_conflict_error', 'object keys must be unique', loc);
    if (v instanceof RObject) this.ruleValues.add(v);
    cur.set(last, v);
  }

  /** The value one complete rule (with its else chain) produces, or undefined. */
  private completeValue(pr: PlacedRule, c: Ctx, conflict: string, args?: Value[]): Value | undefined {
    const r = pr.rule;
    const branches = pr.branches;
    for (let bi = 0; bi < branches.length; bi++) {
      const br = branches[bi]!;
      const env = this.newEnv(c);
      if (args && !pr.simpleArgs) {
        let result: Value | undefined;
        this.unifyArgs(r.args, args, 0, env, () => (result = this.branchRest(br, env, 0, conflict, r.loc)) !== undefined);
        if (result !== undefined) return result;
        continue;
      }
      if (args) for (let i = 0; i < args.length; i++) env.f.push((r.args[i] as Term & { t: 'var' }).name, args[i]!);
      // Most bodies are tests and single-valued assignments: run them without continuations
      // (the frame is this branch's own and solved once, so nothing needs undoing).
      const body = br.body;
      let i = 0;
      let failed = false;
      for (; i < body.length; i++) {
        const step = this.straight(body[i]!, env);
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
      if (result !== undefined) return result;
    }
    return undefined;
  }

  /** A branch's value from body expression `from` on, by full evaluation (every solution must agree). */
  private branchRest(br: PlacedRule['branches'][number], env: Env, from: number, conflict: string, loc: SourceLocation): Value | undefined {
    let result: Value | undefined;
    this.evalBody(br.body, from, env, () =>
      this.evalTerm(br.value, env, (v) => {
        if (result === undefined) result = v;
        else if (!valuesEqual(result, v)) throw new RegoError('eval_conflict_error', conflict, loc);
        return br.constHead;
      }),
    );
    return result;
  }

  private unifyArgs(params: Term[], args: Value[], i: number, env: Env, k: K): boolean {
    if (i === params.length) return k();
    return this.unifyValue(params[i]!, args[i]!, env, () => this.unifyArgs(params, args, i + 1, env, k));
  }

  // ---- calls --------------------------------------------------------------------------

  private plan(t: Term & { t: 'call' }, name: string): CallPlan {
    let arity: number;
    let user: RuleNode | undefined;
    let builtin: Builtin | undefined;
    if (name.startsWith('data.')) {
      user = this.findNode(name.slice(5).split('.'));
      if (!user || !user.isFunction) throw new RegoError('rego_type_error', `undefined function ${name}`, t.loc);
      arity = user.arity;
    } else {
      builtin = this.opts.builtins[name];
      if (!builtin) throw new RegoError('rego_type_error', `undefined function ${name}`, t.loc);
      arity = builtin.arity;
    }
    if (t.args.length !== arity && t.args.length !== arity + 1) {
      throw new RegoError('rego_type_error', `${name}: arity mismatch: expected ${arity} arguments, got ${t.args.length}`, t.loc);
    }
    const out = t.args.length === arity + 1 ? t.args[arity]! : undefined;
    const inputs = out ? t.args.slice(0, arity) : t.args;
    const order =
      inputs.some((a) => a.t === 'var') && inputs.some((a) => a.t !== 'var' && a.t !== 'scalar')
        ? inputs.map((_, i) => i).sort((x, y) => Number(inputs[x]!.t === 'var') - Number(inputs[y]!.t === 'var'))
        : undefined;
    return { name, user, builtin, out, inputs, order };
  }

  private evalCall(t: Term & { t: 'call' }, env: Env, kv: KV): boolean {
    if (t.name === 'print') {
      // print is variadic and only has a side effect in OPA; the embedded evaluator discards output.
      return kv(true);
    }
    const override = env.c.fnOverrides?.get(t.name);
    if (override && override.t !== 'call') {
      // `with f as <value>`: every call yields the value (arguments still evaluated).
      return this.evalItems(t.args, 0, [], env, () => this.evalTerm(override, env, kv));
    }
    let plan: CallPlan;
    if (override) plan = this.plan(t, override.name);
    else {
      // A term belongs to one compiled policy, so its plan can live on it.
      plan = (t.memo as CallPlan | undefined) ?? (t.memo = this.plan(t, t.name));
    }
    const { user, out, inputs, order } = plan;
    const deliver: KV = out ? (v) => this.unifyValue(out, v, env, () => kv(true)) : kv;
    // The replacement sees the original: `with count as mock` lets mock call count.
    const c = override ? this.withoutOverride(env.c) : env.c;
    // Fast path: every argument has at most one value that is cheap to find.
    const vals: Value[] = new Array<Value>(inputs.length);
    let slow = false;
    for (let i = 0; i < inputs.length; i++) {
      const q = this.quick(inputs[i]!, env);
      if (q === NONE) return false;
      if (q === SLOW) {
        slow = true;
        break;
      }
      vals[i] = q;
    }
    if (!slow) return user ? this.callUser(user, vals, c, t.loc, deliver) : this.callBuiltin(plan, vals, t.loc, deliver);
    const invoke = (got: Value[]): boolean => (user ? this.callUser(user, got, c, t.loc, deliver) : this.callBuiltin(plan, got, t.loc, deliver));
    if (order) {
      // Evaluate refs before plain vars, so a var bound by a ref argument is read after binding.
      return this.evalItems(order.map((i) => inputs[i]!), 0, [], env, (got) => {
        const back: Value[] = [];
        order.forEach((i, j) => (back[i] = got[j]!));
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
  private quickCall(t: Term & { t: 'call' }, env: Env): Quick {
    if (env.c.fnOverrides?.has(t.name) || t.name === 'print') return SLOW;
    const plan = (t.memo as CallPlan | undefined) ?? (t.memo = this.plan(t, t.name));
    const b = plan.builtin;
    if (plan.out || (b && b.relation)) return SLOW;
    const inputs = plan.inputs;
    const vals: Value[] = new Array<Value>(inputs.length);
    for (let i = 0; i < inputs.length; i++) {
      const q = this.quick(inputs[i]!, env);
      if (q === NONE || q === SLOW) return q;
      vals[i] = q;
    }
    // A user function has at most one value per arguments: call it in place too.
    // (`null` is a value: only undefined means none.)
    if (!b) {
      const v = this.callUserValue(plan.user!, vals, env.c, t.loc);
      return v === undefined ? NONE : v;
    }
    try {
      const v = b.fn(vals, this.bctx);
      return v === undefined ? NONE : v;
    } catch (e) {
      this.builtinFailure(e, plan.name, t.loc);
      return NONE;
    }
  }

  private quick(t: Term, env: Env): Quick {
    if (t.t === 'scalar') return t.v;
    if (t.t === 'call') return this.quickCall(t, env);
    if (t.t === 'array') {
      // e.g. the argument list of sprintf
      const out: Value[] = new Array<Value>(t.items.length);
      for (let i = 0; i < t.items.length; i++) {
        const q = this.quick(t.items[i]!, env);
        if (q === NONE || q === SLOW) return q;
        out[i] = q;
      }
      return out;
    }
    if (t.t === 'var') {
      const v = env.f.get(t.name);
      if (v !== undefined) return v;
      if (t.name === 'input') return env.c.input ?? NONE;
      return SLOW;
    }
    if (t.t !== 'ref' || t.head.t !== 'var') return SLOW;
    const head = t.head.name;
    let cur: Value | undefined = env.f.get(head);
    if (cur === undefined) {
      if (head === 'data') return this.quickData(t, env);
      if (head !== 'input') return SLOW;
      cur = env.c.input;
      if (cur === undefined) return NONE;
    }
    const path = t.path;
    for (let i = 0; i < path.length; i++) {
      const p = path[i]!;
      const key = p.t === 'scalar' ? p.v : p.t === 'var' ? env.f.get(p.name) : undefined;
      if (key === undefined) return SLOW;
      cur = lookup(cur, key);
      if (cur === undefined) return NONE;
    }
    return cur;
  }

  private quickData(t: Term & { t: 'ref' }, env: Env): Quick {
    const c = env.c;
    if (c.dataOverrides) return SLOW;
    const path = t.path;
    const memo = t.memo as DataMemo | undefined;
    if (memo) {
      // Rule nodes that ignore base data (complete rules, sets, functions): jump straight there.
      const v = memo.node.isFunction ? undefined : this.nodeValue(memo.node, undefined, c);
      return v === undefined ? NONE : this.quickWalk(v, path, memo.depth, env);
    }
    let node: RuleNode = this.policy.root;
    let base: Value | undefined = c.data;
    let i = 0;
    for (; i < path.length; i++) {
      if (node.hasRules) break;
      const p = path[i]!;
      const key = p.t === 'scalar' ? p.v : p.t === 'var' ? env.f.get(p.name) : undefined;
      if (key === undefined) return SLOW;
      const child = typeof key === 'string' ? node.children.get(key) : undefined;
      let b: Value | undefined = base === undefined ? undefined : lookup(base, key);
      if (b === undefined && base instanceof RObject && typeof key === 'number') b = base.get(String(key));
      if (!child) {
        if (b === undefined) return NONE;
        return this.quickWalk(b, path, i + 1, env, true);
      }
      node = child;
      base = b;
    }
    let v: Value | undefined;
    if (node.hasRules) {
      if (node.isFunction) return NONE;
      const first = node.rules[0] ?? node.defaultRule;
      if (first && first.suffix.length === 0 && path.slice(0, i).every((p) => p.t === 'scalar')) t.memo = { node, depth: i } satisfies DataMemo;
      v = this.nodeValue(node, base, c);
    } else v = this.materialize(node, base, c);
    if (v === undefined) return NONE;
    return this.quickWalk(v, path, i, env);
  }

  private quickWalk(v: Value, path: Term[], from: number, env: Env, baseData = false): Quick {
    let cur: Value | undefined = v;
    for (let i = from; i < path.length; i++) {
      const p = path[i]!;
      const key = p.t === 'scalar' ? p.v : p.t === 'var' ? env.f.get(p.name) : undefined;
      if (key === undefined) return SLOW;
      const prev: Value = cur;
      cur = lookup(prev, key);
      if (cur === undefined && baseData && prev instanceof RObject && typeof key === 'number') cur = prev.get(String(key));
      if (cur === undefined) return NONE;
    }
    return cur;
  }

  /** A replacement function runs against the real functions: mocks do not call mocks (nor themselves). */
  private withoutOverride(c: Ctx): Ctx {
    return { ...c, fnOverrides: undefined, cache: new Map(),
      calls: new Map(), inProgress: new Set(c.inProgress) };
  }

  private findNode(path: string[]): RuleNode | undefined {
    let n: RuleNode | undefined = this.policy.root;
    for (const p of path) n = n?.children.get(p);
    return n;
  }

  private callUser(node: RuleNode, args: Value[], c: Ctx, loc: SourceLocation, kv: KV): boolean {
    const v = this.callUserValue(node, args, c, loc);
    return v === undefined ? false : kv(v);
  }

  /** A function's one value for `args` (undefined when it has none), memoised per scope. */
  private callUserValue(node: RuleNode, args: Value[], c: Ctx, loc: SourceLocation): Value | undefined {
    // Same function, same arguments, same scope: same result (policies call helpers often).
    let memo = c.calls.get(node);
    if (!memo) c.calls.set(node, (memo = { list: [], byFirst: undefined }));
    const byFirst = memo.byFirst;
    if (!byFirst) {
      const list = memo.list;
      for (let i = 0; i < list.length; i++) {
        const e = list[i]!;
        if (sameArgs(e.args, args, 0)) return e.result === UNDEFINED ? undefined : e.result;
      }
      const result = this.callUserUncached(node, args, c, loc);
      const entry: CallEntry = { args, result: result === undefined ? UNDEFINED : result, next: undefined };
      if (list.length < MEMO_LIST || args.length === 0) list.push(entry);
      else {
        // Many distinct calls: index them by first argument from now on.
        const m = new Map<Value, CallEntry>();
        for (const e of [...list, entry]) {
          e.next = m.get(e.args[0]!);
          m.set(e.args[0]!, e);
        }
        memo.byFirst = m;
        memo.list = [];
      }
      return result;
    }
    const first = byFirst.get(args[0]!);
    let seen = 0;
    for (let e = first; e; e = e.next, seen++) if (sameArgs(e.args, args, 1)) return e.result === UNDEFINED ? undefined : e.result;
    const result = this.callUserUncached(node, args, c, loc);
    // A long chain would cost more to scan than calls cost: stop remembering for this first argument.
    if (seen < MEMO_CHAIN) byFirst.set(args[0]!, { args, result: result === undefined ? UNDEFINED : result, next: first });
    return result;
  }

  private callUserUncached(node: RuleNode, args: Value[], c: Ctx, loc: SourceLocation): Value | undefined {
    // Functions count towards the depth limit (which also stops recursion through them).
    if (++this.depth > this.opts.limits.maxDepth) {
      throw new RegoError('eval_limit_error', `evaluation exceeded the maximum depth of ${this.opts.limits.maxDepth}`, loc);
    }
    let result: Value | undefined;
    try {
      for (const pr of node.funcs) {
        const v = this.completeValue(pr, c, 'functions must not produce multiple outputs for same inputs', args);
        if (v === undefined) continue;
        if (result === undefined) {
          result = v;
          if (node.earlyExit) break;
        } else if (!valuesEqual(result, v)) throw new RegoError('eval_conflict_error', 'functions must not produce multiple outputs for same inputs', loc);
      }
      if (result === undefined && node.defaultRule) {
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

  private callBuiltin(plan: CallPlan, args: Value[], loc: SourceLocation, kv: KV): boolean {
    const b = plan.builtin!;
    const name = plan.name;
    let result: Value | undefined;
    let many: Value[] | undefined;
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
    return result === undefined ? false : kv(result);
  }

  /**
   * A builtin threw: in strict mode raise it (typed), otherwise the call is undefined, as in
   * OPA. Stack exhaustion stays a limit error; any other unexpected throw counts as a builtin error.
   */
  private builtinFailure(e: unknown, name: string, loc: SourceLocation): void {
    if (e instanceof RegoError) throw e.at(loc);
    if (e instanceof RangeError && /call stack/i.test(e.message)) throw e;
    if (!this.opts.strict) return;
    if (e instanceof BuiltinError) throw new RegoError(e.code, `${name}: ${e.message}`, loc);
    throw new RegoError('eval_builtin_error', `${name}: ${e instanceof Error ? e.message : String(e)}`, loc);
  }

  // ---- with ---------------------------------------------------------------------------

  private withCtx(withs: WithModifier[], env: Env): Ctx {
    const c: Ctx = {
      ...env.c,
      cache: new Map(),
      calls: new Map(),
      inProgress: new Set(env.c.inProgress),
      dataOverrides: env.c.dataOverrides ? new Map(env.c.dataOverrides) : undefined,
      fnOverrides: env.c.fnOverrides ? new Map(env.c.fnOverrides) : undefined,
    };
    for (const w of withs) {
      const target = w.target;
      if (target.t === 'call') {
        c.fnOverrides ??= new Map();
        c.fnOverrides.set(target.name, w.value.t === 'call' ? w.value : this.constOf(w.value, env));
        continue;
      }
      const value = this.single(w.value, env);
      if (value === undefined) continue;
      const head = target.t === 'ref' ? target.head : target;
      const path = (target.t === 'ref' ? target.path : []).map((p) => this.single(p, env)!);
      if (head.t === 'var' && head.name === 'input') {
        c.input = patchValue(c.input, path, value);
      } else {
        c.dataOverrides ??= new Map();
        c.dataOverrides.set(pathKey(path.map(String)), value);
        c.data = patchValue(c.data, path, value);
      }
    }
    return c;
  }

  private constOf(t: Term, env: Env): Term {
    const v = this.single(t, env);
    return { t: 'scalar', v: v ?? null, loc: t.loc };
  }

  private single(t: Term, env: Env): Value | undefined {
    let out: Value | undefined;
    this.evalTerm(t, env, (v) => {
      out = v;
      return true;
    });
    return out;
  }
}
