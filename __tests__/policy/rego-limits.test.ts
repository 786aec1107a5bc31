import { describe, expect, it } from '@jest/globals';
import { evaluatePolicy } from '../../src/policy/evaluate-policy.js';
import { RegoPolicy } from '../../src/policy/rego/rego-policy.js';

// Each comprehension level multiplies the work by 1000: 10^12 steps unless stopped.
const EXPLODING = `package boom
import rego.v1
n := numbers.range(1, 1000)
deny contains x if {
  some a in n
  some b in n
  some c in n
  some d in n
  x := a + b + c + d
}
allow if count(deny) == 0
`;

describe('resource limits', () => {
  it('stops an exploding policy with eval_limit_error', () => {
    const p = RegoPolicy.compile([{ file: 'boom.rego', source: EXPLODING }]);
    expect(() => p.query('x = data.boom.allow', { limits: { maxSteps: 100_000 } })).toThrow(/eval_limit_error: evaluation exceeded 100000 steps/);
  });

  it('turns a limit error into a denial with a clear message', () => {
    const d = evaluatePolicy({ modules: [{ file: 'boom.rego', source: EXPLODING }], entrypoint: 'boom', input: {}, limits: { maxSteps: 50_000 } });
    expect(d.allow).toBe(false);
    expect(d.error?.code).toBe('eval_limit_error');
    expect(d.deny).toEqual([expect.stringMatching(/^policy error \(eval_limit_error\): .*exceeded 50000 steps/)]);
  });

  it('stops on the wall-clock limit', () => {
    const p = RegoPolicy.compile([{ file: 'boom.rego', source: EXPLODING }]);
    expect(() => p.query('x = data.boom.allow', { limits: { maxSteps: Number.MAX_SAFE_INTEGER, timeoutMs: 50 } })).toThrow(/eval_limit_error: .*time limit of 50 ms/);
  });

  it('refuses to build a huge collection', () => {
    const p = RegoPolicy.compile([{ file: 'big.rego', source: 'package big\nxs := numbers.range(1, 1000000000000)\n' }]);
    expect(p.query('x = data.big.xs', { limits: { maxCollection: 10_000 } })).toEqual([]);
    expect(() => p.query('x = data.big.xs', { strict: true, limits: { maxCollection: 10_000 } })).toThrow(/exceeds the limit of 10000/);
  });

  it('stops deep nesting with the depth limit', () => {
    const rules = Array.from({ length: 30 }, (_, i) => `r${i} := r${i + 1} + 1`).join('\n');
    const p = RegoPolicy.compile([{ file: 'deep.rego', source: `package deep\n${rules}\nr30 := 0\n` }]);
    expect(p.query('x = data.deep.r0')).toEqual([new Map([['x', 30]])]);
    expect(() => p.query('x = data.deep.r0', { limits: { maxDepth: 10 } })).toThrow(/eval_limit_error: .*maximum depth of 10/);
  });

  it('refuses format widths that would allocate huge strings', () => {
    const p = RegoPolicy.compile([{ file: 'w.rego', source: 'package w\ns := sprintf("%0900000000d", [1])\n' }]);
    expect(p.query('x = data.w.s')).toEqual([]);
    expect(() => p.query('x = data.w.s', { strict: true })).toThrow(/eval_builtin_error: sprintf: format width 900000000 exceeds/);
  });

  it('stops a self-referencing rule set with a recursion error', () => {
    const p = RegoPolicy.compile([{ file: 'r.rego', source: 'package r\na := b + 1\nb := a + 1\n' }]);
    expect(() => p.query('x = data.r.a')).toThrow(/rego_recursion_error/);
  });
});
