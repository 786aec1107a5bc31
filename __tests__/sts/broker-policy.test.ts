import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { startStack, type Stack } from '../../src/demo/start-stack.js';
import { policyDir } from '../../src/policy/policy-modules.js';

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

async function exchange(s: Stack, claims: Record<string, string> = {}) {
  const res = await fetch(`${s.app.url}/airlock/v1/token`, { method: 'POST', headers: { authorization: `Bearer ${await s.world.oidc.mint(claims)}`, 'content-type': 'application/json' }, body: JSON.stringify({ identity: 'agent', permissions: { contents: 'read' } }) });
  return (await res.json()) as { token?: string; error?: { code: string; message: string } };
}

/** A policy directory: the shipped policies with `sts.rego` replaced. */
async function policiesWith(sts: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'airlock-policies-'));
  for (const name of ['pr.rego', 'push.rego', 'secrets.rego']) await writeFile(join(dir, name), await readFile(join(policyDir(), name), 'utf8'));
  await writeFile(join(dir, 'sts.rego'), sts);
  return dir;
}

const minted = (s: Stack) => (s.world.snapshot().tokens as { narrowed_minted: number }).narrowed_minted;

describe('the broker evaluates data.airlock.sts', () => {
  it('denies what the shipped policy denies even when the trust policy matches (unprotected ref)', async () => {
    stack = await startStack();
    const result = await exchange(stack, { ref_protected: 'false' });
    expect(result.error?.code).toBe('policy_denied');
    expect(result.error?.message).toMatch(/ref_protected|protected/);
    expect(minted(stack)).toBe(0);
    expect((await exchange(stack)).token).toMatch(/^ghs_/);
  });

  it('stops a policy that recurses without end, and denies with a clear error', async () => {
    stack = await startStack({
      policyDir: await policiesWith(`package airlock.sts
import rego.v1
default allow := false
f(x) := y if { y := f(x + 1) }
allow if f(0)
`),
    });
    const result = await exchange(stack);
    expect(result.error?.code).toBe('policy_error');
    expect(result.error?.message).toMatch(/limit|depth|recurs/i);
    expect(minted(stack)).toBe(0);
  });

  it('stops a policy whose evaluation explodes combinatorially', async () => {
    stack = await startStack({
      policyDir: await policiesWith(`package airlock.sts
import rego.v1
default allow := false
n := numbers.range(1, 200)
allow if count([1 | some a in n; some b in n; some c in n; some d in n]) > 0
`),
    });
    const result = await exchange(stack);
    expect(result.error?.code).toBe('policy_error');
    expect(result.error?.message).toMatch(/limit|steps|time/i);
    expect(minted(stack)).toBe(0);
  });

  it('denies when the policy does not parse, naming file, line and column', async () => {
    stack = await startStack({ policyDir: await policiesWith('package airlock.sts\nallow if {\n') });
    const result = await exchange(stack);
    expect(result.error?.code).toBe('policy_error');
    expect(result.error?.message).toMatch(/sts\.rego:\d+:\d+/);
    expect(minted(stack)).toBe(0);
  });
});
