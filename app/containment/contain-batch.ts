import type { PolicyDecider } from '../../src/policy/backends/policy-decider.js';
import type { ContainmentAnswer, RunEvent, RunEventBatch } from '../../src/telemetry/run-event.js';
import type { ContainmentConfig } from '../config/airlock-config.js';
import { applyContainment, type ApplyDeps } from './apply-containment.js';
import { containmentInput, type ContainmentRun } from './containment-input.js';
import { decideContainment } from './decide-containment.js';
import { planContainment } from './plan-containment.js';

/** How far back the run's earlier events reach into a decision (the policy's windows must fit in it). */
export const RECENT_WINDOW_MS = 10 * 60_000;

export type ContainedRun = ContainmentRun & { runAttempt: number };

export interface ContainDeps extends ApplyDeps {
  /** `airlock.containment` on the App's policy backend. */
  decide: PolicyDecider;
  /** The run's stored events (every batch); those of other batches within RECENT_WINDOW_MS are used. */
  runEvents: (run: ContainedRun) => Promise<readonly (RunEvent & { readonly seq: number })[]>;
  /** The effective `containment:` configuration of the run's repository (org layer, then repository). */
  config: (run: ContainedRun) => Promise<ContainmentConfig>;
}

/** The events of other batches no older than RECENT_WINDOW_MS before this batch's newest. */
export function recentEvents(events: readonly (RunEvent & { readonly seq: number })[], batch: RunEventBatch): RunEvent[] {
  const newest = Math.max(...batch.events.map((e) => Date.parse(e.at)).filter(Number.isFinite), 0);
  return events.filter((e) => e.seq !== batch.seq && Date.parse(e.at) >= newest - RECENT_WINDOW_MS);
}

/**
 * The containment hook of POST /airlock/v1/events (app/telemetry/telemetry-deps.ts ContainFn): on
 * each stored batch, decide (fail closed), plan, act, and answer the Action with what holds now.
 * A retried batch is decided again (what it triggers is idempotent) but notifies nobody twice.
 */
export async function containBatch(deps: ContainDeps, run: ContainedRun, batch: RunEventBatch, stored: { duplicate: boolean }): Promise<ContainmentAnswer['containment']> {
  const [suspension, config, events] = await Promise.all([
    deps.suspensions.find(run.repositoryId, run.identity),
    deps.config(run).catch((error: Error): ContainmentConfig => {
      deps.log.warn({ repository: run.repository, err: { message: error.message } }, 'could not read the containment configuration; the policy defaults apply and nobody is notified');
      return {};
    }),
    deps.runEvents(run),
  ]);
  const alreadySuspended = suspension !== undefined;
  const input = containmentInput({ run, batch: batch.events, recent: recentEvents(events, batch), suspended: alreadySuspended, thresholds: config });
  const decision = await decideContainment(deps.decide, input);
  const plan = planContainment(decision, { run, seq: batch.seq, duplicate: stored.duplicate, suspended: alreadySuspended, ...(config.notifyUrl ? { notifyUrl: config.notifyUrl } : {}), at: deps.clock() });
  if (plan.actions.length === 0) return { revoked: false, suspended: alreadySuspended, actions: [], reasons: [] };
  const outcome = await applyContainment(deps, run, plan, { seq: batch.seq, alreadySuspended, failedClosed: decision.failedClosed, policyDigest: decision.policyDigest, inputDigest: decision.inputDigest });
  deps.log.warn({ repository: run.repository, identity: run.identity, run_id: run.runId, seq: batch.seq, actions: plan.actions, newly_suspended: outcome.newlySuspended }, 'containment acted on a run');
  return { revoked: plan.revoke !== undefined, suspended: outcome.suspended, actions: plan.actions, reasons: plan.reasons };
}
