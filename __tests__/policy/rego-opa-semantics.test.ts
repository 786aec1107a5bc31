import { describe, expect, it } from '@jest/globals';
import { RegoError } from '../../src/policy/rego/rego-error.js';
import { RegoPolicy } from '../../src/policy/rego/rego-policy.js';
import { fromJS, toJS } from '../../src/policy/rego/value.js';

// Behaviours where the evaluator once differed from OPA (each names the OPA source it follows).
const value = (source: string, rule = 'p', input?: unknown): unknown => {
  const policy = RegoPolicy.compile([{ file: 't.rego', source: `package t\n${source}\n` }]);
  const rows = policy.query(`x = data.t.${rule}`, { input: input === undefined ? undefined : fromJS(input) });
  return rows.length ? toJS(rows[0]!.get('x')!) : undefined;
};

const strictError = (source: string): RegoError => {
  const policy = RegoPolicy.compile([{ file: 't.rego', source: `package t\n${source}\n` }]);
  try {
    policy.query('x = data.t.p', { strict: true });
  } catch (e) {
    if (e instanceof RegoError) return e;
    throw e;
  }
  throw new Error('expected an error');
};

describe('OPA semantics', () => {
  it('object.get returns a present null, not the default (topdown/object.go)', () => {
    expect(value('p := object.get({"k": null}, "k", "dflt")')).toBeNull();
    expect(value('p := object.get({"a": {"b": null}}, ["a", "b"], "dflt")')).toBeNull();
    expect(value('p := object.get({"a": {}}, ["a", "b"], "dflt")')).toBe('dflt');
  });

  it('strings.replace_n is Go strings.NewReplacer over sorted keys, empty key included', () => {
    expect(value('p := strings.replace_n({"": "-"}, "xy")')).toBe('-x-y-');
    expect(value('p := strings.replace_n({"": "-", "y": "Y"}, "xy")')).toBe('-x-Y-');
    expect(value('p := strings.replace_n({"": "."}, "")')).toBe('.');
    // the earliest key in sorted order wins at a position, not the longest
    expect(value('p := strings.replace_n({"x": "1", "xy": "2"}, "xyz")')).toBe('1yz');
    expect(value('p := strings.replace_n({"x": "y", "y": "x"}, "xyyx")')).toBe('yxxy');
  });

  it('object.subset on arrays, sets, mixed and nested values (topdown/object.go)', () => {
    expect(value('p := object.subset([9, 8, 7, 6], [8, 7])')).toBe(true);
    expect(value('p := object.subset([9, 8, 7, 6], [9, 7])')).toBe(false);
    expect(value('p := object.subset([9, 8, 7, 6], {6, 9})')).toBe(true);
    expect(value('p := object.subset([9, 8, 7, 6], {6, 5})')).toBe(false);
    expect(value('p := object.subset({"k": {"s": {1, 2, 3}, "a": [1, 2, 3]}}, {"k": {"s": {3}, "a": [2, 3]}})')).toBe(true);
    expect(value('p := object.subset({"k": [1, 2, 3]}, {"k": [3, 1]})')).toBe(false);
    // a set cannot hold an array: OPA's operand error makes the call undefined (non-strict)
    expect(value('p := object.subset({1, 2}, [1])')).toBeUndefined();
  });

  it('net.cidr_merge refuses a bare IPv6 address and keeps bare IPv4 classful (topdown/net.go)', () => {
    expect(strictError('p := net.cidr_merge(["fd00::1"])').message).toContain('net.cidr_merge: IPv6 invalid: needs prefix length');
    expect(value('p := net.cidr_merge(["fd00::1/128", "fd00::/64"])')).toEqual(['fd00::/64']);
    expect(value('p := net.cidr_merge(["10.1.2.3"])')).toEqual(['10.0.0.0/8']);
  });

  it('multi-line template strings: escaped braces, nesting and template function arguments', () => {
    expect(value('p := $`\\{1}\n{1 + 1}`')).toBe('{1}\n2');
    expect(value('p := $`a \\{{"b"}`')).toBe('a {b');
    expect(value('p := f("v-w")\nf($"{a}-{input.z}") := 1 if a = "v"', 'p', { z: 'w' })).toBe(1);
    expect(value('p := f("v-x")\nf($"{a}-{input.z}") := 1 if a = "v"', 'p', { z: 'w' })).toBeUndefined();
  });

  it('regex.globs_match decides whether two regex globs share a string (glob-intersection)', () => {
    expect(value('p := regex.globs_match("a.*z", "ab+[xyz]")')).toBe(true);
    expect(value('p := regex.globs_match("a[0-9]+", "a[a-f]*")')).toBe(false);
    expect(value('p := regex.globs_match("a[0-9]*", "a[a-f]*")')).toBe(true);
    expect(value('p := regex.globs_match("\\\\.x", "[.]x")')).toBe(true);
    expect(strictError('p := regex.globs_match("a]", "a")').message).toContain("input:a], pos:2, set-close ']' with no preceding '['");
  });

  it('uuid.rfc4122 and rand.intn are fixed per query for the same arguments', () => {
    const u = value('p := {uuid.rfc4122("k") | numbers.range(1, 20)[_]}') as string[];
    expect(u).toHaveLength(1);
    expect(u[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(value('p := count({uuid.rfc4122("a"), uuid.rfc4122("b")})')).toBe(2);
    const r = value('p := {rand.intn("k", 10) | numbers.range(1, 20)[_]}') as number[];
    expect(r).toHaveLength(1);
    expect(r[0]).toBeGreaterThanOrEqual(0);
    expect(r[0]).toBeLessThan(10);
  });

  it("yaml.unmarshal reports syntax errors in go-yaml's words (yaml: line N: ...)", () => {
    expect(strictError('p := yaml.unmarshal("[1,2,3")').message).toContain("yaml.unmarshal: yaml: line 1: did not find expected ',' or ']'");
    expect(strictError('p := yaml.unmarshal("a: 1\\nb: c: d")').message).toContain('yaml: line 2: mapping values are not allowed in this context');
  });

  it("strings.render_template runs Go's text/template: range with variables, if/else if, with, pipelines, functions", () => {
    const render = (tpl: string, vars: unknown) => value('p := strings.render_template(input.t, input.v)', 'p', { t: tpl, v: vars });
    expect(render('{{range $i, $n := .names}}{{if $i}}, {{end}}hello {{$n}}{{end}}', { names: ['rohan', 'john doe'] })).toBe('hello rohan, hello john doe');
    expect(render('{{if .a}}a{{else if .b}}b{{else}}c{{end}}|{{with .m}}{{.x}}{{else}}none{{end}}', { b: true, m: { x: 2 } })).toBe('b|2');
    expect(render('{{range .e}}x{{else}}empty{{end}} {{len .l}} {{index .l 1}} {{.l}} {{.s | printf "%q"}}', { e: [], l: [1, 2], s: 'q' })).toBe('empty 2 2 [1 2] "q"');
    expect(render('  {{- .missing -}}  !', {})).toBe('<undefined>!');
    expect(strictError('p := strings.render_template("{{if .a}}", {})').message).toContain('strings.render_template: template: template:1: unexpected EOF');
  });

  it('graph.reachable_paths ends a path at any node already walked through, as pathBuilder does (topdown/reachable.go)', () => {
    // d is walked (via c) before e reaches it, so the path through e stops at e.
    const graph = { a: ['c'], c: ['d', 'e'], d: ['x'], e: ['d'], x: [] };
    expect(value('p := graph.reachable_paths(input, {"a"})', 'p', graph)).toEqual([
      ['a', 'c', 'd', 'x'],
      ['a', 'c', 'e'],
    ]);
  });
});

describe('builtins absent by design', () => {
  it('http.send fails saying it is left out on purpose, not that it is unknown', () => {
    const policy = RegoPolicy.compile([{ file: 't.rego', source: 'package t\np := http.send({"method": "get", "url": "http://127.0.0.1:1"})\n' }]);
    expect(() => policy.query('x = data.t.p')).toThrow(/eval_builtin_error: http\.send is not available in Airlock by design: a policy decision makes no network calls/);
  });
});

describe('rego.parse_module', () => {
  it("returns OPA's AST JSON, and a parse error in the argument as the builtin's error", () => {
    const ast = value('p := rego.parse_module("m.rego", input.s)', 'p', { s: 'package a.b\nimport rego.v1\n\ndeny contains msg if {\n\tnot input.ok\n\tmsg := "no"\n}\n' }) as Record<string, unknown>;
    expect(ast.package).toEqual({ path: [{ type: 'var', value: 'data' }, { type: 'string', value: 'a' }, { type: 'string', value: 'b' }] });
    expect(ast.rules).toEqual([
      {
        head: { name: 'deny', ref: [{ type: 'var', value: 'deny' }], key: { type: 'var', value: 'msg' } },
        body: [
          { index: 0, negated: true, terms: { type: 'ref', value: [{ type: 'var', value: 'input' }, { type: 'string', value: 'ok' }] } },
          { index: 1, terms: [{ type: 'ref', value: [{ type: 'var', value: 'assign' }] }, { type: 'var', value: 'msg' }, { type: 'string', value: 'no' }] },
        ],
      },
    ]);
    expect(strictError('p := rego.parse_module("m.rego", "package a.")').message).toMatch(/eval_builtin_error: rego\.parse_module: m\.rego:1:\d+: rego_parse_error: unexpected eof token: expected ident/);
  });
});

describe('net.lookup_ip_addr', () => {
  it('returns IP literals and hosts-file names, and resolves nothing through DNS', () => {
    expect(value('p := net.lookup_ip_addr("192.0.2.7")')).toEqual(['192.0.2.7']);
    expect(value('p := net.lookup_ip_addr("2001:db8::1")')).toEqual(['2001:db8::1']);
    expect(value('p := net.lookup_ip_addr("localhost")')).toEqual(expect.arrayContaining([expect.stringMatching(/^(127\.0\.0\.1|::1)$/)]));
    expect(strictError('p := net.lookup_ip_addr("example.invalid")').message).toMatch(/not in \/etc\/hosts; Airlock resolves no names through DNS/);
  });
});

describe('json.match_schema and json.verify_schema', () => {
  it("report in gojsonschema's shape and refuse unknown types", () => {
    const schema = '{"type": "object", "properties": {"n": {"type": "integer", "minimum": 2}}, "required": ["n", "m"]}';
    const [ok, errors] = value(`p := json.match_schema({"n": "x"}, ${schema})`) as [boolean, unknown[]];
    expect(ok).toBe(false);
    expect(errors).toHaveLength(2);
    expect(errors).toEqual(
      expect.arrayContaining([
        { error: 'n: Invalid type. Expected: integer, given: string', type: 'invalid_type', field: 'n', desc: 'Invalid type. Expected: integer, given: string' },
        { error: '(root): m is required', type: 'required', field: '(root)', desc: 'm is required' },
      ]),
    );
    expect(value(`p := json.match_schema(\`{"n": 3, "m": 1}\`, ${schema})`)).toEqual([true, []]);
    expect(value('p := json.verify_schema({"type": "integer"})')).toEqual([true, null]);
    expect(value('p := json.verify_schema(`{"type": "int"}`)')).toEqual([false, 'jsonschema: has a primitive type that is NOT VALID -- given: /int/ Expected valid values are:[array boolean integer number null object string]']);
  });
});
