import { defaultJobClaims, startOidcIssuer, type ActionsClaims, type OidcIssuer } from '../../src/world/oidc-issuer.js';
import { startVaultServer, type VaultServer } from '../../src/world/vault/vault-server.js';
import type { RetryPolicy } from '../../src/action/vault/vault-request.js';

export const AUDIENCE = 'https://vault.acme.test';
/** Fast retries so tests exercise backoff without waiting. */
export const FAST_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 5, deadlineMs: 5_000 };

/** GitHub's OIDC issuer stand-in on a movable clock; shared by the tests of a file (its RSA key is slow to make). */
export interface TestIssuer {
  oidc: OidcIssuer;
  now: number;
}

export async function startTestIssuer(): Promise<TestIssuer> {
  const issuer = { now: Date.now() } as TestIssuer;
  issuer.oidc = await startOidcIssuer({ defaults: defaultJobClaims({ repositoryId: 101, ownerId: 201, actorId: 301 }), clock: () => issuer.now });
  return issuer;
}

export interface VaultWorld {
  oidc: OidcIssuer;
  vault: VaultServer;
  /** Seconds since the start of the world; move it with `advance`. */
  advance(seconds: number): void;
  jwt(overrides?: ActionsClaims, audience?: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * A fresh Vault stand-in on the issuer's clock (reset to now), with the setup a CI job of
 * acme/widgets would meet: role `ci` bound to the audience, the repository (glob) and main,
 * policy `ci-read` on secret/data/ci/*, database/creds/ci and sys/leases/revoke, KV v2 secrets
 * and a database role.
 */
export async function startVaultWorld(issuer: TestIssuer): Promise<VaultWorld> {
  issuer.now = Date.now();
  const { oidc } = issuer;
  const vault = await startVaultServer({ oidcIssuer: oidc.issuer, clock: () => issuer.now });
  vault.configure.policy('ci-read', {
    path: {
      'secret/data/ci/*': { capabilities: ['read'] },
      'database/creds/ci': { capabilities: ['read'] },
      'sys/leases/revoke': { capabilities: ['update'] },
    },
  });
  vault.configure.jwtRole('ci', {
    role_type: 'jwt',
    bound_audiences: AUDIENCE,
    bound_claims_type: 'glob',
    bound_claims: { repository: 'acme/*', ref: 'refs/heads/main' },
    user_claim: 'repository',
    token_policies: 'ci-read',
    token_ttl: '10m',
    token_max_ttl: '15m',
  });
  vault.configure.kv('ci/npm', { token: 'npm-test-value-0001', registry: 'https://registry.npmjs.org' });
  vault.configure.kv('ci/deploy', { key: 'line-one-of-key\nline-two-of-key\nline-three' });
  vault.configure.databaseRole('ci', { ttl: '5m', maxTtl: '1h' });
  return {
    oidc,
    vault,
    advance: (seconds) => {
      issuer.now += seconds * 1000;
    },
    jwt: (overrides = {}, audience = AUDIENCE) => oidc.mint(overrides, audience),
    close: () => vault.close(),
  };
}

/** A raw call to the stand-in, for what the Action's client does not do. */
export async function vaultFetch(world: VaultWorld, method: string, path: string, options: { token?: string; namespace?: string; body?: unknown } = {}): Promise<{ status: number; body: Record<string, unknown> | undefined }> {
  const headers: Record<string, string> = {};
  if (options.token) headers['x-vault-token'] = options.token;
  if (options.namespace) headers['x-vault-namespace'] = options.namespace;
  const response = await fetch(`${world.vault.url}/v1/${path}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}
