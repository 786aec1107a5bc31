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
