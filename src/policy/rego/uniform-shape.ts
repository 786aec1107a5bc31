import type { Expr, Rule, Term, WithModifier } from './ast.js';

/**
 * The one internalized copy of a string: a property key is internalized, so equal names and keys
 * compare by pointer in the evaluator's `===` and Map lookups (the lexer's slices of the source
 * would otherwise be compared character by character).
 */
const interned = (s: string): string => Object.keys({ [s]: 0 })[0] ?? s;

/**
 * Rebuild terms and expressions so every node has the same properties in the same order: the
 * evaluator then reads them through monomorphic property accesses (one V8 hidden class) instead
 * of megamorphic ones. Semantics are unchanged.
 */
export const uniformTerm = (t: Term): Term => {
  const u = {
    t: t.t,
    v: t.t === 'scalar' ? (typeof t.v === 'string' ? interned(t.v) : t.v) : undefined,
    name: t.t === 'var' || t.t === 'call' ? interned(t.name) : undefined,
    head: t.t === 'ref' ? uniformTerm(t.head) : t.t === 'arraycomp' || t.t === 'setcomp' ? uniformTerm(t.head) : undefined,
    path: t.t === 'ref' ? t.path.map(uniformTerm) : undefined,
    items: t.t === 'array' || t.t === 'set' ? t.items.map(uniformTerm) : undefined,
    pairs: t.t === 'object' ? t.pairs.map(([k, v]) => [uniformTerm(k), uniformTerm(v)]) : undefined,
    key: t.t === 'objcomp' ? uniformTerm(t.key) : undefined,
    value: t.t === 'objcomp' ? uniformTerm(t.value) : undefined,
    body: t.t === 'arraycomp' || t.t === 'setcomp' || t.t === 'objcomp' ? uniformBody(t.body) : undefined,
    fn: t.t === 'call' ? t.fn : undefined,
    args: t.t === 'call' ? t.args.map(uniformTerm) : undefined,
    parts: t.t === 'template' ? t.parts.map((p) => (typeof p === 'string' ? p : uniformTerm(p))) : undefined,
    loc: t.loc,
    memo: undefined,
  };
  return u as unknown as Term;
};

const uniformWiths = (ws: WithModifier[]): WithModifier[] => ws.map((w) => ({ target: uniformTerm(w.target), value: uniformTerm(w.value) }));

export const uniformExpr = (e: Expr): Expr => {
  const u = {
    e: e.e,
    term: e.e === 'term' ? uniformTerm(e.term) : undefined,
    negated: e.e === 'term' ? e.negated : false,
    withs: e.e === 'some' ? [] : uniformWiths(e.withs),
    vars: e.e === 'some' ? e.vars.map(uniformTerm) : undefined,
    key: (e.e === 'somein' || e.e === 'every') && e.key ? uniformTerm(e.key) : undefined,
    value: e.e === 'somein' || e.e === 'every' ? uniformTerm(e.value) : undefined,
    coll: e.e === 'somein' ? uniformTerm(e.coll) : undefined,
    domain: e.e === 'every' ? uniformTerm(e.domain) : undefined,
    body: e.e === 'every' ? uniformBody(e.body) : undefined,
    loc: e.loc,
  };
  return u as unknown as Expr;
};

export const uniformBody = (body: Expr[]): Expr[] => body.map(uniformExpr);

export const uniformRule = (r: Rule): Rule => ({
  ...r,
  ref: r.ref.map(uniformTerm),
  args: r.args.map(uniformTerm),
  key: r.key ? uniformTerm(r.key) : undefined,
  value: uniformTerm(r.value),
  body: uniformBody(r.body),
  elses: r.elses.map((el) => ({ ...el, value: uniformTerm(el.value), body: uniformBody(el.body) })),
});
