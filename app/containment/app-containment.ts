import type { Context, Probot } from 'probot';
import type { PolicyDecider } from '../../src/policy/backends/policy-decider.js';
import type { AppStore } from '../app-store.js';
import type { ConfigReader } from '../config/read-config.js';
import { incidentLog } from '../push/incident-log.js';
import { PUSHES_PER_ISSUE } from '../push/render-incident.js';
import type { GithubGateway } from '../sts/github-gateway.js';
import type { TokenServiceDeps } from '../sts/token-service.js';
import { containBatch, type ContainDeps, type ContainedRun } from './contain-batch.js';
import { CONTAINMENT_INCIDENT_JOB, containmentIncidents } from './containment-incidents.js';
import type { IdentitySuspensions } from './identity-suspensions.js';
import { postNotice } from './notify-webhook.js';
import { registerResume } from './resume-handler.js';
import type { ContainmentAnswer, RunEventBatch } from '../../src/telemetry/run-event.js';

export interface AppContainmentOptions {
  app: Probot;
  store: AppStore;
  tokens: Pick<TokenServiceDeps, 'ledger' | 'clock' | 'log'> & { github: Pick<GithubGateway, 'revokeToken'> };
  /** The store the broker consults too (TokenServiceDeps.suspensions). */
  suspensions: IdentitySuspensions;
  decide: PolicyDecider;
  appSlug: () => Promise<string>;
  config: ConfigReader;
  /** The run's stored telemetry events (app/telemetry/run-event-store.ts `events`). */
  runEvents: ContainDeps['runEvents'];
  jobs?: { enqueue(job: { id: string; event: string; installationId: number; body: Buffer }): Promise<void>; register(event: string, run: (body: Buffer) => Promise<void>): void };
  /** The notify webhook's transport (postNotice); default the global fetch. */
  notifyFetch?: typeof fetch;
}

export interface AppContainment {
  /** The POST /airlock/v1/events containment hook (app/telemetry/telemetry-deps.ts ContainFn). */
  contain: (run: ContainedRun, batch: RunEventBatch, stored: { duplicate: boolean }) => Promise<ContainmentAnswer['containment']>;
}

/**
 * Containment as the App runs it: the hook the events route calls on each batch, the incident job
 * on the App's queue, and `/airlock resume`.
 */
export function appContainment(options: AppContainmentOptions): AppContainment {
  const { app, store, tokens } = options;
  const { suspensions } = options;
  const incidents = containmentIncidents({ log: incidentLog(store.db, { clock: tokens.clock, partSize: PUSHES_PER_ISSUE }), jobs: options.jobs, octokitFor: (id) => app.auth(id), appSlug: options.appSlug, logger: tokens.log });
  options.jobs?.register(CONTAINMENT_INCIDENT_JOB, incidents.runJob);
  registerResume(app, { suspensions, store, appSlug: options.appSlug, config: options.config, audit: store.audit, clock: tokens.clock });
  const deps: ContainDeps = {
    decide: options.decide,
    revoker: tokens,
    suspensions,
    incidents,
    notify: (url, notice) => postNotice(url, notice, { fetch: options.notifyFetch }),
    audit: store.audit,
    log: tokens.log,
    clock: tokens.clock,
    runEvents: options.runEvents,
    async config(run) {
      const [owner, repo] = run.repository.split('/') as [string, string];
      // The configuration reader reads through an event's Octokit; the run's installation stands in for the event.
      const context = { octokit: await app.auth(run.installationId), payload: { installation: { id: run.installationId } } } as unknown as Context;
      return (await options.config(context, owner, repo)).containment ?? {};
    },
  };
  return { contain: (run, batch, stored) => containBatch(deps, run, batch, stored) };
}

