import { argNumber, argString, builtinError, operandError, type BuiltinTable } from '../builtin.js';
import { normNum, type Value } from '../value.js';
import { checkRange, formatGo, NAMED_LAYOUTS, parseDuration, parseGo, toCivil } from './go-time.js';

const nsOf = (v: Value, pos: number): bigint => {
  if (typeof v === 'bigint') return checkRange(v, 'timestamp too big');
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw builtinError('timestamp too big');
    return BigInt(Math.trunc(v));
  }
  throw operandError(pos, 'number', v);
};

/** `ns` or `[ns, tz]` (or `[ns, tz, layout]` for time.format). */
const instantArg = (v: Value, pos: number): { ns: bigint; zone: string; layout?: string } => {
  if (Array.isArray(v)) {
    if (v.length < 2 || v.length > 3) throw builtinError(`operand ${pos} must be [ns, tz] or [ns, tz, layout]`);
    const tz = v[1];
    if (typeof tz !== 'string') throw operandError(pos, 'string time zone', tz!);
    const layout = v[2];
    if (layout !== undefined && typeof layout !== 'string') throw operandError(pos, 'string layout', layout);
    return { ns: nsOf(v[0]!, pos), zone: tz, layout };
  }
  return { ns: nsOf(v, pos), zone: 'UTC' };
};

const daysIn = (y: number, m: number): number => new Date(Date.UTC(y, m, 0)).getUTCDate();

export const timeBuiltins: BuiltinTable = {
  'time.now_ns': { arity: 0, fn: (_args, ctx) => normNum(ctx.nowNs) },
  'time.parse_ns': { arity: 2, fn: (args) => normNum(parseGo(NAMED_LAYOUTS[argString(args, 0)] ?? argString(args, 0), argString(args, 1))) },
  'time.parse_rfc3339_ns': { arity: 1, fn: (args) => normNum(parseGo(NAMED_LAYOUTS.RFC3339!, argString(args, 0))) },
  'time.parse_duration_ns': { arity: 1, fn: (args) => normNum(parseDuration(argString(args, 0))) },
  'time.date': {
    arity: 1,
    fn: ([v]) => {
      const { ns, zone } = instantArg(v!, 1);
      const c = toCivil(ns, zone);
      return [c.year, c.month, c.day];
    },
  },
  'time.clock': {
    arity: 1,
    fn: ([v]) => {
      const { ns, zone } = instantArg(v!, 1);
      const c = toCivil(ns, zone);
      return [c.hour, c.minute, c.second];
    },
  },
  'time.weekday': {
    arity: 1,
    fn: ([v]) => {
      const { ns, zone } = instantArg(v!, 1);
      return ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'][toCivil(ns, zone).weekday]!;
    },
  },
  'time.format': {
    arity: 1,
    fn: ([v]) => {
      const { ns, zone, layout } = instantArg(v!, 1);
      const l = layout === undefined ? NAMED_LAYOUTS.RFC3339Nano! : (NAMED_LAYOUTS[layout] ?? layout);
      return formatGo(l, toCivil(ns, zone));
    },
  },
  'time.add_date': {
    arity: 4,
    fn: (args) => {
      const ns = nsOf(args[0]!, 1);
      const y = Number(argNumber(args, 1));
      const m = Number(argNumber(args, 2));
      const d = Number(argNumber(args, 3));
      const c = toCivil(ns, 'UTC');
      const ms = Date.UTC(c.year + y, c.month - 1 + m, c.day + d, c.hour, c.minute, c.second);
      return normNum(checkRange(BigInt(Math.floor(ms / 1000)) * 1_000_000_000n + BigInt(c.nanos)));
    },
  },
  'time.diff': {
    arity: 2,
    fn: ([a, b]) => {
      const x = instantArg(a!, 1);
      const y = instantArg(b!, 2);
      let lo = x.ns;
      let hi = y.ns;
      if (lo > hi) [lo, hi] = [hi, lo];
      const c1 = toCivil(lo, x.zone);
      const c2 = toCivil(hi, x.zone);
      let year = c2.year - c1.year;
      let month = c2.month - c1.month;
      let day = c2.day - c1.day;
      let hour = c2.hour - c1.hour;
      let min = c2.minute - c1.minute;
      let sec = c2.second - c1.second;
      if (sec < 0) {
        sec += 60;
        min--;
      }
      if (min < 0) {
        min += 60;
        hour--;
      }
      if (hour < 0) {
        hour += 24;
        day--;
      }
      if (day < 0) {
        day += daysIn(c1.year, c1.month);
        month--;
      }
      if (month < 0) {
        month += 12;
        year--;
      }
      return [year, month, day, hour, min, sec];
    },
  },
};
