import { beforeAll, describe, expect, it } from '@jest/globals';
import { POLICY_EQUIVALENTS } from '../../src/bench/policy-equivalents.js';
import { SHIPPED_POLICIES, shippedPolicyInputs, type ShippedPolicyInputs } from '../../src/bench/shipped-policy-inputs.js';
import { EmbeddedPolicyBackend } from '../../src/policy/evaluate-policy.js';

// The policy bench compares the embedded evaluator on the shipped policies with hand-written
// TypeScript equivalents (src/bench/*-policy-equivalent.ts): that comparison means something only
// if both decide the same. Every input the Rego tests use, through both.
let shipped: ShippedPolicyInputs;
let backend: EmbeddedPolicyBackend;
beforeAll(async () => {
  shipped = await shippedPolicyInputs({ AIRLOCK_POLICY_DIR: `${process.cwd()}/policies` });
  backend = new EmbeddedPolicyBackend({ modules: shipped.modules });
});

describe.each(SHIPPED_POLICIES.filter((p) => POLICY_EQUIVALENTS[p] !== undefined))('the TypeScript equivalent of airlock.%s', (pkg) => {
  it('decides as the Rego policy on every input of its Rego tests', () => {
    const inputs = shipped.inputs[pkg];
    expect(inputs.length).toBeGreaterThan(5);
    const differing = inputs.flatMap(({ name, input }) => {
      const rego = backend.decide({ entrypoint: `airlock.${pkg}`, input });
      expect(rego.error).toBeUndefined();
      const ts = POLICY_EQUIVALENTS[pkg]!(input);
      return rego.allow === ts.allow && JSON.stringify(rego.deny) === JSON.stringify(ts.deny) ? [] : [{ name, rego: { allow: rego.allow, deny: rego.deny }, ts }];
    });
    expect(differing).toEqual([]);
    // Both outcomes occur, so neither side can pass by always allowing or always denying.
    expect(new Set(inputs.map(({ input }) => POLICY_EQUIVALENTS[pkg]!(input).allow))).toEqual(new Set([true, false]));
  });
});
