import type { Logger } from 'pino';
import type { IncidentLog } from './incident-log.js';
import { syncIncident, type IncidentTarget, type IssueWriter } from './sync-incident.js';

/** The internal queue job that brings one agent's incident issue up to date. */
export const INCIDENT_JOB = 'airlock.incident';

/** What the push handler needs to have an agent's incident issue show a push. */
export interface PushIncidents {
  log: IncidentLog;
  /** Has the target's incident issue brought up to date: through the queue when there is one, else at once. */
  sync(target: IncidentTarget): Promise<void>;
}

/** The App's job queue, as far as incidents use it (app/queue/webhook-queue.ts enqueueJob). */
export interface IncidentJobs {
  enqueue(job: { id: string; event: string; installationId: number; body: Buffer }): Promise<void>;
}

/**
 * With a queue, a sync is a coalescing job keyed by repository and agent: pushes that arrive while
 * it waits behind the installation's other deliveries are all listed by its one run, so a burst
 * of agent pushes costs one issue write, not one per push. Without one (`probot run`), at once.
 */
export function pushIncidents(deps: {
  log: IncidentLog;
  jobs?: IncidentJobs;
  octokitFor: (installationId: number) => Promise<IssueWriter>;
  appSlug: () => Promise<string>;
  logger: Logger;
}): PushIncidents & { runJob(body: Buffer): Promise<void> } {
  const run = async (target: IncidentTarget) =>
    syncIncident(target, { octokit: await deps.octokitFor(target.installationId), incidents: deps.log, bot: `${await deps.appSlug()}[bot]`, log: deps.logger });
  return {
    log: deps.log,
    async sync(target) {
      if (!deps.jobs) return run(target);
      await deps.jobs.enqueue({ id: `incident:${target.repositoryId}:${target.agent.toLowerCase()}`, event: INCIDENT_JOB, installationId: target.installationId, body: Buffer.from(JSON.stringify(target)) });
    },
    runJob: (body) => run(JSON.parse(body.toString('utf8')) as IncidentTarget),
  };
}
