import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startStack, type Stack } from '../../src/demo/start-stack.js';
import { commitFiles, headOf } from '../../src/world/github/world-state.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());

async function exchange(body: unknown) {
  const token = await stack.world.oidc.mint({}, 'airlock');
  const res = await fetch(`${stack.app.url}/airlock/v1/token`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as { error?: { code: string }; token?: string; permissions?: unknown } };
}

describe('trust policies come from the default branch only', () => {
  it('ignores a policy that exists only on a pull-request branch', async () => {
    const repo = stack.world.repo('acme/widgets');
    const text = headOf(repo).files.get('.github/airlock/agent.sts.yaml')!;
    commitFiles(repo, 'feature', { files: { '.github/airlock/pr-only.sts.yaml': text, '.github/airlock/agent.sts.yaml': text.replace('contents: read', 'contents: write') }, message: 'widen', author: { name: 'mallory', email: 'm@x' } });
    expect((await exchange({ identity: 'pr-only' })).json.error?.code).toBe('policy_not_found');
    const widened = await exchange({ identity: 'agent', permissions: { contents: 'write' } });
    expect(widened.json.error?.code).toBe('permission_not_allowed');
    expect((stack.world.snapshot().tokens as { narrowed_minted: number }).narrowed_minted).toBe(0);
  });

  it('mints from the default-branch policy, narrowed, and the token works only as granted', async () => {
    const { json, status } = await exchange({ identity: 'agent', permissions: { contents: 'read' } });
    expect(status).toBe(200);
    expect(json.permissions).toEqual({ contents: 'read' });
    const api = (path: string) => fetch(`${stack.world.githubApiUrl}${path}`, { headers: { authorization: `token ${json.token}` } });
    expect((await api('/repos/acme/widgets/contents/README.md')).status).toBe(200);
    expect((await api('/repos/acme/gadgets/contents/README.md')).status).toBe(404);
    const revoke = await fetch(`${stack.app.url}/airlock/v1/token`, { method: 'DELETE', headers: { authorization: `token ${json.token}` } });
    expect(revoke.status).toBe(204);
    expect((await api('/repos/acme/widgets/contents/README.md')).status).toBe(401);
  });
});
