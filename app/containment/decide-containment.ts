import type { PolicyDecider } from '../../src/policy/backends/policy-decider.js';
import type { Decision } from '../../src/policy/policy-backend.js';

/** What containment can do (policies/containment.rego), in the order the App applies them. */
export const CONTAINMENT_ACTIONS = ['revoke', 'suspend', 'incident', 'notify'] as const;
export type ContainmentAction = (typeof CONTAINMENT_ACTIONS)[number];

/** The actions decided for one batch, each with its reasons; none when the batch is harmless. */
export interface ContainmentDecision {
  actions: Partial<Record<ContainmentAction, string[]>>;
  /** The policy could not decide, so the identity is contained anyway (revoke + suspend). */
  failedClosed: boolean;
  policyDigest: string;
  inputDigest: string;
}

/** The policy package asked, and the rule read beside allow and deny. */
export const CONTAINMENT_ENTRYPOINT = 'airlock.containment';

const isReasons = (value: unknown): value is string[] => Array.isArray(value) && value.every((r) => typeof r === 'string');

/**
 * Pure: reads `actions` of a decision. An evaluation error, a missing `actions` document or one
 * that is not `{action: [reason, ...]}` revokes and suspends (fail closed, BRIEF.md invariant 5);
 * action names outside CONTAINMENT_ACTIONS are ignored.
 */
export function readContainmentDecision(decision: Decision): ContainmentDecision {
  const digests = { policyDigest: decision.policy_digest, inputDigest: decision.input_digest };
  const actions = decision.documents?.actions;
  const failClosed = (why: string): ContainmentDecision => {
    const reason = `the containment policy could not decide (${why}): containing the identity until a human looks`;
    return { actions: { revoke: [reason], suspend: [reason] }, failedClosed: true, ...digests };
  };
  if (decision.error) return failClosed(`${decision.error.code}: ${decision.error.message}`);
  if (typeof actions !== 'object' || actions === null || Array.isArray(actions)) return failClosed('data.airlock.containment.actions is not an object of action -> reasons');
  const out: Partial<Record<ContainmentAction, string[]>> = {};
  for (const action of CONTAINMENT_ACTIONS) {
    const reasons = (actions as Record<string, unknown>)[action];
    if (reasons === undefined) continue;
    if (!isReasons(reasons) || reasons.length === 0) return failClosed(`actions.${action} is not a non-empty list of reasons`);
    out[action] = reasons;
  }
  return { actions: out, failedClosed: false, ...digests };
}

/** Evaluates `airlock.containment` on the App's policy backend; never throws (a throw is an error decision). */
export async function decideContainment(decide: PolicyDecider, input: unknown): Promise<ContainmentDecision> {
  let decision: Decision;
  try {
    decision = await decide({ entrypoint: CONTAINMENT_ENTRYPOINT, input, also: ['actions'] });
  } catch (error) {
    decision = { allow: false, deny: [], policy_digest: '', input_digest: '', duration_ms: 0, error: { code: 'internal_error', message: (error as Error).message } };
  }
  return readContainmentDecision(decision);
}
