import { evaluatePolicy } from '../../src/policy/evaluate-policy.js';
import type { Decision } from '../../src/policy/policy-backend.js';
import { REQUEST_PATH_LIMITS } from '../../src/policy/policy-modules.js';
import type { ModuleSource } from '../../src/policy/rego/rego-policy.js';
import type { ApprovalRun, Destination, RequestedSecret } from '../../src/store/secret-approval-store.js';

/** `input.approval` of airlock.secrets: none yet, or a person bound to the run's commit. */
export type PolicyApproval = { approved: false } | { approved: true; by: string; sha: string };

/** What `airlock.secrets` says about one input (policies/secrets.rego). */
export interface SecretsJudgement {
  decision: Decision;
  /** The policy waived the human approval (`approval_required` is exactly false). */
  waived: boolean;
  /** The deny messages only an approval removes (`approval_missing`); the rest refuse for good. */
  missingApproval: string[];
}

/** The policy input (policies/schemas/secrets-input.schema.json), run facts from the verified token. */
export function secretsPolicyInput(secrets: RequestedSecret[], destination: Destination, run: ApprovalRun, approval: PolicyApproval): Record<string, unknown> {
  return {
    requests: secrets.map((s) => ({ path: s.path, key: s.key, env: s.env, approval_requested: s.approval === 'required' })),
    approval,
    run: { sha: run.sha, actor: run.actor, repository: run.repository, repository_id: run.repositoryId, run_id: run.runId, workflow_ref: run.workflowRef, event_name: run.eventName, ref: run.ref },
    destination,
  };
}

/**
 * Evaluates `airlock.secrets` with the policies loaded at App start. A policy without
 * `approval_required` never waives; one without `approval_missing` has every deny message count
 * as final (403): both fail closed.
 */
export function judgeSecrets(policies: ModuleSource[], input: Record<string, unknown>): SecretsJudgement {
  const decision = evaluatePolicy({ modules: policies, entrypoint: 'airlock.secrets', input, limits: REQUEST_PATH_LIMITS });
  // Decision queries yield {allow, deny}; these two read one more rule each through that shape.
  const waived = evaluatePolicy({ modules: policies, query: '{"allow": data.airlock.secrets.approval_required == false, "deny": set()}', input, limits: REQUEST_PATH_LIMITS });
  const missing = evaluatePolicy({ modules: policies, query: '{"allow": false, "deny": data.airlock.secrets.approval_missing}', input, limits: REQUEST_PATH_LIMITS });
  return { decision, waived: waived.allow && !waived.error, missingApproval: missing.error ? [] : missing.deny };
}
