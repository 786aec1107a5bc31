import { describe, expect, it } from '@jest/globals';
import path from 'node:path';
import type { CliIo } from '../../src/cli/cli-io.js';
import { policyCommand } from '../../src/cli/policy-command.js';

const fixtures = path.join(process.cwd(), '__tests__/policy/fixtures');

const run = async (argv: string[]): Promise<{ code: number; out: string; err: string }> => {
  let out = '';
  let err = '';
  const io: CliIo = { stdout: (t) => (out += t), stderr: (t) => (err += t), env: {}, cwd: fixtures };
  const code = await policyCommand(argv, io);
  return { code, out, err };
};

describe('airlock policy test', () => {
  it('passes a directory whose test_ rules all hold', async () => {
    const r = await run(['test', 'passing', '-v']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/data\.fixture\.gate_test\.test_agent_push_to_main_denied: PASS/);
    expect(r.out).toMatch(/data\.fixture\.gate_test\.test_uses_data: PASS/);
    expect(r.out).toMatch(/PASS: 4\/4/);
  });

  it('fails (non-zero) when a test fails, and reports it in JSON', async () => {
    const r = await run(['test', 'failing', '--json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out) as { passed: number; failed: number; tests: { name: string; passed: boolean }[] };
    expect(report).toMatchObject({ passed: 1, failed: 1 });
    expect(report.tests.find((t) => !t.passed)?.name).toBe('data.fixture.broken_test.test_fails');
  });

  it('explains a missing directory (exit 2: an input error)', async () => {
    const r = await run(['test', 'nope']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/nope: no such file or directory/);
  });
});

describe('airlock policy eval', () => {
  it('evaluates a query with data and input files', async () => {
    const r = await run(['eval', '--data', 'decision.rego', '--input', 'decision-input.json', 'data.fixture.decision.allow', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({ result: [{ expressions: [{ value: true, text: 'data.fixture.decision.allow' }], bindings: {} }] });
  });

  it('keeps big integers from the input exact', async () => {
    const r = await run(['eval', '--input', 'decision-input.json', 'x := input.big', '--json']);
    expect(r.out).toContain('"x": 123456789012345678901234567890');
  });

  it('names a bad input file and what was expected', async () => {
    const r = await run(['eval', '--input', 'decision.rego', 'input']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--input .*decision\.rego: not valid JSON/);
    const none = await run(['eval', 'a', 'b']);
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/exactly one query/);
  });

  it('reports syntax errors with file:line:col', async () => {
    const r = await run(['eval', 'data.x = ']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/query:1:\d+: rego_parse_error/);
  });
});

describe('airlock policy conformance', () => {
  it('requires a directory', async () => {
    const r = await run(['conformance']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/conformance needs one directory/);
  });

  it('runs OPA-format cases and prints counts and failures as JSON', async () => {
    const r = await run(['conformance', 'conformance-cases', '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as { passed: number; failed: number; skipped: number; by_folder: Record<string, unknown>; failures: { note: string; expected: unknown; got: unknown }[] };
    expect(report).toMatchObject({ passed: 2, failed: 1, skipped: 0 });
    expect(report.by_folder).toEqual({ sample: { passed: 2, failed: 1, skipped: 0 } });
    expect(report.failures).toEqual([{ folder: 'sample', note: 'sample/wrong expectation', expected: [{ x: 3 }], got: [{ x: 2 }] }]);
  });
});
