import type { RunEvent } from '../../src/telemetry/run-event.js';

/** The run a batch came from, as its verified OIDC token and trust policy say (never the batch). */
export interface ContainmentRun {
  installationId: number;
  repositoryId: number;
  /** owner/name */
  repository: string;
  /** The trust policy name the run's credentials were brokered under. */
  identity: string;
  runId: string;
  actor: string;
}

/** Thresholds from the `containment:` section of `.github/airlock.yml` (app/config/airlock-config.ts). */
export interface ContainmentThresholds {
  refusedHosts?: number;
  windowSeconds?: number;
  dlpBlockRevokes?: boolean;
}

export interface ContainmentFacts {
  run: ContainmentRun;
  /** This batch's events. */
  batch: readonly RunEvent[];
  /** The run's earlier events within the window (not this batch's). */
  recent: readonly RunEvent[];
  /** Whether the identity was suspended before this batch. */
  suspended: boolean;
  thresholds: ContainmentThresholds;
}

const snake = (key: string): string => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** An event as the policy reads it: the contract's fields in snake_case, plus `at_ms` (epoch ms; NaN-free). */
function policyEvent(event: RunEvent): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(event)) out[snake(key)] = value;
  const at = Date.parse(event.at);
  // An unreadable time is left out, so the policy sees a malformed event and contains (fail closed).
  if (Number.isFinite(at)) out.at_ms = at;
  return out;
}

/**
 * Pure: the facts of one batch as `data.airlock.containment`'s input (policies/containment.rego
 * documents each field). Thresholds the configuration does not set are left out, so the
 * policy's data or defaults apply.
 */
export function containmentInput(facts: ContainmentFacts): Record<string, unknown> {
  const { run, thresholds } = facts;
  const settings: Record<string, unknown> = {};
  if (thresholds.refusedHosts !== undefined) settings.refused_hosts = thresholds.refusedHosts;
  if (thresholds.windowSeconds !== undefined) settings.window_seconds = thresholds.windowSeconds;
  if (thresholds.dlpBlockRevokes !== undefined) settings.dlp_block_revokes = thresholds.dlpBlockRevokes;
  return {
    run: { repository: run.repository, repository_id: run.repositoryId, identity: run.identity, run_id: run.runId, actor: run.actor },
    batch: facts.batch.map(policyEvent),
    recent: facts.recent.map(policyEvent),
    identity: { suspended: facts.suspended },
    settings,
  };
}
