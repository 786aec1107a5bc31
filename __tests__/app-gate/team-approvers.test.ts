import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openPull, submitReview } from '../../src/world/pull-requests.js';
import { startGateHarness, type GateHarness } from './gate-harness.js';

// Approvers named by team: the world's acme/reviewers team has alice (admin) only; bob has write
// access but is not in it.
let h: GateHarness;
beforeAll(async () => {
  h = await startGateHarness();
  h.inputs.attestation = { status: 'verified' };
  h.inputs.secrets = { status: 'clean' };
  await h.world.push({ repo: 'acme/widgets', branch: 'main', pusher: 'alice', files: { '.github/airlock.yml': 'agents:\n  - agent-smith[bot]\napprovers:\n  teams: [reviewers]\n' } });
});
afterAll(() => h.close());

const conclusion = (sha: string) => h.world.state.checkRuns.filter((r) => r.headSha === sha && r.name === 'Airlock').at(-1)?.conclusion;

describe('approvers by team', () => {
  it('counts a team member and not a writer outside the team', async () => {
    const { pull, sha } = await openPull(h.world, { repo: 'acme/widgets', head: 'agent/team', author: 'agent-smith[bot]', files: { 'src/t.js': 'export const t = 1;\n' } });
    await submitReview(h.world, pull, { user: 'bob' });
    expect(conclusion(sha)).toBe('failure');
    const summary = h.world.state.checkRuns.filter((r) => r.headSha === sha).at(-1)!.output!.summary;
    expect(summary).toContain('bob (review) does not count');
    await submitReview(h.world, pull, { user: 'alice' });
    expect(conclusion(sha)).toBe('success');
    expect(h.world.snapshot().violations).toEqual([]);
  });

  it('asks the configured approvers to review when the pull request opens, and names them on the check', async () => {
    const { pull, sha } = await openPull(h.world, { repo: 'acme/widgets', head: 'agent/asked', author: 'agent-smith[bot]', files: { 'src/u.js': 'export const u = 1;\n' } });
    expect(pull.requestedReviewers).toEqual(['acme/reviewers']);
    expect(h.world.state.checkRuns.filter((r) => r.headSha === sha).at(-1)!.output!.summary).toContain('One of team @reviewers');
    expect(h.world.snapshot().violations).toEqual([]);
  });
});
