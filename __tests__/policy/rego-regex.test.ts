import { describe, expect, it } from '@jest/globals';
import { RegoPolicy } from '../../src/policy/rego/rego-policy.js';
import { fromJS } from '../../src/policy/rego/value.js';

describe('regular expressions are RE2 (linear time)', () => {
  it('matches a catastrophic-backtracking pattern against hostile input without hanging', () => {
    // With a backtracking engine (JS RegExp), (a+)+$ on "aaaa…!" takes exponential time: this test would hang.
    const hostile = `${'a'.repeat(50_000)}!`;
    const p = RegoPolicy.compile([{ file: 'r.rego', source: 'package r\nimport rego.v1\nbad if regex.match(`^(a+)+$`, input.s)\ngood if regex.match(`^(a+)+!$`, input.s)\n' }]);
    const input = fromJS({ s: hostile });
    expect(p.query('x = data.r.bad', { input })).toEqual([]);
    expect(p.query('x = data.r.good', { input })).toEqual([new Map([['x', true]])]);
  });

  it('uses Go regexp syntax and semantics', () => {
    const p = RegoPolicy.compile([{ file: 'r.rego', source: 'package r\nnamed := regex.replace("ab-cd", `(?P<x>\\w+)-(\\w+)`, "${2}_$x")\nfound := regex.find_n(`a.`, "a1a2a3", 2)\n' }]);
    expect(p.query('x = data.r.named')[0]?.get('x')).toBe('cd_ab');
    expect(p.query('x = data.r.found')[0]?.get('x')).toEqual(['a1', 'a2']);
  });
});
