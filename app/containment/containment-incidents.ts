import type { Logger } from 'pino';
import type { IncidentLog } from '../push/incident-log.js';
import { syncIncident, type IncidentTarget, type IssueWriter } from '../push/sync-incident.js';
import { containmentIncidentTitle, renderContainmentIncident } from './render-containment-incident.js';

/** The internal queue job that brings one identity's containment incident issue up to date. */
export const CONTAINMENT_INCIDENT_JOB = 'airlock.containment-incident';

export interface ContainmentIncidents {
  log: IncidentLog;
  /** Has the target's issue brought up to date: through the queue when there is one, else at once. */
  sync(target: IncidentTarget): Promise<void>;
  runJob(body: Buffer): Promise<void>;
}

/**
 * Like the push incidents (app/push/push-incidents.ts): with the App's queue, a coalescing job per
 * repository and identity, paced with the installation's other writes, so a burst of batches
 * costs one issue write; without one, at once.
 */
export function containmentIncidents(deps: {
  log: IncidentLog;
  jobs?: { enqueue(job: { id: string; event: string; installationId: number; body: Buffer }): Promise<void> };
  octokitFor: (installationId: number) => Promise<IssueWriter>;
  appSlug: () => Promise<string>;
  logger: Logger;
}): ContainmentIncidents {
  const run = async (target: IncidentTarget) =>
    syncIncident(target, { octokit: await deps.octokitFor(target.installationId), incidents: deps.log, bot: `${await deps.appSlug()}[bot]`, log: deps.logger, render: { title: containmentIncidentTitle, body: renderContainmentIncident } });
  return {
    log: deps.log,
    async sync(target) {
      if (!deps.jobs) return run(target);
      await deps.jobs.enqueue({ id: `containment-incident:${target.repositoryId}:${target.agent.toLowerCase()}`, event: CONTAINMENT_INCIDENT_JOB, installationId: target.installationId, body: Buffer.from(JSON.stringify(target)) });
    },
    runJob: (body) => run(JSON.parse(body.toString('utf8')) as IncidentTarget),
  };
}
