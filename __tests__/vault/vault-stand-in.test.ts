import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { generateKeyPair, SignJWT } from 'jose';
import { readSecrets, revokeAll, vaultLogin } from '../../src/action/vault/vault-client.js';
import { VaultError } from '../../src/action/vault/vault-error.js';
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

const login = async (jwt: string, options: { role?: string; mount?: string; namespace?: string } = {}) =>
  vaultLogin({ url: world.vault.url, role: options.role ?? 'ci', mount: options.mount, namespace: options.namespace, jwt, retry: FAST_RETRY });

const refusal = async (promise: Promise<unknown>): Promise<VaultError> => {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(VaultError);
    return error as VaultError;
  }
  throw new Error('expected a refusal');
};

const secret = (path: string, key: string, envName: string, line = 1) => ({ path, key, envName, line });

describe('Vault stand-in: JWT login', () => {
  it('logs a matching job in with the role policies plus default, bound by TTL', async () => {
    const session = await login(await world.jwt());
    expect(session.token).toMatch(/^hvs\./);
    expect(session.policies).toEqual(['ci-read', 'default']);
    const self = await vaultFetch(world, 'GET', 'auth/token/lookup-self', { token: session.token });
    expect(self.status).toBe(200);
    const data = self.body?.data as Record<string, unknown>;
    expect(data).toMatchObject({ accessor: session.accessor, policies: ['ci-read', 'default'], meta: { role: 'ci' }, display_name: 'jwt-acme/widgets', creation_ttl: 600, path: 'auth/jwt/login' });
    expect(world.vault.snapshot()).toMatchObject({ liveTokens: 1, liveLeases: 0 });
  });

  it.each([
    ['a wrong audience', {}, 'https://other.test', /audience/, /bound_audiences/],
    ['a repository outside the glob', { repository: 'evil/widgets' }, AUDIENCE, /claim "repository" does not match/, /bound_claims/],
    ['another branch', { ref: 'refs/heads/feature' }, AUDIENCE, /claim "ref" does not match/, /bound_claims/],
    ['an expired token', { iat: Math.floor(Date.now() / 1000) - 7200, nbf: Math.floor(Date.now() / 1000) - 7200, exp: Math.floor(Date.now() / 1000) - 3600 }, AUDIENCE, /expired/, /verify/],
    ['a token not yet valid', { nbf: Math.floor(Date.now() / 1000) + 3600 }, AUDIENCE, /nbf/, /verify/],
  ])('refuses %s with 400 and Vault-style errors', async (_name, overrides, audience, said, hint) => {
    const jwt = await world.jwt(overrides, audience);
    const error = await refusal(login(jwt));
    expect(error.code).toBe('vault_login_refused');
    expect(error.status).toBe(400);
    expect(error.message).toMatch(said);
    expect(error.message).toMatch(hint);
    expect(error.message).not.toContain(jwt);
    expect(world.vault.snapshot().liveTokens).toBe(0);
  });

  it('refuses a subject other than bound_subject', async () => {
    world.vault.configure.jwtRole('main-only', { role_type: 'jwt', bound_audiences: AUDIENCE, bound_subject: 'repo:acme/widgets:ref:refs/heads/main', user_claim: 'sub' });
    expect((await login(await world.jwt(), { role: 'main-only' })).policies).toEqual(['default']);
    const error = await refusal(login(await world.jwt({ sub: 'repo:acme/widgets:pull_request' }), { role: 'main-only' }));
    expect(error.message).toMatch(/invalid subject/);
    expect(error.message).toMatch(/bound_subject/);
  });

  it('matches bound_claims globs across "/" as Vault does', async () => {
    world.vault.configure.jwtRole('workflow', {
      role_type: 'jwt',
      bound_audiences: AUDIENCE,
      bound_claims_type: 'glob',
      bound_claims: { job_workflow_ref: 'acme/*/.github/workflows/*.yml@refs/heads/main' },
      user_claim: 'sub',
    });
    await expect(login(await world.jwt(), { role: 'workflow' })).resolves.toBeDefined();
    const error = await refusal(login(await world.jwt({ job_workflow_ref: 'acme/widgets/.github/workflows/agent.yml@refs/heads/evil' }), { role: 'workflow' }));
    expect(error.message).toMatch(/job_workflow_ref/);
  });

  it('refuses tokens signed by another key, with the issuer kid or without, and other algorithms', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const kid = world.oidc.jwks().keys[0]!.kid!;
    const now = Math.floor(Date.now() / 1000);
    const body = { iss: world.oidc.issuer, aud: AUDIENCE, sub: 'repo:acme/widgets:ref:refs/heads/main', repository: 'acme/widgets', ref: 'refs/heads/main', iat: now, exp: now + 300 };
    for (const header of [{ alg: 'RS256', kid }, { alg: 'RS256', kid: 'attacker' }]) {
      const forged = await new SignJWT(body).setProtectedHeader(header).sign(privateKey);
      const error = await refusal(login(forged));
      expect(error.message).toMatch(/failed to verify id token signature/);
    }
    const hs = await new SignJWT(body).setProtectedHeader({ alg: 'HS256', kid }).sign(new TextEncoder().encode('k'.repeat(32)));
    expect((await refusal(login(hs))).message).toMatch(/validating token/);
    expect((await refusal(login(`${(await world.jwt()).split('.').slice(0, 2).join('.')}.`))).message).toMatch(/validating token/);
    expect(world.vault.snapshot().liveTokens).toBe(0);
  });

  it('refuses a token from another issuer even when its key is the same one', async () => {
    const error = await refusal(login(await world.jwt({ iss: 'https://token.actions.githubusercontent.com' })));
    expect(error.message).toMatch(/iss/);
  });

  it('names the fix for an unknown role and an unknown mount, and fails fast on them', async () => {
    let calls = 0;
    const counting: typeof fetch = (input, init) => {
      calls++;
      return fetch(input, init);
    };
    const jwt = await world.jwt();
    const role = await refusal(vaultLogin({ url: world.vault.url, role: 'nope', jwt, retry: FAST_RETRY, fetch: counting }));
    expect(role.code).toBe('vault_role_not_found');
    expect(role.message).toContain('role "nope" could not be found');
    expect(role.message).toContain('check vault-role');
    expect(calls).toBe(1);
    const mount = await refusal(login(jwt, { mount: 'github-oidc' }));
    expect(mount.code).toBe('vault_mount_not_found');
    expect(mount.message).toContain('check vault-mount');
  });
});

describe('Vault stand-in: tokens', () => {
  it('counts every use and revokes the token, and its leases, on the last one', async () => {
    world.vault.configure.jwtRole('two-uses', { role_type: 'jwt', bound_audiences: AUDIENCE, user_claim: 'sub', token_policies: ['ci-read'], token_num_uses: 2 });
    const session = await login(await world.jwt(), { role: 'two-uses' });
    await readSecrets(session, [secret('secret/data/ci/npm', 'token', 'NPM_TOKEN')]);
    expect(world.vault.snapshot().tokens[0]!.numUses).toBe(1);
    // The second use creates a lease; the token dies when that request ends, and takes the lease with it.
    await readSecrets(session, [secret('database/creds/ci', 'password', 'DB_PASSWORD')]);
    expect(world.vault.snapshot()).toMatchObject({ liveTokens: 0, liveLeases: 0 });
    const error = await refusal(readSecrets(session, [secret('secret/data/ci/npm', 'token', 'NPM_TOKEN')]));
    expect(error.code).toBe('vault_token_invalid');
    expect(error.message).toContain('token_num_uses');
    const report = await revokeAll(session);
    expect(report.ok).toBe(true);
    expect(report.items.map((i) => i.outcome)).toEqual(['revoked-with-token', 'token-already-invalid']);
  });

  it('expires tokens by TTL and caps them by max TTL on the injected clock', async () => {
    const session = await login(await world.jwt());
    world.advance(9 * 60);
    expect((await vaultFetch(world, 'GET', 'auth/token/lookup-self', { token: session.token })).status).toBe(200);
    world.advance(2 * 60);
    const after = await vaultFetch(world, 'GET', 'auth/token/lookup-self', { token: session.token });
    expect(after).toEqual({ status: 403, body: { errors: ['permission denied', 'invalid token'] } });
    expect(world.vault.snapshot().liveTokens).toBe(0);

    world.vault.configure.jwtRole('capped', { role_type: 'jwt', bound_audiences: AUDIENCE, user_claim: 'sub', token_max_ttl: '5m' });
    const capped = await login(await world.jwt(), { role: 'capped' });
    const data = (await vaultFetch(world, 'GET', 'auth/token/lookup-self', { token: capped.token })).body?.data as { creation_ttl: number };
    expect(data.creation_ttl).toBe(300);
  });

  it('expires leases by their TTL and never lets one outlive its token', async () => {
    const session = await login(await world.jwt());
    await readSecrets(session, [secret('database/creds/ci', 'password', 'DB_PASSWORD')]);
    const leaseId = session.leases[0]!.leaseId;
    expect(session.leases[0]!.leaseDurationSeconds).toBe(300);
    const lookup = await vaultFetch(world, 'PUT', 'sys/leases/lookup', { token: session.token, body: { lease_id: leaseId } });
    expect(lookup.body?.data).toMatchObject({ id: leaseId, renewable: true, ttl: 300 });
    world.advance(301);
    expect(await vaultFetch(world, 'PUT', 'sys/leases/lookup', { token: session.token, body: { lease_id: leaseId } })).toEqual({ status: 400, body: { errors: ['invalid lease'] } });
    expect(world.vault.snapshot()).toMatchObject({ liveTokens: 1, liveLeases: 0 });

    world.vault.configure.databaseRole('long', { ttl: '2h' });
    world.vault.configure.policy('long', { path: { 'database/creds/long': { capabilities: ['read'] } } });
    world.vault.configure.jwtRole('long', { role_type: 'jwt', bound_audiences: AUDIENCE, user_claim: 'sub', token_policies: 'long', token_ttl: '10m' });
    const short = await login(await world.jwt(), { role: 'long' });
    await readSecrets(short, [secret('database/creds/long', 'password', 'P')]);
    expect(short.leases[0]!.leaseDurationSeconds).toBe(600);
  });

  it('revokes child tokens and their leases with the parent', async () => {
    world.vault.configure.policy('spawner', { path: { 'auth/token/create': { capabilities: ['update'] } } });
    world.vault.configure.jwtRole('spawner', { role_type: 'jwt', bound_audiences: AUDIENCE, user_claim: 'sub', token_policies: 'ci-read,spawner', token_ttl: '10m' });
    const parent = await login(await world.jwt(), { role: 'spawner' });
    const created = await vaultFetch(world, 'POST', 'auth/token/create', { token: parent.token, body: { policies: ['ci-read'], ttl: '1h' } });
    const child = (created.body?.auth as { client_token: string; lease_duration: number }) ?? { client_token: '' };
    expect(child.lease_duration).toBeLessThanOrEqual(600);
    expect((await vaultFetch(world, 'POST', 'auth/token/create', { token: parent.token, body: { policies: ['root'] } })).body).toEqual({ errors: ['child policies must be subset of parent'] });
    expect((await vaultFetch(world, 'GET', 'database/creds/ci', { token: child.client_token })).status).toBe(200);
    expect(world.vault.snapshot()).toMatchObject({ liveTokens: 2, liveLeases: 1 });
    expect(world.vault.snapshot().tokens.find((t) => t.parentAccessor === parent.accessor)).toBeDefined();
    expect((await vaultFetch(world, 'POST', 'auth/token/revoke-self', { token: parent.token })).status).toBe(204);
    expect(world.vault.snapshot()).toMatchObject({ liveTokens: 0, liveLeases: 0 });
    expect((await vaultFetch(world, 'GET', 'secret/data/ci/npm', { token: child.client_token })).status).toBe(403);
  });
});

describe('Vault stand-in: policies and namespaces', () => {
  it('enforces path ACLs on every request', async () => {
    const session = await login(await world.jwt());
    world.vault.configure.kv('other/db', { password: 'other-test-value' });
    const denied = await refusal(readSecrets(session, [secret('secret/data/other/db', 'password', 'OTHER')]));
    expect(denied.code).toBe('vault_permission_denied');
    expect(denied.message).toContain('check that the Vault policy of role "ci" grants "read" on "secret/data/other/db"');
    expect(denied.message).not.toContain('other-test-value');
    const kv1 = await refusal(readSecrets(session, [secret('secret/ci/npm', 'token', 'T')]));
    expect(kv1.message).toContain('KV v2 paths include "data/", e.g. secret/data/ci/npm');
    // Read on secret/data/ci/* does not allow writing there, nor configuring Vault.
    expect((await vaultFetch(world, 'POST', 'secret/data/ci/npm', { token: session.token, body: { data: { token: 'x' } } })).body).toEqual({ errors: ['permission denied'] });
    expect((await vaultFetch(world, 'POST', 'auth/jwt/role/ci', { token: session.token, body: { role_type: 'jwt', bound_audiences: 'x', user_claim: 'sub' } })).status).toBe(403);
    expect((await vaultFetch(world, 'PUT', 'sys/policies/acl/ci-read', { token: session.token, body: { policy: '{"path":{"*":{"capabilities":["sudo"]}}}' } })).status).toBe(403);
    expect((await vaultFetch(world, 'GET', 'secret/data/ci/npm', {})).body).toEqual({ errors: ['permission denied', 'missing client token'] });
  });

  it('is configurable over HTTP with the root token, validating as Vault does', async () => {
    const root = world.vault.rootToken;
    expect((await vaultFetch(world, 'PUT', 'sys/policies/acl/web', { token: root, body: { policy: JSON.stringify({ path: { 'secret/data/web/*': { capabilities: ['read'] } } }) } })).status).toBe(204);
    expect((await vaultFetch(world, 'POST', 'auth/jwt/role/web', { token: root, body: { role_type: 'jwt', user_claim: 'sub' } })).body).toEqual({ errors: ['must have at least one bound constraint when creating/updating a role'] });
    expect((await vaultFetch(world, 'POST', 'auth/jwt/role/web', { token: root, body: { role_type: 'jwt', user_claim: 'sub', bound_audiences: [AUDIENCE], token_policies: ['web'] } })).status).toBe(204);
    expect((await vaultFetch(world, 'GET', 'auth/jwt/role/web', { token: root })).body?.data).toMatchObject({ bound_audiences: [AUDIENCE], token_policies: ['web'], role_type: 'jwt' });
    const written = await vaultFetch(world, 'POST', 'secret/data/web/api', { token: root, body: { data: { key: 'web-test-value' } } });
    expect(written.body?.data).toMatchObject({ version: 1 });
    const session = await login(await world.jwt(), { role: 'web' });
    const { env } = await readSecrets(session, [secret('secret/data/web/api', 'key', 'WEB_KEY')]);
    expect(env).toEqual({ WEB_KEY: 'web-test-value' });
  });

  it('keeps namespaces apart: roles, secrets and tokens belong to one namespace', async () => {
    for (const ns of ['team-a', 'team-b']) {
      world.vault.configure.policy('ci-read', { path: { 'secret/data/ci/*': { capabilities: ['read'] } } }, ns);
      world.vault.configure.jwtRole('ci', { role_type: 'jwt', bound_audiences: AUDIENCE, user_claim: 'sub', token_policies: 'ci-read' }, { namespace: ns });
      world.vault.configure.kv('ci/npm', { token: `${ns}-test-value` }, ns);
    }
    world.vault.configure.jwtRole('only-a', { role_type: 'jwt', bound_audiences: AUDIENCE, user_claim: 'sub' }, { namespace: 'team-a' });
    const a = await login(await world.jwt(), { namespace: 'team-a' });
    expect((await readSecrets(a, [secret('secret/data/ci/npm', 'token', 'T')])).env.T).toBe('team-a-test-value');
    const root = await login(await world.jwt());
    expect((await readSecrets(root, [secret('secret/data/ci/npm', 'token', 'T')])).env.T).toBe('npm-test-value-0001');
    // The team-a token is unknown in team-b and in the root namespace, and vice versa.
    for (const [token, namespace] of [[a.token, 'team-b'], [a.token, undefined], [root.token, 'team-a']] as const) {
      expect(await vaultFetch(world, 'GET', 'secret/data/ci/npm', { token, namespace })).toEqual({ status: 403, body: { errors: ['permission denied', 'invalid token'] } });
    }
    expect((await refusal(login(await world.jwt(), { role: 'only-a', namespace: 'team-b' }))).code).toBe('vault_role_not_found');
    expect(world.vault.snapshot().tokens.map((t) => t.namespace).sort()).toEqual(['', 'team-a']);
    expect((await refusal(login(await world.jwt(), { namespace: 'team-c' }))).code).toBe('vault_mount_not_found');
  });
});
