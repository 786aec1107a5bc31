import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createNodeMiddleware, createProbot } from 'probot';
import { pino, type Logger } from 'pino';
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
import { listen } from './listen.js';
import { revokeEntry, type TokenServiceDeps } from './sts/token-service.js';

export interface RunningApp {
  url: string;
  server: Server;
  store: AppStore;
  /** Runs one token and secret-approval sweep now (the interval runs them too). */
  sweep(): Promise<void>;
  /** Runs one branch-protection sweep over every installation now. */
  sweepProtection(): Promise<void>;
  close(): Promise<void>;
}

export interface StartAppOptions {
  settings: AppSettings;
  log?: Logger;
  clock?: () => number;
  /** The token encryption key; by default AIRLOCK_ENCRYPTION_KEY or the data directory's key file. */
  encryptionKey?: Buffer;
  /** The verdict signer; by default AIRLOCK_VERDICT_KEY or the data directory's key file. */
  verdictSigner?: KeySigner;
  /** The environment (with `.env` applied) the App reads LOG_LEVEL and AIRLOCK_ENCRYPTION_KEY from; default process.env. */
  env?: NodeJS.ProcessEnv;
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
 * Serves the App: webhooks at /api/github/webhooks, the broker at /airlock/v1, and /healthz.
 * Before it listens it authenticates once as the App, so a wrong APP_ID or key stops it here;
 * every failure to start is an AppStartupError, SettingsError or StoreError with a one-line
 * message, and nothing it opened is left open.
 */
export async function startApp(options: StartAppOptions): Promise<RunningApp> {
  const { settings } = options;
  const env = options.env ?? process.env;
  const clock = options.clock ?? Date.now;
  const log = options.log ?? pino({ level: env.LOG_LEVEL ?? 'info', redact: ['req.headers.authorization', '*.token'] });
  const encryptionKey = options.encryptionKey ?? (await loadEncryptionKey({ env, dataDir: settings.database.dataDir ?? '.airlock-data' })).key;
  const policies = await loadPolicyModules(settings.policyDir).catch((error: Error) => {
    throw new AppStartupError('policies_unreadable', error.message, { cause: error });
  });
  const probot = createProbot({
    env,
    overrides: { appId: settings.appId, privateKey: settings.privateKey, secret: settings.webhookSecret, baseUrl: settings.githubApiUrl, log },
  });
  const identity = await checkAppCredentials({ octokit: await probot.auth(), appId: settings.appId, privateKey: settings.privateKey, githubApiUrl: settings.githubApiUrl });
  log.info({ app: identity.slug }, 'authenticated as the GitHub App');
  const verdictSigner = options.verdictSigner ?? (await defaultVerdictSigner(settings, log));
  const store = await openStore(settings, encryptionKey, clock);
  try {
    return await serve({ settings, log, clock, store, probot, policies, verdictSigner });
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
}): Promise<RunningApp> {
  const { settings, log, clock, store, probot, policies, verdictSigner } = context;
  let tokens: TokenServiceDeps | undefined;
  let protectionSweep: (() => Promise<void>) | undefined;
  let approvalSweep: (() => Promise<number>) | undefined;
  const middleware = await createNodeMiddleware(
    airlockApp({ settings, store, policies, clock, verdictSigner, onGateway: (_github, deps) => (tokens = deps), onProtectionSweep: (sweep) => (protectionSweep = sweep), onApprovalSweep: (sweep) => (approvalSweep = sweep) }),
    { probot, webhooksPath: '/api/github/webhooks' },
  );

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

  // Headers up to 64 KiB reach the broker, so an oversized OIDC token gets its own error code
  // (oidc_token_too_large) instead of Node's bare 431.
  const server = createServer({ maxHeaderSize: 64 * 1024 }, (req, res) => {
    if (req.url === '/healthz' && req.method === 'GET') return sendJson(res, 200, { status: 'ok' });
    void middleware(req, res, () => sendJson(res, 404, { error: { code: 'not_found', message: `no route ${req.method} ${req.url}` } }));
  });
  try {
    await listen(server, settings.port, settings.host);
  } catch (error) {
    clearInterval(timer);
    clearInterval(protectionTimer);
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    store,
    sweep,
    sweepProtection: async () => protectionSweep?.(),
    async close() {
      clearInterval(timer);
      clearInterval(protectionTimer);
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      await store.close();
    },
  };
}
