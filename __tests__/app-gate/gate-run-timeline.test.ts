import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startStack, type Stack } from '../../src/demo/start-stack.js';
import type { RunEvent } from '../../src/telemetry/run-event.js';
import { openPull, submitReview } from '../../src/world/pull-requests.js';
import { runAction } from '../../src/world/runner-harness.js';
import { MAIN, POST } from '../support/dist-paths.js';

// Issue 19 item 1, "in the check run": the gate's check run of an agent's pull request shows the
// telemetry its attested run sent the App (POST /airlock/v1/events), found by the run the signed
// predicate names.

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());

const RUN_ID = '7300001';
const change = { 'src/index.js': 'export const answer = 44;\n' };
const agentScript = `import { writeFileSync } from 'node:fs';\nfor (const [path, content] of Object.entries(${JSON.stringify(change)})) writeFileSync(path, content);\n`;
const gateRun = (sha: string) => stack.world.state.checkRuns.filter((r) => r.headSha === sha && r.name === 'Airlock').at(-1)!;

async function agentRun(): Promise<void> {
  const main = stack.world.repo('acme/widgets').commits.get(stack.world.repo('acme/widgets').refs.get('heads/main')!)!;
  const run = await runAction({
    mainPath: MAIN,
    postPath: POST,
    inputs: { 'broker-url': stack.app.url, permissions: 'contents: read', run: 'node agent.mjs', 'fulcio-url': stack.world.sigstore.url, 'rekor-url': stack.world.sigstore.url, 'github-token': stack.world.jobToken('acme/widgets', { attestations: 'write' }) },
    env: stack.jobEnv({ run_id: RUN_ID }),
    workspaceFiles: { ...Object.fromEntries(main.files), 'agent.mjs': agentScript },
    checkout: true,
  });
  expect(run.main.exitCode).toBe(0);
}

/** A batch as the Action sends it, with a fresh OIDC token of the same run. */
async function sendEvents(seq: number, events: RunEvent[]): Promise<void> {
  const res = await fetch(`${stack.app.url}/airlock/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await stack.world.oidc.mint({ run_id: RUN_ID })}` },
    body: JSON.stringify({ identity: 'agent', seq, dropped: 0, events }),
  });
  expect(res.status).toBe(200);
}

const AT = '2026-12-06T10:00:00.000Z';

describe('the gate check run shows the attested run timeline', () => {
  it('adds a Run timeline section (counts per kind, refused hosts, DLP blocks, misuse) once the run has telemetry', async () => {
    await agentRun();
    const { pull, sha } = await openPull(stack.world, { repo: 'acme/widgets', head: 'agent/answer-44', author: 'agent-smith[bot]', files: change });
    expect(gateRun(sha).output?.summary).toContain('✅ **Verified**');
    const before = gateRun(sha).output?.summary ?? '';
    // Telemetry the Action of this run may itself have sent has no refusals of these hosts.
    expect(before).not.toContain('evil.example');

    // A seq far past what the Action's own batches of this short run reach.
    await sendEvents(1000, [
      { kind: 'egress', at: AT, decision: 'deny', host: 'evil.example', method: 'POST', pathClass: 'upload', bytesOut: 0, bytesIn: 0 },
      { kind: 'egress', at: AT, decision: 'deny', host: 'evil.example', method: 'GET', pathClass: 'root', bytesOut: 0, bytesIn: 0 },
      { kind: 'egress', at: AT, decision: 'deny', host: 'paste.example', method: 'PUT', pathClass: 'upload', bytesOut: 0, bytesIn: 0 },
      { kind: 'placeholder_misuse', at: AT, host: 'paste.example', credential: 'NPM_TOKEN' },
      { kind: 'dlp_block', at: AT, host: 'paste.example', rules: ['github-pat'] },
    ]);
    await submitReview(stack.world, pull, { user: 'bob' });
    const summary = gateRun(sha).output?.summary ?? '';
    expect(summary).toMatch(new RegExp(`### Run timeline\\n\\nRun ${RUN_ID} attempt 1 reported \\d+ event\\(s\\) in \\d+ batch\\(es\\): egress \\d+, placeholder_misuse 1, dlp_block 1`));
    expect(summary).toContain('- ❌ Refused hosts: evil.example (2), paste.example (1)');
    expect(summary).toContain('- ❌ DLP blocks: 1 (paste.example (1))');
    expect(summary).toContain('- ❌ Placeholder misuse: NPM\\_TOKEN to paste.example (1)');
    expect(summary).toContain(`\`airlock runs show acme/widgets ${RUN_ID} --attempt 1\``);
    // The section follows the attestation it belongs to.
    expect(summary.indexOf('### Run timeline')).toBeGreaterThan(summary.indexOf('### Attestation of the agent run'));
  });
});
