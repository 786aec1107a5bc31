import { describe, expect, it } from '@jest/globals';
import { adversarialInputs } from '../../src/scan/adversarial-inputs.js';
import { defaultRules } from '../../src/scan/rule-set.js';
import { scanText } from '../../src/scan/scan-text.js';
import { StreamScanner } from '../../src/scan/stream-scanner.js';

// No timing assertions: a rule that backtracked catastrophically would not finish, and the
// test would hit jest's timeout. The benchmark reports the time per MB.
describe('adversarial inputs', () => {
  // A fifth of the benchmark's sizes: a backtracking rule would still not finish.
  const inputs = adversarialInputs(0.2);

  it.each(inputs.map((i) => [i.name, i.text]))('scans %s to completion', (_name, text) => {
    expect(text.length).toBeGreaterThan(50_000);
    const { findings, truncated } = scanText(text);
    expect(truncated).toBeUndefined();
    // None of these inputs holds a real secret (concatenated keywords can form token shapes).
    if (_name !== 'repeated keywords')
      expect(findings.filter((f) => f.kind !== 'generic').map((f) => f.rule_id)).toEqual([]);
    else expect(Array.isArray(findings)).toBe(true);
  });

  it('streams the largest input in small chunks to completion', () => {
    const text = inputs.reduce((a, b) => (b.text.length > a.text.length ? b : a)).text;
    const s = new StreamScanner();
    let n = 0;
    for (let i = 0; i < text.length; i += 4096) n += s.push(text.slice(i, i + 4096)).length;
    n += s.end().length;
    expect(n).toBe(0);
  });

  it('stops at the time budget and says so', () => {
    const text = inputs[0]!.text.repeat(4);
    expect(scanText(text, { timeBudgetMs: 0 }).truncated).toBe('time');
  });
});

describe('rule patterns', () => {
  // Escapes and character classes reduced to one symbol, so only the structure remains.
  const structure = (p: string): string => p.replace(/\\./g, 'x').replace(/\[[^\]]*\]/g, 'C');

  it('use only bounded quantifiers', () => {
    const unbounded = defaultRules
      .filter((r) => /[*+]|\{\d+,\}/.test(structure(r.pattern)))
      .map((r) => r.id);
    expect(unbounded).toEqual([]);
  });

  it('nest quantifiers only where each repetition ends on a character the inner run excludes', () => {
    // A quantified group whose body holds another quantifier: the classic catastrophic shape.
    const nested = (s: string): boolean => {
      for (let i = 0; i < s.length; i++) {
        if (s[i] !== '(') continue;
        let depth = 0;
        let j = i;
        for (; j < s.length; j++) {
          if (s[j] === '(') depth++;
          else if (s[j] === ')' && --depth === 0) break;
        }
        if (
          /^[{?]/.test(s.slice(j + 1)) &&
          /\{\d+,\d+\}/.test(s.slice(i + 1, j)) &&
          s[j + 1] === '{'
        )
          return true;
      }
      return false;
    };
    // putty-private-key: `(?:[A-Za-z0-9+/=]{1,64}\n){1,200}`, lines end on '\n', which the
    // class excludes, so a text splits into repetitions in exactly one way.
    expect(defaultRules.filter((r) => nested(structure(r.pattern))).map((r) => r.id)).toEqual([
      'putty-private-key',
    ]);
  });
});
