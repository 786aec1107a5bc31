import type { SourceLocation } from './rego-error.js';
import type { Value } from './value.js';

/** Rego terms (https://www.openpolicyagent.org/docs/latest/policy-reference/#grammar). */
export type Term =
  | { t: 'scalar'; v: Value; loc: SourceLocation }
  | { t: 'var'; name: string; loc: SourceLocation }
  /** `memo` is the evaluator's per-term cache slot (resolved rule node), never part of the syntax. */
  | { t: 'ref'; head: Term; path: Term[]; loc: SourceLocation; memo?: unknown }
  | { t: 'array'; items: Term[]; loc: SourceLocation }
  | { t: 'object'; pairs: [Term, Term][]; loc: SourceLocation }
  | { t: 'set'; items: Term[]; loc: SourceLocation }
  | { t: 'arraycomp'; head: Term; body: Expr[]; loc: SourceLocation }
  | { t: 'setcomp'; head: Term; body: Expr[]; loc: SourceLocation }
  | { t: 'objcomp'; key: Term; value: Term; body: Expr[]; loc: SourceLocation }
  /** `fn` is the callee as written (a var or ref); the compiler resolves it into `name`. */
  | { t: 'call'; fn: Term; name: string; args: Term[]; loc: SourceLocation; memo?: unknown }
  /** String interpolation `$"a {x} b"`: literal parts and expression parts, in order. */
  | { t: 'template'; parts: (string | Term)[]; loc: SourceLocation };

export interface WithModifier {
  target: Term;
  value: Term;
}

export type Expr =
  | { e: 'term'; term: Term; negated: boolean; withs: WithModifier[]; loc: SourceLocation }
  | { e: 'some'; vars: Term[]; loc: SourceLocation }
  | { e: 'somein'; key: Term | undefined; value: Term; coll: Term; withs: WithModifier[]; loc: SourceLocation }
  | { e: 'every'; key: Term | undefined; value: Term; domain: Term; body: Expr[]; withs: WithModifier[]; loc: SourceLocation };

export type RuleKind = 'complete' | 'set' | 'func';

export interface RuleElse {
  value: Term;
  body: Expr[];
  loc: SourceLocation;
}

export interface Rule {
  /** Head reference: the rule name then any further path terms (`a.b[x]` is [a, b, x]). */
  ref: Term[];
  kind: RuleKind;
  args: Term[];
  /** For `contains` rules: the element; otherwise unused. */
  key: Term | undefined;
  value: Term;
  body: Expr[];
  isDefault: boolean;
  elses: RuleElse[];
  loc: SourceLocation;
}

export interface Import {
  path: Term;
  alias: string | undefined;
  loc: SourceLocation;
}

/** A `# METADATA` block (https://www.openpolicyagent.org/docs/policy-language#annotations). */
export interface Annotation {
  scope: 'rule' | 'document' | 'package' | 'subpackages';
  /** Where the `# METADATA` line is. */
  loc: SourceLocation;
  /** The rule it annotates (rule and document scopes); package scopes annotate the module's package. */
  rule: Rule | undefined;
  /** OPA's object form of the annotation (`scope`, `title`, `authors`, ...), as rego.metadata.* return it. */
  value: Value;
}

export interface Module {
  file: string;
  pkg: string[];
  imports: Import[];
  rules: Rule[];
  source: string;
  annotations?: Annotation[];
}
