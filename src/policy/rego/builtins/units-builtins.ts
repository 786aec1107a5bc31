import { argString, builtinError, type BuiltinTable } from '../builtin.js';
import { normNum } from '../value.js';

/** An exact decimal: mantissa * 10^exp. */
interface Decimal {
  m: bigint;
  e: number;
}

const parseDecimal = (s: string): Decimal | undefined => {
  const x = /^(-?)([0-9]*)(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?$/.exec(s);
  if (!x || (x[2] === '' && (x[3] ?? '') === '')) return undefined;
  const frac = x[3] ?? '';
  const m = BigInt((x[2] ?? '') + frac || '0');
  return { m: x[1] ? -m : m, e: Number(x[4] ?? 0) - frac.length };
};

/** Exact value times a multiplier, as an integer when exact or a double otherwise. */
const scaled = (d: Decimal, mul: bigint, div: bigint, truncate: boolean): number | bigint => {
  let num = d.m * mul;
  let den = div;
  if (d.e >= 0) num *= 10n ** BigInt(d.e);
  else den *= 10n ** BigInt(-d.e);
  if (num % den === 0n) return normNum(num / den);
  if (truncate) return normNum(num / den);
  return normNum(Number(num) / Number(den));
};

const DECIMAL: Record<string, bigint> = { k: 10n ** 3n, m: 10n ** 6n, g: 10n ** 9n, t: 10n ** 12n, p: 10n ** 15n, e: 10n ** 18n };
const BINARY: Record<string, bigint> = { ki: 2n ** 10n, mi: 2n ** 20n, gi: 2n ** 30n, ti: 2n ** 40n, pi: 2n ** 50n, ei: 2n ** 60n };

/** Split "12.5Ki" into the number text and the unit (a trailing exponent like "5e" is a unit, not notation). */
const split = (s: string): [string, string] => {
  const m = /^(-?[0-9.]*(?:[eE][+-]?[0-9]+)?)(.*)$/.exec(s)!;
  return [m[1]!, m[2]!];
};

const prepare = (name: string, raw: string): string => {
  const s = raw.replace(/^"|"$/g, '');
  if (/\s/.test(s)) throw builtinError(`${name}: spaces not allowed in resource strings`);
  return s;
};

export const unitsBuiltins: BuiltinTable = {
  'units.parse': {
    arity: 1,
    fn: (args) => {
      const s = prepare('units.parse', argString(args, 0));
      const [num, unitRaw] = split(s);
      if (num === '') throw builtinError('units.parse: no amount provided');
      const d = parseDecimal(num);
      if (!d) throw builtinError('units.parse: could not parse amount to a number');
      if (unitRaw === '') return scaled(d, 1n, 1n, false);
      if (unitRaw === 'm') return scaled(d, 1n, 1000n, false);
      const unit = unitRaw.toLowerCase();
      if (unit === 'm' || unitRaw === 'M') return scaled(d, DECIMAL.m!, 1n, false);
      const mul = BINARY[unit] ?? DECIMAL[unit];
      if (mul === undefined) throw builtinError(`units.parse: unknown unit ${unitRaw}`);
      return scaled(d, mul, 1n, false);
    },
  },
  'units.parse_bytes': {
    arity: 1,
    fn: (args) => {
      const s = prepare('units.parse_bytes', argString(args, 0)).toLowerCase();
      const [num, unitRaw] = split(s);
      if (num === '') throw builtinError('units.parse_bytes: no byte amount provided');
      const d = parseDecimal(num);
      if (!d) throw builtinError('units.parse_bytes: could not parse byte amount to a number');
      const unit = unitRaw.replace(/b$/, '');
      if (unit === '') return scaled(d, 1n, 1n, true);
      const mul = BINARY[unit] ?? DECIMAL[unit];
      if (mul === undefined) throw builtinError(`units.parse_bytes: byte unit ${unitRaw} not recognized`);
      return scaled(d, mul, 1n, true);
    },
  },
};
