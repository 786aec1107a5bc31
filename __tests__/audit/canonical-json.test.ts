import { describe, expect, it } from '@jest/globals';
import { canonicalJson } from '../../src/audit/canonical-json.js';

describe('canonicalJson', () => {
  it('sorts keys by UTF-16 code units at every depth and writes no whitespace', () => {
    expect(
      canonicalJson({
        b: 1,
        a: { d: [3, { z: true, y: null }], c: 'x' },
        B: 2,
        '10': 0,
        '9': 0,
        é: 0,
      }),
    ).toBe('{"10":0,"9":0,"B":2,"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1,"é":0}');
  });

  it('gives the same text for the same value whatever the insertion order', () => {
    expect(canonicalJson({ x: 1, y: [1, 2], z: { q: 'a', p: 'b' } })).toBe(
      canonicalJson({ z: { p: 'b', q: 'a' }, y: [1, 2], x: 1 }),
    );
  });

  it('writes numbers as ECMAScript does (RFC 8785 §3.2.2.3)', () => {
    expect(canonicalJson([0, -0, 1, -5, 0.1, 1e21, 1e-7, 9007199254740991, 123.456])).toBe(
      '[0,0,1,-5,0.1,1e+21,1e-7,9007199254740991,123.456]',
    );
  });

  it('escapes only what JSON requires', () => {
    expect(canonicalJson('a"b\\c\n\u0001é€😀/')).toBe('"a\\"b\\\\c\\n\\u0001é€😀/"');
  });

  it('drops undefined members like JSON.stringify and writes null for undefined array items', () => {
    expect(canonicalJson({ a: undefined, b: [undefined, 1] })).toBe('{"b":[null,1]}');
  });

  it('refuses values with no faithful JSON form', () => {
    for (const bad of [
      Number.NaN,
      Infinity,
      10n,
      new Date(0),
      new Map(),
      () => 1,
      Symbol('s'),
      '\ud800',
      { k: 'x\udc00' },
    ]) {
      expect(() => canonicalJson(bad)).toThrow(expect.objectContaining({ code: 'record_invalid' }));
    }
  });

  it('refuses cycles and absurd nesting instead of overflowing the stack', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow(
      expect.objectContaining({ code: 'record_invalid' }),
    );
    let deep: unknown = 1;
    for (let i = 0; i < 100; i++) deep = [deep];
    expect(() => canonicalJson(deep)).toThrow(expect.objectContaining({ code: 'record_invalid' }));
  });
});
