import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startStack, type Stack } from '../../src/demo/start-stack.js';
import { commentOnPull, openPull, submitReview } from '../../src/world/pull-requests.js';
import { commitFiles } from '../../src/world/github/world-state.js';

// The deployed App (startApp) gates agent pull requests and feeds the gate the shared scanner.
let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());

const gateCheck = (sha: string) => stack.world.state.checkRuns.find((r) => r.name === 'Airlock' && r.headSha === sha);

describe('the PR gate in the App', () => {
  it('fails an agent pull request that adds a private key, saying the scan found a secret', async () => {
    const pem = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    const pull = await openPull(stack.world, { repo: 'acme/widgets', head: 'agent/leak', author: 'agent-smith[bot]', files: { 'deploy/key.pem': pem }, title: 'add deploy key' });
    const sha = stack.world.repo('acme/widgets').refs.get('heads/agent/leak')!;
    const check = gateCheck(sha);
    expect(check?.conclusion).toBe('failure');
    expect(check?.output?.summary).toMatch(/secret scan found 1 secret/);
    expect(JSON.stringify(stack.world.state.checkRuns)).not.toContain(pem.split('\n')[1]);
    expect(pull).toBeDefined();
    expect(stack.world.state.violations).toEqual([]);
  });

  it('reports a clean scan on an agent pull request without secrets (still gated on approval)', async () => {
    await openPull(stack.world, { repo: 'acme/widgets', head: 'agent/clean', author: 'agent-smith[bot]', files: { 'src/index.js': 'export const answer = 44;\n' }, title: 'tweak' });
    const check = gateCheck(stack.world.repo('acme/widgets').refs.get('heads/agent/clean')!);
    expect(check?.conclusion).toBe('failure');
    expect(check?.output?.summary).not.toMatch(/secret scan found/);
    expect(check?.output?.summary).toMatch(/approv/i);
  });

  it('in solo mode lets a human author approve their own gated pull request; without it, not', async () => {
    // Pushed, as GitHub would: the gate keeps its configuration until a push to the default branch changes it.
    const setConfig = (extra: string) => stack.world.push({ repo: 'acme/widgets', branch: 'main', pusher: 'alice', files: { '.github/airlock.yml': `agents:\n  - agent-smith[bot]\ngate_all_pull_requests: true\n${extra}` } });
    const approveOwn = async (head: string, extra: string) => {
      await setConfig(extra);
      const { pull, sha } = await openPull(stack.world, { repo: 'acme/widgets', head, author: 'alice', files: { '.github/workflows/ci.yml': `on: push # ${head}\n` }, title: 'ci' });
      await commentOnPull(stack.world, pull, { user: 'alice', body: `/airlock approve ${sha}` });
      return gateCheck(sha)?.conclusion;
    };
    expect(await approveOwn('alice/no-solo', '')).toBe('failure');
    expect(await approveOwn('alice/solo', 'solo: true\n')).toBe('success');
    expect(stack.world.state.violations).toEqual([]);
  });

  it('by default gates human pull requests too, so the required check is there and passes once a writer approves', async () => {
    const widgets = stack.world.repo('acme/widgets');
    commitFiles(widgets, 'main', { files: { '.github/airlock.yml': 'agents:\n  - agent-smith[bot]\n' }, message: 'defaults', author: { name: 'alice', email: 'a@x' } });
    const { pull, sha } = await openPull(stack.world, { repo: 'acme/widgets', head: 'bob/plain', author: 'bob', files: { 'src/plain.js': 'export const plain = 1;\n' }, title: 'plain' });
    expect(gateCheck(sha)?.conclusion).toBe('failure');
    await submitReview(stack.world, pull, { user: 'alice', state: 'APPROVED', commitId: sha });
    expect(gateCheck(sha)?.conclusion).toBe('success');
  });
});
