import { describe, expect, it } from '@jest/globals';
import path from 'node:path';
import { evaluatePolicy } from '../../src/policy/evaluate-policy.js';
import { runPolicyTests } from '../../src/policy/policy-test-runner.js';
import {
  DEFAULT_PACKAGES,
  defaultPolicyCases,
  loadDefaultPolicies,
} from './default-policy-cases.js';

describe('default policies (policies/)', () => {
  it('every Rego unit test passes, and each package has tests', async () => {
    const files = await loadDefaultPolicies();
    const results = runPolicyTests(files.modules, files.data);
    const failed = results.filter((r) => !r.passed).map((r) => `${r.name}: ${r.reason}`);
    expect(failed).toEqual([]);
    expect(results.length).toBeGreaterThan(0);
    for (const pkg of DEFAULT_PACKAGES) {
      const own = results.filter((r) => r.name.startsWith(`data.airlock.${pkg}_test.`));
      expect({
        pkg,
        tests: own.length > 0,
        file: own.every((r) => path.basename(r.file) === `${pkg}_test.rego`),
      }).toEqual({ pkg, tests: true, file: true });
    }
  });

  it('each test case name states the decision the embedded evaluator gives', async () => {
    const files = await loadDefaultPolicies();
    const cases = defaultPolicyCases(files);
    expect(cases.filter((c) => c.name.startsWith('allow_')).length).toBeGreaterThan(0);
    for (const c of cases) {
      const d = evaluatePolicy({
        modules: files.modules,
        data: files.data,
        entrypoint: c.entrypoint,
        input: c.input,
      });
      expect(d.error).toBeUndefined();
      const expected = !c.malformed && c.name.startsWith('allow_');
      expect({ case: `${c.pkg}/${c.name}`, allow: d.allow, reasons: d.deny.length > 0 }).toEqual({
        case: `${c.pkg}/${c.name}`,
        allow: expected,
        reasons: !expected,
      });
    }
  });

  it('a policy that cannot decide denies: a broken module and a missing package', async () => {
    const files = await loadDefaultPolicies();
    const ok = defaultPolicyCases(files).find((c) => c.name === 'allow_write_within_everything')!;
    const broken = files.modules.map((m) =>
      m.file.endsWith('/sts.rego')
        ? {
            ...m,
            source: m.source.replace(
              'default allow := false',
              'default allow := false\nallow if {',
            ),
          }
        : m,
    );
    const d = evaluatePolicy({
      modules: broken,
      data: files.data,
      entrypoint: 'airlock.sts',
      input: ok.input,
    });
    expect(d).toMatchObject({ allow: false, error: { code: 'rego_parse_error' } });
    expect(
      evaluatePolicy({
        modules: files.modules,
        data: files.data,
        entrypoint: 'airlock.nope',
        input: ok.input,
      }).allow,
    ).toBe(false);
  });
});
