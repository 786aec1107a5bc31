import type { SecretsJudgement } from './secrets-policy.js';

/** What POST /airlock/v1/approvals answers, before anyone has approved. */
export type RequestOutcome = { status: 'approved' | 'pending' | 'denied'; message: string };

/**
 * Pure. `requested`: the workflow marked a secret as needing approval, which no policy waives.
 * - approved at once only if no human is needed and the policy allows without one;
 * - denied when the policy fails or denies for a reason an approval cannot fix;
 * - otherwise pending: a human is asked, and the policy decides again with their approval.
 */
export function requestOutcome(judgement: SecretsJudgement, requested: boolean): RequestOutcome {
  const { decision, waived, missingApproval } = judgement;
  if (decision.error) return { status: 'denied', message: `policy airlock.secrets could not decide: ${decision.deny.join('; ')}` };
  const needsHuman = requested || !waived;
  if (!needsHuman && decision.allow) return { status: 'approved', message: 'policy airlock.secrets allows resolving these secrets without a human approval' };
  const final = decision.deny.filter((m) => !missingApproval.includes(m));
  if (final.length) return { status: 'denied', message: `policy airlock.secrets denied resolving these secrets: ${final.join('; ')}` };
  return { status: 'pending', message: requested ? 'the workflow marked these secrets as needing a human approval' : missingApproval.join('; ') || 'policy airlock.secrets asks for a human approval' };
}

/** What a human's approval leads to: the policy judged again with `approval.by` set. */
export function approvedOutcome(judgement: SecretsJudgement, by: string): { status: 'approved' | 'denied'; message: string } {
  const { decision } = judgement;
  if (decision.allow) return { status: 'approved', message: `approved by ${by}` };
  const reasons = decision.deny.length ? decision.deny.join('; ') : 'the policy did not allow it';
  return { status: 'denied', message: `${by} approved, but policy airlock.secrets denied resolving these secrets: ${reasons}` };
}
