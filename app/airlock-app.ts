import { createRemoteJWKSet } from 'jose';
import type { ApplicationFunction, Context, Probot } from 'probot';
import { createPolicyDecider } from '../src/policy/backends/policy-decider.js';
import { REQUEST_PATH_LIMITS } from '../src/policy/policy-modules.js';
import type { ModuleSource } from '../src/policy/rego/rego-policy.js';
import { defaultOidcSettings } from '../src/sts/verify-oidc-token.js';
import type { AppSettings } from './app-settings.js';
import type { AppStore } from './app-store.js';
import type { KeySigner } from '../src/attest/key-signing.js';
import { trustFromRoots } from '../src/attest/trust-material.js';
import { publicGoodRoot } from '../src/attest/trusted-roots.js';
import { keysRoute } from './attest/keys-route.js';
import { approvalRoutes } from './approvals/approval-routes.js';
import { expireDueApprovals, type ApprovalServiceDeps } from './approvals/approval-service.js';
import { registerSecretApprovals } from './handlers/secret-approval-handler.js';
import { checkAttestation } from './gate/attestation-status.js';
import { PR_DOCUMENTS } from './gate/gate-policy.js';
import { scanPullRequest } from './gate/pr-secret-scan.js';
import { registerPrGate } from './handlers/pr-gate-handler.js';
import { registerProtection, sweepProtection } from './handlers/protection-handler.js';
import { handlePush } from './handlers/push-handler.js';
import { handleRelease } from './handlers/release-handler.js';
import { incidentLog } from './push/incident-log.js';
import { INCIDENT_JOB, pushIncidents } from './push/push-incidents.js';
import { PUSHES_PER_ISSUE } from './push/render-incident.js';
import { readAirlockConfig } from './config/read-config.js';
import { runOncePerDelivery } from './once-per-delivery.js';
import { retryingReadsOf, withReadRetries } from './github/read-retry.js';
import { probotGateway, type GithubGateway } from './sts/github-gateway.js';
import { JWKS_TIMEOUT_MS } from './sts/broker-deadline.js';
import type { BrokerWork } from './sts/broker-work.js';
import { stsRoutes } from './sts/sts-routes.js';
import type { TokenServiceDeps } from './sts/token-service.js';
import { withRunTimeline } from './telemetry/attested-run-timeline.js';
import { runEventStore } from './telemetry/run-event-store.js';
import { runEventsRoute } from './telemetry/run-events-route.js';
import type { ContainFn } from './telemetry/telemetry-deps.js';
import { appContainment } from './containment/app-containment.js';
import { identitySuspensions } from './containment/identity-suspensions.js';

export interface AirlockAppOptions {
  settings: AppSettings;
  store: AppStore;
  /** The policy set, loaded once at start (a broken set fails start-up, not requests). */
  policies: ModuleSource[];
  clock?: () => number;
  /** The broker's running exchanges, for a draining shutdown to wait on (app/sts/broker-work.ts). */
  brokerWork?: BrokerWork;
  /** Receives the broker's GitHub gateway, e.g. for the sweeper that runs beside the App. */
  onGateway?: (github: GithubGateway, tokens: TokenServiceDeps) => void;
  /** Receives the slow protection sweep over every installation, for the server to schedule. */
  onProtectionSweep?: (sweep: () => Promise<void>) => void;
  /** Signs the gate's verdicts; its public key is served at /airlock/v1/keys. */
  verdictSigner?: KeySigner;
  /** Receives the expiry sweep of pending secret approvals, for the server to schedule. */
  onApprovalSweep?: (sweep: () => Promise<number>) => void;
  /** The webhook queue's internal jobs (app/queue/webhook-queue.ts); without it, such work runs at once. */
  jobs?: AppJobs;
  /** Containment on each run-event batch (issue 19 item 2); by default the App's own (app/containment/). */
  contain?: ContainFn;
  /** The transport of containment's notify webhook (app/containment/notify-webhook.ts); default the global fetch. */
  notifyFetch?: typeof fetch;
  /** The transport of the STS path's own GitHub calls beside Octokit (the mint's guard, token revocation): the App's Octokit's (src/http/node-http-fetch.ts); default the global fetch. */
  githubFetch?: typeof fetch;
}

/** Internal jobs run by the webhook queue beside GitHub's deliveries, coalesced by id. */
export interface AppJobs {
  enqueue(job: { id: string; event: string; installationId: number; body: Buffer }): Promise<void>;
  register(event: string, run: (body: Buffer) => Promise<void>): void;
}

/** The App: the broker's routes plus one handler module per webhook event family. */
export function airlockApp(options: AirlockAppOptions): ApplicationFunction {
  return (app: Probot, { addHandler }) => {
    const { settings, store } = options;
    const github = probotGateway(app, settings.githubApiUrl, options.githubFetch ?? fetch, options.clock);
    // airlock.sts, airlock.push and airlock.pr go to the configured backend (AIRLOCK_POLICY_BACKEND), fail-closed.
    const decide = createPolicyDecider(settings.policyBackend ?? { kind: 'embedded' }, { modules: options.policies, limits: REQUEST_PATH_LIMITS });
    // Containment and the kill switch suspend identities; the broker and secret approvals refuse them.
    const suspensions = identitySuspensions(store.db, { clock: options.clock ?? Date.now });
    const tokens: TokenServiceDeps = {
      oidc: defaultOidcSettings(settings.oidcIssuer, settings.audience),
      // Keys only from the pinned issuer; never discovered from a token.
      keys: createRemoteJWKSet(new URL(`${settings.oidcIssuer}/.well-known/jwks`), { timeoutDuration: JWKS_TIMEOUT_MS }),
      github,
      ledger: store.ledger,
      policies: options.policies,
      decide,
      audit: store.audit,
      clock: options.clock ?? Date.now,
      log: app.log,
      suspensions,
    };
    options.onGateway?.(github, tokens);
    let slug: Promise<string> | undefined;
    // A failure is not kept: the next caller asks again (the queue re-runs a delivery that failed on it).
    const appSlug = () =>
      (slug ??= app.auth().then(async (octokit) => (await octokit.request('GET /app')).data?.slug ?? '').catch((error: unknown) => {
        slug = undefined;
        throw error;
      }));
    addHandler(stsRoutes(tokens, { work: options.brokerWork }));
    // Secret approvals: verified as the token exchange verifies, decided by airlock.secrets and a human.
    const approvals: ApprovalServiceDeps = { ...tokens, store: store.approvals, installationOctokit: (id) => app.auth(id) };
    addHandler(approvalRoutes(approvals));
    registerSecretApprovals(app, { service: approvals, store, appSlug });
    options.onApprovalSweep?.(() => expireDueApprovals(approvals));
    // Run telemetry: verified as the token exchange verifies, stored once per batch, then contained.
    const runEvents = runEventStore(store.db, { clock: tokens.clock });
    // Containment on each batch (policies/containment.rego): revoke, suspend, incident, notify; `/airlock resume` undoes a suspension.
    const containment = appContainment({ app, store, tokens, suspensions, decide, appSlug, config: readAirlockConfig, jobs: options.jobs, runEvents: (run) => runEvents.events(run), notifyFetch: options.notifyFetch });
    // Containment falls back to the defaults when its configuration read fails, inside a request nothing repeats for it: that read gets the one retry (app/github/read-retry.ts).
    addHandler(runEventsRoute({ ...tokens, events: runEvents, contain: options.contain ?? ((run, batch, stored) => withReadRetries(() => containment.contain(run, batch, stored))) }));
    if (options.verdictSigner) addHandler(keysRoute(options.verdictSigner));
    // Parsed once at start: a broken trusted root fails start-up, not every pull request.
    const attestationTrust = { trust: trustFromRoots(settings.trustedRoots ?? [publicGoodRoot()]), serverUrl: settings.identityServerUrl ?? 'https://github.com', issuer: settings.oidcIssuer };
    // One incident issue per agent and repository, updated in place by a coalescing job.
    const incidents = pushIncidents({ log: incidentLog(store.db, { clock: tokens.clock, partSize: PUSHES_PER_ISSUE }), jobs: options.jobs, octokitFor: (id) => app.auth(id), appSlug, logger: app.log });
    options.jobs?.register(INCIDENT_JOB, incidents.runJob);
    app.on('push', (context: Context<'push'>) =>
      runOncePerDelivery(store, context, () => handlePush(context, { tokens, appSlug, config: readAirlockConfig, auditOnce: store.auditOnce, incidents, policy: (input) => decide({ entrypoint: 'airlock.push', input }) })),
    );
    // Publishing needs a human: a release by an agent identity is answered like an agent's push.
    app.on(['release.created', 'release.published'], (context: Context<'release'>) =>
      runOncePerDelivery(store, context, () => handleRelease(context, { tokens, appSlug, config: readAirlockConfig, auditOnce: store.auditOnce, incidents, policy: (input) => decide({ entrypoint: 'airlock.push', input }) })),
    );
    const protection = { store, appSlug, appId: settings.appId };
    // The gate and the protection handlers turn a GitHub failure into an outcome (a failing check run,
    // an audited "could not check") that the queue never retries: their reads get the one retry.
    registerProtection(retryingReadsOf(app), protection);
    // Tokens the broker mints act as this App's bot, so its pull requests are gated too.
    registerPrGate(retryingReadsOf(app), {
      store,
      appSlug,
      policy: (input) => decide({ entrypoint: 'airlock.pr', input, also: PR_DOCUMENTS }),
      // With the verified run's telemetry, for the check run's "Run timeline".
      attestationStatus: async (pull, context, files) => withRunTimeline(await checkAttestation(context.octokit, pull, files, attestationTrust), runEvents),
      verdictSigner: options.verdictSigner,
      secretFindings: (_pull, _context, files) => {
        const { status, count } = scanPullRequest(files);
        return Promise.resolve({ status, count });
      },
    });
    options.onProtectionSweep?.(async () => {
      // Webhooks catch changes as they happen; the sweep catches what a lost webhook missed.
      const octokit = await app.auth();
      const installations = (await octokit.request('GET /app/installations', { per_page: 100 })).data;
      for (const installation of installations) await sweepProtection(await app.auth(installation.id), protection, app.log);
    });
  };
}
