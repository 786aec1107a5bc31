import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startStack, type Stack } from '../../src/demo/start-stack.js';
import { commitFiles } from '../../src/world/github/world-state.js';
import { mintInstallationToken } from '../support/app-jwt.js';

// The App as deployed (startApp): branch protection handlers and the slow sweep are wired.
let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());

describe('the App enforces branch protection', () => {
  it('answers installation.created with a dry-run drift issue in the default issue mode', async () => {
    const payload = stack.world.payload('installation', { action: 'created', sender: stack.world.user('alice'), fields: { repositories: [{ id: stack.world.repo('acme/widgets').id, node_id: 'R_1', name: 'widgets', full_name: 'acme/widgets', private: false }] } });
    const delivery = await stack.world.deliver('installation', payload);
    expect(delivery.status).toBe(202);
    expect(stack.world.state.issues.map((i) => i.title)).toContain('Airlock: branch protection drift');
    expect(stack.world.state.rulesets).toHaveLength(0);
    expect(stack.world.state.violations).toEqual([]);
  });

  it('in fix mode the sweep applies the ruleset, after which an agent token cannot move main', async () => {
    const widgets = stack.world.repo('acme/widgets');
    commitFiles(widgets, 'main', { files: { '.github/airlock.yml': 'agents:\n  - agent-smith[bot]\nmode: fix\n' }, message: 'fix mode', author: { name: 'alice', email: 'a@x' } });
    await stack.app.sweepProtection();
    // The branch ruleset and the tag ruleset (publishing needs a human).
    expect(stack.world.state.rulesets.filter((r) => r.repoId === widgets.id).map((r) => r.body.target)).toEqual(['branch', 'tag']);
    const { json } = await mintInstallationToken(stack.world, { permissions: { contents: 'write' }, repositories: ['widgets'] });
    const sha = widgets.refs.get('heads/main');
    const res = await fetch(`${stack.world.githubApiUrl}/repos/acme/widgets/git/refs/heads/main`, { method: 'PATCH', headers: { authorization: `token ${json.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ sha, force: true }) });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('Repository rule violations found');
    expect(stack.world.state.violations).toEqual([]);
  });
});
