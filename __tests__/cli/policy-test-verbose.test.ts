import { describe, expect, it } from '@jest/globals';
import path from 'node:path';
import type { CliIo } from '../../src/cli/cli-io.js';
import { runCli } from '../../src/cli/run-cli.js';

// airlock policy test -v and --run, as opa test has them
// (https://www.openpolicyagent.org/docs/policy-testing): -v prints every test as
// `data.<pkg>.<test>: PASS (<duration>)` under its file:line; --run keeps the tests whose full
// name matches an RE2 expression, unanchored.

const fixtures = path.join(process.cwd(), '__tests__/policy/fixtures');

async function policyTest(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { stdout: (t) => void (out += t), stderr: (t) => void (err += t), env: {}, cwd: fixtures };
  const code = await runCli(['policy', 'test', ...argv], io);
  return { code, out, err };
}

/** `name: PASS|FAIL (duration)` lines, the duration in Go's format as opa prints it. */
const testLines = (out: string): string[][] => [...out.matchAll(/^(data\.[\w.]+): (PASS|FAIL) \((\d+(?:\.\d+)?(?:ns|µs|ms|s))\)$/gm)].map((m) => [m[1]!, m[2]!]);

describe('airlock policy test -v / --run', () => {
  it('-v lists every test, in file order, with PASS and its duration under its file:line, then the counts', async () => {
    for (const flag of ['-v', '--verbose']) {
      const r = await policyTest(['passing', flag]);
      expect(r).toMatchObject({ code: 0, err: '' });
      expect(testLines(r.out)).toEqual([
        ['data.fixture.gate_test.test_agent_push_to_main_denied', 'PASS'],
        ['data.fixture.gate_test.test_human_push_allowed', 'PASS'],
        ['data.fixture.gate_test.test_deny_message', 'PASS'],
        ['data.fixture.gate_test.test_uses_data', 'PASS'],
      ]);
      expect(r.out).toMatch(/^passing\/gate_test\.rego:7:\ndata\.fixture\.gate_test\.test_agent_push_to_main_denied: PASS/m);
      expect(r.out.endsWith(`${'-'.repeat(80)}\nPASS: 4/4\n`)).toBe(true);
    }
  });

  it('without -v only failures are listed (with why); -v lists the passing ones too; exit 1', async () => {
    const quiet = await policyTest(['failing']);
    expect(quiet.code).toBe(1);
    expect(testLines(quiet.out)).toEqual([['data.fixture.broken_test.test_fails', 'FAIL']]);
    expect(quiet.out).toContain('data.fixture.broken_test.test_fails: FAIL');
    expect(quiet.out).toMatch(/: FAIL \(.+\)\n {2}undefined\n/);
    expect(quiet.out).toMatch(/PASS: 1\/2\nFAIL: 1\/2\n$/);
    const verbose = await policyTest(['failing', '-v']);
    expect(testLines(verbose.out)).toEqual([
      ['data.fixture.broken_test.test_passes', 'PASS'],
      ['data.fixture.broken_test.test_fails', 'FAIL'],
    ]);
    const clean = await policyTest(['passing']);
    expect(clean.out).toBe('PASS: 4/4\n');
  });

  it('--run keeps only the tests whose full name matches (unanchored RE2), and runs nothing else', async () => {
    const r = await policyTest(['passing', 'failing', '-v', '--run', 'gate_test\\.test_(human|deny)']);
    expect(r.code).toBe(0);
    expect(testLines(r.out)).toEqual([
      ['data.fixture.gate_test.test_human_push_allowed', 'PASS'],
      ['data.fixture.gate_test.test_deny_message', 'PASS'],
    ]);
    expect(r.out).toMatch(/PASS: 2\/2\n$/);
    // The failing test is not selected, so the run passes; selected by -r (opa's short form), it fails.
    const fails = await policyTest(['passing', 'failing', '-r', 'test_fails$']);
    expect(fails.code).toBe(1);
    expect(testLines(fails.out)).toEqual([['data.fixture.broken_test.test_fails', 'FAIL']]);
    const json = await policyTest(['passing', '--run', '^data\\.fixture\\.gate_test\\.test_uses', '--json']);
    expect(JSON.parse(json.out)).toMatchObject({ passed: 1, failed: 0, tests: [{ name: 'data.fixture.gate_test.test_uses_data', passed: true }] });
  });

  it('--run matching nothing is exit 1 saying so; an invalid expression is a usage error (exit 2)', async () => {
    const none = await policyTest(['passing', '--run', 'no_such_test']);
    expect(none).toEqual({ code: 1, out: '', err: 'airlock policy test: no test_ rules match --run no_such_test\n' });
    const bad = await policyTest(['passing', '--run', '(unclosed']);
    expect(bad.code).toBe(2);
    expect(bad.out).toBe('');
    expect(bad.err).toMatch(/^airlock policy test: --run \(unclosed is not a valid regular expression \(.*missing closing \).*\); expected RE2 syntax.*; see airlock policy test --help\n$/);
    // -v is a flag, never read as a path (it used to be).
    expect((await policyTest(['-v'])).err).toBe('airlock policy test: no policy directory given; expected e.g. airlock policy test policies/; see airlock policy test --help\n');
  });
});
