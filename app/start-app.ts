import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { createNodeMiddleware, createProbot } from 'probot';
import { cachedAppJwt } from './sts/cached-app-jwt.js';
import type { Logger } from 'pino';
import { sendJson } from '../src/http/json-http.js';
import { loadPolicyModules } from '../src/policy/policy-modules.js';
import { loadEncryptionKey } from '../src/store/encryption-key.js';
import { sweepExpiredTokens } from '../src/store/token-sweeper.js';
import { localKeySigner, type KeySigner } from '../src/attest/key-signing.js';
import { StoreError } from '../src/store/store-error.js';
import { airlockApp } from './airlock-app.js';
import { AppStartupError } from './app-startup-error.js';
import { loadVerdictSigner } from './attest/verdict-signer.js';
import type { AppSettings } from './app-settings.js';
import { openAppStore, type AppStore } from './app-store.js';
import { checkAppCredentials } from './check-app-credentials.js';
import { createAppServer, listen, SERVER_LIMITS, type ServerLimits } from './listen.js';
import { revokeEntry, type TokenServiceDeps } from './sts/token-service.js';
import { BROKER_DEADLINE_MS, MINT_ANSWER_GRACE_MS } from './sts/broker-deadline.js';
import { brokerWork } from './sts/broker-work.js';
import type { AppJobs } from './airlock-app.js';
import type { ContainFn } from './telemetry/telemetry-deps.js';
import { deliveryReconciler, type AppHookClient, type ReconcileReport } from './queue/delivery-reconciler.js';
import { readQueueSettings, type QueueSettings } from './queue/queue-settings.js';
import { queueWorker } from './queue/queue-worker.js';
import { readiness, type ReadinessReport } from './queue/readiness.js';
import { DEFAULT_RETRY } from './queue/retry-policy.js';
import { webhookIntake } from './queue/webhook-intake.js';
import { webhookQueue, type Backlog } from './queue/webhook-queue.js';
import { writePacer, type WritePacer } from './queue/write-pacer.js';
import { GITHUB_PACING } from './queue/write-slot.js';
import { appLogger } from './metrics/app-logger.js';
import { createAppMetrics, type AppMetrics } from './metrics/app-metrics.js';
import { mirrorAudit } from './metrics/audit-mirror.js';
import { appOctokit } from './github/app-octokit.js';
import { nodeHttpFetch } from '../src/http/node-http-fetch.js';
import { measuredDeliveries } from './metrics/measured-deliveries.js';
import { serveMetrics } from './metrics/metrics-route.js';
import { oneNamePerLine } from './metrics/one-name-logger.js';
import { logRequests } from './metrics/request-log.js';
import { registerStateGauges } from './metrics/state-gauges.js';

export interface RunningApp {
  url: string;
  server: Server;
  store: AppStore;
  queue: {
    /** Backlog depth and age, for the metrics endpoint and /readyz. */
    backlog(): Promise<Backlog>;
    /** Resolves once no delivery is due or running. */
    idle(): Promise<void>;
  };
  /** Compares GitHub's delivery log with the queue once now and asks for what is missing. */
  reconcile(): Promise<ReconcileReport>;
  ready(): Promise<ReadinessReport>;
  /** Runs one token and secret-approval sweep now (the interval runs them too). */
  sweep(): Promise<void>;
  /** Runs one branch-protection sweep over every installation now. */
  sweepProtection(): Promise<void>;
  /**
   * Draining shutdown: stops accepting, lets running deliveries finish within the drain deadline
   * and hands back the leases of the rest, then closes the store.
   */
  close(): Promise<void>;
}

export interface StartAppOptions {
  settings: AppSettings;
  /** The App's log; by default JSON lines on stderr (app/metrics/app-logger.ts). Give one without a `name` binding: every line gets exactly one. */
  log?: Logger;
  clock?: () => number;
  /** The token encryption key; by default AIRLOCK_ENCRYPTION_KEY or the data directory's key file. */
  encryptionKey?: Buffer;
  /** The verdict signer; by default AIRLOCK_VERDICT_KEY or the data directory's key file. */
  verdictSigner?: KeySigner;
  /** The environment (with `.env` applied) the App reads LOG_LEVEL, AIRLOCK_ENCRYPTION_KEY and the queue settings from; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Server limits (timeouts, connection cap); default SERVER_LIMITS. */
  limits?: ServerLimits;
  /** Containment on each run-event batch (POST /airlock/v1/events); by default the App's own. */
  contain?: ContainFn;
  /**
   * The transport of containment's notify webhook (an https URL the organization's layer sets,
   * docs/containment.md); default the global fetch. Tests hand one that trusts their own CA.
   */
  notifyFetch?: typeof fetch;
}

/** A store in memory (no data directory) gets a key that lives as long as the process. */
async function defaultVerdictSigner(settings: AppSettings, log: Logger): Promise<KeySigner> {
  if (settings.verdictKeyPem || settings.database.dataDir) return loadVerdictSigner({ pem: settings.verdictKeyPem, dataDir: settings.database.dataDir ?? '.airlock-data' });
  log.info('verdict signing key is ephemeral (in-memory store): verdicts signed now cannot be verified after a restart');
  return localKeySigner(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);
}

/** Where the store lives, for an error message: never the DATABASE_URL's password. */
function storeLocation(database: AppSettings['database']): string {
  if (!database.databaseUrl) return database.dataDir ? `the embedded database in ${database.dataDir} (AIRLOCK_DATA_DIR)` : 'the in-memory database';
  const url = new URL(database.databaseUrl);
  return `PostgreSQL at ${url.hostname}:${url.port || 5432}${url.pathname} (DATABASE_URL)`;
}

async function openStore(settings: AppSettings, encryptionKey: Buffer, clock: () => number): Promise<AppStore> {
  try {
    return await openAppStore({ database: settings.database, encryptionKey, clock });
  } catch (error) {
    if (error instanceof StoreError) throw error;
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new AppStartupError('store_unavailable', `cannot open ${storeLocation(settings.database)}: ${reason}; check that it is reachable and writable`, { cause: error });
  }
}

/**
 * Serves the App: webhooks at /api/github/webhooks (verified, stored in the durable queue, run by
 * its worker), the broker at /airlock/v1, /healthz (liveness), /readyz (readiness) and /metrics
 * (Prometheus, docs/metrics.md); one JSON log line per request and per audit record.
 * Before it listens it authenticates once as the App, so a wrong APP_ID or key stops it here;
 * every failure to start is an AppStartupError, SettingsError or StoreError with a one-line
 * message, and nothing it opened is left open.
 */
export async function startApp(options: StartAppOptions): Promise<RunningApp> {
  const { settings } = options;
  const env = options.env ?? process.env;
  const clock = options.clock ?? Date.now;
  const log = options.log ? oneNamePerLine(options.log, { name: 'airlock' }) : appLogger({ level: env.LOG_LEVEL ?? 'info', write: (line) => void process.stderr.write(line) });
  const metrics = createAppMetrics();
  const encryptionKey = options.encryptionKey ?? (await loadEncryptionKey({ env, dataDir: settings.database.dataDir ?? '.airlock-data' })).key;
  const queueSettings = readQueueSettings(env);
  const policies = await loadPolicyModules(settings.policyDir).catch((error: Error) => {
    throw new AppStartupError('policies_unreadable', error.message, { cause: error });
  });
  // Writes are paced through the database once the store is open (app/github/app-octokit.ts).
  const pacing: { pacer?: WritePacer } = {};
  const githubFetch = nodeHttpFetch();
  const Octokit = appOctokit({ pacer: () => pacing.pacer, metrics, createJwt: cachedAppJwt({ appId: settings.appId, privateKey: settings.privateKey }), fetch: githubFetch });
  const probot = createProbot({
    env,
    overrides: { Octokit, appId: settings.appId, privateKey: settings.privateKey, secret: settings.webhookSecret, baseUrl: settings.githubApiUrl, log },
  });
  const credentials = async () => {
    await checkAppCredentials({ octokit: await probot.auth(), appId: settings.appId, privateKey: settings.privateKey, githubApiUrl: settings.githubApiUrl, timeoutMs: 5_000 });
  };
  const identity = await checkAppCredentials({ octokit: await probot.auth(), appId: settings.appId, privateKey: settings.privateKey, githubApiUrl: settings.githubApiUrl });
  log.info({ app: identity.slug }, 'authenticated as the GitHub App');
  const verdictSigner = options.verdictSigner ?? (await defaultVerdictSigner(settings, log));
  // Every audit record this process writes is also a log event and counted (audit-mirror.ts).
  const store = mirrorAudit(await openStore(settings, encryptionKey, clock), { log, metrics });
  // Pacing, leases and backoff are about real seconds (GitHub's limits, a dead worker's lease),
  // whatever clock the App's decisions run on (tests move that one): they run on wall time.
  pacing.pacer = writePacer(store.db, { clock: Date.now, limits: GITHUB_PACING, maxWaitMs: queueSettings.pacingMaxWaitMs });
  try {
    return await serve({ settings, log, clock, store, probot, policies, verdictSigner, queueSettings, credentials, limits: options.limits ?? SERVER_LIMITS, metrics, contain: options.contain, notifyFetch: options.notifyFetch, githubFetch });
  } catch (error) {
    await store.close();
    throw error;
  }
}

async function serve(context: {
  settings: AppSettings;
  log: Logger;
  clock: () => number;
  store: AppStore;
  probot: ReturnType<typeof createProbot>;
  policies: Awaited<ReturnType<typeof loadPolicyModules>>;
  verdictSigner: KeySigner;
  queueSettings: QueueSettings;
  credentials: () => Promise<void>;
  limits: ServerLimits;
  metrics: AppMetrics;
  contain: ContainFn | undefined;
  notifyFetch: typeof fetch | undefined;
  githubFetch: typeof fetch;
}): Promise<RunningApp> {
  const { settings, log, clock, store, probot, policies, verdictSigner, queueSettings, metrics } = context;
  let tokens: TokenServiceDeps | undefined;
  const exchanges = brokerWork();
  let protectionSweep: (() => Promise<void>) | undefined;
  let approvalSweep: (() => Promise<number>) | undefined;
  const queue = webhookQueue(store.db, { clock: Date.now });
  const jobHandlers = new Map<string, (body: Buffer) => Promise<void>>();
  const jobs: AppJobs = { enqueue: (job) => queue.enqueueJob(job), register: (event, run) => void jobHandlers.set(event, run) };
  const middleware = await createNodeMiddleware(
    airlockApp({ settings, store, policies, clock, verdictSigner, jobs, brokerWork: exchanges, ...(context.contain ? { contain: context.contain } : {}), notifyFetch: context.notifyFetch, githubFetch: context.githubFetch, onGateway: (_github, deps) => (tokens = deps), onProtectionSweep: (sweep) => (protectionSweep = sweep), onApprovalSweep: (sweep) => (approvalSweep = sweep) }),
    { probot, webhooksPath: '/api/github/webhooks' },
  );
  // An embedded database is this process's alone (its data directory is locked), so every lease
  // in it belongs to a process that died: hand them back now instead of waiting for them to expire.
  if (store.db.backend === 'pglite') {
    const released = await queue.releaseAll();
    if (released) log.warn({ released }, 'handed back deliveries a previous process left running');
  }
  const owner = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  const worker = queueWorker({
    queue,
    owner,
    concurrency: queueSettings.concurrency,
    leaseMs: queueSettings.leaseMs,
    pollMs: 1_000,
    retry: DEFAULT_RETRY,
    clock: Date.now,
    log,
    run: measuredDeliveries(async (delivery) => {
      const job = jobHandlers.get(delivery.event);
      if (job) return job(delivery.body);
      const payload = JSON.parse(delivery.body.toString('utf8')) as never;
      await probot.receive({ id: delivery.id, name: delivery.event as never, payload });
    }, metrics),
  });
  registerStateGauges(metrics.registry, { backlog: () => queue.backlog(), liveTokens: async () => (await store.ledger.live(clock())).length });
  let draining = false;
  const ready = readiness({ db: store.db, queue, checkCredentials: context.credentials, clock, draining: () => draining, maxBacklogAgeMs: queueSettings.readyBacklogMs, credentialsCheckedAt: clock() });
  const reconciler = deliveryReconciler({ db: store.db, queue, octokit: async () => (await probot.auth()) as unknown as AppHookClient, owner, clock, log });
  const intake = webhookIntake({ secret: settings.webhookSecret, queue, onStored: () => worker.wake(), log });

  // Tokens past their trust policy's max_lifetime are revoked even if no post step ever runs;
  // pending secret approvals past their deadline expire even if nobody polls them.
  const sweep = async () => {
    try {
      const expired = (await approvalSweep?.()) ?? 0;
      if (expired) log.info({ expired }, 'secret approval sweep');
    } catch (error) {
      // Pending approvals still expire when read; the token sweep must run regardless.
      log.error({ err: { message: (error as Error).message } }, 'secret approval sweep failed');
    }
    if (!tokens) return;
    const deps = tokens;
    const report = await sweepExpiredTokens({
      ledger: store.ledger,
      clock,
      alert: log,
      revoke: async (token, entry) => {
        await revokeEntry(deps, entry, token, 'max_lifetime reached');
        return true;
      },
    });
    if (report.revoked.length || report.failed.length) log.info({ revoked: report.revoked.length, failed: report.failed.length }, 'token sweep');
  };
  const timer = setInterval(() => void sweep().catch((error: unknown) => log.error({ err: { message: (error as Error).message } }, 'token sweep failed')), settings.sweepIntervalMs);
  timer.unref();
  // The slow sweep of branch protection over every installation repository (every 6 hours).
  const protectionTimer = setInterval(() => void protectionSweep?.().catch((error: unknown) => log.error({ err: { message: (error as Error).message } }, 'protection sweep failed')), 6 * 3_600_000);
  protectionTimer.unref();

  // GitHub's delivery log against the queue, at start and then periodically; the same timer prunes
  // done deliveries older than GitHub's three-day redelivery window (kept a week).
  const reconcile = async () => {
    const report = await reconciler.run();
    await queue.prune(Date.now() - 7 * 24 * 3_600_000);
    return report;
  };
  const reconcileSafely = () => void reconcile().catch((error: unknown) => log.warn({ err: { message: (error as Error).message } }, 'webhook delivery reconciliation failed'));
  const reconcileTimer = queueSettings.reconcileMs > 0 ? setInterval(reconcileSafely, queueSettings.reconcileMs) : undefined;
  reconcileTimer?.unref();

  // A handler's error is the App's 500, never an upstream status passed through (a 403 from
  // GitHub is not the caller's fault); webhooks never reach a handler here at all (the queue runs them).
  const failed = (res: ServerResponse, error: unknown) => {
    log.error({ err: { message: (error as Error)?.message } }, 'request failed');
    if (!res.headersSent) sendJson(res, 500, { error: { code: 'internal_error', message: 'the App could not handle this request' } });
    else res.destroy();
  };
  const route = async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/healthz' && req.method === 'GET') return sendJson(res, 200, { status: 'ok' });
    if (path === '/metrics' && req.method === 'GET') return serveMetrics(metrics.registry, res);
    if (path === '/readyz' && req.method === 'GET') {
      const report = await ready();
      return sendJson(res, report.ready ? 200 : 503, { status: report.ready ? 'ready' : 'not_ready', ...report });
    }
    if (path === '/api/github/webhooks') {
      if (draining) return sendJson(res, 503, { error: { code: 'draining', message: 'this replica is shutting down; GitHub can redeliver' } }, { connection: 'close' });
      return intake(req, res);
    }
    await middleware(req, res, () => sendJson(res, 404, { error: { code: 'not_found', message: `no route ${req.method} ${req.url}` } }));
  };
  const handle = logRequests((req, res) => void route(req, res).catch((error: unknown) => failed(res, error)), { log: log.child({ name: 'http' }), metrics });
  const server = createAppServer(handle, context.limits);
  try {
    await listen(server, settings.port, settings.host);
  } catch (error) {
    clearInterval(timer);
    clearInterval(protectionTimer);
    clearInterval(reconcileTimer);
    throw error;
  }
  worker.start();
  reconcileSafely();
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    store,
    queue: { backlog: () => queue.backlog(), idle: () => worker.idle() },
    reconcile,
    ready,
    sweep,
    sweepProtection: async () => protectionSweep?.(),
    async close() {
      draining = true;
      clearInterval(timer);
      clearInterval(protectionTimer);
      clearInterval(reconcileTimer);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const report = await worker.drain(queueSettings.drainMs).catch((error: unknown) => {
        // The database is gone: running deliveries' leases expire and they run again elsewhere.
        log.error({ err: { message: (error as Error).message } }, 'could not hand back running deliveries');
        return { finished: 0, handedBack: 0 };
      });
      // Token exchanges finish before the store closes: a mint already sent ends recorded, or
      // revoked, not live behind a pending intent.
      const running = await exchanges.settled(BROKER_DEADLINE_MS + MINT_ANSWER_GRACE_MS);
      if (running > 0) log.error({ running }, 'token exchanges still running at shutdown; their intents stay pending until a sweep makes them uncertain');
      server.closeAllConnections();
      await closed;
      await boundedClose(store, 5_000, log);
      log.info({ ...report }, 'drained');
    },
  };
}

/** Closes the store, giving up after `ms` (a hung database must not hold the exit). */
async function boundedClose(store: AppStore, ms: number, log: Logger): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
    timer.unref();
  });
  const outcome = await Promise.race([store.close().then(() => 'closed' as const, (error: Error) => error), gaveUp]);
  clearTimeout(timer);
  if (outcome !== 'closed') log.warn({ err: { message: outcome === 'timeout' ? `no answer within ${ms} ms` : outcome.message } }, 'the store did not close cleanly');
}
