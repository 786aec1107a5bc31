import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { hash } from 'node:crypto';
import { canonicalJson } from '../../src/json/canonical-json.js';
import { EmbeddedPolicyBackend, evaluatePolicy, inputDigest, policyDigest } from '../../src/policy/evaluate-policy.js';

const source = readFileSync(path.join(process.cwd(), '__tests__/policy/fixtures/decision.rego'), 'utf8');
const modules = [{ file: 'decision.rego', source }];

describe('evaluatePolicy decisions', () => {
  it('allows only when allow is true and deny is empty', () => {
    const d = evaluatePolicy({ modules, entrypoint: 'fixture.decision', input: { user: 'alice' } });
    expect(d).toMatchObject({ allow: true, deny: [] });
    expect(d.policy_digest).toMatch(/^[0-9a-f]{64}$/);
    expect(d.input_digest).toBe(inputDigest({ user: 'alice' }));
    expect(typeof d.duration_ms).toBe('number');
  });

  it('denies with the deny messages', () => {
    expect(evaluatePolicy({ modules, entrypoint: 'data.fixture.decision', input: { user: 'bob' } })).toMatchObject({ allow: false, deny: ['bob is banned'] });
    expect(evaluatePolicy({ modules, entrypoint: 'fixture/decision', input: { user: 'carol' } })).toMatchObject({ allow: false, deny: [] });
  });

  it('accepts a query that yields the decision document', () => {
    const d = evaluatePolicy({ modules, query: '{"allow": data.fixture.decision.allow, "deny": data.fixture.decision.deny}', input: { user: 'alice' } });
    expect(d).toMatchObject({ allow: true, deny: [] });
  });

  it('turns every error into a denial carrying the message', () => {
    const broken = evaluatePolicy({ modules: [{ file: 'bad.rego', source: 'package bad\nallow if {' }], entrypoint: 'bad', input: {} });
    expect(broken.allow).toBe(false);
    expect(broken.error?.code).toBe('rego_parse_error');
    expect(broken.deny[0]).toMatch(/^policy error \(rego_parse_error\): bad\.rego:2:\d+: /);

    const conflict = evaluatePolicy({ modules: [{ file: 'c.rego', source: 'package c\nallow := input.a\nallow := input.b\n' }], entrypoint: 'c', input: { a: true, b: false } });
    expect(conflict).toMatchObject({ allow: false, error: { code: 'eval_conflict_error' } });

    const notSet = evaluatePolicy({ modules: [{ file: 'd.rego', source: 'package d\nallow := true\ndeny := "nope"\n' }], entrypoint: 'd', input: {} });
    expect(notSet.allow).toBe(false);
    expect(notSet.deny[0]).toMatch(/deny must be a set or array/);

    expect(evaluatePolicy({ modules, entrypoint: '', input: {} })).toMatchObject({ allow: false, error: { code: 'rego_compile_error' } });
  });

  it('denies on builtin errors in strict mode, as OPA treats them as undefined otherwise', () => {
    const src = 'package s\nimport rego.v1\ndeny contains "bad ref" if regex.match("[", input.ref)\nallow := true\n';
    const m = [{ file: 's.rego', source: src }];
    expect(evaluatePolicy({ modules: m, entrypoint: 's', input: { ref: 'main' } })).toMatchObject({ allow: true });
    const strict = evaluatePolicy({ modules: m, entrypoint: 's', input: { ref: 'main' }, strict: true });
    expect(strict).toMatchObject({ allow: false, error: { code: 'eval_builtin_error' } });
    expect(strict.deny[0]).toMatch(/regex\.match: error parsing regexp/);
  });

  it('requires allow to be exactly true', () => {
    const d = evaluatePolicy({ modules: [{ file: 'e.rego', source: 'package e\nallow := "yes"\n' }], entrypoint: 'e', input: {} });
    expect(d.allow).toBe(false);
  });

  it('digests are stable: module order and key order do not matter, content does', () => {
    const a = { file: 'a.rego', source: 'package a\nx := 1\n' };
    const b = { file: 'b.rego', source: 'package b\ny := 2\n' };
    expect(policyDigest([a, b])).toBe(policyDigest([b, a]));
    expect(policyDigest([a])).not.toBe(policyDigest([b]));
    expect(inputDigest({ x: 1, y: [1, 2] })).toBe(inputDigest({ y: [1, 2], x: 1 }));
    expect(inputDigest({ n: 9007199254740993n })).not.toBe(inputDigest({ n: 9007199254740992n }));
    expect(inputDigest({ n: 12345678901234567890n })).toBe(hash('sha256', '{"n":12345678901234567890}', 'hex'));
  });

  it('the input digest is sha256 over the RFC 8785 form of the input', () => {
    const doc = { b: [1, 'x"y', { z: null, a: true }], 'k\u0001': 0.5, '\ud83d\ude00': 'é', t: 1e-7, big: 1e21, gone: undefined };
    expect(canonicalJson(doc)).toBe('{"b":[1,"x\\"y",{"a":true,"z":null}],"big":1e+21,"k\\u0001":0.5,"t":1e-7,"😀":"é"}');
    expect(inputDigest(doc)).toBe(hash('sha256', canonicalJson(doc), 'hex'));
    expect(evaluatePolicy({ modules, entrypoint: 'fixture.decision', input: doc }).input_digest).toBe(inputDigest(doc));
    expect(inputDigest(undefined)).toBe(hash('sha256', 'null', 'hex'));
  });

  it('an input with no JSON form is an error decision, never an allow', () => {
    for (const input of [{ user: 'alice', s: '\ud800' }, { user: 'alice', at: new Date(0) }, { user: 'alice', set: new Set(['a']) }]) {
      const d = evaluatePolicy({ modules, entrypoint: 'fixture.decision', input });
      expect(d).toMatchObject({ allow: false, error: { message: expect.stringMatching(/^cannot canonicalize \$\.\w+: /) } });
    }
  });

  it('consecutive decisions reuse the compiled policy only while modules, limits and rules asked for are unchanged, even when edited in place', () => {
    const m = [{ file: 'r.rego', source: 'package r\nimport rego.v1\nallow if every x in numbers.range(1, 50) { x > 0 }\nlane := "fast"\nother := "slow"\n' }];
    const limits = { maxSteps: 1_000_000 };
    expect(evaluatePolicy({ modules: m, entrypoint: 'r', input: {}, limits })).toMatchObject({ allow: true });
    // The same limits object, now too small: the decision must see the new limit.
    limits.maxSteps = 5;
    expect(evaluatePolicy({ modules: m, entrypoint: 'r', input: {}, limits })).toMatchObject({ allow: false, error: { code: 'eval_limit_error' } });
    limits.maxSteps = 1_000_000;
    const also = ['lane'];
    expect(evaluatePolicy({ modules: m, entrypoint: 'r', input: {}, limits, also }).documents).toEqual({ lane: 'fast' });
    also[0] = 'other';
    expect(evaluatePolicy({ modules: m, entrypoint: 'r', input: {}, limits, also }).documents).toEqual({ other: 'slow' });
    // The same module list with a source replaced: the new source decides.
    m[0] = { file: 'r.rego', source: 'package r\nallow := false\n' };
    expect(evaluatePolicy({ modules: m, entrypoint: 'r', input: {}, limits })).toMatchObject({ allow: false, deny: [] });
    expect(evaluatePolicy({ modules: m, entrypoint: 'r', input: {}, limits, strict: true })).toMatchObject({ allow: false });
  });

  it('the embedded backend implements PolicyBackend', async () => {
    const backend = new EmbeddedPolicyBackend({ modules });
    expect(backend.name).toBe('embedded');
    await expect(backend.evaluate({ entrypoint: 'fixture.decision', input: { user: 'alice' } })).resolves.toMatchObject({ allow: true });
    await expect(backend.evaluate({ entrypoint: 'fixture.decision', input: { user: 'bob' } })).resolves.toMatchObject({ allow: false, deny: ['bob is banned'] });
  });
});
