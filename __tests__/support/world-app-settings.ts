import type { AppSettings } from '../../app/app-settings.js';
import { policyDir } from '../../src/policy/policy-modules.js';
import type { World } from '../../src/world/start-world.js';

/** The App's settings for the local world, on loopback and an in-memory database unless `overrides` say otherwise. */
export function worldAppSettings(world: World, overrides: Partial<AppSettings> = {}): AppSettings {
  return {
    appId: world.state.app.id,
    privateKey: world.state.app.privateKeyPem,
    webhookSecret: world.state.app.webhookSecret,
    githubApiUrl: world.githubApiUrl,
    oidcIssuer: world.oidc.issuer,
    audience: 'airlock',
    port: 0,
    host: '127.0.0.1',
    database: {},
    policyDir: policyDir(),
    sweepIntervalMs: 60_000,
    ...overrides,
  };
}

/** `airlock app`'s environment for the local world (what a deployment's .env holds), on loopback with its own data directory. */
export function worldAppEnv(world: World, dataDir: string): Record<string, string> {
  return {
    APP_ID: String(world.state.app.id),
    PRIVATE_KEY_PATH: world.privateKeyPath,
    WEBHOOK_SECRET: world.state.app.webhookSecret,
    GHE_HOST: world.gheHost,
    GHE_PROTOCOL: 'http',
    PORT: '0',
    HOST: '127.0.0.1',
    AIRLOCK_DATA_DIR: dataDir,
  };
}
