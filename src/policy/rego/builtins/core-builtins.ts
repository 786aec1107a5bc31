import { argArray, argNumber, builtinError, operandError, typeError, type BuiltinTable } from '../builtin.js';
import { abs, add, ceil, div, floor, mul, neg, rem, round, sub } from '../numeric.js';
import { parseNumber } from '../parse-number.js';
import { compareValues, isNumber, normNum, RObject, RSet, sortedValues, typeName, valuesEqual, type Value } from '../value.js';

const collection = (v: Value, pos: number): Value[] => {
  if (Array.isArray(v)) return v;
  if (v instanceof RSet) return [...v.values()];
  throw operandError(pos, 'one of {array, set}', v);
};

const numbersOf = (v: Value, pos: number): (number | bigint)[] =>
  collection(v, pos).map((x) => {
    if (!isNumber(x)) throw typeError(`operand ${pos} must be one of {set, array} containing numbers but got ${typeName(x)}`);
    return x;
  });

const setArg = (v: Value, pos: number): RSet => {
  if (!(v instanceof RSet)) throw operandError(pos, 'set', v);
  return v;
};

const member = (x: Value, coll: Value): boolean => {
  if (coll instanceof RSet) return coll.has(x);
  if (Array.isArray(coll)) return coll.some((y) => valuesEqual(x, y));
  if (coll instanceof RObject) return [...coll.pairs()].some(([, y]) => valuesEqual(x, y));
  return false;
};

const range = (a: number | bigint, b: number | bigint, step: number | bigint, max: number): Value[] => {
  const out: Value[] = [];
  const x = BigInt(a);
  const y = BigInt(b);
  const s = BigInt(step);
  const count = (x > y ? x - y : y - x) / s + 1n;
  if (count > BigInt(max)) throw builtinError(`range of ${count} elements exceeds the limit of ${max}`);
  if (x <= y) for (let i = x; i <= y; i += s) out.push(normNum(i));
  else for (let i = x; i >= y; i -= s) out.push(normNum(i));
  return out;
};

const bigInt = (args: Value[], i: number): bigint => {
  const n = argNumber(args, i);
  if (typeof n === 'number' && !Number.isInteger(n)) throw typeError(`operand ${i + 1} must be integer number but got floating-point number`);
  return BigInt(n);
};

const shift = (args: Value[]): bigint => {
  const s = bigInt(args, 1);
  if (s < 0n) throw typeError('operand 2 must be an unsigned integer number but got a negative integer');
  return s;
};

const integerArg = (args: Value[], i: number, name: string): number | bigint => {
  const n = argNumber(args, i);
  if (typeof n === 'number' && !Number.isInteger(n)) throw typeError(`operand ${i + 1} must be integer number but got floating-point number`);
  void name;
  return n;
};

/** Comparison, arithmetic, aggregates, sets, arrays, types and casts. */
export const coreBuiltins: BuiltinTable = {
  equal: { arity: 2, fn: ([a, b]) => valuesEqual(a!, b!) },
  neq: { arity: 2, fn: ([a, b]) => !valuesEqual(a!, b!) },
  lt: { arity: 2, fn: ([a, b]) => compareValues(a!, b!) < 0 },
  lte: { arity: 2, fn: ([a, b]) => compareValues(a!, b!) <= 0 },
  gt: { arity: 2, fn: ([a, b]) => compareValues(a!, b!) > 0 },
  gte: { arity: 2, fn: ([a, b]) => compareValues(a!, b!) >= 0 },

  plus: { arity: 2, fn: (args) => add(argNumber(args, 0), argNumber(args, 1)) },
  minus: {
    arity: 2,
    fn: ([a, b]) => {
      if (isNumber(a!) && isNumber(b!)) return sub(a, b);
      if (a instanceof RSet && b instanceof RSet) return RSet.of([...a.values()].filter((x) => !b.has(x)));
      if (!isNumber(a!) && !(a instanceof RSet)) throw operandError(1, 'one of {number, set}', a!);
      throw operandError(2, isNumber(a!) ? 'number' : 'set', b!);
    },
  },
  mul: { arity: 2, fn: (args) => mul(argNumber(args, 0), argNumber(args, 1)) },
  div: { arity: 2, fn: (args) => div(argNumber(args, 0), argNumber(args, 1)) },
  rem: { arity: 2, fn: (args) => rem(argNumber(args, 0), argNumber(args, 1)) },
  abs: { arity: 1, fn: (args) => abs(argNumber(args, 0)) },
  round: { arity: 1, fn: (args) => round(argNumber(args, 0)) },
  ceil: { arity: 1, fn: (args) => ceil(argNumber(args, 0)) },
  floor: { arity: 1, fn: (args) => floor(argNumber(args, 0)) },
  'numbers.range': {
    arity: 2,
    fn: (args, ctx) => range(integerArg(args, 0, 'numbers.range'), integerArg(args, 1, 'numbers.range'), 1, ctx.maxCollection),
  },
  'numbers.range_step': {
    arity: 3,
    fn: (args, ctx) => {
      const a = integerArg(args, 0, 'numbers.range_step');
      const b = integerArg(args, 1, 'numbers.range_step');
      const s = integerArg(args, 2, 'numbers.range_step');
      if (s <= 0) throw builtinError('step must be a positive integer');
      return range(a, b, s, ctx.maxCollection);
    },
  },

  count: {
    arity: 1,
    fn: ([v]) => {
      if (typeof v === 'string') return [...v].length;
      if (Array.isArray(v)) return v.length;
      if (v instanceof RObject || v instanceof RSet) return v.size;
      throw operandError(1, 'one of {array, object, set, string}', v!);
    },
  },
  sum: { arity: 1, fn: ([v]) => numbersOf(v!, 1).reduce<number | bigint>((a, b) => add(a, b), 0) },
  product: { arity: 1, fn: ([v]) => numbersOf(v!, 1).reduce<number | bigint>((a, b) => mul(a, b), 1) },
  max: {
    arity: 1,
    fn: ([v]) => {
      const xs = collection(v!, 1);
      return xs.length ? xs.reduce((a, b) => (compareValues(a, b) >= 0 ? a : b)) : undefined;
    },
  },
  min: {
    arity: 1,
    fn: ([v]) => {
      const xs = collection(v!, 1);
      return xs.length ? xs.reduce((a, b) => (compareValues(a, b) <= 0 ? a : b)) : undefined;
    },
  },
  sort: { arity: 1, fn: ([v]) => [...collection(v!, 1)].sort(compareValues) },

  and: { arity: 2, fn: ([a, b]) => RSet.of([...setArg(a!, 1).values()].filter((x) => setArg(b!, 2).has(x))) },
  or: {
    arity: 2,
    fn: ([a, b]) => {
      const out = RSet.of(setArg(a!, 1).values());
      for (const x of setArg(b!, 2).values()) out.add(x);
      return out;
    },
  },
  intersection: {
    arity: 1,
    fn: ([v]) => {
      const sets = [...setArg(v!, 1).values()].map((s) => {
        if (!(s instanceof RSet)) throw typeError(`operand 1 must be set of sets but got set containing ${typeName(s)}`);
        return s;
      });
      if (sets.length === 0) return new RSet();
      return RSet.of([...sets[0]!.values()].filter((x) => sets.every((s) => s.has(x))));
    },
  },
  union: {
    arity: 1,
    fn: ([v]) => {
      const out = new RSet();
      for (const s of setArg(v!, 1).values()) {
        if (!(s instanceof RSet)) throw typeError(`operand 1 must be set of sets but got set containing ${typeName(s)}`);
        for (const x of s.values()) out.add(x);
      }
      return out;
    },
  },
  'internal.member_2': { arity: 2, fn: ([x, c]) => member(x!, c!) },
  'internal.member_3': {
    arity: 3,
    fn: ([k, x, c]) => {
      if (Array.isArray(c)) return typeof k === 'number' && Number.isInteger(k) && k >= 0 && k < c.length && valuesEqual(c[k]!, x!);
      if (c instanceof RObject) {
        const y = c.get(k!);
        return y !== undefined && valuesEqual(y, x!);
      }
      if (c instanceof RSet) return valuesEqual(k!, x!) && c.has(x!);
      return false;
    },
  },

  'array.concat': { arity: 2, fn: (args) => [...argArray(args, 0), ...argArray(args, 1)] },
  'array.reverse': { arity: 1, fn: (args) => [...argArray(args, 0)].reverse() },
  'array.slice': {
    arity: 3,
    fn: (args) => {
      const a = argArray(args, 0);
      const lo = argNumber(args, 1);
      const hi = argNumber(args, 2);
      let s = Math.max(0, Math.trunc(Number(lo)));
      const e = Math.min(a.length, Math.trunc(Number(hi)));
      if (s > e) s = e;
      return a.slice(s, e);
    },
  },
  'array.flatten': {
    arity: 1,
    fn: (args) => {
      return argArray(args, 0).flatMap((x) => (Array.isArray(x) ? x : [x]));
    },
  },

  is_number: { arity: 1, fn: ([v]) => isNumber(v!) },
  is_string: { arity: 1, fn: ([v]) => typeof v === 'string' },
  is_boolean: { arity: 1, fn: ([v]) => typeof v === 'boolean' },
  is_array: { arity: 1, fn: ([v]) => Array.isArray(v) },
  is_set: { arity: 1, fn: ([v]) => v instanceof RSet },
  is_object: { arity: 1, fn: ([v]) => v instanceof RObject },
  is_null: { arity: 1, fn: ([v]) => v === null },
  type_name: { arity: 1, fn: ([v]) => typeName(v!) },

  to_number: {
    arity: 1,
    fn: ([v]) => {
      if (v === null) return 0;
      if (typeof v === 'boolean') return v ? 1 : 0;
      if (isNumber(v!)) return v;
      if (typeof v === 'string') {
        const t = v.trim() === v ? v : '';
        const n = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(t) ? parseNumber(t.replace(/^\+/, '').replace(/^(-?)\./, '$10.').replace(/\.(?=[eE]|$)/, '')) : Number.NaN;
        if (typeof n === 'number' && Number.isNaN(n)) {
          // Go's ParseFloat accepts NaN and infinities, which are not Rego numbers.
          if (/^[+-]?(nan|inf|infinity)$/i.test(v)) throw typeError(`operand 1 must be a finite number but got ${JSON.stringify(v)}`);
          throw builtinError(`invalid syntax`);
        }
        return n;
      }
      throw operandError(1, 'one of {null, boolean, number, string}', v!);
    },
  },
  cast_array: {
    arity: 1,
    fn: ([v]) => {
      if (Array.isArray(v)) return v;
      if (v instanceof RSet) return sortedValues(v);
      throw operandError(1, 'one of {array, set}', v!);
    },
  },
  cast_set: {
    arity: 1,
    fn: ([v]) => {
      if (v instanceof RSet) return v;
      if (Array.isArray(v)) return RSet.of(v);
      throw operandError(1, 'one of {array, set}', v!);
    },
  },
  cast_string: { arity: 1, fn: ([v]) => (typeof v === 'string' ? v : undefined) },
  cast_boolean: { arity: 1, fn: ([v]) => (typeof v === 'boolean' ? v : undefined) },
  cast_null: { arity: 1, fn: ([v]) => (v === null ? null : undefined) },
  cast_object: { arity: 1, fn: ([v]) => (v instanceof RObject ? v : undefined) },

  'bits.and': { arity: 2, fn: (args) => normNum(bigInt(args, 0) & bigInt(args, 1)) },
  'bits.or': { arity: 2, fn: (args) => normNum(bigInt(args, 0) | bigInt(args, 1)) },
  'bits.xor': { arity: 2, fn: (args) => normNum(bigInt(args, 0) ^ bigInt(args, 1)) },
  'bits.negate': { arity: 1, fn: (args) => normNum(~bigInt(args, 0)) },
  'bits.lsh': { arity: 2, fn: (args) => normNum(bigInt(args, 0) << shift(args)) },
  'bits.rsh': { arity: 2, fn: (args) => normNum(bigInt(args, 0) >> shift(args)) },

  // The single value of a template expression evaluated under `with` (see the parser).
  'internal.template_value': { arity: 1, fn: ([v]) => (Array.isArray(v) && v.length > 0 ? v[0] : undefined) },
  'opa.runtime': { arity: 0, fn: () => new RObject() },
  neg: { arity: 1, fn: (args) => neg(argNumber(args, 0)) },
};
