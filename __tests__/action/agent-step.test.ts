import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { startStack, type Stack } from '../../src/demo/start-stack.js';
import { runAction, type ActionRun } from '../../src/world/runner-harness.js';
import { hasValidGithubChecksum } from '../../src/egress/credential-placeholder.js';
import { MAIN, POST } from '../support/dist-paths.js';

let stack: Stack;
beforeEach(async () => {
  stack = await startStack();
});
afterEach(() => stack.close());

// The agent reports the shape of its token and which runner variables reached it.
const agent = (extra: string) => `
node -e '
  const t = process.env.GH_TOKEN;
  console.log("TOKEN_SHAPE=" + (/^ghs_[A-Za-z0-9]{36}$/.test(t) ? "ok" : "bad"));
  console.log("ENV_KEYS=" + Object.keys(process.env).filter((k) => /^(ACTIONS_|GITHUB_TOKEN|INPUT_|RUNNER_TEMP|GITHUB_(ENV|OUTPUT|STATE|PATH|STEP_SUMMARY))/.test(k)).join(","));
'
${extra}`;

async function run(extra: string, options: { cancelWhen?: RegExp; cancelGraceMs?: number; inputs?: Record<string, string> } = {}): Promise<ActionRun> {
  return runAction({
    mainPath: MAIN,
    postPath: POST,
    inputs: { 'broker-url': stack.app.url, identity: 'agent', permissions: 'contents: read', run: agent(extra), ...options.inputs },
    env: stack.jobEnv(),
    cancelWhen: options.cancelWhen,
    cancelGraceMs: options.cancelGraceMs,
  });
}

/** The step's output minus `::add-mask::` commands: the runner consumes those (they are how a
 * mask is registered) and never shows or stores them. Everything else must be clean. */
const unmasked = (result: ActionRun) => result.rawOutput.split('\n').filter((l) => !l.startsWith('::add-mask::')).join('\n');

/** Live tokens narrowed to repositories: the ones the broker mints for agents. */
function liveNarrowed(): number {
  return (stack.world.snapshot().tokens as { narrowed_live: number }).narrowed_live;
}

describe('the agent step (dist/main.js + dist/post.js through the runner harness)', () => {
  it('gives the agent a placeholder for its scoped token, never the token, then revokes the token', async () => {
    // The (sandboxed) agent hands what it holds over through the workspace, its only writable host
    // path. The world remembers what it minted, so the test can search every sink for the real value.
    const result = await run('printf %s "$GH_TOKEN" > .handover-token');
    const placeholder = result.files['workspace/.handover-token'] ?? '';
    expect(placeholder).toMatch(/^ghs_[A-Za-z0-9]{36}$/);
    expect(hasValidGithubChecksum(placeholder)).toBe(false);
    expect(result.main.exitCode).toBe(0);
    expect(result.main.log).toContain('TOKEN_SHAPE=ok');
    expect(result.main.log).toMatch(/ENV_KEYS=\n/);
    expect(result.outputs).toEqual({ 'agent-exit-code': '0' });
    const minted = stack.world.state.issuedTokens.filter((t) => t !== placeholder);
    expect(minted.length).toBeGreaterThan(0);
    expect(minted).not.toContain(placeholder);
    // Invariant 1: the real credential is nowhere, masked or not, not even among the agent's own files.
    const sinks = { raw: unmasked(result), mainLog: result.main.log, postLog: result.post.log, outputs: JSON.stringify(result.outputs), env: JSON.stringify(result.env), state: JSON.stringify(result.state), summary: result.summary, files: JSON.stringify(result.files), world: JSON.stringify(stack.world.snapshot()) };
    for (const token of minted) {
      for (const [sink, text] of Object.entries(sinks)) {
        expect([sink, text.includes(token)]).toEqual([sink, false]);
        expect([sink, text.includes(Buffer.from(token).toString('base64'))]).toEqual([sink, false]);
      }
    }
    const broker = minted.at(-1)!;
    expect(result.masks).toContain(broker);
    // Invariant 2: revoked by the end of the job, and GitHub no longer accepts it.
    expect(liveNarrowed()).toBe(0);
    const after = await fetch(`${stack.world.githubApiUrl}/repos/acme/widgets`, { headers: { authorization: `token ${broker}` } });
    expect(after.status).toBe(401);
    expect(result.summary).toContain('| Credential | Scope | Expires | Minted at | Revoked at |');
    expect(result.summary).not.toContain('not revoked');
  });

  it("the agent's output cannot issue workflow commands, and what it prints of its placeholder is nothing real", async () => {
    const result = await run('echo "holds: $GH_TOKEN"; echo "::add-mask::x"; echo "::set-output name=a::b"');
    expect(unmasked(result)).toMatch(/holds: ghs_[A-Za-z0-9]{36}/);
    for (const token of stack.world.state.issuedTokens) expect(unmasked(result)).not.toContain(token);
    expect(result.outputs).toEqual({ 'agent-exit-code': '0' });
    expect(result.masks).not.toContain('x');
  });

  it('fails the step when the agent fails, and still revokes', async () => {
    const result = await run('exit 3');
    expect(result.main.exitCode).not.toBe(0);
    expect(result.outputs['agent-exit-code']).toBe('3');
    expect(result.main.annotations.some((a) => a.level === 'error' && a.message.includes('exited with 3'))).toBe(true);
    expect(result.post.exitCode).toBe(0);
    expect(liveNarrowed()).toBe(0);
  });

  it('revokes on cancellation while the agent runs (main handles SIGINT)', async () => {
    const result = await run('echo AGENT_RUNNING; sleep 60', { cancelWhen: /AGENT_RUNNING/, cancelGraceMs: 10_000 });
    expect(result.main.exitCode).not.toBe(0);
    expect(result.post.exitCode).toBe(0);
    expect(liveNarrowed()).toBe(0);
  });

  it('revokes in post when main is killed outright before it can revoke', async () => {
    const result = await run('echo AGENT_RUNNING; sleep 60', { cancelWhen: /AGENT_RUNNING/, cancelGraceMs: 0 });
    expect(result.main.signal).toBe('SIGKILL');
    expect(result.post.exitCode).toBe(0);
    expect(result.post.log).toMatch(/revoked GitHub token .* in post|already revoked/);
    expect(liveNarrowed()).toBe(0);
  });

  it('refuses a request beyond the trust policy and mints nothing', async () => {
    const result = await run('echo should-not-run', { inputs: { permissions: 'contents: write' } });
    expect(result.main.exitCode).not.toBe(0);
    expect(result.main.log).toContain('permission contents: write is beyond trust policy agent');
    expect(result.main.log).not.toContain('should-not-run');
    expect((stack.world.snapshot().tokens as { narrowed_minted: number }).narrowed_minted).toBe(0);
  });

  it('explains a bad input and runs nothing', async () => {
    const result = await run('echo should-not-run', { inputs: { 'broker-url': 'http://airlock.example.com' } });
    expect(result.main.exitCode).not.toBe(0);
    expect(result.main.log).toContain('input "broker-url" must use https');
    expect(result.post.exitCode).toBe(0);
  });
});
