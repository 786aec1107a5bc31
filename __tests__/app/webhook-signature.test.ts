import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startStack, type Stack } from '../../src/demo/start-stack.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());

const agentPushPayload = (stack: Stack) => {
  const repo = stack.world.repo('acme/widgets');
  const after = repo.refs.get('heads/main')!;
  return stack.world.payload('push', {
    repo,
    sender: stack.world.user('agent-smith[bot]'),
    fields: { ref: 'refs/heads/main', before: '0'.repeat(40), after, deleted: false, pusher: { name: 'agent-smith[bot]', email: 'a@b.test' }, head_commit: null, commits: [] },
  });
};

describe('the App verifies webhook signatures', () => {
  it('refuses a tampered signature and a missing signature, acting on neither', async () => {
    const payload = agentPushPayload(stack);
    const tampered = await stack.world.deliver('push', payload, { secret: 'not-the-secret' });
    const missing = await stack.world.deliver('push', payload, { signature: null });
    expect(tampered.status).toBeGreaterThanOrEqual(400);
    expect(missing.status).toBeGreaterThanOrEqual(400);
    expect(stack.world.state.checkRuns).toHaveLength(0);
    expect(stack.world.state.issues).toHaveLength(0);
  });

  it('refuses a body changed after signing', async () => {
    const payload = agentPushPayload(stack);
    const signedFor = JSON.stringify(payload);
    const { createHmac } = await import('node:crypto');
    const signature = `sha256=${createHmac('sha256', stack.world.state.app.webhookSecret).update(signedFor).digest('hex')}`;
    const changed = signedFor.replace('agent-smith[bot]', 'alice');
    const res = await stack.world.deliver('push', undefined, { rawBody: changed, signature });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(stack.world.state.checkRuns).toHaveLength(0);
  });

  it('acts on a correctly signed agent push to the default branch', async () => {
    const res = await stack.world.deliver('push', agentPushPayload(stack));
    expect(res.status).toBe(202); // stored and answered at once; the world settles once the queue is idle
    expect(stack.world.state.checkRuns.map((r) => [r.name, r.conclusion])).toEqual([['Airlock', 'failure']]);
    expect(stack.world.state.issues).toHaveLength(1);
  });
});
