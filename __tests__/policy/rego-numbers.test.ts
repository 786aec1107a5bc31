import { describe, expect, it } from '@jest/globals';
import { RegoPolicy } from '../../src/policy/rego/rego-policy.js';
import { fromJS, toJS, toJSON } from '../../src/policy/rego/value.js';

const one = (source: string, query: string, input?: unknown): unknown => {
  const rows = RegoPolicy.compile([{ file: 'n.rego', source }]).query(query, { input: input === undefined ? undefined : fromJS(input) });
  return rows[0]?.get('x');
};

describe('lossless numbers', () => {
  it('keeps integers beyond 2^53 exact through literals, arithmetic and comparison', () => {
    const src = 'package n\nbig := 9007199254740993\nnext := big + 1\nsame if big == 9007199254740993\nbigger if big > 9007199254740992\n';
    expect(one(src, 'x = data.n.big')).toBe(9007199254740993n);
    expect(one(src, 'x = data.n.next')).toBe(9007199254740994n);
    expect(one(src, 'x = data.n.same')).toBe(true);
    expect(one(src, 'x = data.n.bigger')).toBe(true);
  });

  it('keeps big integers from input and prints them exactly', () => {
    const v = one('package n\nid := input.id * 10\n', 'x = data.n.id', { id: 123456789012345678901234567890n });
    expect(v).toBe(1234567890123456789012345678900n);
    expect(toJSON(fromJS({ v }))).toBe('{"v":1234567890123456789012345678900}');
  });

  it('parses big integers in json.unmarshal and writes them back in json.marshal', () => {
    const src = 'package n\nx := json.marshal(json.unmarshal(`{"a": 18446744073709551617}`))\n';
    expect(one(src, 'x = data.n.x')).toBe('{"a":18446744073709551617}');
  });

  it('divides exactly when divisible and as a float otherwise', () => {
    expect(one('package n\nq := 36893488147419103232 / 2\n', 'x = data.n.q')).toBe(18446744073709551616n);
    expect(one('package n\nq := 1 / 4\n', 'x = data.n.q')).toBe(0.25);
  });

  it('keeps a "__proto__" input key as data', () => {
    const input = JSON.parse('{"__proto__": {"admin": true}, "a": 1}') as unknown;
    const rows = RegoPolicy.compile([{ file: 'p.rego', source: 'package p\nx := input\nadmin := input.__proto__.admin\n' }]).query('x = data.p', { input: fromJS(input) });
    const out = toJS(rows[0]!.get('x')!) as Record<string, unknown>;
    expect(Object.keys(out.x as object)).toEqual(['__proto__', 'a']);
    expect(out.admin).toBe(true);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });
});
