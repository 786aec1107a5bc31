import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { readSecrets, revokeAll, vaultLogin, type VaultSession } from '../../src/action/vault/vault-client.js';
import { VaultError } from '../../src/action/vault/vault-error.js';
import { parseSecretsInput } from '../../src/action/vault/parse-secrets-input.js';
import { AUDIENCE, FAST_RETRY, startTestIssuer, startVaultWorld, vaultFetch, type TestIssuer, type VaultWorld } from './vault-world.js';

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
});
afterEach(async () => {
  await world.close();
});

const login = async (role = 'ci'): Promise<VaultSession> => vaultLogin({ url: world.vault.url, role, jwt: await world.jwt(), retry: FAST_RETRY });

const refusal = async (promise: Promise<unknown>): Promise<VaultError> => {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(VaultError);
    return error as VaultError;
  }
  throw new Error('expected a refusal');
};

describe('Vault client: reading secrets', () => {
  it('reads KV v2 keys into environment names and returns every value for masking', async () => {
    const session = await login();
    const result = await readSecrets(session, parseSecretsInput('secret/data/ci/npm token | NPM_TOKEN\nsecret/data/ci/deploy key | DEPLOY_KEY'));
    expect(result.env).toEqual({ NPM_TOKEN: 'npm-test-value-0001', DEPLOY_KEY: 'line-one-of-key\nline-two-of-key\nline-three' });
    expect(result.sensitiveValues.sort()).toEqual(['line-one-of-key\nline-two-of-key\nline-three', 'npm-test-value-0001']);
    expect(result.secrets[0]).toEqual({ envName: 'NPM_TOKEN', path: 'secret/data/ci/npm', key: 'token', value: 'npm-test-value-0001' });
    expect(session.leases).toEqual([]);
  });

  it('reads a dynamic secret once per path: username and password come from one lease', async () => {
    const session = await login();
    const result = await readSecrets(session, parseSecretsInput('database/creds/ci username | DB_USER\ndatabase/creds/ci password | DB_PASSWORD'));
    expect(world.vault.snapshot().liveLeases).toBe(1);
    expect(session.leases).toHaveLength(1);
    const [lease] = session.leases;
    expect(lease).toMatchObject({ path: 'database/creds/ci', leaseDurationSeconds: 300, renewable: true });
    expect(lease!.leaseId).toMatch(/^database\/creds\/ci\//);
    expect(result.secrets.map((s) => s.leaseId)).toEqual([lease!.leaseId, lease!.leaseId]);
    expect(result.env.DB_USER).toMatch(/^v-jwt-acme\/widgets-ci-/);
    expect(result.sensitiveValues).toEqual(expect.arrayContaining([result.env.DB_USER, result.env.DB_PASSWORD]));
  });

  it('masks the unrequested fields of a lease too', async () => {
    const session = await login();
    const result = await readSecrets(session, parseSecretsInput('database/creds/ci password | DB_PASSWORD'));
    expect(result.sensitiveValues).toHaveLength(2);
    expect(result.sensitiveValues).toContain(result.env.DB_PASSWORD);
  });

  it('names the missing key and the keys present, never their values', async () => {
    const session = await login();
    const error = await refusal(readSecrets(session, parseSecretsInput('secret/data/ci/npm\ttokn | NPM_TOKEN')));
    expect(error.code).toBe('vault_key_not_found');
    expect(error.message).toBe('line 1: the secret at "secret/data/ci/npm" has no key "tokn" (it has: token, registry); fix the key in the secrets input');
    const missing = await refusal(readSecrets(session, parseSecretsInput('secret/data/ci/none token | X')));
    expect(missing.code).toBe('vault_secret_not_found');
  });

  it('keeps the lease of a read that succeeded before a later one failed, so revocation still finds it', async () => {
    const session = await login();
    await refusal(readSecrets(session, parseSecretsInput('database/creds/ci password | DB_PASSWORD\nsecret/data/forbidden/x key | X')));
    expect(session.leases).toHaveLength(1);
    expect((await revokeAll(session)).ok).toBe(true);
    expect(world.vault.snapshot()).toMatchObject({ liveTokens: 0, liveLeases: 0 });
  });
});

describe('Vault client: revocation', () => {
  it('revokes each lease, then the token, confirms it is dead, and leaves 0 live tokens and leases', async () => {
    const session = await login();
    await readSecrets(session, parseSecretsInput('database/creds/ci password | DB_PASSWORD\nsecret/data/ci/npm token | NPM_TOKEN'));
    const leaseId = session.leases[0]!.leaseId;
    expect(world.vault.snapshot()).toMatchObject({ liveTokens: 1, liveLeases: 1 });
    const report = await revokeAll(session);
    expect(report).toEqual({
      ok: true,
      items: [
        { kind: 'lease', id: leaseId, outcome: 'revoked', message: 'revoked' },
        { kind: 'token', id: session.accessor, outcome: 'revoked', message: 'revoked; Vault now refuses it' },
      ],
    });
    expect(world.vault.snapshot()).toMatchObject({ liveTokens: 0, liveLeases: 0, tokens: [], leases: [] });
    expect(session.tokenRevokedAt).toBeDefined();
    expect((await vaultFetch(world, 'GET', 'auth/token/lookup-self', { token: session.token })).status).toBe(403);
  });

  it('is idempotent: a second call sends nothing and reports what is already revoked', async () => {
    let calls = 0;
    const session = await vaultLogin({
      url: world.vault.url,
      role: 'ci',
      jwt: await world.jwt(),
      retry: FAST_RETRY,
      fetch: (input, init) => {
        calls++;
        return fetch(input, init);
      },
    });
    await readSecrets(session, parseSecretsInput('database/creds/ci password | DB_PASSWORD'));
    await revokeAll(session);
    const before = calls;
    const again = await revokeAll(session);
    expect(calls).toBe(before);
    expect(again.ok).toBe(true);
    expect(again.items.map((i) => i.outcome)).toEqual(['already-revoked', 'already-revoked']);
  });

  it('relies on revoke-self for leases the policy does not let it revoke directly', async () => {
    world.vault.configure.policy('no-revoke', { path: { 'database/creds/ci': { capabilities: ['read'] } } });
    world.vault.configure.jwtRole('no-revoke', { role_type: 'jwt', bound_audiences: AUDIENCE, user_claim: 'sub', token_policies: 'no-revoke', token_ttl: '10m' });
    const session = await login('no-revoke');
    await readSecrets(session, parseSecretsInput('database/creds/ci password | DB_PASSWORD'));
    const report = await revokeAll(session);
    expect(report.ok).toBe(true);
    expect(report.items[0]).toMatchObject({ kind: 'lease', outcome: 'revoked-with-token' });
    expect(report.items[0]!.message).toContain('permission denied');
    expect(world.vault.snapshot()).toMatchObject({ liveTokens: 0, liveLeases: 0 });
  });

  it('reports a token that already expired as dead, not as a failure', async () => {
    const session = await login();
    await readSecrets(session, parseSecretsInput('database/creds/ci password | DB_PASSWORD'));
    world.advance(11 * 60);
    const report = await revokeAll(session);
    expect(report.ok).toBe(true);
    expect(report.items.map((i) => i.outcome)).toEqual(['revoked-with-token', 'token-already-invalid']);
    expect(world.vault.snapshot()).toMatchObject({ liveTokens: 0, liveLeases: 0 });
  });

  it('reports failures without throwing when Vault cannot be reached, and succeeds when called again', async () => {
    const session = await login();
    await readSecrets(session, parseSecretsInput('database/creds/ci password | DB_PASSWORD'));
    world.vault.failNext(2 * FAST_RETRY.attempts, { pathContains: 'revoke' });
    const failed = await revokeAll(session);
    expect(failed.ok).toBe(false);
    expect(failed.items.map((i) => [i.kind, i.outcome])).toEqual([
      ['lease', 'failed'],
      ['token', 'failed'],
    ]);
    expect(failed.items[1]!.message).toContain('did not answer POST /v1/auth/token/revoke-self');
    expect(failed.items.map((i) => i.message).join('\n')).not.toContain(session.token);
    expect(world.vault.snapshot()).toMatchObject({ liveTokens: 1, liveLeases: 1 });
    const retried = await revokeAll(session);
    expect(retried.ok).toBe(true);
    expect(world.vault.snapshot()).toMatchObject({ liveTokens: 0, liveLeases: 0 });
  });
});

describe('Vault client: resilience', () => {
  it('retries 503 (sealed/standby) with backoff, then succeeds', async () => {
    let calls = 0;
    world.vault.failNext(2, { status: 503 });
    const session = await vaultLogin({
      url: world.vault.url,
      role: 'ci',
      jwt: await world.jwt(),
      retry: FAST_RETRY,
      fetch: (input, init) => {
        calls++;
        return fetch(input, init);
      },
    });
    expect(calls).toBe(3);
    expect(world.vault.snapshot().liveTokens).toBe(1);
    world.vault.failNext(1, { status: 500, pathContains: 'secret/' });
    expect((await readSecrets(session, parseSecretsInput('secret/data/ci/npm token | T'))).env.T).toBe('npm-test-value-0001');
  });

  it('gives up after the attempts with vault_unavailable, naming the fix and never the token', async () => {
    world.vault.failNext(FAST_RETRY.attempts, { status: 503 });
    const jwt = await world.jwt();
    const error = await refusal(vaultLogin({ url: world.vault.url, role: 'ci', jwt, retry: FAST_RETRY }));
    expect(error.code).toBe('vault_unavailable');
    expect(error.message).toContain(`within ${FAST_RETRY.attempts} attempts`);
    expect(error.message).toContain('HTTP 503: Vault is sealed');
    expect(error.message).toContain('check vault-url');
    expect(error.message).not.toContain(jwt);
  });

  it('retries network errors until the deadline', async () => {
    let calls = 0;
    const refused: typeof fetch = () => {
      calls++;
      return Promise.reject(Object.assign(new TypeError('fetch failed'), { cause: new Error('connect ECONNREFUSED 127.0.0.1:1') }));
    };
    const error = await refusal(vaultLogin({ url: 'http://127.0.0.1:1', role: 'ci', jwt: await world.jwt(), retry: FAST_RETRY, fetch: refused }));
    expect(error.code).toBe('vault_unavailable');
    expect(error.message).toContain('ECONNREFUSED');
    expect(calls).toBe(FAST_RETRY.attempts);
  });

  it('fails fast on 400 with Vault\'s message and the fix', async () => {
    let calls = 0;
    const jwt = await world.jwt({}, 'https://wrong-audience.test');
    const error = await refusal(
      vaultLogin({
        url: world.vault.url,
        role: 'ci',
        jwt,
        retry: FAST_RETRY,
        fetch: (input, init) => {
          calls++;
          return fetch(input, init);
        },
      }),
    );
    expect(calls).toBe(1);
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/^Vault refused the login to auth\/jwt as role "ci": error validating token: invalid audience/);
    expect(error.message).toContain('add it to bound_audiences');
  });
});

describe('Vault client: settings and stalls', () => {
  it.each([
    [{ url: 'http://vault.acme.test:8200' }, /must use https/],
    [{ url: 'https://user:pw@vault.acme.test' }, /must not carry credentials/],
    [{ url: 'not a url' }, /is not a URL/],
    [{ mount: 'jwt/../sys' }, /vault-mount/],
    [{ namespace: 'team a' }, /vault-namespace/],
    [{ role: 'ci role' }, /vault-role/],
    [{ jwt: '' }, /id-token: write/],
  ])('refuses unsafe or malformed settings %j before sending anything', async (override, message) => {
    let calls = 0;
    const error = await refusal(
      vaultLogin({
        url: world.vault.url,
        role: 'ci',
        jwt: 'header.payload.signature',
        retry: FAST_RETRY,
        fetch: () => {
          calls++;
          return Promise.reject(new Error('must not be called'));
        },
        ...override,
      }),
    );
    expect(error.code).toBe('vault_settings_invalid');
    expect(error.message).toMatch(message);
    expect(calls).toBe(0);
  });

  it('abandons a stalled attempt and retries', async () => {
    world.vault.failNext(1, { stall: true });
    const session = await vaultLogin({ url: world.vault.url, role: 'ci', jwt: await world.jwt(), retry: { ...FAST_RETRY, attemptTimeoutMs: 300 } });
    expect(world.vault.snapshot().tokens.map((t) => t.accessor)).toEqual([session.accessor]);
  });
});
