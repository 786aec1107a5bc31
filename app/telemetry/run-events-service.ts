import { StsError } from '../../src/sts/sts-error.js';
import type { VerifiedClaims } from '../../src/sts/verify-oidc-token.js';
import type { ContainmentAnswer } from '../../src/telemetry/run-event.js';
import { acceptedRun, verifiedClaims } from '../sts/run-trust.js';
import { parseRunEventBatch } from './parse-run-event-batch.js';
import { countByKind } from './run-event-store.js';
import type { TelemetryDeps, TelemetryRun } from './telemetry-deps.js';
import { TelemetryError } from './telemetry-error.js';

const FULL_SHA = /^([0-9a-f]{40}|[0-9a-f]{64})$/;
const RUN_ID = /^[1-9][0-9]{0,19}$/;
const RUN_ATTEMPT = /^[1-9][0-9]{0,5}$/;

/** A claim the run is named by: present and well-formed, or the token is not an Actions job's. */
function claim(claims: VerifiedClaims, name: string, pattern: RegExp, expected: string): string {
  const value = claims.all[name];
  if (typeof value !== 'string' || !pattern.test(value)) throw new StsError('oidc_claims_invalid', `OIDC token claim "${name}" must be ${expected}; expected a GitHub Actions OIDC token`);
  return value;
}

/**
 * POST /airlock/v1/events (issue 19 item 1): a batch of run events from the Action. The job's
 * OIDC token is verified as the token exchange verifies it, its `jti` spent like every other
 * (app/sts/run-trust.ts: so the Action fetches a fresh token for each batch and each retry, and a
 * captured token cannot send another batch; each token GitHub issues has its own `jti`,
 * https://docs.github.com/en/actions/reference/security/oidc), and the trust policy the body names must accept
 * the run. The run (repository, run id and attempt, commit, workflow) comes from the token only.
 * The batch is stored once per `seq` with one audit record (counts by kind, never contents);
 * then containment decides, also for a duplicate, whose answer the Action may have lost.
 * Refusals on a verified token are audited; unverified requests are only logged (by the route),
 * so anonymous traffic cannot fill the audit log.
 */
export async function acceptRunEvents(deps: TelemetryDeps, oidcToken: string | undefined, body: unknown): Promise<ContainmentAnswer> {
  const claims = await verifiedClaims(deps, oidcToken);
  const actor = `github:${String(claims.all.actor ?? 'unknown')}`;
  try {
    return await storeAndContain(deps, claims, body);
  } catch (error) {
    const known = error instanceof StsError || error instanceof TelemetryError;
    const code = known ? error.code : 'internal_error';
    // A batch stored before containment failed was audited when it was stored.
    if (code !== 'containment_failed') {
      await deps.audit({ kind: 'run_events', actor, subject: claims.repository, data: { decision: 'refused', code, message: known ? error.message : 'internal error', run_id: String(claims.all.run_id ?? ''), run_attempt: String(claims.all.run_attempt ?? '') } });
    }
    throw error;
  }
}

async function storeAndContain(deps: TelemetryDeps, claims: VerifiedClaims, body: unknown): Promise<ContainmentAnswer> {
  const batch = parseRunEventBatch(body);
  const runId = claim(claims, 'run_id', RUN_ID, 'the numeric workflow run id');
  const runAttempt = Number(claim(claims, 'run_attempt', RUN_ATTEMPT, 'the run attempt, a positive integer'));
  const sha = claim(claims, 'sha', FULL_SHA, 'the full commit SHA the run checks out');
  const workflowRef = claim(claims, 'workflow_ref', /^\S{1,512}$/, 'the workflow ref');
  const trust = await acceptedRun(deps, claims, batch.identity);
  const run: TelemetryRun = {
    installationId: trust.installation.id,
    repositoryId: trust.repo.id,
    repository: `${trust.repo.owner}/${trust.repo.name}`,
    runId,
    runAttempt,
    sha,
    workflowRef,
    identity: trust.policy.name,
    actor: String(claims.all.actor ?? ''),
  };
  const counts = countByKind(batch.events);
  const stored = await deps.events.append(run, batch, {
    kind: 'run_events',
    actor: `github:${run.actor || 'unknown'}`,
    subject: run.repository,
    data: { decision: 'accepted', identity: run.identity, run_id: run.runId, run_attempt: run.runAttempt, sha: run.sha, workflow_ref: run.workflowRef, seq: batch.seq, events: batch.events.length, dropped: batch.dropped, counts },
  });
  deps.log.info({ repository: run.repository, run_id: run.runId, run_attempt: run.runAttempt, seq: batch.seq, events: batch.events.length, duplicate: stored.duplicate }, 'run events');
  let containment;
  try {
    containment = await deps.contain(run, batch, stored);
  } catch (error) {
    deps.log.error({ repository: run.repository, run_id: run.runId, seq: batch.seq, err: { name: (error as Error).name, message: (error as Error).message } }, 'containment failed on a stored batch');
    throw new TelemetryError('containment_failed', `batch ${batch.seq} is stored but containment could not decide on it; resend the same batch (same seq) with a fresh OIDC token`);
  }
  return { accepted: stored.accepted, duplicate: stored.duplicate, containment };
}
