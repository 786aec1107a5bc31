import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStack, type Stack } from '../../src/demo/start-stack.js';
import { seedTrustPolicy } from '../../src/world/github/seed-world.js';
import { commitFiles, headOf } from '../../src/world/github/world-state.js';
import type { ScriptedConversation } from '../../src/world/llm/scripted-conversation.js';
import { startFakeLlmProvider, type FakeLlmProvider } from '../../src/world/llm/start-fake-llm-provider.js';
import { pullHead } from '../../src/world/pull-requests.js';
import { runAction } from '../../src/world/runner-harness.js';
import { MAIN, POST } from '../support/dist-paths.js';
import { installRealAgent, type RealAgentName } from '../support/real-agents.js';

/*
 * Issue 13's first acceptance item: the real agents from npm (Claude Code's native and Node builds,
 * Codex), each run as the Action's agent with only the documented inputs (`agent`, `prompt`, the
 * provider key, `pull-request`), in the bubblewrap sandbox, through the LLM gateway to a fake
 * provider over HTTPS. Each reaches the gateway; the provider gets the real key and never the
 * placeholder; the file the agent wrote comes back; the Action opens the pull request, which the
 * gate treats as an agent's. The CLIs are installed by scripts/install-real-agents.js (.ci/run).
 */
const conversation: ScriptedConversation = {
  filePath: 'AIRLOCK_AGENT_OUTPUT.md',
  fileContent: '# Written by a real agent\n\nInside Airlock, holding only placeholders.\n',
  finalText: 'Wrote AIRLOCK_AGENT_OUTPUT.md.',
};
const KEYS = { anthropic: `sk-ant-api03-${'R'.repeat(40)}realKeyAA`, openai: `sk-proj-${'R'.repeat(40)}realKey` };

let stack: Stack;
let dir: string;
beforeAll(async () => {
  stack = await startStack();
  dir = await mkdtemp(join(tmpdir(), 'airlock-real-agents-'));
  const widgets = stack.world.repo('acme/widgets');
  const policy = seedTrustPolicy(stack.world.oidc.issuer).replace('  contents: read', '  contents: write\n  pull_requests: write');
  commitFiles(widgets, 'main', { files: { '.github/airlock/pr.sts.yaml': policy }, message: 'a policy that may open pull requests', author: { name: 'alice', email: 'alice@example.test' } });
});
afterAll(async () => {
  await stack.close();
  await rm(dir, { recursive: true, force: true });
});

const cases: { name: RealAgentName; agent: 'claude-code' | 'codex'; provider: 'anthropic' | 'openai'; model?: string }[] = [
  { name: 'claude-code-native', agent: 'claude-code', provider: 'anthropic' },
  { name: 'claude-code-node', agent: 'claude-code', provider: 'anthropic' },
  // Codex offers apply_patch only for models it has metadata for (docs/agents.md).
  { name: 'codex', agent: 'codex', provider: 'openai', model: 'gpt-5.5' },
];

describe.each(cases)('$name as the Action agent', ({ name, agent, provider: kind, model }) => {
  let provider: FakeLlmProvider;
  beforeAll(async () => {
    provider = await startFakeLlmProvider({ provider: kind, conversation, dir, apiKey: KEYS[kind] });
  });
  afterAll(() => provider.close());

  it('writes its file through the gateway with only a placeholder; the Action opens the PR; the gate treats it as an agent PR', async () => {
    const installed = await installRealAgent(name);
    // Main trusts the fake provider's CA beside the world's, as a runner with an enterprise CA would.
    const cas = join(dir, `${name}-cas.pem`);
    await writeFile(cas, `${provider.caPem}${stack.world.https.caPem}`);
    const result = await runAction({
      mainPath: MAIN,
      postPath: POST,
      inputs: {
        'broker-url': stack.app.url,
        identity: 'pr',
        permissions: 'contents: read',
        agent,
        prompt: `Write the file ${conversation.filePath}.`,
        ...(model ? { model } : {}),
        [`${kind}-api-key`]: KEYS[kind],
        [`${kind}-upstream`]: provider.origin,
        'pull-request': 'true',
        // One run id in this world: one branch per agent.
        'pull-request-branch': `airlock/${name}`,
        'fulcio-url': stack.world.sigstore.url,
        'rekor-url': stack.world.sigstore.url,
        'github-token': stack.world.jobToken('acme/widgets', { attestations: 'write' }),
      },
      // The agent is on the runner's PATH, as after `npm install -g` or setup-node.
      env: { ...stack.jobEnv(), NODE_EXTRA_CA_CERTS: cas, GITHUB_REF_NAME: 'main', PATH: `${installed.binDir}:${process.env.PATH}` },
      clone: { url: `${stack.world.https.serverUrl}/acme/widgets.git`, token: stack.world.jobToken('acme/widgets', { contents: 'read' }), caFile: stack.world.https.caFile },
    });
    if (result.main.exitCode !== 0) throw new Error(`${name} failed:\n${result.main.log}`);
    expect(result.main.log).toContain(`Agent preset ${agent}`);

    // The provider got the real key and never the placeholder, through the gateway only.
    const presented = provider.requests.map((r) => r.presentedKey).filter((k) => k !== undefined);
    expect(presented.length).toBeGreaterThan(0);
    expect(new Set(presented)).toEqual(new Set([KEYS[kind]]));
    expect(provider.requests.map((r) => r.answer)).toEqual(expect.arrayContaining(['write-file', 'final-text']));
    expect(result.main.log).toMatch(/LLM gateway: [1-9]\d* request\(s\)/);

    // The file came back through the patch, and the pull request carries it.
    expect(result.files[`workspace/${conversation.filePath}`]).toBe(conversation.fileContent);
    const number = Number(result.outputs['pull-request-number']);
    const pull = stack.world.state.pulls.find((p) => p.number === number)!;
    expect(pull.user).toEqual(stack.world.state.appBot);
    const repo = stack.world.repo('acme/widgets');
    expect(headOf(repo, pull.headRef).files.get(conversation.filePath)).toBe(conversation.fileContent);
    const sha = pullHead(stack.world, pull);
    let gate;
    for (let i = 0; i < 100 && !gate; i++) {
      gate = stack.world.state.checkRuns.find((r) => r.name === 'Airlock' && r.headSha === sha);
      if (!gate) await new Promise((r) => setTimeout(r, 100));
    }
    expect(gate?.output?.summary).toContain('✅ **Verified**');
    expect(gate?.conclusion).toBe('failure');
    // Nothing of the real key anywhere the step left output.
    const shown = result.rawOutput.split('\n').filter((l) => !l.startsWith('::add-mask::')).join('\n');
    expect(shown).not.toContain(KEYS[kind]);
    expect(JSON.stringify(result.files)).not.toContain(KEYS[kind]);
    expect(await readFile(cas, 'utf8')).toContain('BEGIN CERTIFICATE');
  }, 300_000);
});
