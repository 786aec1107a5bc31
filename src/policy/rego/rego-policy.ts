import type { Expr } from './ast.js';
import { BUILTINS } from './builtins/builtin-registry.js';
import { compileModules, compileQuery, type CompiledPolicy } from './compile.js';
import { Evaluator } from './evaluator.js';
import { DEFAULT_LIMITS, type EvalLimits } from './limits.js';
import { parseModule, parseQuery } from './parser.js';
import { RObject, type Value } from './value.js';

export interface ModuleSource {
  /** Shown in errors as `file:line:col`. */
  file: string;
  source: string;
}

export interface QueryOptions {
  input?: Value;
  data?: Value;
  /** Raise builtin errors instead of treating the expression as undefined (OPA's strict-builtin-errors). */
  strict?: boolean;
  limits?: Partial<EvalLimits>;
  /** Fixes `time.now_ns()` (defaults to the wall clock at query start). */
  nowNs?: bigint;
}

export type QueryRow = Map<string, Value>;

const isBuiltin = (name: string): boolean => name in BUILTINS;

/**
 * A compiled set of Rego v1 modules: parse and compile once, evaluate many queries. Parsed
 * queries are cached by their text.
 */
export class RegoPolicy {
  private readonly queries = new Map<string, Expr[]>();

  private constructor(readonly compiled: CompiledPolicy) {}

  /** Parse and compile modules; throws `RegoError` (`rego_parse_error` with `file:line:col`, or a compile error). */
  static compile(modules: ModuleSource[]): RegoPolicy {
    const parsed = modules.map((m) => parseModule(m.source, m.file));
    return new RegoPolicy(compileModules(parsed, isBuiltin));
  }

  prepare(query: string): Expr[] {
    let q = this.queries.get(query);
    if (!q) {
      q = compileQuery(parseQuery(query), isBuiltin, this.compiled);
      if (this.queries.size > 1000) this.queries.clear();
      this.queries.set(query, q);
    }
    return q;
  }

  /** The values of `data` documents at the given paths, evaluated together (one rule cache). */
  documents(paths: string[][], opts: QueryOptions = {}): (Value | undefined)[] {
    return this.evaluator(opts).documents(paths);
  }

  private evaluator(opts: QueryOptions): Evaluator {
    return new Evaluator(this.compiled, {
      input: opts.input,
      data: opts.data ?? new RObject(),
      strict: opts.strict ?? false,
      limits: { ...DEFAULT_LIMITS, ...opts.limits },
      builtins: BUILTINS,
      nowNs: opts.nowNs ?? BigInt(Date.now()) * 1_000_000n,
    });
  }

  /** Every solution of `query`, as variable bindings (an empty list means undefined). */
  query(query: string, opts: QueryOptions = {}): QueryRow[] {
    return this.evaluator(opts).query(this.prepare(query));
  }
}
