import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startStack, type Stack } from '../../src/demo/start-stack.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());

describe('an agent push is judged by the configuration it found', () => {
  it('still fails and opens an incident when the same push removes the agent from the configuration', async () => {
    const issues = stack.world.state.issues.length;
    const push = await stack.world.push({
      repo: 'acme/widgets',
      branch: 'main',
      files: { '.github/airlock.yml': 'agents: []\nprotected_branches: []\n', 'src/index.js': 'export const answer = 0;\n' },
      pusher: 'agent-smith[bot]',
      message: 'agent: relax the rules and change the code',
    });
    expect(push.delivery.status).toBe(202);
    const run = stack.world.state.checkRuns.find((r) => r.headSha === push.sha && r.name === 'Airlock');
    expect(run?.conclusion).toBe('failure');
    expect(stack.world.state.issues.length).toBe(issues + 1);
  });

  it('uses the new configuration for the next push, once a human has landed it', async () => {
    await stack.world.push({ repo: 'acme/widgets', branch: 'main', files: { '.github/airlock.yml': 'agents:\n  - renovate[bot]\n' }, pusher: 'alice', message: 'alice: only renovate is an agent' });
    const push = await stack.world.push({ repo: 'acme/widgets', branch: 'main', files: { 'src/index.js': 'export const answer = 1;\n' }, pusher: 'agent-smith[bot]' });
    expect(stack.world.state.checkRuns.some((r) => r.headSha === push.sha)).toBe(false);
  });
});
