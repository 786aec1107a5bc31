import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { runConformance } from '../../src/policy/conformance-runner.js';

// OPA's own YAML cases, shared beside the repository; never copied into it.
const dir = path.resolve(process.cwd(), '../shared/rego-conformance');
const present = existsSync(path.join(dir, 'tiers.json'));
const suite = present ? describe : describe.skip;

suite(`Rego conformance on ${dir}${present ? '' : ' (folder absent: skipped)'}`, () => {
  it('passes at least 97% of tier 1 cases and 90% of tier 2 cases', async () => {
    const tiers = (JSON.parse(readFileSync(path.join(dir, 'tiers.json'), 'utf8')) as { tier_of_folder: Record<string, number> }).tier_of_folder;
    const report = await runConformance(path.join(dir, 'v1'), {
      folders: new Set(Object.keys(tiers).filter((f) => tiers[f] === 1 || tiers[f] === 2)),
    });
    const totals: Record<number, { passed: number; total: number }> = { 1: { passed: 0, total: 0 }, 2: { passed: 0, total: 0 } };
    for (const [folder, c] of Object.entries(report.by_folder)) {
      const t = totals[tiers[folder]!]!;
      t.passed += c.passed;
      // skipped cases count against the rate
      t.total += c.passed + c.failed + c.skipped;
    }
    const rate = (t: { passed: number; total: number }): number => t.passed / t.total;
    expect(totals[1]!.total).toBeGreaterThan(0);
    expect(totals[2]!.total).toBeGreaterThan(0);
    expect({ tier1: rate(totals[1]!) >= 0.97, tier2: rate(totals[2]!) >= 0.9 }).toEqual({ tier1: true, tier2: true });
  });
});
