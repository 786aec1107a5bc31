import type { AttestationCheck } from '../gate/attestation-status.js';
import type { RunEventStore } from './run-event-store.js';

/**
 * The attestation check with the telemetry of the run it verified, for the gate's check run
 * ("Run timeline"): the run as its signed agent-run predicate names it (repository id, run id,
 * attempt; src/attest/agent-run-statement.ts). Unverified checks, and runs that sent no
 * telemetry, are returned as they are.
 */
export async function withRunTimeline(check: AttestationCheck, events: Pick<RunEventStore, 'findRun' | 'summary'>): Promise<AttestationCheck> {
  const run = check.verified?.statement.predicate.run;
  const runAttempt = Number(run?.runAttempt);
  const repositoryId = Number(run?.repositoryId);
  if (!run || !Number.isSafeInteger(runAttempt) || !Number.isSafeInteger(repositoryId)) return check;
  const found = await events.findRun({ repositoryId, runId: run.runId, runAttempt });
  return found ? { ...check, timeline: await events.summary(found) } : check;
}
