import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startStack, type Stack } from '../../src/demo/start-stack.js';
import { pullHead } from '../../src/world/pull-requests.js';
import { seedTrustPolicy } from '../../src/world/github/seed-world.js';
import { commitFiles, hashToken, headOf } from '../../src/world/github/world-state.js';
import { runAction, type ActionRun } from '../../src/world/runner-harness.js';
import { MAIN, POST } from '../support/dist-paths.js';

/*
 * Issue 13 item 4: `pull-request: true`. The Action commits the agent's handed-back change on the
 * checkout, pushes it and opens the pull request with a token minted for that alone, which the
 * agent never held; the pull request is the App's bot's, so the gate treats it as an agent's and
 * verifies the run's attestation.
 */
let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
  const widgets = stack.world.repo('acme/widgets');
  const policy = seedTrustPolicy(stack.world.oidc.issuer).replace('  contents: read', '  contents: write\n  pull_requests: write');
  commitFiles(widgets, 'main', { files: { '.github/airlock/pr.sts.yaml': policy }, message: 'a policy that may open pull requests', author: { name: 'alice', email: 'alice@example.test' } });
});
afterAll(() => stack.close());

const live = () => (stack.world.snapshot().tokens as { narrowed_live: number }).narrowed_live;

function run(agent: string, inputs: Record<string, string> = {}): Promise<ActionRun> {
  return runAction({
    mainPath: MAIN,
    postPath: POST,
    inputs: {
      'broker-url': stack.app.url,
      identity: 'pr',
      permissions: 'contents: read',
      run: agent,
      'pull-request': 'true',
      'fulcio-url': stack.world.sigstore.url,
      'rekor-url': stack.world.sigstore.url,
      'github-token': stack.world.jobToken('acme/widgets', { attestations: 'write' }),
      ...inputs,
    },
    env: { ...stack.jobEnv(), GITHUB_REF_NAME: 'main' },
    clone: { url: `${stack.world.https.serverUrl}/acme/widgets.git`, token: stack.world.jobToken('acme/widgets', { contents: 'read' }), caFile: stack.world.https.caFile },
  });
}

describe('pull-request: true', () => {
  it('opens the pull request as the App bot with a token the agent never held; the gate treats it as an agent PR and verifies its attestation', async () => {
    const issuedBefore = stack.world.state.issuedTokens.length;
    const result = await run('echo "answer: 43" > ANSWER.md; env > .agent-env', { 'pull-request-title': 'agent: the answer', 'pull-request-body': 'Asked to write the answer down.' });
    expect(result.main.exitCode).toBe(0);
    const number = Number(result.outputs['pull-request-number']);
    expect(number).toBeGreaterThan(0);
    expect(result.outputs['pull-request-url']).toContain(`/acme/widgets/pull/${number}`);
    const pull = stack.world.state.pulls.find((p) => p.number === number)!;
    expect(pull).toMatchObject({ title: 'agent: the answer', headRef: 'airlock/pr/7000001-1', baseRef: 'main', user: stack.world.state.appBot });
    expect(pull.body).toContain('Asked to write the answer down.');
    expect(pull.body).toMatch(/Changeset: `sha256:[0-9a-f]{64}`/);
    const repo = stack.world.repo('acme/widgets');
    expect(headOf(repo, pull.headRef).files.get('ANSWER.md')).toBe('answer: 43\n');
    // Only the agent's change: the commit's parent is main's head, and nothing else differs.
    const head = repo.commits.get(pullHead(stack.world, pull))!;
    expect(head.parents).toEqual([repo.refs.get('heads/main')]);
    expect(head.files.get('.agent-env')).toBeDefined();

    // The pull request's token: minted for contents and pull requests, held by the Action only, revoked.
    const minted = stack.world.state.issuedTokens.slice(issuedBefore).filter((t) => stack.world.state.tokens.get(hashToken(t))?.repositoryIds !== undefined);
    const prToken = minted.find((t) => stack.world.state.tokens.get(hashToken(t))?.permissions.pull_requests === 'write');
    expect(prToken).toBeDefined();
    expect(result.files['workspace/.agent-env']).not.toContain(prToken);
    for (const t of minted) expect(result.files['workspace/.agent-env']).not.toContain(t);
    expect(live()).toBe(0);
    expect(result.summary).toContain('(pull request)');

    // The world delivered pull_request.opened; the gate answered on the head commit as for an agent.
    const sha = pullHead(stack.world, pull);
    let gate;
    for (let i = 0; i < 100 && !gate; i++) {
      gate = stack.world.state.checkRuns.find((r) => r.name === 'Airlock' && r.headSha === sha);
      if (!gate) await new Promise((r) => setTimeout(r, 100));
    }
    expect(gate).toBeDefined();
    expect(gate!.conclusion).toBe('failure');
    expect(gate!.output?.summary).toContain('✅ **Verified**');
  });

  it('opens nothing when the agent changed nothing, or failed', async () => {
    const before = stack.world.state.pulls.length;
    const nothing = await run('true');
    expect(nothing.main.exitCode).toBe(0);
    expect(nothing.main.log).toContain('The agent changed nothing: no pull request.');
    const failed = await run('echo x > X.md; exit 3');
    expect(failed.main.exitCode).not.toBe(0);
    expect(failed.main.log).toContain('No pull request');
    expect(stack.world.state.pulls.length).toBe(before);
    expect(live()).toBe(0);
  });

  it('fails clearly when the trust policy does not allow a pull request', async () => {
    const result = await run('echo x > X.md', { identity: 'agent' });
    expect(result.main.exitCode).not.toBe(0);
    expect(result.main.annotations.find((a) => a.level === 'error')?.message).toMatch(/could not open the pull request: could not get a token .*trust policy "agent" must allow contents: write and pull_requests: write/);
    expect(live()).toBe(0);
  });
});
