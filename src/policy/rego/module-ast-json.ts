import type { Expr, Module, Rule, Term, WithModifier } from './ast.js';
import { RObject, type Value } from './value.js';

/**
 * A parsed module as OPA's AST JSON (what `rego.parse_module` and `opa parse --format json`
 * return: https://www.openpolicyagent.org/docs/policy-reference/#builtin-rego-regoparse_module),
 * without locations. Where Airlock's parser keeps less than OPA's, the output says less: rule
 * heads carry no `assign` flag, template strings appear as calls to `internal.template_string`,
 * and wildcards are numbered in parse order (`$0`, `$1`, ...) as OPA numbers them.
 */

const obj = (pairs: [string, Value][]): RObject => RObject.fromPairs(pairs);
const term = (type: string, value: Value): RObject => obj([['type', type], ['value', value]]);

const refOfName = (name: string): RObject => {
  const [head, ...rest] = name.split('.');
  return term('ref', [term('var', head!), ...rest.map((p) => term('string', p))]);
};

const scalarType = (v: Value): string => (v === null ? 'null' : typeof v === 'boolean' ? 'boolean' : typeof v === 'string' ? 'string' : 'number');

class AstJson {
  private readonly wildcards = new Map<string, string>();

  private varName(name: string): string {
    if (!name.startsWith('$')) return name;
    let n = this.wildcards.get(name);
    if (n === undefined) this.wildcards.set(name, (n = `$${this.wildcards.size}`));
    return n;
  }

  term(t: Term): RObject {
    switch (t.t) {
      case 'scalar':
        return term(scalarType(t.v), t.v);
      case 'var':
        return term('var', this.varName(t.name));
      case 'ref':
        return term('ref', [this.term(t.head), ...t.path.map((p) => this.term(p))]);
      case 'array':
        return term('array', t.items.map((i) => this.term(i)));
      case 'set':
        return term('set', t.items.map((i) => this.term(i)));
      case 'object':
        return term('object', t.pairs.map(([k, v]) => [this.term(k), this.term(v)]));
      case 'arraycomp':
        return term('arraycomprehension', obj([['term', this.term(t.head)], ['body', this.body(t.body)]]));
      case 'setcomp':
        return term('setcomprehension', obj([['term', this.term(t.head)], ['body', this.body(t.body)]]));
      case 'objcomp':
        return term('objectcomprehension', obj([['key', this.term(t.key)], ['value', this.term(t.value)], ['body', this.body(t.body)]]));
      case 'call':
        return term('call', [refOfName(t.name || callee(t.fn)), ...t.args.map((a) => this.term(a))]);
      case 'template':
        return term('call', [refOfName('internal.template_string'), term('array', t.parts.map((p) => (typeof p === 'string' ? term('string', p) : this.term(p))))]);
    }
  }

  private withs(ws: WithModifier[]): [string, Value][] {
    return ws.length ? [['with', ws.map((w) => obj([['target', w.target.t === 'var' ? term('ref', [this.term(w.target)]) : this.term(w.target)], ['value', this.term(w.value)]]))]] : [];
  }

  expr(e: Expr, index: number): RObject {
    switch (e.e) {
      case 'term': {
        const t = e.term;
        // A call expression lists operator and operands; any other term stands alone.
        const terms: Value = t.t === 'call' ? [refOfName(t.name || callee(t.fn)), ...t.args.map((a) => this.term(a))] : this.term(t);
        return obj([['index', index], ...(e.negated ? ([['negated', true]] as [string, Value][]) : []), ['terms', terms], ...this.withs(e.withs)]);
      }
      case 'some':
        return obj([['index', index], ['terms', obj([['symbols', e.vars.map((v) => this.term(v))]])]]);
      case 'somein': {
        const member = e.key
          ? term('call', [refOfName('internal.member_3'), this.term(e.key), this.term(e.value), this.term(e.coll)])
          : term('call', [refOfName('internal.member_2'), this.term(e.value), this.term(e.coll)]);
        return obj([['index', index], ['terms', obj([['symbols', [member]]])], ...this.withs(e.withs)]);
      }
      case 'every': {
        const every = obj([...(e.key ? ([['key', this.term(e.key)]] as [string, Value][]) : []), ['value', this.term(e.value)], ['domain', this.term(e.domain)], ['body', this.body(e.body)]]);
        return obj([['index', index], ['terms', every], ...this.withs(e.withs)]);
      }
    }
  }

  body(b: Expr[]): Value[] {
    // An empty body is `true`, as OPA writes rules without a body.
    return b.length ? b.map((e, i) => this.expr(e, i)) : [obj([['index', 0], ['terms', term('boolean', true)]])];
  }

  rule(r: Rule): RObject {
    const ref = r.ref.map((p, i) => (i === 0 && p.t === 'scalar' && typeof p.v === 'string' ? term('var', p.v) : this.term(p)));
    const first = r.ref[0];
    const head: [string, Value][] = [];
    if (r.ref.length === 1 && first?.t === 'scalar') head.push(['name', first.v]);
    head.push(['ref', ref]);
    if (r.args.length) head.push(['args', r.args.map((a) => this.term(a))]);
    if (r.kind === 'set' && r.key) head.push(['key', this.term(r.key)]);
    else head.push(['value', this.term(r.value)]);
    const out: [string, Value][] = [['head', obj(head)], ['body', this.body(r.body)]];
    if (r.isDefault) out.push(['default', true]);
    // `else` chains nest: each else is a rule of its own under the previous one.
    let elseRule: RObject | undefined;
    for (const el of [...r.elses].reverse()) {
      const node: [string, Value][] = [['head', obj([...head.filter(([k]) => k !== 'value'), ['value', this.term(el.value)]])], ['body', this.body(el.body)]];
      if (elseRule) node.push(['else', elseRule]);
      elseRule = obj(node);
    }
    if (elseRule) out.push(['else', elseRule]);
    return obj(out);
  }

  module(m: Module): RObject {
    const pkg = obj([['path', [term('var', 'data'), ...m.pkg.map((p) => term('string', p))]]]);
    const out: [string, Value][] = [['package', pkg]];
    if (m.imports.length) out.push(['imports', m.imports.map((i) => obj([['path', this.term(i.path)], ...(i.alias ? ([['alias', i.alias]] as [string, Value][]) : [])]))]);
    if (m.rules.length) out.push(['rules', m.rules.map((r) => this.rule(r))]);
    return obj(out);
  }
}

const callee = (fn: Term): string => {
  if (fn.t === 'var') return fn.name;
  if (fn.t === 'ref') return [callee(fn.head), ...fn.path.map((p) => (p.t === 'scalar' ? String(p.v) : '?'))].join('.');
  return '?';
};

export const moduleAstJson = (m: Module): Value => new AstJson().module(m);
