import type { EvalLimits } from './rego/limits.js';
import type { ModuleSource } from './rego/rego-policy.js';

/** What a caller asks: which package decides, and the facts. */
export interface DecisionRequest {
  /** The deciding package, e.g. `airlock.sts` (also accepted: `data.airlock.sts`, `airlock/sts`). */
  entrypoint: string;
  /** The input document (JSON; big integers as bigint). */
  input: unknown;
  /** Further rules of the package to return beside allow and deny (e.g. `resolve` of `airlock.egress`). */
  also?: readonly string[];
}

/**
 * A policy decision for the audit log and attestations. `allow` is true only if evaluation
 * succeeded, the package's `allow` rule is true and its `deny` set is empty. Every error is a
 * denial whose message is in `deny` (never a pass).
 */
export interface Decision {
  allow: boolean;
  deny: string[];
  /** sha256 (hex) over the sorted module sources. */
  policy_digest: string;
  /** sha256 (hex) over the canonical JSON of the input. */
  input_digest: string;
  duration_ms: number;
  /** The rules asked for in `also`, as JSON values (absent when undefined); never set on an error. */
  documents?: Record<string, unknown>;
  /** Set when evaluation failed (parse, compile, conflict, limit, ...). */
  error?: { code: string; message: string };
}

/**
 * Where policies are evaluated: the embedded evaluator first; an OPA server (REST Data API) or
 * precompiled wasm can implement the same contract.
 */
export interface PolicyBackend {
  readonly name: string;
  evaluate(request: DecisionRequest): Promise<Decision>;
}

export interface EmbeddedBackendOptions {
  modules: ModuleSource[];
  data?: unknown;
  limits?: Partial<EvalLimits>;
  /**
   * Raise builtin errors (so they deny) instead of treating the failing expression as undefined.
   * Off by default, as in OPA, so decisions match an OPA server's.
   */
  strict?: boolean;
}
