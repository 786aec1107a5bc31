import type { Decision } from '../policy-backend.js';

/**
 * Why a remote or precompiled backend could not decide. Closed set; every one of them is a
 * denial (invariant 5: an unreachable backend or an evaluator error is never a pass).
 */
export type PolicyBackendErrorCode =
  /** The request could not be formed (bad entrypoint, unserialisable input). */
  | 'backend_invalid_request'
  /** No connection, or the connection failed, on every attempt before the deadline. */
  | 'backend_unreachable'
  /** No complete answer within the per-attempt timeout, on every attempt before the deadline. */
  | 'backend_timeout'
  /** The server answered with a non-2xx status. */
  | 'backend_http_error'
  /** The decision document does not exist (the package is not loaded where the backend looks). */
  | 'backend_undefined_result'
  /** The answer is not a decision document: not JSON, `allow` not a boolean, `deny` not a list. */
  | 'backend_malformed_result'
  /** The server holds other policies than the decision record would name (`verifyPolicies`). */
  | 'backend_policy_mismatch'
  /** The wasm module does not load or does not speak OPA's wasm ABI. */
  | 'wasm_invalid_module'
  /** The wasm module has no entrypoint for the requested package. */
  | 'wasm_entrypoint_missing'
  /** The wasm policy failed while evaluating. */
  | 'wasm_eval_error';

export class PolicyBackendError extends Error {
  constructor(
    readonly code: PolicyBackendErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'PolicyBackendError';
  }
}

/**
 * The denial for a backend that could not decide, in the embedded evaluator's shape
 * (`policy error (<code>): <message>` in `deny`, and `error`), so audit records read alike.
 */
export const backendDenial = (
  e: unknown,
  digests: { policy_digest: string; input_digest: string },
  start: number,
): Decision => {
  const code = e instanceof PolicyBackendError ? e.code : 'internal_error';
  const message = e instanceof Error ? e.message : String(e);
  return {
    allow: false,
    deny: [`policy error (${code}): ${message}`],
    ...digests,
    duration_ms: performance.now() - start,
    error: { code, message },
  };
};
