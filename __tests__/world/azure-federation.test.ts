import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generateKeyPair, SignJWT } from 'jose';
import { AZURE_FEDERATION_AUDIENCE } from '../../src/world/azure/azure-state.js';
import { defaultJobClaims, startOidcIssuer, type ActionsClaims, type OidcIssuer } from '../../src/world/oidc-issuer.js';
import { startWorld, type World } from '../../src/world/start-world.js';
import { worldRequest } from '../support/world-request.js';

/*
 * The world's Entra token endpoint issues an access token for the client credentials grant only
 * when the client assertion (the job's OIDC token) matches a federated identity credential of the
 * app on issuer, audience and subject (exact, or a flexible credential's pattern), verifies against
 * the issuer's keys and is in its validity; each refusal is Entra's AADSTS error. The Resource
 * Manager-shaped endpoint answers only tokens issued for it, by the app's role.
 */
let world: World;
let other: OidcIssuer;

beforeAll(async () => {
  world = await startWorld();
  other = await startOidcIssuer({ defaults: defaultJobClaims({ repositoryId: 1, ownerId: 2, actorId: 3 }) });
});

afterAll(async () => {
  await other.close();
  await world.close();
});

const ca = () => world.https.caPem;
const json = (body: string) => JSON.parse(body) as Record<string, unknown>;
const mint = (claims: ActionsClaims = {}, audience = AZURE_FEDERATION_AUDIENCE) => world.oidc.mint(claims, audience);

function token(assertion: string, options: { clientId?: string; tenant?: string; scope?: string } = {}) {
  const form = new URLSearchParams({
    client_id: options.clientId ?? world.azure.apps.agent,
    scope: options.scope ?? `${world.azure.management.url}/.default`,
    grant_type: 'client_credentials',
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion: assertion,
  });
  return worldRequest(`${world.azure.login.url}/${options.tenant ?? world.azure.tenantId}/oauth2/v2.0/token`, { ca: ca(), method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() });
}

const groups = (bearer: string) => worldRequest(`${world.azure.management.url}/subscriptions/${world.azure.subscriptionId}/resourcegroups?api-version=2021-04-01`, { ca: ca(), headers: { authorization: `Bearer ${bearer}` } });
const codes = (body: string) => (json(body).error_codes as number[] | undefined) ?? [];

describe('Entra token endpoint stand-in: client credentials with a federated credential', () => {
  it('issues a token for the resource to an assertion matching the credential; the token lists resource groups', async () => {
    const res = await token(await mint());
    expect(res.status).toBe(200);
    const body = json(res.body) as { access_token: string; token_type: string; expires_in: number };
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3599 });
    expect(body.access_token).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
    const listed = await groups(body.access_token);
    expect(listed.status).toBe(200);
    expect(json(listed.body).value).toEqual([expect.objectContaining({ name: 'widgets-rg', location: 'westeurope' })]);
  });

  it('refuses a forged assertion (another key, same kid), a tampered one and alg none: AADSTS700027', async () => {
    const real = await mint();
    const [h, p, s] = real.split('.') as [string, string, string];
    const header = JSON.parse(Buffer.from(h, 'base64url').toString()) as { kid: string };
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: header.kid }).sign(privateKey);
    const tampered = [h, Buffer.from(JSON.stringify({ ...payload, jti: 'x' })).toString('base64url'), s].join('.');
    const none = `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${p}.`;
    for (const assertion of [forged, tampered, none]) {
      const res = await token(assertion);
      expect(res.status).toBe(401);
      expect(codes(res.body)).toEqual([700027]);
    }
  });

  it('refuses a foreign issuer (700211), another audience (700212), another subject or repository (700213), an expired assertion (700024)', async () => {
    expect(codes((await token(await other.mint({}, AZURE_FEDERATION_AUDIENCE))).body)).toEqual([700211]);
    expect(codes((await token(await mint({}, 'sts.amazonaws.com'))).body)).toEqual([700212]);
    expect(codes((await token(await mint({ sub: 'repo:acme/widgets:ref:refs/heads/feature' }))).body)).toEqual([700213]);
    expect(codes((await token(await mint({ sub: 'repo:acme/other:ref:refs/heads/main', repository: 'acme/other' }))).body)).toEqual([700213]);
    const now = Math.floor(Date.now() / 1000);
    expect(codes((await token(await mint({ iat: now - 7200, nbf: now - 7200, exp: now - 3600 }))).body)).toEqual([700024]);
  });

  it("a flexible credential's pattern takes any ref of the repository, and only that repository", async () => {
    const anyBranch = world.azure.apps.anyBranch;
    expect((await token(await mint({ sub: 'repo:acme/widgets:ref:refs/heads/feature' }), { clientId: anyBranch })).status).toBe(200);
    expect(codes((await token(await mint({ sub: 'repo:acme/widgets-fork:ref:refs/heads/main' }), { clientId: anyBranch })).body)).toEqual([700213]);
  });

  it('refuses an unknown tenant, an unknown app, an app without federated credentials, and a scope that is not {resource}/.default', async () => {
    const assertion = await mint();
    expect(codes((await token(assertion, { tenant: '00000000-0000-0000-0000-000000000000' })).body)).toEqual([90002]);
    expect(codes((await token(assertion, { clientId: '11111111-1111-1111-1111-111111111111' })).body)).toEqual([700016]);
    expect(codes((await token(assertion, { clientId: world.azure.apps.noCredential })).body)).toEqual([700211]);
    expect(codes((await token(assertion, { scope: `${world.azure.management.url}/user_impersonation` })).body)).toEqual([1002012]);
    expect(codes((await token(assertion, { scope: 'https://vault.azure.net/.default' })).body)).toEqual([500011]);
  });
});

describe('Resource Manager stand-in', () => {
  it('refuses a missing or unknown bearer token (401 with WWW-Authenticate), and a write by a Reader (403)', async () => {
    const missing = await worldRequest(`${world.azure.management.url}/subscriptions/${world.azure.subscriptionId}/resourcegroups?api-version=2021-04-01`, { ca: ca() });
    expect(missing.status).toBe(401);
    const unknown = await groups('eyJ.forged.token');
    expect(unknown.status).toBe(401);
    expect(unknown.headers['www-authenticate']).toContain('Bearer');
    const bearer = String(json((await token(await mint())).body).access_token);
    const put = await worldRequest(`${world.azure.management.url}/subscriptions/${world.azure.subscriptionId}/resourcegroups/new-rg?api-version=2021-04-01`, { ca: ca(), method: 'PUT', headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' }, body: '{"location":"westeurope"}' });
    expect(put.status).toBe(403);
    expect(json(put.body)).toMatchObject({ error: { code: 'AuthorizationFailed' } });
    expect(world.azure.state.resourceGroups.has('new-rg')).toBe(false);
  });
});
