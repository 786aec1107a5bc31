import { hash } from 'node:crypto';
import { canonicalJson } from '../json/canonical-json.js';
import type { Decision, DecisionRequest, EmbeddedBackendOptions, PolicyBackend } from './policy-backend.js';
import type { EvalLimits } from './rego/limits.js';
import { RegoError } from './rego/rego-error.js';
import { RegoPolicy, type ModuleSource } from './rego/rego-policy.js';
import { fromJS, RObject, toJS, toJSON, type Value } from './rego/value.js';
import { verdictOf } from './policy-verdict.js';

export interface EvaluatePolicyRequest {
  modules: ModuleSource[];
  /** The deciding package (`airlock.sts`); its `allow` and `deny` rules decide. */
  entrypoint?: string;
  /** Alternatively a query whose single value is the decision document (`{allow, deny}`). */
  query?: string;
  input: unknown;
  /** Further rules of the package to return beside allow and deny (see `DecisionRequest.also`). */
  also?: readonly string[];
  data?: unknown;
  limits?: Partial<EvalLimits>;
  /** See `EmbeddedBackendOptions.strict`. */
  strict?: boolean;
}

/** One-shot hashing (Node >= 20.12): much cheaper per decision than createHash. */
const sha256 = (text: string): string => hash('sha256', text, 'hex');

/** sha256 over the module sources in sorted order (file names do not matter). */
export const policyDigest = (modules: ModuleSource[]): string => sha256(modules.map((m) => m.source).sort().join('\u0000'));

/**
 * sha256 over the RFC 8785 canonical JSON of the input (no input hashes as `null`; a bigint, which
 * the input may carry beyond 2^53, as its exact digits). An input with no JSON form (a Set, a
 * Date, a lone surrogate) throws, and the decision is an error.
 */
export const inputDigest = (input: unknown): string => sha256(canonicalJson(input ?? null, { bigint: true }));

const entrypointPath = (entrypoint: string): string[] => {
  const parts = entrypoint.replace(/^data[./]/, '').split(/[./]/).filter(Boolean);
  if (parts.length === 0) throw new RegoError('rego_compile_error', `entrypoint ${JSON.stringify(entrypoint)} names no package; expected e.g. "airlock.sts"`);
  return parts;
};

// Deny wins; allow must be exactly true (policy-verdict.ts, shared with the Action's egress decision).
export { verdictOf };

const failure = (e: unknown, digests: { policy_digest: string; input_digest: string }, start: number): Decision => {
  const code = e instanceof RegoError ? e.code : 'internal_error';
  const message = e instanceof Error ? e.message : String(e);
  return {
    allow: false,
    deny: [`policy error (${code}): ${message}`],
    ...digests,
    duration_ms: performance.now() - start,
    error: { code, message },
  };
};

/** The embedded evaluator as a backend: compile once, evaluate many. */
export class EmbeddedPolicyBackend implements PolicyBackend {
  readonly name = 'embedded';
  private readonly policy: RegoPolicy | undefined;
  private readonly compileError: unknown;
  private readonly data: Value;
  private readonly entrypoints = new Map<string, string[][]>();
  private lastPaths: { entrypoint: string; also: readonly string[]; paths: string[][] } | undefined;
  readonly policyDigest: string;

  constructor(private readonly opts: EmbeddedBackendOptions) {
    this.policyDigest = policyDigest(opts.modules);
    this.data = opts.data === undefined ? new RObject() : fromJS(opts.data);
    let policy: RegoPolicy | undefined;
    try {
      policy = RegoPolicy.compile(opts.modules);
    } catch (e) {
      this.compileError = e;
    }
    this.policy = policy;
  }

  /** Why the modules did not compile (every decision then denies), or undefined when they did. */
  get problem(): Error | undefined {
    if (this.policy) return undefined;
    return this.compileError instanceof Error ? this.compileError : new Error(String(this.compileError));
  }

  /** Synchronous core of `evaluate` (the evaluator is pure and in-process). */
  decide(request: DecisionRequest & { query?: string }): Decision {
    const start = performance.now();
    const digests = { policy_digest: this.policyDigest, input_digest: '' };
    try {
      digests.input_digest = inputDigest(request.input);
      const input = fromJS(request.input);
      if (!this.policy) throw this.compileError;
      let allow: Value | undefined;
      let deny: Value | undefined;
      let documents: Record<string, unknown> | undefined;
      if (request.query) {
        const rows = this.policy.query(`__decision__ = (${request.query})`, { input, data: this.data, limits: this.opts.limits, strict: this.opts.strict });
        if (rows.length > 1) throw new RegoError('eval_conflict_error', 'decision query produced more than one result');
        const doc = rows[0]?.get('__decision__');
        if (doc !== undefined && !(doc instanceof RObject)) throw new RegoError('eval_type_error', `decision query must yield an object with allow/deny, got ${toJSON(doc)}`);
        allow = doc?.get('allow');
        deny = doc?.get('deny');
      } else {
        const also = request.also ?? [];
        const paths = this.pathsFor(request.entrypoint, also);
        const values = this.policy.documents(paths, { input, data: this.data, limits: this.opts.limits, strict: this.opts.strict });
        [allow, deny] = values;
        if (also.length) documents = Object.fromEntries(also.flatMap((rule, i) => (values[i + 2] === undefined ? [] : [[rule, toJS(values[i + 2]!)]])));
      }
      const verdict = verdictOf(allow, deny);
      return { allow: verdict.allow, deny: verdict.deny, policy_digest: digests.policy_digest, input_digest: digests.input_digest, duration_ms: performance.now() - start, ...(documents ? { documents } : {}) };
    } catch (e) {
      return failure(e, digests, start);
    }
  }

  /**
   * The document paths a decision reads: the previous decision's when it named the same package
   * and rules (compared by value: the list may be edited in place), else by a key built from them.
   */
  private pathsFor(entrypoint: string, also: readonly string[]): string[][] {
    const last = this.lastPaths;
    if (last && last.entrypoint === entrypoint && last.also.length === also.length && last.also.every((rule, i) => rule === also[i])) return last.paths;
    const key = also.length ? `${entrypoint}\u0000${also.join('\u0000')}` : entrypoint;
    let paths = this.entrypoints.get(key);
    if (!paths) {
      const pkg = entrypointPath(entrypoint);
      paths = [[...pkg, 'allow'], [...pkg, 'deny'], ...also.map((rule) => [...pkg, rule])];
      this.entrypoints.set(key, paths);
    }
    this.lastPaths = { entrypoint, also: [...also], paths };
    return paths;
  }

  async evaluate(request: DecisionRequest): Promise<Decision> {
    return this.decide(request);
  }
}

const backends = new Map<string, EmbeddedPolicyBackend>();

/**
 * The digest of a module list, remembered per list: callers pass the same array for every
 * decision (the App loads its policies once), and hashing every source per call was most of a
 * decision's bookkeeping. The sources are compared by reference before reuse (V8 compares the
 * same string object in O(1)), so a list edited in place is hashed again.
 */
const digests = new WeakMap<ModuleSource[], { sources: string[]; digest: string }>();
function listDigest(modules: ModuleSource[]): string {
  const known = digests.get(modules);
  if (known && known.sources.length === modules.length && modules.every((m, i) => m.source === known.sources[i])) return known.digest;
  const digest = policyDigest(modules);
  digests.set(modules, { sources: modules.map((m) => m.source), digest });
  return digest;
}

/** The fields of EvalLimits, the ones the evaluator reads. */
const LIMIT_FIELDS = ['maxSteps', 'maxDepth', 'timeoutMs', 'maxCollection'] as const satisfies readonly (keyof EvalLimits)[];

const sameLimits = (a: Partial<EvalLimits> | undefined, b: Partial<EvalLimits> | undefined): boolean =>
  a === undefined || b === undefined ? a === b : LIMIT_FIELDS.every((f) => a[f] === b[f]);

/**
 * The backend the previous call used, with what chose it (a copy of its limits, so a limits
 * object changed in place is not mistaken for the same). Callers decide many times in a row with
 * the same modules and options (the App, the policy bench); building and hashing the cache key
 * below for every decision was a measurable part of a decision's bookkeeping. Calls with `data`
 * always take the keyed path (data is compared by its JSON).
 */
let previous: { digest: string; limits: Partial<EvalLimits> | undefined; strict: boolean; backend: EmbeddedPolicyBackend } | undefined;

/**
 * Evaluate one decision with the embedded evaluator. Compiled policies are cached by their
 * digest (and data), so repeated calls with the same modules do not re-parse.
 */
export const evaluatePolicy = (req: EvaluatePolicyRequest): Decision => {
  const digest = listDigest(req.modules);
  const strict = req.strict === true;
  let backend: EmbeddedPolicyBackend | undefined;
  if (req.data === undefined && previous !== undefined && previous.digest === digest && previous.strict === strict && sameLimits(previous.limits, req.limits)) backend = previous.backend;
  else {
    const key = `${digest}:${req.data === undefined ? '' : toJSON(fromJS(req.data))}:${JSON.stringify(req.limits ?? {})}:${strict}`;
    backend = backends.get(key);
    if (!backend) {
      backend = new EmbeddedPolicyBackend({ modules: req.modules, data: req.data, limits: req.limits, strict: req.strict });
      if (backends.size >= 64) backends.delete(backends.keys().next().value!);
      backends.set(key, backend);
    }
    if (req.data === undefined) previous = { digest, limits: req.limits === undefined ? undefined : { ...req.limits }, strict, backend };
  }
  return backend.decide({ entrypoint: req.entrypoint ?? '', input: req.input, query: req.query, ...(req.also ? { also: req.also } : {}) });
};
