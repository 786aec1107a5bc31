import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { openPull, submitReview } from '../../src/world/pull-requests.js';
import { describePostgres, type TestBackend } from '../support/test-databases.js';
import { startGateHarness, type GateHarness } from './gate-harness.js';

// The gate's main path with its store on PostgreSQL (the other suites use PGlite): delivery
// claims and audit records go to the server.
describePostgres('the PR gate on $name', (backend: TestBackend) => {
  let h: GateHarness;
  beforeAll(async () => {
    h = await startGateHarness({ database: await backend.target() });
    h.inputs.attestation = { status: 'verified' };
    h.inputs.secrets = { status: 'clean' };
  });
  afterAll(() => h.close());

  it('fails an agent pull request until a writer approves its head commit, audited', async () => {
    const { pull, sha } = await openPull(h.world, { repo: 'acme/widgets', head: 'agent/pg', author: 'agent-smith[bot]', files: { 'src/pg.js': '1\n' } });
    expect(h.world.state.checkRuns.find((r) => r.headSha === sha)?.conclusion).toBe('failure');
    await submitReview(h.world, pull, { user: 'bob', commitId: sha });
    expect(h.world.state.checkRuns.filter((r) => r.headSha === sha).map((r) => r.conclusion)).toEqual(['success']);
    const kinds = (await h.audit()).filter((r) => r.subject === `acme/widgets#${pull.number}`).map((r) => [r.kind, r.data.conclusion ?? r.data.accepted]);
    expect(kinds).toEqual([['decision', 'failure'], ['approval', true], ['decision', 'success']]);
    expect(h.world.state.violations).toEqual([]);
  });
});
