import { describe, expect, it } from '@jest/globals';
import { adversarialInputs } from '../../src/scan/adversarial-inputs.js';
import { scanText } from '../../src/scan/scan-text.js';
import { StreamScanner } from '../../src/scan/stream-scanner.js';

// No timing assertions: a rule that backtracked catastrophically would not finish, and the
// test would hit jest's timeout. The benchmark reports the time per MB.
describe('adversarial inputs', () => {
  const inputs = adversarialInputs();

  it.each(inputs.map((i) => [i.name, i.text]))('scans %s to completion', (_name, text) => {
    expect(text.length).toBeGreaterThan(100_000);
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
