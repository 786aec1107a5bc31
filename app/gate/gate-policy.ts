import { evaluatePolicy } from '../../src/policy/evaluate-policy.js';
import type { Decision } from '../../src/policy/policy-backend.js';
import { loadPolicyModules, policyDir, REQUEST_PATH_LIMITS } from '../../src/policy/policy-modules.js';
import type { ModuleSource } from '../../src/policy/rego/rego-policy.js';
import type { PrPolicyInput } from './gate-input.js';

/** Rules of `airlock.pr` the gate reads beside allow and deny: whether the low-risk lane approved. */
export const PR_DOCUMENTS = ['low_risk_lane'] as const;

/**
 * The `airlock.pr` decision with the policies from `dir` (default: AIRLOCK_POLICY_DIR, else the
 * package's `policies/`). Modules are read once per directory; an unreadable directory rejects,
 * and the handler turns that into a failing check.
 */
export function prPolicy(dir: string = policyDir()): (input: PrPolicyInput) => Promise<Decision> {
  let modules: Promise<ModuleSource[]> | undefined;
  return async (input) => {
    modules ??= loadPolicyModules(dir).catch((error: unknown) => {
      modules = undefined;
      throw error;
    });
    return evaluatePolicy({ modules: await modules, entrypoint: 'airlock.pr', input, also: PR_DOCUMENTS, limits: REQUEST_PATH_LIMITS });
  };
}
