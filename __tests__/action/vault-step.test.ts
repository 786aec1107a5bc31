import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { startStack, type Stack } from '../../src/demo/start-stack.js';
import { runAction, type ActionRun } from '../../src/world/runner-harness.js';
import { MAIN, POST } from '../support/dist-paths.js';

let stack: Stack;
beforeEach(async () => {
  stack = await startStack();
});
afterEach(() => stack.close());

// The (sandboxed) agent hands what it received to the test through the workspace, its only
// writable host path, so the test knows each value to search every other sink for.
const HANDOVER = '.handover';
const handOver = (names: string[]) => `mkdir -p ${HANDOVER}; ` + names.map((n) => `printf %s "\${${n}:-}" > ${HANDOVER}/${n}`).join('; ');
const received = (r: ActionRun, name: string) => r.files[`workspace/${HANDOVER}/${name}`];
const unmasked = (r: ActionRun) => r.rawOutput.split('\n').filter((l) => !l.startsWith('::add-mask::')).join('\n');

/** Every place a real value must never be; the agent's own files included, since it holds placeholders only. */
function sinks(r: ActionRun): Record<string, string> {
  return { raw: unmasked(r), mainLog: r.main.log, postLog: r.post.log, outputs: JSON.stringify(r.outputs), env: JSON.stringify(r.env), state: JSON.stringify(r.state), summary: r.summary, files: JSON.stringify(r.files), vault: JSON.stringify(stack.world.vault.snapshot()), world: JSON.stringify(stack.world.snapshot()) };
}

/** Every real value the run could have held: the seeded KV values, Vault's dynamic credentials, GitHub's tokens. */
const realValues = () => [...stack.world.vaultSeed.kvValues, ...stack.world.vault.issued, ...stack.world.state.issuedTokens];

function expectNowhere(r: ActionRun, value: string): void {
  // PEM armour lines (`-----BEGIN ...-----`) are no secret, and placeholders keep them.
  const forms = [value, Buffer.from(value).toString('base64'), ...value.split('\n').filter((l) => l.length >= 8 && !l.startsWith('-----'))];
  for (const [sink, text] of Object.entries(sinks(r))) for (const form of forms) expect([sink, text.includes(form)]).toEqual([sink, false]);
}

const live = () => ({ github: (stack.world.snapshot().tokens as { narrowed_live: number }).narrowed_live, vaultTokens: stack.world.vault.snapshot().liveTokens, leases: stack.world.vault.snapshot().liveLeases });

// Secrets need an approval (policies/secrets.rego): the job runs in a GitHub environment whose
// required reviewers approved it, which GitHub records in the OIDC token's `environment` claim.
function run(agent: string, inputs: Record<string, string>, extra: { cancelWhen?: RegExp; cancelGraceMs?: number; claims?: Record<string, string>; env?: Record<string, string> } = {}) {
  const { claims = { environment: 'agents' }, env = {}, ...harness } = extra;
  return runAction({ mainPath: MAIN, postPath: POST, inputs: { run: agent, ...inputs }, env: { ...stack.jobEnv(claims), ...env }, ...harness });
}

const vaultInputs = () => ({ 'vault-url': stack.world.vault.url, 'vault-role': stack.world.vaultSeed.role, secrets: stack.world.vaultSeed.secretsInput });
const brokerInputs = () => ({ 'broker-url': stack.app.url, permissions: 'contents: read' });

describe('the Vault path', () => {
  it('gives the agent a placeholder shaped like each secret it asked for, never a value, and revokes the token and every lease', async () => {
    const result = await run(`${handOver(['NPM_TOKEN', 'DEPLOY_KEY', 'DB_USER', 'DB_PASSWORD', 'GH_TOKEN'])}; env | cut -d= -f1 | sort | tr '\\n' ' '`, vaultInputs());
    expect(result.main.exitCode).toBe(0);
    const [npm] = stack.world.vaultSeed.kvValues;
    // Same shape (type prefix, length, armour lines), other characters.
    const npmPlaceholder = received(result, 'NPM_TOKEN')!;
    expect(npmPlaceholder).toMatch(/^npm_/);
    expect(npmPlaceholder).toHaveLength(npm!.length);
    expect(npmPlaceholder).not.toBe(npm);
    const deployPlaceholder = received(result, 'DEPLOY_KEY')!.split('\n');
    expect([deployPlaceholder[0], deployPlaceholder.at(-1)]).toEqual(['-----BEGIN TEST KEY-----', '-----END TEST KEY-----']);
    expect(received(result, 'DB_PASSWORD')).toMatch(/^[A-Z]\d[a-z]-.{20}$/);
    expect(received(result, 'GH_TOKEN')).toBe('');
    expect(stack.world.vault.issued.length).toBeGreaterThan(0);
    for (const value of realValues()) expectNowhere(result, value);
    expect(live()).toEqual({ github: 0, vaultTokens: 0, leases: 0 });
    expect(result.summary).toMatch(/vault-token/);
    expect(result.summary).toMatch(/vault-lease/);
    expect(result.summary).not.toContain('not revoked');
  });

  it('explains a wrong role and runs nothing', async () => {
    const result = await run('echo should-not-run', { ...vaultInputs(), 'vault-role': 'no-such-role' });
    expect(result.main.exitCode).not.toBe(0);
    expect(result.main.log).toMatch(/vault-role/);
    expect(result.main.log).not.toContain('should-not-run');
    expect(live().vaultTokens).toBe(0);
  });
});

// Without an Airlock App (Vault only), the Action checks airlock.secrets itself; with one, the App
// decides when a secret is first resolved (secret-approval-step.test.ts).
describe('the airlock.secrets policy in the Action, without an App', () => {
  it('refuses to resolve secrets for a job that no environment approved, before minting anything', async () => {
    const result = await run('echo should-not-run', vaultInputs(), { claims: {} });
    expect(result.main.exitCode).not.toBe(0);
    expect(result.main.log).toMatch(/policy airlock\.secrets refused/);
    expect(result.main.log).not.toContain('should-not-run');
    expect((stack.world.snapshot().tokens as { narrowed_minted: number }).narrowed_minted).toBe(0);
    expect(stack.world.vault.snapshot().tokens).toHaveLength(0);
  });

  it('stops a runaway secrets policy with a clear error, and runs nothing', async () => {
    const { mkdtemp, writeFile } = await import('node:fs/promises');
    const dir = await mkdtemp(join(tmpdir(), 'airlock-policies-'));
    await writeFile(join(dir, 'secrets.rego'), 'package airlock.secrets\nimport rego.v1\ndefault allow := false\nf(x) := y if { y := f(x + 1) }\nallow if f(0)\n');
    const result = await run('echo should-not-run', vaultInputs(), { env: { AIRLOCK_POLICY_DIR: dir } });
    expect(result.main.exitCode).not.toBe(0);
    expect(result.main.log).toMatch(/policy airlock\.secrets refused.*(limit|depth)/i);
    expect(result.main.log).not.toContain('should-not-run');
    expect(live()).toEqual({ github: 0, vaultTokens: 0, leases: 0 });
  });
});

describe('both backends in one step', () => {
  const inputs = () => ({ ...brokerInputs(), ...vaultInputs() });

  it('success: the agent has placeholders for the GitHub token and the secrets; afterwards nothing is live', async () => {
    const result = await run(handOver(['GH_TOKEN', 'NPM_TOKEN', 'DB_PASSWORD']), inputs());
    expect(result.main.exitCode).toBe(0);
    expect(received(result, 'GH_TOKEN')).toMatch(/^ghs_/);
    for (const value of realValues()) expectNowhere(result, value);
    expect(live()).toEqual({ github: 0, vaultTokens: 0, leases: 0 });
  });

  it('failure: the agent fails; afterwards nothing is live', async () => {
    const result = await run('exit 7', inputs());
    expect(result.outputs['agent-exit-code']).toBe('7');
    expect(live()).toEqual({ github: 0, vaultTokens: 0, leases: 0 });
  });

  it('cancellation with a grace period: main revokes; afterwards nothing is live', async () => {
    const result = await run('echo AGENT_RUNNING; sleep 60', inputs(), { cancelWhen: /AGENT_RUNNING/, cancelGraceMs: 10_000 });
    expect(result.main.exitCode).not.toBe(0);
    expect(live()).toEqual({ github: 0, vaultTokens: 0, leases: 0 });
  });

  it('cancellation killing main at once: post revokes by id and accessor; afterwards nothing is live', async () => {
    const result = await run('echo AGENT_RUNNING; sleep 60', inputs(), { cancelWhen: /AGENT_RUNNING/, cancelGraceMs: 0 });
    expect(result.main.signal).toBe('SIGKILL');
    expect(result.post.exitCode).toBe(0);
    expect(live()).toEqual({ github: 0, vaultTokens: 0, leases: 0 });
  });
});
