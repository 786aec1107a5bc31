import { randomBytes } from 'node:crypto';
import { pino, type Logger } from 'pino';
import { startApp, type RunningApp } from '../../app/start-app.js';
import type { PolicyBackendSetting } from '../policy/backends/policy-backend-setting.js';
import { policyDir } from '../policy/policy-modules.js';
import type { OpenDatabaseOptions } from '../store/database.js';
import { startWorld, type World } from '../world/start-world.js';

export interface Stack {
  world: World;
  app: RunningApp;
  /** Another App replica on the same world, database and encryption key (PostgreSQL only). */
  addReplica(): Promise<RunningApp>;
  /**
   * Runner variables for a job of acme/widgets whose OIDC token comes from the world's issuer. The
   * job sees GitHub as a runner does, over HTTPS (the world's CA added through NODE_EXTRA_CA_CERTS,
   * as a self-hosted runner behind an enterprise CA would), so placeholders resolve over real TLS.
   */
  jobEnv(claims?: Record<string, string>): Record<string, string>;
  close(): Promise<void>;
}

/** The local world with the App installed and receiving its webhooks. */
export async function startStack(options: { log?: Logger; clock?: () => number; database?: OpenDatabaseOptions; policyDir?: string; httpsHost?: string; policyBackend?: PolicyBackendSetting; notifyFetch?: typeof fetch } = {}): Promise<Stack> {
  const world = await startWorld({ clock: options.clock, ...(options.httpsHost ? { httpsHost: options.httpsHost } : {}) });
  const encryptionKey = randomBytes(32);
  const start = () =>
    startApp({
      settings: {
        appId: world.state.app.id,
        privateKey: world.state.app.privateKeyPem,
        webhookSecret: world.state.app.webhookSecret,
        githubApiUrl: world.githubApiUrl,
        oidcIssuer: world.oidc.issuer,
        audience: 'airlock',
        port: 0,
        host: '127.0.0.1',
        // In-memory PGlite unless told otherwise: every stack starts from an empty store.
        database: options.database ?? {},
        policyDir: options.policyDir ?? policyDir(),
        ...(options.policyBackend ? { policyBackend: options.policyBackend } : {}),
        sweepIntervalMs: 60_000,
        // The world's Sigstore signs agent-run attestations; the App trusts exactly it.
        trustedRoots: [world.sigstore.trustedRoot],
      },
      encryptionKey,
      clock: options.clock,
      log: options.log ?? pino({ level: 'silent' }),
      // Containment's notify webhook transport (app/start-app.ts); the global fetch unless given.
      notifyFetch: options.notifyFetch,
    });
  const app = await start();
  const replicas: RunningApp[] = [];
  world.webhookUrl = `${app.url}/api/github/webhooks`;
  // The App answers 202 once a delivery is stored and runs it from its queue: a delivery has
  // settled when the queue is idle, so tests and the demo see its effects when deliver() resolves.
  world.settle = () => app.queue.idle();
  return {
    world,
    app,
    async addReplica() {
      const replica = await start();
      replicas.push(replica);
      return replica;
    },
    jobEnv(claims = {}) {
      const job = world.oidc.registerJob(claims);
      return {
        GITHUB_API_URL: world.https.apiUrl,
        GITHUB_SERVER_URL: world.https.serverUrl,
        NODE_EXTRA_CA_CERTS: world.https.caFile,
        GITHUB_REPOSITORY: 'acme/widgets',
        GITHUB_RUN_ID: String(claims.run_id ?? '7000001'),
        ACTIONS_ID_TOKEN_REQUEST_URL: job.requestUrl,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: job.requestToken,
      };
    },
    async close() {
      for (const replica of replicas) await replica.close();
      await app.close();
      await world.close();
    },
  };
}
