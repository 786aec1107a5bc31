import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parseSecretsInput } from '../../src/action/vault/parse-secrets-input.js';
import { readSecrets, revokeAll, vaultLogin } from '../../src/action/vault/vault-client.js';
import { seedVault } from '../../src/world/vault/seed-vault.js';
import { FAST_RETRY, startTestIssuer, type TestIssuer } from './vault-world.js';
import { startVaultServer, type VaultServer } from '../../src/world/vault/vault-server.js';

let issuer: TestIssuer;
let vault: VaultServer;
beforeAll(async () => {
  issuer = await startTestIssuer();
  vault = await startVaultServer({ oidcIssuer: issuer.oidc.issuer, clock: () => issuer.now });
});
afterAll(async () => {
  await vault.close();
  await issuer.oidc.close();
});

describe('seeded Vault for the local world', () => {
  it('serves the whole job: login, every seeded secret, revocation to zero', async () => {
    const seeded = seedVault(vault, { audience: 'https://vault.world.test', repository: 'acme/widgets' });
    const session = await vaultLogin({ url: vault.url, mount: seeded.mount, role: seeded.role, jwt: await issuer.oidc.mint({}, 'https://vault.world.test'), retry: FAST_RETRY });
    const { env, sensitiveValues } = await readSecrets(session, parseSecretsInput(seeded.secretsInput));
    expect(Object.keys(env).sort()).toEqual(['DB_PASSWORD', 'DB_USER', 'DEPLOY_KEY', 'NPM_TOKEN']);
    expect([env.NPM_TOKEN, env.DEPLOY_KEY]).toEqual(seeded.kvValues);
    expect(env.DEPLOY_KEY!.split('\n')).toHaveLength(4);
    expect(sensitiveValues).toEqual(expect.arrayContaining([...seeded.kvValues, env.DB_USER, env.DB_PASSWORD]));
    expect(vault.snapshot()).toMatchObject({ liveTokens: 1, liveLeases: 1 });
    expect((await revokeAll(session)).ok).toBe(true);
    expect(vault.snapshot()).toMatchObject({ liveTokens: 0, liveLeases: 0 });
    // Another repository of the org is not let in.
    await expect(vaultLogin({ url: vault.url, role: seeded.role, jwt: await issuer.oidc.mint({ repository: 'acme/gadgets' }, 'https://vault.world.test'), retry: FAST_RETRY })).rejects.toMatchObject({ code: 'vault_login_refused' });
  });
});
