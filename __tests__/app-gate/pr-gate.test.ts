import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { WorldCheckRun, WorldPull } from '../../src/world/github/world-state.js';
import { commentOnPull, dismissReview, editComment, openPull, pushToPull, requestAction, rerequestCheck, submitReview } from '../../src/world/pull-requests.js';
import { startGateHarness, type GateHarness } from './gate-harness.js';

// The gate end to end: signed webhooks from the world over HTTP into a Probot App running the
// gate, which reads GitHub (the world) and writes its check run back. People in the world:
// alice admin, bob write, carol read, mallory none; dave (write) is configured as an agent
// identity that is a plain user account, renovate[bot] a bot given write access here.

let h: GateHarness;
let branch = 0;

beforeAll(async () => {
  h = await startGateHarness();
  const { state } = h.world;
  state.users.set('dave', { login: 'dave', id: state.nextId(), type: 'User' });
  const widgets = h.world.repo('acme/widgets');
  widgets.collaborators.set('dave', 'write');
  widgets.collaborators.set('renovate[bot]', 'write');
  await h.world.push({ repo: 'acme/widgets', branch: 'main', pusher: 'alice', files: { '.github/airlock.yml': 'agents:\n  - agent-smith[bot]\n  - dave\ngate_all_pull_requests: false\n' } });
});
afterAll(() => h.close());
beforeEach(() => {
  // The attestation check and the secret scanner report success unless a test says otherwise.
  h.inputs.attestation = { status: 'verified' };
  h.inputs.secrets = { status: 'clean' };
});

/** The one `Airlock` check run of a commit (the gate updates it in place). */
function check(sha: string): WorldCheckRun {
  const runs = h.world.state.checkRuns.filter((r) => r.headSha === sha && r.name === 'Airlock');
  expect(runs).toHaveLength(1);
  return runs[0]!;
}

const agentPull = (files: Record<string, string> = { 'src/feature.js': 'export const f = 1;\n' }) =>
  openPull(h.world, { repo: 'acme/widgets', head: `agent/change-${++branch}`, author: 'agent-smith[bot]', files, title: 'Agent change' });

async function auditFor(pull: WorldPull, kind: string) {
  return (await h.audit()).filter((r) => r.kind === kind && r.subject === `acme/widgets#${pull.number}`);
}

describe('an agent pull request', () => {
  it('fails until a human with write access approves its head commit, then passes', async () => {
    const { pull, sha, delivery } = await agentPull();
    // This harness serves the gate through Probot's middleware: 200 once handled, 202 when the handler outlasts its 9 s window (GitHub waits 10 s).
    expect([200, 202]).toContain(delivery.status);
    expect(check(sha).conclusion).toBe('failure');
    expect(check(sha).output?.summary).toContain(`/airlock approve ${sha}`);
    expect(check(sha).actions).toEqual([expect.objectContaining({ identifier: 'approve' })]);

    await submitReview(h.world, pull, { user: 'bob', commitId: sha });
    expect(check(sha).conclusion).toBe('success');
    expect(check(sha).actions).toEqual([]);
    const decisions = await auditFor(pull, 'decision');
    expect(decisions.map((d) => d.data.conclusion)).toEqual(['failure', 'success']);
    expect(await auditFor(pull, 'approval')).toEqual([expect.objectContaining({ actor: 'github:bob', data: expect.objectContaining({ via: 'review', accepted: true }) })]);
  });

  it('stays closed while the attestation and the secret scan are unknown (the defaults)', async () => {
    h.inputs.attestation = { status: 'unknown' };
    h.inputs.secrets = { status: 'unknown' };
    const { pull, sha } = await agentPull();
    await submitReview(h.world, pull, { user: 'bob', commitId: sha });
    expect(check(sha).conclusion).toBe('failure');
    expect(check(sha).output?.summary).toContain('attestation verification for head commit');
    expect(check(sha).output?.summary).toContain('secret scan of this pull request did not complete');
  });

  it('passes with /airlock approve <head sha> by a writer, and with the Approve button', async () => {
    const first = await agentPull();
    await commentOnPull(h.world, first.pull, { user: 'bob', body: `Looked at it.\n/airlock approve ${first.sha}` });
    expect(check(first.sha).conclusion).toBe('success');

    const second = await agentPull();
    await requestAction(h.world, check(second.sha), { user: 'bob', identifier: 'approve' });
    expect(check(second.sha).conclusion).toBe('success');
    expect(await auditFor(second.pull, 'approval')).toEqual([expect.objectContaining({ data: expect.objectContaining({ via: 'button', accepted: true }) })]);
  });

  it('is decided again when someone presses Re-run, e.g. after the attestation check caught up', async () => {
    h.inputs.attestation = { status: 'unknown' };
    const { pull, sha } = await agentPull();
    await submitReview(h.world, pull, { user: 'bob', commitId: sha });
    expect(check(sha).conclusion).toBe('failure');
    h.inputs.attestation = { status: 'verified' };
    await rerequestCheck(h.world, check(sha), { user: 'carol' });
    expect(check(sha).conclusion).toBe('success');
  });

  it('keeps one check run and every approval when events for one commit arrive at once', async () => {
    const { pull, sha } = await agentPull();
    await Promise.all([
      commentOnPull(h.world, pull, { user: 'bob', body: `/airlock approve ${sha}` }),
      requestAction(h.world, check(sha), { user: 'alice', identifier: 'approve' }),
      commentOnPull(h.world, pull, { user: 'carol', body: `/airlock approve ${sha}` }),
    ]);
    expect(check(sha).conclusion).toBe('success');
    expect(check(sha).output?.title).toContain('Passed: 2 approval(s)');
  });

  it('fails again when the approving review is dismissed', async () => {
    const { pull, sha } = await agentPull();
    const { review } = await submitReview(h.world, pull, { user: 'bob', commitId: sha });
    expect(check(sha).conclusion).toBe('success');
    await dismissReview(h.world, pull, review, { dismisser: 'alice' });
    expect(check(sha).conclusion).toBe('failure');
  });
});

describe('approval abuse is refused (THREATS.md §E 30)', () => {
  it('by the agent: a configured agent identity with write access cannot approve', async () => {
    const { pull, sha } = await agentPull();
    await submitReview(h.world, pull, { user: 'dave', commitId: sha });
    expect(check(sha).conclusion).toBe('failure');
    expect(check(sha).output?.summary).toContain('agents cannot approve');
    expect(await auditFor(pull, 'approval')).toEqual([expect.objectContaining({ actor: 'github:dave', data: expect.objectContaining({ accepted: false }) })]);
  });

  it('by the agent: comments by the agent never count', async () => {
    const { pull, sha } = await agentPull();
    await commentOnPull(h.world, pull, { user: 'dave', body: `/airlock approve ${sha}` });
    expect(check(sha).conclusion).toBe('failure');
    expect(check(sha).output?.summary).toMatch(/dave \(comment\) does not count: .*agents cannot approve/);
  });

  it("leaves a human's pull request without agent involvement ungated (no gate_all_pull_requests)", async () => {
    const { sha } = await openPull(h.world, { repo: 'acme/widgets', head: `human/plain-${++branch}`, author: 'bob', files: { 'src/plain.js': '1\n' } });
    expect(h.world.state.checkRuns.filter((r) => r.headSha === sha)).toEqual([]);
  });

  it("by the pull request's author: a human's pull request an agent pushed to", async () => {
    const { pull } = await openPull(h.world, { repo: 'acme/widgets', head: `human/change-${++branch}`, author: 'bob', files: { 'src/human.js': '1\n' } });
    const { sha } = await pushToPull(h.world, pull, { pusher: 'agent-smith[bot]', files: { 'src/human.js': '2\n' } });
    expect(check(sha).output?.summary).toContain('pushed to by the agent agent-smith');
    await submitReview(h.world, pull, { user: 'bob', commitId: sha });
    expect(check(sha).conclusion).toBe('failure');
    expect(check(sha).output?.summary).toContain('the author cannot approve their own pull request');
    // Someone else with write access can.
    await submitReview(h.world, pull, { user: 'alice', commitId: sha });
    expect(check(sha).conclusion).toBe('success');
  });

  it('by a bot, even one with write access', async () => {
    const { pull, sha } = await agentPull();
    await submitReview(h.world, pull, { user: 'renovate[bot]', commitId: sha });
    expect(check(sha).conclusion).toBe('failure');
    expect(check(sha).output?.summary).toContain('bots cannot approve');
  });

  it('by users without write access: carol (read) by comment, mallory (none) by button', async () => {
    const { pull, sha } = await agentPull();
    await commentOnPull(h.world, pull, { user: 'carol', body: `/airlock approve ${sha}` });
    await requestAction(h.world, check(sha), { user: 'mallory', identifier: 'approve' });
    await submitReview(h.world, pull, { user: 'mallory', commitId: sha });
    expect(check(sha).conclusion).toBe('failure');
    const summary = check(sha).output?.summary ?? '';
    expect(summary).toContain('carol has read access');
    expect(summary).toContain('mallory has none access');
    const approvals = await auditFor(pull, 'approval');
    expect(approvals.map((a) => [a.actor, a.data.accepted])).toEqual([['github:carol', false], ['github:mallory', false], ['github:mallory', false]]);
  });

  it('for an older commit: an approval does not carry over to a new push', async () => {
    const { pull, sha: first } = await agentPull();
    await submitReview(h.world, pull, { user: 'bob', commitId: first });
    expect(check(first).conclusion).toBe('success');
    const { sha: second } = await pushToPull(h.world, pull, { pusher: 'agent-smith[bot]', files: { 'src/feature.js': 'export const f = 2;\n' } });
    expect(check(second).conclusion).toBe('failure');
    expect(check(second).output?.summary).toMatch(/bob \(review\) does not count: it is for commit [0-9a-f]{12}, not the head commit/);
    // A comment naming the old commit does not approve the new one either.
    await commentOnPull(h.world, pull, { user: 'bob', body: `/airlock approve ${first}` });
    expect(check(second).conclusion).toBe('failure');
    // The old commit's check is untouched: checks are per commit.
    expect(check(first).conclusion).toBe('success');
  });

  it('for an older commit: the button of an older check run does not approve the new head', async () => {
    const { pull, sha: first } = await agentPull();
    const { sha: second } = await pushToPull(h.world, pull, { pusher: 'agent-smith[bot]', files: { 'src/feature.js': 'export const f = 3;\n' } });
    await requestAction(h.world, check(first), { user: 'bob', identifier: 'approve' });
    expect(check(second).conclusion).toBe('failure');
  });

  it("edited comments: someone else's comment edited into an approval does not count", async () => {
    const { pull, sha } = await agentPull();
    const { comment } = await commentOnPull(h.world, pull, { user: 'bob', body: 'Nice work' });
    await editComment(h.world, pull, comment, { editor: 'alice', body: `/airlock approve ${sha}` });
    expect(check(sha).conclusion).toBe('failure');
    expect(await auditFor(pull, 'approval')).toEqual([expect.objectContaining({ data: expect.objectContaining({ accepted: false, reason: expect.stringContaining('edited by alice') }) })]);
  });

  it('edited comments: an approval comment edited after the fact stops counting', async () => {
    const { pull, sha } = await agentPull();
    const { comment } = await commentOnPull(h.world, pull, { user: 'bob', body: `/airlock approve ${sha}` });
    expect(check(sha).conclusion).toBe('success');
    // Edited by a maintainer: withdrawn even though the text still approves.
    await editComment(h.world, pull, comment, { editor: 'alice', body: `/airlock approve ${sha}` });
    expect(check(sha).conclusion).toBe('failure');
    // Edited back by its author: counts again, as its current text.
    await editComment(h.world, pull, comment, { editor: 'bob', body: `/airlock approve ${sha}` });
    expect(check(sha).conclusion).toBe('success');
    // Edited by its author into something else: withdrawn.
    await editComment(h.world, pull, comment, { editor: 'bob', body: 'on second thought, no' });
    expect(check(sha).conclusion).toBe('failure');
  });
});

describe('webhook robustness (THREATS.md §E 29)', () => {
  it('a pull request sharing its head commit with another open pull request cannot pass', async () => {
    const { pull, sha } = await agentPull();
    h.world.repo('acme/widgets').refs.set(`heads/agent/twin-${branch}`, sha);
    await openPull(h.world, { repo: 'acme/widgets', head: `agent/twin-${branch}`, author: 'agent-smith[bot]' });
    await submitReview(h.world, pull, { user: 'bob', commitId: sha });
    expect(check(sha).conclusion).toBe('failure');
    expect(check(sha).output?.summary).toMatch(/also the head of #\d+/);
  });

  it("processes other bots' events: a push by renovate[bot] to an agent pull request gets its check", async () => {
    const { pull } = await agentPull();
    const { sha } = await pushToPull(h.world, pull, { pusher: 'renovate[bot]', files: { 'package.json': '{}\n' } });
    expect(check(sha).conclusion).toBe('failure');
    expect(check(sha).output?.summary).toContain('opened by the agent agent-smith');
  });

  it("ignores this App's own comments, but gates pull requests its minted tokens open", async () => {
    const { pull, sha } = await openPull(h.world, { repo: 'acme/widgets', head: `agent/minted-${++branch}`, author: 'airlock[bot]', files: { 'src/m.js': '1\n' } });
    expect(check(sha).output?.summary).toContain('token minted by Airlock');
    const before = (await h.audit()).length;
    const { delivery } = await commentOnPull(h.world, pull, { user: 'airlock[bot]', body: `/airlock approve ${sha}` });
    expect([200, 202]).toContain(delivery.status);
    expect((await h.audit()).length).toBe(before);
  });

  it('runs a redelivered webhook once', async () => {
    const { pull, sha } = await agentPull();
    const payload = h.world.payload('pull_request_review', { action: 'submitted', repo: h.world.repo('acme/widgets'), sender: h.world.user('bob') });
    await submitReview(h.world, pull, { user: 'bob', commitId: sha });
    const decisions = (await auditFor(pull, 'decision')).length;
    // Same delivery id twice: the second is acknowledged and dropped.
    const first = await h.world.deliver('pull_request_review', { ...payload, pull_request: { ...(payload.pull_request as object), number: pull.number } }, { deliveryId: 'redelivered-1' });
    const again = await h.world.deliver('pull_request_review', { ...payload, pull_request: { ...(payload.pull_request as object), number: pull.number } }, { deliveryId: 'redelivered-1' });
    expect([first.status, again.status]).toEqual([200, 200]);
    expect((await auditFor(pull, 'decision')).length).toBe(decisions + 1);
  });

  it('an error becomes a failing check that explains it (invalid configuration)', async () => {
    await h.world.push({ repo: 'acme/widgets', branch: 'main', pusher: 'alice', files: { '.github/airlock.yml': 'agents: not-a-list\n' } });
    try {
      const { sha } = await agentPull();
      expect(check(sha).conclusion).toBe('failure');
      expect(check(sha).output?.title).toBe('Airlock could not evaluate this commit');
      expect(check(sha).output?.summary).toContain('agents: must be a list');
    } finally {
      await h.world.push({ repo: 'acme/widgets', branch: 'main', pusher: 'alice', files: { '.github/airlock.yml': 'agents:\n  - agent-smith[bot]\n  - dave\ngate_all_pull_requests: false\n' } });
    }
  });
});

describe('break-glass override', () => {
  it('by a repository admin passes the head commit and is audited', async () => {
    const { pull, sha } = await agentPull();
    await commentOnPull(h.world, pull, { user: 'alice', body: '/airlock override prod outage, reviewed on the incident call' });
    expect(check(sha).conclusion).toBe('success');
    expect(check(sha).output?.title).toBe('Overridden by alice');
    expect(await auditFor(pull, 'override')).toEqual([expect.objectContaining({ actor: 'github:alice', data: expect.objectContaining({ accepted: true, reason: 'prod outage, reviewed on the incident call', sha }) })]);
  });

  it('by a writer is refused, audited, and answered with no comment', async () => {
    const { pull, sha } = await agentPull();
    await commentOnPull(h.world, pull, { user: 'bob', body: '/airlock override trust me' });
    expect(check(sha).conclusion).toBe('failure');
    expect(await auditFor(pull, 'override')).toEqual([expect.objectContaining({ actor: 'github:bob', data: expect.objectContaining({ accepted: false, permission: 'write' }) })]);
    expect(h.world.state.issues.flatMap((i) => i.comments)).toEqual([]);
  });
});

describe('the world', () => {
  it('saw no request or response outside GitHub’s OpenAPI description', () => {
    expect(h.world.state.violations).toEqual([]);
  });
});
