import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { createNodeMiddleware, createProbot, type Probot } from 'probot';
import { openAppStore, type AppStore } from '../../app/app-store.js';
import { registerProtection, type ProtectionDeps } from '../../app/handlers/protection-handler.js';
import type { AuditRecord } from '../../src/audit/audit-record.js';
import { readAuditLog } from '../../src/audit/read-audit-log.js';
import type { OpenDatabaseOptions } from '../../src/store/database.js';
import { commitFiles, type WorldRepo } from '../../src/world/github/world-state.js';
import { startWorld, type World } from '../../src/world/start-world.js';

/**
 * The world plus a Probot app that only registers the protection handler, served over HTTP the
 * way app/start-app.ts serves the whole App (until the lead wires it into airlock-app.ts).
 */
export interface ProtectionStack {
  world: World;
  probot: Probot;
  store: AppStore;
  deps: ProtectionDeps;
  audit(): Promise<AuditRecord[]>;
  /** Writes `.github/airlock.yml` on the repository's default branch (no webhook). */
  setConfig(repo: string, yaml: string): void;
  /** A `repository_ruleset` payload: GitHub's examples package has none, so it is built on a `repository` one. */
  rulesetPayload(
    action: 'created' | 'edited' | 'deleted',
    repo: string,
    sender: string,
    ruleset: { id: number; name: string },
  ): Record<string, unknown>;
  close(): Promise<void>;
}

export async function startProtectionStack(
  database: OpenDatabaseOptions,
): Promise<ProtectionStack> {
  const world = await startWorld();
  const store = await openAppStore({ database, encryptionKey: randomBytes(32), clock: Date.now });
  const log = pino({ level: 'silent' });
  const probot = createProbot({
    overrides: {
      appId: world.state.app.id,
      privateKey: world.state.app.privateKeyPem,
      secret: world.state.app.webhookSecret,
      baseUrl: world.githubApiUrl,
      log,
    },
  });
  let slug: Promise<string> | undefined;
  const deps: ProtectionDeps = {
    store,
    appId: world.state.app.id,
    appSlug: () =>
      (slug ??= probot
        .auth()
        .then(async (octokit) => (await octokit.request('GET /app')).data?.slug ?? '')),
  };
  const middleware = await createNodeMiddleware((app: Probot) => registerProtection(app, deps), {
    probot,
    webhooksPath: '/api/github/webhooks',
  });
  const server: Server = createServer((req, res) => {
    void middleware(req, res, () => {
      res.statusCode = 404;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  world.webhookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/github/webhooks`;
  return {
    world,
    probot,
    store,
    deps,
    async audit() {
      const records: AuditRecord[] = [];
      await readAuditLog(store.db, (r) => void records.push(r));
      return records;
    },
    setConfig(repo, yaml) {
      const r: WorldRepo = world.repo(repo);
      commitFiles(r, r.defaultBranch, {
        files: { '.github/airlock.yml': yaml },
        message: 'Configure Airlock',
        author: { name: 'alice', email: 'alice@acme.test', login: 'alice' },
      });
    },
    rulesetPayload(action, repo, sender, ruleset) {
      const base = world.payload('repository', {
        action: 'edited',
        repo: world.repo(repo),
        sender: world.user(sender),
      });
      delete base.changes;
      return {
        ...base,
        action,
        repository_ruleset: {
          ...ruleset,
          target: 'branch',
          source_type: 'Repository',
          source: repo,
          enforcement: 'active',
        },
      };
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
