import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generateKeyPair, SignJWT } from 'jose';
import { defaultProviderAudience } from '../../src/world/gcp/gcp-state.js';
import { GCP_BUCKET } from '../../src/world/gcp/gcp-world.js';
import { defaultJobClaims, startOidcIssuer, type ActionsClaims, type OidcIssuer } from '../../src/world/oidc-issuer.js';
import { startWorld, type World } from '../../src/world/start-world.js';
import { worldRequest } from '../support/world-request.js';

/*
 * The world's Google Cloud stand-ins: STS exchanges only tokens from the provider's issuer, signed
 * with its keys, for the provider's audience, that satisfy its attribute condition (owner id, and
 * repository id for the narrower provider); IAM Credentials lets only the repository's principal
 * set impersonate the bound service account; Storage answers only tokens the world issued, for
 * members the bucket grants.
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
const provider = () => world.gcp.providers.github;

function exchange(subjectToken: string, audience = `//iam.googleapis.com/${provider()}`) {
  const form = new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange', subject_token_type: 'urn:ietf:params:oauth:token-type:jwt', requested_token_type: 'urn:ietf:params:oauth:token-type:access_token', scope: 'https://www.googleapis.com/auth/cloud-platform', audience, subject_token: subjectToken });
  return worldRequest(`${world.gcp.sts.url}/v1/token`, { ca: ca(), method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() });
}

const mint = (claims: ActionsClaims = {}, name = provider()) => world.oidc.mint(claims, defaultProviderAudience(name));
const json = (body: string) => JSON.parse(body) as Record<string, unknown>;

function impersonate(federated: string, email = world.gcp.serviceAccounts.agent, lifetime = '600s') {
  return worldRequest(`${world.gcp.iamCredentials.url}/v1/projects/-/serviceAccounts/${encodeURIComponent(email)}:generateAccessToken`, {
    ca: ca(),
    method: 'POST',
    headers: { authorization: `Bearer ${federated}`, 'content-type': 'application/json' },
    body: JSON.stringify({ scope: ['https://www.googleapis.com/auth/cloud-platform'], lifetime }),
  });
}

const readObject = (token: string) => worldRequest(`${world.gcp.storage.url}/storage/v1/b/${GCP_BUCKET}/o/${'build.txt'}?alt=media`, { ca: ca(), headers: { authorization: `Bearer ${token}` } });

describe('GCP STS stand-in: token exchange', () => {
  it('exchanges a token from the trusted issuer, for the provider audience, from the owner the condition names', async () => {
    const res = await exchange(await mint());
    expect(res.status).toBe(200);
    const body = json(res.body);
    expect(body).toMatchObject({ issued_token_type: 'urn:ietf:params:oauth:token-type:access_token', token_type: 'Bearer', expires_in: 3600 });
    const token = world.gcp.state.tokens.get(String(body.access_token));
    expect(token).toMatchObject({ kind: 'federated', principal: expect.stringMatching(/\/subject\/repo:acme\/widgets:ref:refs\/heads\/main$/) });
    expect(token?.kind === 'federated' && token.principalSets).toContain(world.gcp.repositoryMember);
  });

  it('accepts the REST reference JSON body too', async () => {
    const res = await worldRequest(`${world.gcp.sts.url}/v1/token`, { ca: ca(), method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ grantType: 'urn:ietf:params:oauth:grant-type:token-exchange', subjectTokenType: 'urn:ietf:params:oauth:token-type:jwt', audience: `//iam.googleapis.com/${provider()}`, subjectToken: await mint() }) });
    expect(res.status).toBe(200);
  });

  it('refuses a forged token (another key, same kid), a tampered one and alg none: invalid_grant', async () => {
    const real = await mint();
    const [h, p, s] = real.split('.') as [string, string, string];
    const header = JSON.parse(Buffer.from(h, 'base64url').toString()) as { kid: string };
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: header.kid }).sign(privateKey);
    const tampered = [h, Buffer.from(JSON.stringify({ ...payload, repository_owner_id: 'x' })).toString('base64url'), s].join('.');
    const none = `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${p}.`;
    for (const token of [forged, tampered, none]) {
      const res = await exchange(token);
      expect(res.status).toBe(400);
      expect(json(res.body)).toMatchObject({ error: 'invalid_grant', error_description: 'Invalid JWT signature.' });
    }
  });

  it('refuses a foreign issuer, another audience and an expired token', async () => {
    const foreign = await exchange(await other.mint({}, defaultProviderAudience(provider())));
    expect(json(foreign.body)).toMatchObject({ error: 'invalid_grant' });
    expect(foreign.status).toBe(400);
    const audience = await exchange(await world.oidc.mint({}, 'sts.amazonaws.com'));
    expect(json(audience.body)).toMatchObject({ error: 'invalid_grant', error_description: expect.stringContaining('does not match the expected audience') });
    const now = Math.floor(Date.now() / 1000);
    const expired = await exchange(await mint({ iat: now - 7200, nbf: now - 7200, exp: now - 3600 }));
    expect(json(expired.body)).toMatchObject({ error: 'invalid_grant', error_description: 'The ID Token has expired.' });
  });

  it('enforces the attribute condition: another owner, and for the narrower provider another repository id', async () => {
    const owner = await exchange(await mint({ repository_owner_id: '999' }));
    expect(owner.status).toBe(400);
    expect(json(owner.body)).toMatchObject({ error: 'unauthorized_client', error_description: 'The given credential is rejected by the attribute condition.' });
    const narrow = world.gcp.providers.widgetsOnly;
    const ok = await exchange(await mint({}, narrow), `//iam.googleapis.com/${narrow}`);
    expect(ok.status).toBe(200);
    const recreated = await exchange(await mint({ repository_id: '31337' }, narrow), `//iam.googleapis.com/${narrow}`);
    expect(json(recreated.body)).toMatchObject({ error: 'unauthorized_client' });
  });

  it('refuses an audience that names no provider: invalid_target', async () => {
    const res = await exchange(await mint(), `//iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/nope/providers/nope`);
    expect(json(res.body)).toMatchObject({ error: 'invalid_target' });
  });
});

describe('GCP IAM Credentials and Storage stand-ins', () => {
  let federated: string;
  beforeAll(async () => {
    federated = String(json((await exchange(await mint())).body).access_token);
  });

  it('impersonates the bound service account for the repository principal set; the token reads the bucket', async () => {
    const res = await impersonate(federated);
    expect(res.status).toBe(200);
    const { accessToken, expireTime } = json(res.body) as { accessToken: string; expireTime: string };
    expect(accessToken).toMatch(/^ya29\./);
    expect(Date.parse(expireTime) - Date.now()).toBeLessThanOrEqual(600_000);
    const read = await readObject(accessToken);
    expect(read).toMatchObject({ status: 200, body: 'build 41: all green (gcs)\n' });
    expect(world.gcp.state.calls.at(-1)).toMatchObject({ service: 'storage', status: 200, caller: world.gcp.serviceAccounts.agent, bearer: accessToken });
  });

  it("another repository of the same owner passes STS's owner condition but may not impersonate the account bound to acme/widgets", async () => {
    const res = await exchange(await mint({ repository: 'acme/gadgets', repository_id: '999', sub: 'repo:acme/gadgets:ref:refs/heads/main' }));
    expect(res.status).toBe(200);
    const gadgets = String(json(res.body).access_token);
    expect(json((await impersonate(gadgets)).body)).toMatchObject({ error: { code: 403, status: 'PERMISSION_DENIED' } });
    expect((await readObject(gadgets)).status).toBe(403);
  });

  it('refuses an account the principal set is not bound to, a lifetime over an hour, and an unknown bearer', async () => {
    expect(json((await impersonate(federated, world.gcp.serviceAccounts.unbound)).body)).toMatchObject({ error: { code: 403, status: 'PERMISSION_DENIED' } });
    expect(json((await impersonate(federated, world.gcp.serviceAccounts.agent, '7200s')).body)).toMatchObject({ error: { code: 400, status: 'INVALID_ARGUMENT' } });
    expect((await impersonate('ya29.not-issued-here')).status).toBe(401);
  });

  it('Storage takes the federated token directly (the bucket grants the principal set) and refuses unknown tokens and uploads by readers', async () => {
    expect(await readObject(federated)).toMatchObject({ status: 200, body: 'build 41: all green (gcs)\n' });
    const unknown = await readObject('ya29.forged');
    expect(unknown.status).toBe(401);
    expect(unknown.headers['www-authenticate']).toContain('Bearer');
    const upload = await worldRequest(`${world.gcp.storage.url}/upload/storage/v1/b/${GCP_BUCKET}/o?uploadType=media&name=x.txt`, { ca: ca(), method: 'POST', headers: { authorization: `Bearer ${federated}`, 'content-type': 'text/plain' }, body: 'x' });
    expect(upload.status).toBe(403);
    expect(world.gcp.state.buckets.get(GCP_BUCKET)!.objects.has('x.txt')).toBe(false);
  });
});
