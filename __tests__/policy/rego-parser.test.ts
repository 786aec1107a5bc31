import { describe, expect, it } from '@jest/globals';
import { RegoError } from '../../src/policy/rego/rego-error.js';
import { RegoPolicy } from '../../src/policy/rego/rego-policy.js';
import { fromJS, toJS } from '../../src/policy/rego/value.js';

const compileError = (source: string, file = 'policies/x.rego'): RegoError => {
  try {
    RegoPolicy.compile([{ file, source }]);
  } catch (e) {
    if (e instanceof RegoError) return e;
    throw e;
  }
  throw new Error('expected a compile error');
};

describe('Rego parser errors', () => {
  it('names file:line:col of an unexpected token', () => {
    const e = compileError('package p\n\nallow if {\n  input.x == \n}\n');
    expect(e.code).toBe('rego_parse_error');
    expect(e.location).toEqual({ file: 'policies/x.rego', line: 5, col: 1 });
    expect(e.message).toMatch(/^policies\/x\.rego:5:1: rego_parse_error: /);
  });

  it('names the position of an unterminated string', () => {
    const e = compileError('package p\nmsg := "open\n');
    expect(e.message).toMatch(/^policies\/x\.rego:2:8: rego_parse_error: non-terminated string/);
  });

  it('requires a package declaration', () => {
    const e = compileError('allow := true\n', 'a.rego');
    expect(e.message).toMatch(/^a\.rego:1:1: rego_parse_error: .*package/);
  });

  it('explains Rego v0 syntax that v1 rejects', () => {
    expect(compileError('package p\nallow {\n  true\n}\n').message).toBe('policies/x.rego:2:7: rego_parse_error: `if` keyword is required before rule body');
    expect(compileError('package p\ndeny[msg] {\n  msg := "x"\n}\n').message).toMatch(/^policies\/x\.rego:2:1: rego_parse_error: `contains` keyword is required for partial set rules/);
  });

  it('rejects an illegal character with its column', () => {
    const e = compileError('package p\nx := 1 ^ 2\n');
    expect(e.location).toMatchObject({ line: 2, col: 8 });
  });
});

describe('Rego language', () => {
  const q = (source: string, query: string, input?: unknown): unknown[] =>
    RegoPolicy.compile([{ file: 't.rego', source }])
      .query(query, { input: input === undefined ? undefined : fromJS(input) })
      .map((r) => Object.fromEntries(r));

  it('evaluates else chains, every, some-in, comprehensions and functions', () => {
    const src = `package t
import rego.v1
grade(n) := "a" if n >= 90
else := "b" if n >= 80
else := "c"
all_pos if every x in input.xs { x > 0 }
evens := [x | some x in input.xs; x % 2 == 0]
pairs contains [k, v] if some k, v in {"a": 1}
`;
    expect(q(src, 'x = [data.t.grade(95), data.t.grade(85), data.t.grade(1)]')).toEqual([{ x: ['a', 'b', 'c'] }]);
    expect(q(src, 'x = data.t.all_pos', { xs: [1, 2] })).toEqual([{ x: true }]);
    expect(q(src, 'x = data.t.all_pos', { xs: [1, -2] })).toEqual([]);
    expect(q(src, 'x = data.t.evens', { xs: [1, 2, 3, 4] })).toEqual([{ x: [2, 4] }]);
  });

  it('raises a conflict for complete rules with different values', () => {
    const p = RegoPolicy.compile([{ file: 't.rego', source: 'package t\nx := 1 if true\nx := 2 if true\n' }]);
    expect(() => p.query('y = data.t.x')).toThrow(/eval_conflict_error: complete rules must not produce multiple outputs/);
  });

  it('applies with to input and functions', () => {
    const src = 'package t\nimport rego.v1\nf(x) := x + 1\np := f(input.n)\n';
    expect(q(src, 'x = data.t.p with input.n as 41')).toEqual([{ x: 42 }]);
    expect(q(src, 'x = data.t.p with input.n as 1 with data.t.f as 7')).toEqual([{ x: 7 }]);
  });

  it('reorders a body so vars are bound before they are read', () => {
    const src = 'package t\nimport rego.v1\np := msg if {\n  msg := sprintf("hi %s", [name])\n  name := input.user\n}\n';
    expect(q(src, 'x = data.t.p', { user: 'ann' })).toEqual([{ x: 'hi ann' }]);
  });

  it('builds documents from ref-head rules and merges them with sibling rules', () => {
    const src = 'package t\nimport rego.v1\nteams[name].size := count(members) if some name, members in input.teams\nteams.admin.size := 0\n';
    const rows = q(src, 'x = data.t.teams', { teams: { dev: ['a', 'b'] } }) as { x: unknown }[];
    expect(rows.length).toBe(1);
    expect(toJS(rows[0]!.x as never)).toEqual({ admin: { size: 0 }, dev: { size: 2 } });
  });

  it('lets a with-replacement call the original builtin', () => {
    const src = 'package t\nimport rego.v1\nmock(x) := count(x) + 100\np := count([1, 2]) with count as mock\n';
    expect(() => q(src, 'x = data.t.p')).toThrow(/rego_parse_error/);
    const ok = 'package t\nimport rego.v1\nmock(x) := count(x) + 100\np := n if n := count([1, 2]) with count as mock\n';
    expect(q(ok, 'x = data.t.p')).toEqual([{ x: 102 }]);
  });

  it('interpolates template strings', () => {
    expect(q('package t\np := $"{input.n} items, {[1, 2]}"\n', 'x = data.t.p', { n: 3 })).toEqual([{ x: '3 items, [1, 2]' }]);
  });
});
