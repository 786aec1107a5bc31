import { RObject, type Value } from '../value.js';

/**
 * A gqlparser AST as the Rego value OPA's graphql builtins return: the Go structs marshalled to
 * JSON, then pruned by topdown/graphql.go's pruneIrrelevantGraphQLASTNodes (no `Position`, no
 * nulls, no empty arrays or objects, at any depth; empty strings and `false` stay).
 * https://github.com/open-policy-agent/opa/blob/main/v1/topdown/graphql.go
 */
export const astToValue = (node: object): RObject => (prune(node) as RObject | undefined) ?? new RObject();

const prune = (x: unknown): Value | undefined => {
  if (x === null || x === undefined) return undefined;
  if (Array.isArray(x)) {
    const out: Value[] = [];
    for (const e of x) {
      const v = prune(e);
      if (v !== undefined) out.push(v);
    }
    return out.length ? out : undefined;
  }
  if (typeof x === 'object') {
    const o = new RObject();
    for (const [k, v] of Object.entries(x)) {
      // `kind` is our tag for the Go struct type of a selection; Go does not marshal it.
      if (k === 'Position' || k === 'kind') continue;
      const pv = prune(v);
      if (pv !== undefined) o.set(k, pv);
    }
    return o.size ? o : undefined;
  }
  if (typeof x === 'string' || typeof x === 'boolean' || typeof x === 'number') return x;
  return undefined;
};
