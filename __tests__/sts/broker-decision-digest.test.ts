import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AuditRecord } from '../../src/audit/audit-record.js';
import { readAuditLog } from '../../src/audit/read-audit-log.js';
import { startStack, type Stack } from '../../src/demo/start-stack.js';
import { decisionDigest } from '../../src/policy/decision-digest.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());

async function exchange(claims: Record<string, string> = {}): Promise<Record<string, unknown>> {
  const res = await fetch(`${stack.app.url}/airlock/v1/token`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await stack.world.oidc.mint(claims)}`, 'content-type': 'application/json' },
    body: JSON.stringify({ identity: 'agent', permissions: { contents: 'read' } }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}

describe('the broker returns the digest of the airlock.sts decision with each token', () => {
  it('names the policy, the outcome and a sha256 digest that follows the decision input', async () => {
    const first = await exchange({ run_id: '1001' });
    expect(first.token).toMatch(/^ghs_/);
    expect(first.policy_decision).toEqual({ policy: 'airlock.sts', allow: true, decision_digest: expect.stringMatching(/^[0-9a-f]{64}$/) });
    // The audit record of the mint names the same decision, with the digests it is computed from.
    const records: AuditRecord[] = [];
    await readAuditLog(stack.app.store.db, (r) => void records.push(r));
    const mint = records.find((r) => r.kind === 'token_minted' && r.data.token_id === first.token_id)!;
    const audited = mint.data.policy_decision as { decision_digest: string; policy_digest: string; input_digest: string };
    expect(audited.decision_digest).toBe((first.policy_decision as { decision_digest: string }).decision_digest);
    expect(decisionDigest('airlock.sts', { allow: true, deny: [], policy_digest: audited.policy_digest, input_digest: audited.input_digest })).toBe(audited.decision_digest);
    // Another run is another decision input (its claims), so another decision.
    const second = await exchange({ run_id: '1002' });
    expect((second.policy_decision as { decision_digest: string }).decision_digest).not.toBe((first.policy_decision as { decision_digest: string }).decision_digest);
  });
});
