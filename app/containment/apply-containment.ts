import type { Logger } from 'pino';
import type { AuditInput } from '../../src/audit/audit-record.js';
import type { ContainmentRun } from './containment-input.js';
import type { ContainmentIncidents } from './containment-incidents.js';
import type { IdentitySuspensions } from './identity-suspensions.js';
import type { NotifyResult } from './notify-webhook.js';
import type { ContainmentNotice, ContainmentPlan } from './plan-containment.js';
import { incidentAgentKey } from './render-containment-incident.js';
import { revokeIdentityTokens, type RevokeReport, type RevokerDeps } from './revoke-identity-tokens.js';

export interface ApplyDeps {
  revoker: RevokerDeps;
  suspensions: IdentitySuspensions;
  incidents: ContainmentIncidents;
  notify: (url: string, notice: ContainmentNotice) => Promise<NotifyResult>;
  audit: (input: AuditInput) => Promise<void>;
  log: Pick<Logger, 'info' | 'warn' | 'error'>;
  clock: () => number;
}

/** What was done; every step is attempted whatever happened to the one before. */
export interface ContainmentOutcome {
  revoke?: RevokeReport | { error: string };
  /** Suspended now (by this batch or before it). */
  suspended: boolean;
  /** This batch suspended it. */
  newlySuspended: boolean;
  incident?: 'recorded' | { error: string };
  notify?: NotifyResult;
}

const failed = (error: unknown) => ({ error: (error as Error).message });

/**
 * Acts on a plan (app/containment/plan-containment.ts): suspend first (so no new token is minted
 * while the live ones are revoked), revoke, record the incident, notify. A step that fails is
 * logged and the rest still run; everything is audited: the suspension with its change, each
 * revocation as token_revoked, and one `containment` record for the batch naming each outcome.
 */
export async function applyContainment(deps: ApplyDeps, run: ContainmentRun, plan: ContainmentPlan, facts: { seq: number; alreadySuspended: boolean; failedClosed: boolean; policyDigest: string; inputDigest: string }): Promise<ContainmentOutcome> {
  const outcome: ContainmentOutcome = { suspended: facts.alreadySuspended, newlySuspended: false };
  const subject = run.repository;
  if (plan.suspend) {
    try {
      outcome.newlySuspended = await deps.suspensions.suspend({
        repositoryId: run.repositoryId,
        repository: run.repository,
        identity: run.identity,
        reason: plan.suspend.reason,
        by: 'airlock',
        at: deps.clock(),
        audit: { kind: 'containment', actor: 'airlock', subject, data: { action: 'suspend', identity: run.identity, repository_id: run.repositoryId, run_id: run.runId, seq: facts.seq, reason: plan.suspend.reason } },
      });
      outcome.suspended = true;
    } catch (error) {
      deps.log.error({ repository: subject, identity: run.identity, err: failed(error) }, 'containment could not suspend the identity');
    }
  }
  if (plan.revoke) {
    try {
      outcome.revoke = await revokeIdentityTokens(deps.revoker, { repositoryId: run.repositoryId, identity: run.identity }, plan.revoke.reason);
    } catch (error) {
      outcome.revoke = failed(error);
      deps.log.error({ repository: subject, identity: run.identity, err: failed(error) }, 'containment could not revoke the identity\'s tokens');
    }
  }
  if (plan.incident) {
    try {
      const agent = incidentAgentKey(run.identity);
      await deps.incidents.log.record({ deliveryId: plan.incident.key, repositoryId: run.repositoryId, agent, entry: plan.incident.entry });
      const [owner, repo] = run.repository.split('/') as [string, string];
      await deps.incidents.sync({ installationId: run.installationId, repositoryId: run.repositoryId, owner, repo, agent });
      outcome.incident = 'recorded';
    } catch (error) {
      outcome.incident = failed(error);
      deps.log.error({ repository: subject, identity: run.identity, err: failed(error) }, 'containment could not record the incident');
    }
  }
  if (plan.notify) {
    outcome.notify = await deps.notify(plan.notify.url, plan.notify.notice);
    if (!outcome.notify.ok) deps.log.warn({ repository: subject, identity: run.identity, error: outcome.notify.error }, 'containment notify webhook failed');
  }
  await deps.audit({
    kind: 'containment',
    actor: 'airlock',
    subject,
    data: {
      action: 'contain',
      identity: run.identity,
      repository_id: run.repositoryId,
      run_id: run.runId,
      seq: facts.seq,
      actions: plan.actions,
      reasons: plan.reasons,
      failed_closed: facts.failedClosed,
      policy_digest: facts.policyDigest,
      input_digest: facts.inputDigest,
      suspended: outcome.suspended,
      newly_suspended: outcome.newlySuspended,
      ...(outcome.revoke ? { revoke: outcome.revoke } : {}),
      ...(outcome.incident ? { incident: outcome.incident } : {}),
      // The URL's origin only: a webhook URL can carry a secret in its path or query.
      ...(plan.notify && outcome.notify ? { notify: { origin: originOf(plan.notify.url), ...(outcome.notify.ok ? { status: outcome.notify.status } : { error: outcome.notify.error }) } } : {}),
      ...(plan.skipped.length ? { skipped: plan.skipped } : {}),
    },
  });
  return outcome;
}

/**
 * The notify URL's origin for the audit record. The schema's pattern cannot rule out every URL
 * that does not parse (`https://h:99999/`); such a URL fails at fetch and must not cost the record.
 */
function originOf(url: string): string {
  return URL.canParse(url) ? new URL(url).origin : 'not a valid URL';
}
