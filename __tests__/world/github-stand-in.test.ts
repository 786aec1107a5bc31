import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startWorld, type World } from '../../src/world/start-world.js';
import { appJwt, mintInstallationToken } from '../support/app-jwt.js';

let world: World;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(() => world.close());

const api = (path: string, token: string, init: RequestInit = {}) =>
  fetch(`${world.githubApiUrl}${path}`, { ...init, headers: { authorization: `token ${token}`, 'content-type': 'application/json', ...init.headers } });

describe('GitHub API stand-in', () => {
  it('refuses a request that breaks GitHub OpenAPI schema and records the violation', async () => {
    const { json } = await mintInstallationToken(world, { permissions: { checks: 'write' }, repositories: ['widgets'] });
    const before = world.state.violations.length;
    const res = await api('/repos/acme/widgets/check-runs', String(json.token), { method: 'POST', body: JSON.stringify({ name: 'x', head_sha: 'a'.repeat(40), conclusion: 'maybe' }) });
    expect(res.status).toBe(422);
    expect(world.state.violations.length).toBeGreaterThan(before);
    expect(world.state.violations.at(-1)).toMatchObject({ where: 'body' });
    expect(world.state.checkRuns).toHaveLength(0);
    world.state.violations.length = before;
  });

  it('accepts a valid request, answering with a body GitHub documents', async () => {
    const { json } = await mintInstallationToken(world, { permissions: { checks: 'write' }, repositories: ['widgets'] });
    const res = await api('/repos/acme/widgets/check-runs', String(json.token), { method: 'POST', body: JSON.stringify({ name: 'Airlock', head_sha: 'b'.repeat(40), status: 'completed', conclusion: 'success' }) });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ name: 'Airlock', conclusion: 'success', head_sha: 'b'.repeat(40) });
    expect(world.state.violations).toEqual([]);
  });

  it('gives a contents:read token 403 on a write and 200 on a read', async () => {
    const { json } = await mintInstallationToken(world, { permissions: { contents: 'read' }, repositories: ['widgets'] });
    const token = String(json.token);
    const read = await api('/repos/acme/widgets/git/ref/heads/main', token);
    expect(read.status).toBe(200);
    const sha = ((await read.json()) as { object: { sha: string } }).object.sha;
    const write = await api('/repos/acme/widgets/git/refs/heads/main', token, { method: 'PATCH', body: JSON.stringify({ sha, force: true }) });
    expect(write.status).toBe(403);
    expect(((await write.json()) as { message: string }).message).toBe('Resource not accessible by integration');
  });

  it('hides repositories outside a narrowed token (404) and refuses revoked and unknown tokens (401)', async () => {
    const { json } = await mintInstallationToken(world, { permissions: { contents: 'read', metadata: 'read' }, repositories: ['widgets'] });
    const token = String(json.token);
    expect((await api('/repos/acme/gadgets', token)).status).toBe(404);
    expect((await api('/repos/acme/widgets', token)).status).toBe(200);
    expect((await api('/installation/token', token, { method: 'DELETE' })).status).toBe(204);
    expect((await api('/repos/acme/widgets', token)).status).toBe(401);
    expect((await api('/repos/acme/widgets', 'ghs_' + 'x'.repeat(36))).status).toBe(401);
  });

  it('refuses to mint beyond the installation (422) and honours expiry', async () => {
    expect((await mintInstallationToken(world, { permissions: { workflows: 'write' } })).status).toBe(422);
    expect((await mintInstallationToken(world, { repositories: ['not-there'] })).status).toBe(422);
    const { json } = await mintInstallationToken(world, { permissions: { metadata: 'read' }, repositories: ['widgets'] });
    const realClock = world.state.clock;
    world.state.clock = () => realClock() + 3_601_000;
    try {
      expect((await api('/repos/acme/widgets', String(json.token))).status).toBe(401);
    } finally {
      world.state.clock = realClock;
    }
  });

  it('serves the same API under /api/v3 and at the root, and GET /app only to the App JWT', async () => {
    const jwt = await appJwt(world);
    const root = world.githubApiUrl.replace(/\/api\/v3$/, '');
    const a = await fetch(`${root}/app`, { headers: { authorization: `Bearer ${jwt}` } });
    const b = await fetch(`${world.githubApiUrl}/app`, { headers: { authorization: `Bearer ${jwt}` } });
    expect(a.status).toBe(200);
    expect(((await b.json()) as { id: number }).id).toBe(world.state.app.id);
    const { json } = await mintInstallationToken(world, { permissions: { metadata: 'read' }, repositories: ['widgets'] });
    expect((await api('/app', String(json.token))).status).toBe(401);
  });

  it('reports live tokens, check runs and refs at /_world/state without any token value', async () => {
    const { json } = await mintInstallationToken(world, { permissions: { metadata: 'read' }, repositories: ['widgets'] });
    const res = await fetch(`${world.state.serverUrl}/_world/state`);
    const text = await res.text();
    expect(text).not.toContain(String(json.token));
    const state = JSON.parse(text) as { tokens: { live: number }; refs: Record<string, Record<string, string>> };
    expect(state.tokens.live).toBeGreaterThan(0);
    expect(state.refs['acme/widgets']?.['heads/main']).toMatch(/^[0-9a-f]{40}$/);
  });
});
