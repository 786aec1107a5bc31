import { describe, expect, it } from '@jest/globals';
import { collectTargets } from '../../src/bench/collect-targets.js';
import { policyBench } from '../../src/bench/policy-bench.js';
import { SHIPPED_POLICIES } from '../../src/bench/shipped-policy-inputs.js';

// What `npm run bench` (no argument) gathers from the policy bench: every shipped policy measured
// on its own test inputs, beside its TypeScript equivalent, with the sts and pr targets reported.
// A handful of decisions only: this checks the document, never a time.
describe('bench policy', () => {
  it('measures every shipped policy and reports the sts and pr targets', async () => {
    let out = '';
    let err = '';
    const code = await policyBench(['--decisions', '10'], { stdout: (t) => void (out += t), stderr: (t) => void (err += t), env: { AIRLOCK_POLICY_DIR: `${process.cwd()}/policies` }, cwd: process.cwd() });
    expect(err).toBe('');
    expect(code).toBe(0);
    const doc = JSON.parse(out) as { policies: Record<string, { inputs: number; decisions_per_cpu_s: number; us_per_decision_by_phase: Record<string, number>; typescript_equivalent: { decisions_per_cpu_s: number } | null }> };
    expect(Object.keys(doc.policies)).toEqual([...SHIPPED_POLICIES]);
    for (const p of Object.values(doc.policies)) {
      expect(p.inputs).toBeGreaterThan(5);
      expect(p.decisions_per_cpu_s).toBeGreaterThan(0);
      expect(Object.keys(p.us_per_decision_by_phase)).toEqual(['evaluation', 'input_digest', 'input_conversion', 'result_shaping', 'other']);
      expect(p.typescript_equivalent?.decisions_per_cpu_s).toBeGreaterThan(0);
    }
    expect(collectTargets('policy', [doc]).map((t) => t.target)).toEqual(['meets_targets.sts_decisions_per_cpu_s_20k', 'meets_targets.pr_decisions_per_cpu_s_20k']);
  });
});
