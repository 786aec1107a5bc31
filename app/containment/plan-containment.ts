import type { ContainmentRun } from './containment-input.js';
import type { ContainmentAction, ContainmentDecision } from './decide-containment.js';
import { containmentEntry } from './render-containment-incident.js';

/** The JSON a notify webhook receives: facts only, never a credential or an event body. */
export interface ContainmentNotice {
  source: 'airlock';
  kind: 'containment';
  repository: string;
  repository_id: number;
  identity: string;
  run_id: string;
  seq: number;
  at: string;
  actions: ContainmentAction[];
  reasons: string[];
  /** How a person undoes the suspension. */
  resume: string;
}

/** What containment will write, as data (plan, then act: app/containment/apply-containment.ts). */
export interface ContainmentPlan {
  actions: ContainmentAction[];
  reasons: string[];
  /** Revoke every live broker token of the identity for the repository. */
  revoke?: { reason: string };
  /** Suspend the identity; absent when it is suspended already (nothing to write). */
  suspend?: { reason: string };
  /** Record this batch in the identity's incident issue, once per `key`. */
  incident?: { key: string; entry: string };
  /** POST the notice; absent when no notify_url is configured or the batch was already answered. */
  notify?: { url: string; notice: ContainmentNotice };
  /** Why an action the policy asked for is not planned (e.g. no notify_url configured). */
  skipped: string[];
}

export interface PlanFacts {
  run: ContainmentRun & { runAttempt: number };
  seq: number;
  /** A retry of a batch already answered: nothing new to tell anyone. */
  duplicate: boolean;
  /** Suspended before this batch. */
  suspended: boolean;
  notifyUrl?: string;
  at: number;
}

const MAX_REASONS = 20;

/** Pure: the writes a decision asks for, given what already holds. */
export function planContainment(decision: ContainmentDecision, facts: PlanFacts): ContainmentPlan {
  const { run } = facts;
  const actions = (Object.keys(decision.actions) as ContainmentAction[]).filter((a) => decision.actions[a]?.length);
  const reasons = [...new Set(actions.flatMap((a) => decision.actions[a]!))].slice(0, MAX_REASONS);
  const plan: ContainmentPlan = { actions, reasons, skipped: [] };
  const first = (a: ContainmentAction) => `containment: ${decision.actions[a]![0]!}`.slice(0, 500);
  if (decision.actions.revoke) plan.revoke = { reason: first('revoke') };
  if (decision.actions.suspend) {
    if (facts.suspended) plan.skipped.push('suspend: already suspended');
    else plan.suspend = { reason: first('suspend') };
  }
  if (decision.actions.incident) {
    plan.incident = { key: `containment:${run.repositoryId}:${run.runId}:${run.runAttempt}:${facts.seq}`, entry: containmentEntry(run, facts.at, facts.seq, decision.actions) };
  }
  if (decision.actions.notify) {
    if (!facts.notifyUrl) plan.skipped.push('notify: no containment.notify_url is configured');
    else if (facts.duplicate) plan.skipped.push('notify: this batch was answered before');
    else
      plan.notify = {
        url: facts.notifyUrl,
        notice: {
          source: 'airlock',
          kind: 'containment',
          repository: run.repository,
          repository_id: run.repositoryId,
          identity: run.identity,
          run_id: run.runId,
          seq: facts.seq,
          at: new Date(facts.at).toISOString(),
          actions,
          reasons,
          resume: `/airlock resume ${run.identity} (a comment by a person with write access), or airlock identity resume ${run.repository} ${run.identity}`,
        },
      };
  }
  return plan;
}
