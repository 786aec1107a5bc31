/** Resource limits that stop a runaway policy with `eval_limit_error` (callers treat it as deny). */
export interface EvalLimits {
  /** Expressions evaluated, across all rules, per query. */
  maxSteps: number;
  /** Nested rule and function evaluations. */
  maxDepth: number;
  /** Wall-clock budget per query, in milliseconds. */
  timeoutMs: number;
  /** Largest collection a builtin may build. */
  maxCollection: number;
}

export const DEFAULT_LIMITS: EvalLimits = {
  maxSteps: 5_000_000,
  maxDepth: 200,
  timeoutMs: 5_000,
  maxCollection: 1_000_000,
};
