import type { Expr, Term } from './ast.js';

/** Vars an expression needs bound first (`needs`) and vars it can bind (`binds`). */
interface VarUse {
  needs: Set<string>;
  binds: Set<string>;
  /** Needs from nested scopes (comprehensions, every, not): a later `:=` there is a different var. */
  nested: Set<string>;
  /** Vars this expression declares (`:=`, `some`). */
  declares: Set<string>;
}

const emptyUse = (): VarUse => ({ needs: new Set(), binds: new Set(), nested: new Set(), declares: new Set() });

const isLocal = (name: string): boolean => name !== 'input' && name !== 'data';

/** Every var name in a term (comprehension bodies included). */
const allVars = (t: Term, out: Set<string>): void => {
  switch (t.t) {
    case 'var':
      if (isLocal(t.name)) out.add(t.name);
      return;
    case 'scalar':
      return;
    case 'ref':
      allVars(t.head, out);
      for (const p of t.path) allVars(p, out);
      return;
    case 'array':
    case 'set':
      for (const i of t.items) allVars(i, out);
      return;
    case 'object':
      for (const [k, v] of t.pairs) {
        allVars(k, out);
        allVars(v, out);
      }
      return;
    case 'arraycomp':
    case 'setcomp':
      allVars(t.head, out);
      for (const e of t.body) exprVars(e, out);
      return;
    case 'objcomp':
      allVars(t.key, out);
      allVars(t.value, out);
      for (const e of t.body) exprVars(e, out);
      return;
    case 'call':
      for (const a of t.args) allVars(a, out);
      return;
    case 'template':
      for (const p of t.parts) if (typeof p !== 'string') allVars(p, out);
  }
};

const exprVars = (e: Expr, out: Set<string>): void => {
  switch (e.e) {
    case 'some':
      return;
    case 'term':
      allVars(e.term, out);
      return;
    case 'somein':
      if (e.key) allVars(e.key, out);
      allVars(e.value, out);
      allVars(e.coll, out);
      return;
    case 'every':
      allVars(e.domain, out);
      for (const b of e.body) exprVars(b, out);
  }
};

/**
 * Split a term's vars into those it can bind (`pattern`: a bare var or a collection pattern on
 * one side of `=`, ref path vars) and those that must already be bound (everything else).
 */
const classify = (t: Term, pattern: boolean, use: VarUse): void => {
  switch (t.t) {
    case 'var':
      if (!isLocal(t.name)) return;
      (pattern ? use.binds : use.needs).add(t.name);
      return;
    case 'scalar':
      return;
    case 'ref':
      if (t.head.t === 'var') {
        if (isLocal(t.head.name)) use.needs.add(t.head.name);
      } else classify(t.head, false, use);
      for (const p of t.path) classify(p, p.t === 'var' || p.t === 'array' || p.t === 'object', use);
      return;
    case 'array':
    case 'set':
      for (const i of t.items) classify(i, pattern && t.t === 'array', use);
      return;
    case 'object':
      for (const [k, v] of t.pairs) {
        classify(k, false, use);
        classify(v, pattern, use);
      }
      return;
    case 'call':
      for (const a of t.args) classify(a, false, use);
      return;
    default: {
      // comprehensions and templates read their free vars
      const vs = new Set<string>();
      allVars(t, vs);
      for (const v of vs) {
        use.needs.add(v);
        use.nested.add(v);
      }
    }
  }
};

const varUse = (e: Expr): VarUse => {
  const use = emptyUse();
  switch (e.e) {
    case 'some':
      for (const v of e.vars) if (v.t === 'var') use.declares.add(v.name);
      return use;
    case 'somein':
      classify(e.coll, false, use);
      if (e.key) classify(e.key, true, use);
      classify(e.value, true, use);
      return use;
    case 'every': {
      classify(e.domain, false, use);
      const inner = new Set<string>();
      for (const b of e.body) exprVars(b, inner);
      const own = new Set<string>();
      if (e.key) allVars(e.key, own);
      allVars(e.value, own);
      for (const v of inner) {
        if (own.has(v)) continue;
        use.needs.add(v);
        use.nested.add(v);
      }
      return use;
    }
    case 'term': {
      const t = e.term;
      if (e.negated) {
        allVars(t, use.needs);
        allVars(t, use.nested);
        return use;
      }
      if (t.t === 'call' && t.name === 'assign') allVars(t.args[0]!, use.declares);
      if (t.t === 'call' && (t.name === 'eq' || t.name === 'assign')) {
        classify(t.args[0]!, true, use);
        classify(t.args[1]!, true, use);
        return use;
      }
      classify(t, false, use);
      if (t.t === 'call' && t.args.length) {
        // A trailing output argument (`count(x, n)`) may bind; the evaluator checks arity.
        const last = t.args[t.args.length - 1]!;
        const out = emptyUse();
        classify(last, true, out);
        for (const v of out.binds) use.binds.add(v);
      }
      return use;
    }
  }
};

/**
 * OPA evaluates a body in an order where every var is bound before it is read
 * (https://www.openpolicyagent.org/docs/latest/policy-language/#safety): keep the written order
 * where it is safe, otherwise move an expression after the ones that bind what it reads.
 */
export const reorderBody = (body: Expr[]): Expr[] => {
  if (body.length < 2) return body;
  const uses = body.map(varUse);
  const bindable = new Set<string>();
  for (const u of uses) for (const v of u.binds) bindable.add(v);
  const declaredAt = new Map<string, number>();
  uses.forEach((u, i) => {
    for (const v of u.declares) if (!declaredAt.has(v)) declaredAt.set(v, i);
  });
  const bound = new Set<string>();
  const ready = (u: VarUse, self: number, pending: number[]): boolean => {
    for (const v of u.needs) {
      if (bound.has(v) || u.binds.has(v)) continue;
      if (u.nested.has(v) && (declaredAt.get(v) ?? -1) > self) continue;
      // Only wait for a var some other pending expression can bind.
      if (bindable.has(v) && pending.some((j) => j !== self && uses[j]!.binds.has(v))) return false;
    }
    return true;
  };
  const pending = body.map((_, i) => i);
  const out: Expr[] = [];
  while (pending.length) {
    let pick = pending.findIndex((i) => ready(uses[i]!, i, pending));
    if (pick < 0) pick = 0;
    const i = pending.splice(pick, 1)[0]!;
    out.push(body[i]!);
    for (const v of uses[i]!.binds) bound.add(v);
  }
  return out;
};
