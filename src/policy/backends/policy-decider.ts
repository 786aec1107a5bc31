import { EmbeddedPolicyBackend } from '../evaluate-policy.js';
import type { Decision, DecisionRequest, PolicyBackend } from '../policy-backend.js';
import type { EvalLimits } from '../rego/limits.js';
import type { ModuleSource } from '../rego/rego-policy.js';
import { OpaRestBackend } from './opa-rest-backend.js';
import { OpaWasmBackend } from './opa-wasm-backend.js';
import type { PolicyBackendSetting } from './policy-backend-setting.js';

/** One policy decision (`airlock.sts`, `airlock.pr`, ...), wherever it is evaluated. */
export type PolicyDecider = (request: DecisionRequest) => Promise<Decision>;

export interface PolicyDeciderOptions {
  /** The App's policy set: evaluated by the embedded backend; names `policy_digest` for OPA REST. */
  modules: ModuleSource[];
  /** Limits of the embedded evaluator on the request path. */
  limits?: Partial<EvalLimits>;
}

const backendFor = (setting: PolicyBackendSetting, options: PolicyDeciderOptions): PolicyBackend => {
  switch (setting.kind) {
    case 'embedded':
      return new EmbeddedPolicyBackend({ modules: options.modules, limits: options.limits });
    case 'opa-rest':
      // The server is expected to hold the App's policy set; the record names that set's digest.
      return new OpaRestBackend({ url: setting.url, modules: options.modules });
    case 'wasm':
      // The module carries its own compiled policies: the digest is over its bytes.
      return new OpaWasmBackend({ wasm: setting.wasm, data: setting.data });
  }
};

/** The decider for a backend setting; every backend denies (never passes) when it cannot decide. */
export const createPolicyDecider = (setting: PolicyBackendSetting, options: PolicyDeciderOptions): PolicyDecider => {
  const backend = backendFor(setting, options);
  return (request) => backend.evaluate(request);
};
