/**
 * The closed set of error codes the evaluator raises. The `eval_*` and `rego_*` codes mirror
 * OPA's (https://www.openpolicyagent.org/docs/latest/rest-api/#errors); `eval_limit_error` is ours:
 * a policy hit a step, depth, size or wall-time limit and is stopped (callers deny).
 */
export type RegoErrorCode =
  | 'rego_parse_error'
  | 'rego_compile_error'
  | 'rego_unsafe_var_error'
  | 'rego_recursion_error'
  | 'rego_type_error'
  | 'eval_builtin_error'
  | 'eval_type_error'
  | 'eval_conflict_error'
  | 'eval_limit_error';

export interface SourceLocation {
  file: string;
  line: number;
  col: number;
}

export class RegoError extends Error {
  readonly code: RegoErrorCode;
  readonly location: SourceLocation | undefined;
  readonly detail: string;

  constructor(code: RegoErrorCode, detail: string, location?: SourceLocation) {
    super(RegoError.format(code, detail, location));
    this.name = 'RegoError';
    this.code = code;
    this.detail = detail;
    this.location = location;
  }

  /**
   * OPA's shape: `file:line: code: message` for evaluation errors; syntax and compile errors also
   * carry the column (`file:line:col`) so an editor can jump to the spot.
   */
  static format(code: RegoErrorCode, detail: string, location?: SourceLocation): string {
    const withCol = code.startsWith('rego_');
    const where = location ? `${location.file}:${location.line}${withCol ? `:${location.col}` : ''}: ` : '';
    return `${where}${code}: ${detail}`;
  }

  /** The same error with a location attached, if it had none. */
  at(location: SourceLocation | undefined): RegoError {
    if (this.location || !location) return this;
    return new RegoError(this.code, this.detail, location);
  }
}
