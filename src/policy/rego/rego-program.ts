import type { Expr } from './ast.js';
import type { BuiltinTable } from './builtin.js';
import { EAGER_BUILTINS } from './builtins/eager-builtins.js';
import { isOnDemandBuiltin, ON_DEMAND_GROUPS, onDemandBuiltins } from './builtins/on-demand-builtins.js';
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

/** Any on-demand builtin's name as a word of the text: a call names its builtin (Rego has no aliases for them). */
const ON_DEMAND_NAME = new RegExp(`(?<![\\w.])(?:${ON_DEMAND_GROUPS.flatMap((g) => g.names).map((n) => n.replaceAll('.', '\\.')).join('|')})(?![\\w])`, 'g');

/**
 * A compiled set of Rego v1 modules evaluated with a given builtin table: parse and compile once,
 * evaluate many queries. Parsed queries are cached by their text. RegoPolicy (rego-policy.ts) is
 * this with every builtin loaded; `onDemand` loads only the builtins the modules call.
 */
export class RegoProgram {
  private readonly queries = new Map<string, Expr[]>();

  protected constructor(
    readonly compiled: CompiledPolicy,
    private readonly builtins: BuiltinTable,
  ) {}

  /** Parse and compile modules; throws `RegoError` (`rego_parse_error` with `file:line:col`, or a compile error). */
  protected static compileSources(modules: ModuleSource[], isBuiltin: (name: string) => boolean): CompiledPolicy {
    return compileModules(
      modules.map((m) => parseModule(m.source, m.file)),
      isBuiltin,
    );
  }

  /**
   * Compiled against every builtin, with the eager ones at hand and, loading in the background, the
   * on-demand groups (on-demand-builtins.ts) whose builtins the modules' text names. `ready` settles
   * once they are in the table; evaluating before that fails closed (an unloaded builtin is an
   * undefined function, an error). Throws `RegoError` like RegoPolicy.compile.
   */
  static onDemand(modules: ModuleSource[]): { program: RegoProgram; ready: Promise<void> } {
    const builtins: BuiltinTable = { ...EAGER_BUILTINS };
    const program = new RegoProgram(
      RegoProgram.compileSources(modules, (name) => name in builtins || isOnDemandBuiltin(name)),
      builtins,
    );
    const called = new Set(modules.flatMap((m) => m.source.match(ON_DEMAND_NAME) ?? []));
    const ready = called.size ? onDemandBuiltins(called).then((loaded) => void Object.assign(builtins, loaded)) : Promise.resolve();
    return { program, ready };
  }

  prepare(query: string): Expr[] {
    let q = this.queries.get(query);
    if (!q) {
      q = compileQuery(parseQuery(query), (name) => name in this.builtins, this.compiled);
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
      builtins: this.builtins,
      nowNs: opts.nowNs ?? BigInt(Date.now()) * 1_000_000n,
    });
  }

  /** Every solution of `query`, as variable bindings (an empty list means undefined). */
  query(query: string, opts: QueryOptions = {}): QueryRow[] {
    return this.evaluator(opts).query(this.prepare(query));
  }
}
