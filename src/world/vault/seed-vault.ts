import { randomBytes } from 'node:crypto';
import type { VaultServer } from './vault-server.js';

export interface SeededVault {
  mount: string;
  role: string;
  /** A `secrets:` input that reads every seeded secret, KV v2 and dynamic. */
  secretsInput: string;
  /** The seeded KV values, so tests can search logs and files for each. */
  kvValues: string[];
}

/**
 * Configures the Vault stand-in as an org's Vault would be for Airlock's agent job in the local
 * world: role `airlock-ci` on mount `jwt` bound to the audience, the repository and its default
 * branch; policy `airlock-ci` reading secret/data/ci/* and database/creds/ci and allowed to
 * revoke its leases and (for the post step) tokens by accessor; random KV values (one of them
 * multi-line) and a database role with 5-minute leases.
 */
export function seedVault(vault: VaultServer, options: { audience: string; repository: string; ref?: string }): SeededVault {
  vault.configure.policy('airlock-ci', {
    path: {
      'secret/data/ci/*': { capabilities: ['read'] },
      'database/creds/ci': { capabilities: ['read'] },
      'sys/leases/revoke': { capabilities: ['update'] },
      'auth/token/revoke-accessor': { capabilities: ['update'] },
    },
  });
  vault.configure.jwtRole('airlock-ci', {
    role_type: 'jwt',
    bound_audiences: options.audience,
    bound_claims_type: 'glob',
    bound_claims: { repository: options.repository, ref: options.ref ?? 'refs/heads/main' },
    user_claim: 'repository',
    token_policies: 'airlock-ci',
    token_ttl: '15m',
    token_max_ttl: '1h',
  });
  const npm = `npm_${randomBytes(18).toString('base64url')}`;
  const deployKey = ['-----BEGIN TEST KEY-----', randomBytes(24).toString('base64'), randomBytes(24).toString('base64'), '-----END TEST KEY-----'].join('\n');
  vault.configure.kv('ci/npm', { token: npm });
  vault.configure.kv('ci/deploy', { key: deployKey });
  vault.configure.databaseRole('ci', { ttl: '5m', maxTtl: '1h' });
  return {
    mount: 'jwt',
    role: 'airlock-ci',
    secretsInput: ['secret/data/ci/npm token | NPM_TOKEN', 'secret/data/ci/deploy key | DEPLOY_KEY', 'database/creds/ci username | DB_USER', 'database/creds/ci password | DB_PASSWORD'].join('\n'),
    kvValues: [npm, deployKey],
  };
}
