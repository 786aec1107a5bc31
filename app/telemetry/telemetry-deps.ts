import type { Logger } from 'pino';
import type { AuditInput } from '../../src/audit/audit-record.js';
import type { ContainmentAnswer, RunEventBatch, RunEventKind } from '../../src/telemetry/run-event.js';
import type { RunTrustDeps } from '../sts/run-trust.js';
import type { RunEventStore } from './run-event-store.js';

/**
 * The run a batch belongs to. Every field comes from the job's verified OIDC token and the trust
 * policy that accepted it (app/sts/run-trust.ts), never from the batch.
 */
export interface TelemetryRun {
  installationId: number;
  repositoryId: number;
  /** owner/name at the time of the batch. */
  repository: string;
  runId: string;
  runAttempt: number;
  sha: string;
  workflowRef: string;
  /** The trust policy the run's credentials were brokered under (accepted for this run). */
  identity: string;
  actor: string;
}

/** What storing a batch did: `duplicate` when this `seq` was already stored (a retry). */
export interface StoredBatch {
  duplicate: boolean;
  /** Events stored by this request (0 for a duplicate). */
  accepted: number;
  /** Events of the batch by kind (the whole batch, also for a duplicate). */
  counts: Partial<Record<RunEventKind, number>>;
}

export type Containment = ContainmentAnswer['containment'];

/**
 * Decides containment on each batch after it is stored (issue 19 item 2, app/containment/*), also
 * for a duplicate, so a retried batch whose answer was lost gets the run's containment again.
 */
export type ContainFn = (run: TelemetryRun, batch: RunEventBatch, stored: StoredBatch) => Promise<Containment>;

export interface TelemetryDeps extends RunTrustDeps {
  events: RunEventStore;
  contain: ContainFn;
  /** The App's audit log (refusals on a verified token); an accepted batch is audited in the transaction that stores it. */
  audit: (input: AuditInput) => Promise<void>;
  log: Logger;
}
