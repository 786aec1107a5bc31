// Must come first: patches world routes before the world's server module copies them.
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { createNodeMiddleware, createProbot, ProbotOctokit, type Probot } from 'probot';
import { openAppStore, type AppStore } from '../../app/app-store.js';
import type { AttestationCheck } from '../../app/gate/attestation-status.js';
import type { SecretFindings } from '../../app/gate/gate-input.js';
import { registerPrGate } from '../../app/handlers/pr-gate-handler.js';
import { prPolicy } from '../../app/gate/gate-policy.js';
import { readAuditLog } from '../../src/audit/read-audit-log.js';
import type { AuditRecord } from '../../src/audit/audit-record.js';
import type { OpenDatabaseOptions } from '../../src/store/database.js';
import { startWorld, type World } from '../../src/world/start-world.js';

/** What the attestation check and the secret scanner report; tests change it between steps. */
export interface PluggedInputs {
  attestation: AttestationCheck;
  secrets: SecretFindings;
}

export interface GateHarness {
  world: World;
  store: AppStore;
  inputs: PluggedInputs;
  audit(): Promise<AuditRecord[]>;
  close(): Promise<void>;
}

/**
 * The world and a Probot App that registers only the PR gate, served over HTTP the way
 * app/start-app.ts serves the full App (signed webhooks at /api/github/webhooks).
 */
export async function startGateHarness(options: { database?: OpenDatabaseOptions; policyDir?: string; clock?: () => number } = {}): Promise<GateHarness> {
  const world = await startWorld();
  const store = await openAppStore({ database: options.database ?? {}, encryptionKey: randomBytes(32), clock: Date.now });
  const inputs: PluggedInputs = { attestation: { status: 'unknown' }, secrets: { status: 'unknown' } };
  // The world has no rate limits; Octokit's throttling would space writes a second apart.
  const Octokit = ProbotOctokit.defaults((options: ConstructorParameters<typeof ProbotOctokit>[0] = {}) => ({ ...options, throttle: { ...options.throttle, enabled: false } }));
  const probot = createProbot({
    overrides: { Octokit, appId: world.state.app.id, privateKey: world.state.app.privateKeyPem, secret: world.state.app.webhookSecret, baseUrl: world.githubApiUrl, log: pino({ level: 'silent' }) },
  });
  const appFn = (app: Probot) => {
    let slug: Promise<string> | undefined;
    const appSlug = () => (slug ??= app.auth().then(async (octokit) => (await octokit.request('GET /app')).data?.slug ?? ''));
    registerPrGate(app, { store, appSlug, attestationStatus: async () => inputs.attestation, secretFindings: async () => inputs.secrets, ...(options.policyDir ? { policy: prPolicy(options.policyDir) } : {}), ...(options.clock ? { clock: options.clock } : {}) });
  };
  const middleware = await createNodeMiddleware(appFn, { probot, webhooksPath: '/api/github/webhooks' });
  const server: Server = createServer((req, res) => {
    void middleware(req, res, () => res.writeHead(404).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  world.webhookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/github/webhooks`;
  return {
    world,
    store,
    inputs,
    async audit() {
      const records: AuditRecord[] = [];
      await readAuditLog(store.db, (r) => {
        records.push(r);
      });
      return records;
    },
    async close() {
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      await store.close();
      await world.close();
    },
  };
}
