import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);
import {
  startApp
} from "./chunk-QXLCVNYF.js";
import {
  require_pino
} from "./chunk-33TRP3YU.js";
import {
  startWorld
} from "./chunk-EMO2XLNF.js";
import {
  policyDir
} from "./chunk-3KFUYEYQ.js";
import {
  __toESM
} from "./chunk-WLT2JI5U.js";

// src/demo/start-stack.ts
var import_pino = __toESM(require_pino(), 1);
import { randomBytes } from "node:crypto";
async function startStack(options = {}) {
  const world = await startWorld({ clock: options.clock, ...options.httpsHost ? { httpsHost: options.httpsHost } : {} });
  const encryptionKey = randomBytes(32);
  const start = () => startApp({
    settings: {
      appId: world.state.app.id,
      privateKey: world.state.app.privateKeyPem,
      webhookSecret: world.state.app.webhookSecret,
      githubApiUrl: world.githubApiUrl,
      oidcIssuer: world.oidc.issuer,
      audience: "airlock",
      port: 0,
      host: "127.0.0.1",
      // In-memory PGlite unless told otherwise: every stack starts from an empty store.
      database: options.database ?? {},
      policyDir: options.policyDir ?? policyDir(),
      ...options.policyBackend ? { policyBackend: options.policyBackend } : {},
      sweepIntervalMs: 6e4,
      // The world's Sigstore signs agent-run attestations; the App trusts exactly it.
      trustedRoots: [world.sigstore.trustedRoot]
    },
    encryptionKey,
    clock: options.clock,
    log: options.log ?? (0, import_pino.pino)({ level: "silent" }),
    // Containment's notify webhook transport (app/start-app.ts); the global fetch unless given.
    notifyFetch: options.notifyFetch
  });
  const app = await start();
  const replicas = [];
  world.webhookUrl = `${app.url}/api/github/webhooks`;
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
        GITHUB_REPOSITORY: "acme/widgets",
        GITHUB_RUN_ID: String(claims.run_id ?? "7000001"),
        ACTIONS_ID_TOKEN_REQUEST_URL: job.requestUrl,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: job.requestToken
      };
    },
    async close() {
      for (const replica of replicas) await replica.close();
      await app.close();
      await world.close();
    }
  };
}

export {
  startStack
};
