import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { leftoversOf, revokeLeftovers } from '../../src/action/vault/revoke-leftovers.js';
import { readSecrets, revokeAll, vaultLogin } from '../../src/action/vault/vault-client.js';
import { parseSecretsInput } from '../../src/action/vault/parse-secrets-input.js';
import { AUDIENCE, FAST_RETRY, startTestIssuer, startVaultWorld, type TestIssuer, type VaultWorld } from './vault-world.js';

let issuer: TestIssuer;
let world: VaultWorld;
beforeAll(async () => {
  issuer = await startTestIssuer();
});
afterAll(async () => {
  await issuer.oidc.close();
});
beforeEach(async () => {
  world = await startVaultWorld(issuer);
  world.vault.configure.policy('ci-post', {
    path: {
      'database/creds/ci': { capabilities: ['read'] },
      'sys/leases/revoke': { capabilities: ['update'] },
      'auth/token/revoke-accessor': { capabilities: ['update'] },
    },
  });
  world.vault.configure.jwtRole('ci-post', { role_type: 'jwt', bound_audiences: AUDIENCE, user_claim: 'sub', token_policies: 'ci-post', token_ttl: '10m' });
});
afterEach(async () => {
  await world.close();
});

const loginOptions = async (role: string) => ({ url: world.vault.url, role, jwt: await world.jwt(), retry: FAST_RETRY });

describe('post-step backstop for Vault', () => {
  it('revokes what main left behind from identifiers alone, then its own helper token', async () => {
    const main = await vaultLogin(await loginOptions('ci-post'));
    await readSecrets(main, parseSecretsInput('database/creds/ci password | DB_PASSWORD'));
    const leftovers = leftoversOf(main);
    expect(leftovers).toEqual({ accessor: main.accessor, leaseIds: [main.leases[0]!.leaseId] });
    // What crosses to post carries no credential.
    expect(JSON.stringify(leftovers)).not.toContain(main.token);
    const report = await revokeLeftovers(await loginOptions('ci-post'), leftovers);
    expect(report.ok).toBe(true);
    expect(report.items.map((i) => [i.kind, i.outcome])).toEqual([
      ['lease', 'revoked'],
      ['token', 'revoked'],
      ['token', 'revoked'],
    ]);
    expect(world.vault.snapshot()).toMatchObject({ liveTokens: 0, liveLeases: 0 });
  });

  it('has nothing to do after main revoked everything', async () => {
    const main = await vaultLogin(await loginOptions('ci-post'));
    await readSecrets(main, parseSecretsInput('database/creds/ci password | DB_PASSWORD'));
    await revokeAll(main);
    expect(leftoversOf(main)).toEqual({ accessor: '', leaseIds: [] });
    expect(await revokeLeftovers(await loginOptions('ci-post'), leftoversOf(main))).toEqual({ ok: true, items: [] });
    expect(world.vault.snapshot().liveTokens).toBe(0);
  });

  it('says which policy grant is missing when it cannot revoke, and cleans up its own token', async () => {
    const main = await vaultLogin(await loginOptions('ci'));
    await readSecrets(main, parseSecretsInput('database/creds/ci password | DB_PASSWORD'));
    const report = await revokeLeftovers(await loginOptions('ci'), leftoversOf(main));
    expect(report.ok).toBe(false);
    const token = report.items.find((i) => i.id === main.accessor)!;
    expect(token.outcome).toBe('failed');
    expect(token.message).toContain('grant "update" on it (and on sys/leases/revoke) in the Vault policy of role "ci"');
    // ci may revoke leases directly, so the lease is gone; main's token stays until its TTL.
    expect(report.items[0]).toMatchObject({ kind: 'lease', outcome: 'revoked' });
    expect(world.vault.snapshot()).toMatchObject({ liveTokens: 1, liveLeases: 0 });
    expect(world.vault.snapshot().tokens[0]!.accessor).toBe(main.accessor);
  });

  it('treats an accessor Vault no longer knows as already dead', async () => {
    const main = await vaultLogin(await loginOptions('ci-post'));
    const leftovers = leftoversOf(main);
    world.advance(11 * 60);
    const report = await revokeLeftovers(await loginOptions('ci-post'), leftovers);
    expect(report.ok).toBe(true);
    expect(report.items[0]).toMatchObject({ kind: 'token', id: main.accessor, outcome: 'token-already-invalid' });
  });

  it('reports every leftover as failed when it cannot log in', async () => {
    const main = await vaultLogin(await loginOptions('ci-post'));
    await readSecrets(main, parseSecretsInput('database/creds/ci password | DB_PASSWORD'));
    const report = await revokeLeftovers({ ...(await loginOptions('missing-role')) }, leftoversOf(main));
    expect(report.ok).toBe(false);
    expect(report.items.map((i) => [i.kind, i.outcome])).toEqual([
      ['lease', 'failed'],
      ['token', 'failed'],
    ]);
    expect(report.items[0]!.message).toContain('role "missing-role" could not be found');
  });
});
