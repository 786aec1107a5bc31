import { describe, expect, it } from '@jest/globals';
import { defaultRules } from '../../src/scan/rule-set.js';
import { scanText } from '../../src/scan/scan-text.js';

describe('rule examples', () => {
  it('ships at least 150 rules with unique ids, each with positive and negative examples', () => {
    expect(defaultRules.length).toBeGreaterThanOrEqual(150);
    expect(new Set(defaultRules.map((r) => r.id)).size).toBe(defaultRules.length);
    for (const r of defaultRules) {
      expect(r.examples.positives.length).toBeGreaterThan(0);
      expect(r.examples.negatives.length).toBeGreaterThan(0);
    }
  });

  for (const rule of defaultRules) {
    describe(rule.id, () => {
      it.each(rule.examples.positives.map((p) => [p]))('finds %j', (text) => {
        const ids = scanText(text).findings.map((f) => f.rule_id);
        expect(ids).toContain(rule.id);
      });
      it.each(rule.examples.negatives.map((n) => [n]))('ignores %j', (text) => {
        const ids = scanText(text).findings.map((f) => f.rule_id);
        expect(ids).not.toContain(rule.id);
      });
    });
  }
});
