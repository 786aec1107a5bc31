import type { Annotation, Module, Rule } from './ast.js';
import { RegoError } from './rego-error.js';
import { RObject, type Value } from './value.js';

/**
 * What rego.metadata.chain() and rego.metadata.rule() return inside a rule. OPA answers them at
 * compile time from the annotation set of all modules (ast/annotations.go AnnotationSet.Chain,
 * ast/compiler.go rewriteRegoMetadataCalls): the rule's own `rule`-scoped annotations, closest
 * first (or one entry without annotations), then the `document` annotation of its path, the
 * `package` annotation of its package (from any module of that package), then `subpackages`
 * annotations from the package outwards. Paths leave out the leading `data`.
 * https://www.openpolicyagent.org/docs/policy-reference/#rego
 */

export interface RuleMetadata {
  chain: Value;
  rule: Value;
}

interface Target {
  annotation: Annotation;
  /** The annotated path, `data` first. */
  path: string[];
}

const key = (path: string[]): string => path.join('\0');

/** The ground prefix of a rule's head: `p.q[x]` is `p.q`. */
const groundPath = (m: Module, rule: Rule): string[] => {
  const out = ['data', ...m.pkg];
  for (const t of rule.ref) {
    if (t.t !== 'scalar' || typeof t.v !== 'string') break;
    out.push(t.v);
  }
  return out;
};

const entry = (path: string[], annotations?: Value): RObject => {
  const o = new RObject();
  o.set('path', path.slice(1));
  if (annotations !== undefined) o.set('annotations', annotations);
  return o;
};

const redeclared = (a: Annotation, prev: Annotation): never => {
  throw new RegoError('rego_compile_error', `${a.scope} annotation redeclared: ${prev.loc.file}:${prev.loc.line}`, a.loc);
};

/** The metadata of each rule of `modules`, computed on demand. */
export const metadataIndex = (modules: Module[]): ((m: Module, rule: Rule) => RuleMetadata) => {
  const byRule = new Map<Rule, Annotation[]>();
  const byPackage = new Map<string, Target>();
  const byPath = new Map<string, Target>();
  for (const m of modules) {
    for (const a of m.annotations ?? []) {
      if (a.scope === 'rule') byRule.set(a.rule!, [...(byRule.get(a.rule!) ?? []), a]);
      else if (a.scope === 'package') {
        const path = ['data', ...m.pkg];
        const prev = byPackage.get(key(path));
        if (prev) redeclared(a, prev.annotation);
        byPackage.set(key(path), { annotation: a, path });
      } else {
        const path = a.scope === 'document' ? groundPath(m, a.rule!) : ['data', ...m.pkg];
        const prev = byPath.get(key(path));
        if (prev) redeclared(a, prev.annotation);
        byPath.set(key(path), { annotation: a, path });
      }
    }
  }
  return (m, rule) => {
    const path = groundPath(m, rule);
    const own = [...(byRule.get(rule) ?? [])].sort((a, b) => (a.loc.file !== b.loc.file ? (a.loc.file < b.loc.file ? 1 : -1) : b.loc.line - a.loc.line || b.loc.col - a.loc.col));
    const chain: RObject[] = own.length ? own.map((a) => entry(path, a.value)) : [entry(path)];
    const doc = byPath.get(key(path));
    if (doc) chain.push(entry(doc.path, doc.annotation.value));
    const pkgPath = ['data', ...m.pkg];
    const pkg = byPackage.get(key(pkgPath));
    if (pkg) chain.push(entry(pkg.path, pkg.annotation.value));
    // The annotation tree's ancestors of the package path, nearest first (GetSubpackagesScope reversed).
    for (let n = pkgPath.length; n >= 1; n--) {
      const t = byPath.get(key(pkgPath.slice(0, n)));
      if (t) chain.push(entry(t.path, t.annotation.value));
    }
    return { chain, rule: own.length ? own[0]!.value : new RObject() };
  };
};
