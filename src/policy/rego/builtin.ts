import { typeName, type Value } from './value.js';

/** Per-query facts builtins may read (OPA fixes `time.now_ns` once per query). */
export interface BuiltinContext {
  nowNs: bigint;
  /** Largest collection a builtin may build (a `numbers.range(1, 1e12)` must not exhaust memory). */
  maxCollection: number;
  /**
   * Per-query results of the non-deterministic builtins (`uuid.rfc4122`, `rand.intn`): OPA keeps
   * them consistent for the same arguments within one evaluation (topdown/cache.go's builtin cache).
   */
  memo: Map<string, Value>;
}

/** A builtin function. `relation` builtins (e.g. `walk`) return every output, one per solution. */
export interface Builtin {
  arity: number;
  fn: (args: Value[], ctx: BuiltinContext) => Value | undefined;
  relation?: (args: Value[], ctx: BuiltinContext) => Value[];
}

export type BuiltinTable = Record<string, Builtin>;

/**
 * An error raised by a builtin. In OPA a builtin error makes the expression undefined unless
 * strict builtin errors are on; operand type errors carry `eval_type_error`, the rest
 * `eval_builtin_error`. It carries no stack trace: outside strict mode the evaluator catches it
 * as "undefined" (policies call `lower(x)` on odd input routinely), and V8 captures a trace
 * eagerly at construction, which deep inside the evaluator's recursion cost more than the whole
 * builtin call (https://v8.dev/docs/stack-trace-api). Strict mode reports code and message only.
 */
export class BuiltinError extends Error {
  readonly code: 'eval_type_error' | 'eval_builtin_error';

  constructor(code: 'eval_type_error' | 'eval_builtin_error', message: string) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
    this.code = code;
  }
}

export const typeError = (message: string): BuiltinError => new BuiltinError('eval_type_error', message);
export const builtinError = (message: string): BuiltinError => new BuiltinError('eval_builtin_error', message);

/** `operand N must be T but got U`, OPA's wording. */
export const operandError = (pos: number, expected: string, got: Value): BuiltinError =>
  typeError(`operand ${pos} must be ${expected} but got ${typeName(got)}`);

export const argString = (args: Value[], i: number): string => {
  const v = args[i]!;
  if (typeof v !== 'string') throw operandError(i + 1, 'string', v);
  return v;
};

export const argNumber = (args: Value[], i: number): number | bigint => {
  const v = args[i]!;
  if (typeof v !== 'number' && typeof v !== 'bigint') throw operandError(i + 1, 'number', v);
  return v;
};

export const argArray = (args: Value[], i: number): Value[] => {
  const v = args[i]!;
  if (!Array.isArray(v)) throw operandError(i + 1, 'array', v);
  return v;
};
