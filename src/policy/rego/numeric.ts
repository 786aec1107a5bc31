import { builtinError } from './builtin.js';
import { normNum } from './value.js';

type Num = number | bigint;

const isInt = (n: Num): boolean => typeof n === 'bigint' || Number.isInteger(n);
const big = (n: Num): bigint => (typeof n === 'bigint' ? n : BigInt(n));
const flt = (n: Num): number => Number(n);

const intOp = (a: Num, b: Num, f: (x: bigint, y: bigint) => bigint, g: (x: number, y: number) => number): Num => {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = g(a, b);
    if (Number.isSafeInteger(r) && Number.isInteger(a) && Number.isInteger(b)) return r;
    if (Number.isInteger(a) && Number.isInteger(b)) return normNum(f(BigInt(a), BigInt(b)));
    return normNum(r);
  }
  if (isInt(a) && isInt(b)) return normNum(f(big(a), big(b)));
  return normNum(g(flt(a), flt(b)));
};

/** Rego arithmetic: exact on integers of any size (as Go's big.Int), IEEE doubles otherwise. */
export const add = (a: Num, b: Num): Num => intOp(a, b, (x, y) => x + y, (x, y) => x + y);
export const sub = (a: Num, b: Num): Num => intOp(a, b, (x, y) => x - y, (x, y) => x - y);
export const mul = (a: Num, b: Num): Num => intOp(a, b, (x, y) => x * y, (x, y) => x * y);

export const div = (a: Num, b: Num): Num => {
  if (b === 0 || b === 0n) throw builtinError('divide by zero');
  if (isInt(a) && isInt(b)) {
    const x = big(a);
    const y = big(b);
    if (x % y === 0n) return normNum(x / y);
  }
  return normNum(flt(a) / flt(b));
};

export const rem = (a: Num, b: Num): Num => {
  if (!isInt(a) || !isInt(b)) throw builtinError('modulo on floating-point number');
  if (b === 0 || b === 0n) throw builtinError('modulo by zero');
  return normNum(big(a) % big(b));
};

export const neg = (a: Num): Num => normNum(typeof a === 'bigint' ? -a : -a);

export const abs = (a: Num): Num => (typeof a === 'bigint' ? normNum(a < 0n ? -a : a) : Math.abs(a));

/** Go's math.Round: half away from zero. */
export const round = (a: Num): Num => (typeof a === 'bigint' ? a : normNum(Math.sign(a) * Math.round(Math.abs(a))));
export const ceil = (a: Num): Num => (typeof a === 'bigint' ? a : normNum(Math.ceil(a)));
export const floor = (a: Num): Num => (typeof a === 'bigint' ? a : normNum(Math.floor(a)));

