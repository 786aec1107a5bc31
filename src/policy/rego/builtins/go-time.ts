import { builtinError } from '../builtin.js';

/**
 * Go's time layouts (https://pkg.go.dev/time#pkg-constants) for OPA's `time.*` builtins: the
 * reference time `Mon Jan 2 15:04:05 MST 2006` names each field. Instants are int64 nanoseconds.
 */
export const NAMED_LAYOUTS: Record<string, string> = {
  ANSIC: 'Mon Jan _2 15:04:05 2006',
  UnixDate: 'Mon Jan _2 15:04:05 MST 2006',
  RubyDate: 'Mon Jan 02 15:04:05 -0700 2006',
  RFC822: '02 Jan 06 15:04 MST',
  RFC822Z: '02 Jan 06 15:04 -0700',
  RFC850: 'Monday, 02-Jan-06 15:04:05 MST',
  RFC1123: 'Mon, 02 Jan 2006 15:04:05 MST',
  RFC1123Z: 'Mon, 02 Jan 2006 15:04:05 -0700',
  RFC3339: '2006-01-02T15:04:05Z07:00',
  RFC3339Nano: '2006-01-02T15:04:05.999999999Z07:00',
  Kitchen: '3:04PM',
  Stamp: 'Jan _2 15:04:05',
  StampMilli: 'Jan _2 15:04:05.000',
  StampMicro: 'Jan _2 15:04:05.000000',
  StampNano: 'Jan _2 15:04:05.000000000',
  DateTime: '2006-01-02 15:04:05',
  DateOnly: '2006-01-02',
  TimeOnly: '15:04:05',
};

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

const MIN_NS = -(2n ** 63n);
const MAX_NS = 2n ** 63n - 1n;

export const checkRange = (ns: bigint, msg = 'time outside of valid range'): bigint => {
  if (ns < MIN_NS || ns > MAX_NS) throw builtinError(msg);
  return ns;
};

export interface Civil {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  nanos: number;
  weekday: number;
  yday: number;
  offset: number;
  zone: string;
}

const floorDiv = (a: bigint, b: bigint): bigint => {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
};

/** The UTC offset (seconds) of a zone at an instant, from the platform's time zone data. */
export const zoneOffset = (zone: string, ms: number): { offset: number; abbr: string } => {
  if (zone === '' || zone === 'UTC') return { offset: 0, abbr: 'UTC' };
  let fmt: Intl.DateTimeFormat;
  try {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: zone === 'Local' ? undefined : zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      timeZoneName: 'short',
    });
  } catch {
    throw builtinError(`unknown time zone ${zone}`);
  }
  const parts = Object.fromEntries(fmt.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  const wall = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  const offset = Math.round((wall - Math.floor(ms / 1000) * 1000) / 1000);
  return { offset, abbr: parts.timeZoneName ?? zone };
};

export const toCivil = (ns: bigint, zone: string): Civil => {
  const msFloor = floorDiv(ns, 1_000_000n);
  const { offset, abbr } = zoneOffset(zone, Number(msFloor));
  const secs = floorDiv(ns, 1_000_000_000n);
  const nanos = Number(ns - secs * 1_000_000_000n);
  const d = new Date(Number(secs + BigInt(offset)) * 1000);
  const start = Date.UTC(d.getUTCFullYear(), 0, 1);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    nanos,
    weekday: d.getUTCDay(),
    yday: Math.floor((d.getTime() - start) / 86_400_000) + 1,
    offset,
    zone: abbr,
  };
};

type Chunk = { std: string } | { lit: string };

const STD = [
  'January', 'Jan', 'Monday', 'Mon', 'MST',
  '2006', '002', '01', '02', '03', '04', '05', '06',
  '15', '1', '__2', '_2', '2', '3', '4', '5', 'PM', 'pm',
  '-07:00:00', '-070000', '-07:00', '-0700', '-07',
  'Z07:00:00', 'Z070000', 'Z07:00', 'Z0700', 'Z07',
];

/** Split a layout into Go's std chunks and literals. */
const chunks = (layout: string): Chunk[] => {
  const out: Chunk[] = [];
  let lit = '';
  let i = 0;
  while (i < layout.length) {
    const frac = /^[.,](0+|9+)(?![0-9])/.exec(layout.slice(i));
    if (frac) {
      if (lit) out.push({ lit });
      lit = '';
      out.push({ std: frac[0] });
      i += frac[0].length;
      continue;
    }
    const std = STD.find((s) => layout.startsWith(s, i) && !(s === '1' && layout.startsWith('15', i)));
    if (std && !(std === 'Jan' && layout.startsWith('January', i)) && !(std === 'Mon' && layout.startsWith('Monday', i))) {
      if (lit) out.push({ lit });
      lit = '';
      out.push({ std });
      i += std.length;
      continue;
    }
    lit += layout[i];
    i++;
  }
  if (lit) out.push({ lit });
  return out;
};

const p2 = (n: number): string => String(n).padStart(2, '0');

const formatOffset = (std: string, off: number): string => {
  if (std.startsWith('Z') && off === 0) return 'Z';
  const sign = off < 0 ? '-' : '+';
  const a = Math.abs(off);
  const h = p2(Math.floor(a / 3600));
  const m = p2(Math.floor((a % 3600) / 60));
  const s = p2(a % 60);
  const body = std.replace(/^Z/, '-');
  switch (body) {
    case '-07':
      return sign + h;
    case '-0700':
      return sign + h + m;
    case '-07:00':
      return `${sign}${h}:${m}`;
    case '-070000':
      return sign + h + m + s;
    default:
      return `${sign}${h}:${m}:${s}`;
  }
};

export const formatGo = (layout: string, c: Civil): string =>
  chunks(layout)
    .map((ch) => {
      if ('lit' in ch) return ch.lit;
      const s = ch.std;
      switch (s) {
        case 'January':
          return MONTHS[c.month - 1]!;
        case 'Jan':
          return MONTHS[c.month - 1]!.slice(0, 3);
        case 'Monday':
          return DAYS[c.weekday]!;
        case 'Mon':
          return DAYS[c.weekday]!.slice(0, 3);
        case 'MST':
          return c.offset === 0 && (c.zone === 'UTC' || c.zone === 'GMT') ? 'UTC' : c.zone;
        case '2006':
          return String(c.year).padStart(4, '0');
        case '06':
          return p2(c.year % 100);
        case '01':
          return p2(c.month);
        case '1':
          return String(c.month);
        case '02':
          return p2(c.day);
        case '_2':
          return String(c.day).padStart(2, ' ');
        case '2':
          return String(c.day);
        case '002':
          return String(c.yday).padStart(3, '0');
        case '__2':
          return String(c.yday).padStart(3, ' ');
        case '15':
          return p2(c.hour);
        case '03':
          return p2(c.hour % 12 === 0 ? 12 : c.hour % 12);
        case '3':
          return String(c.hour % 12 === 0 ? 12 : c.hour % 12);
        case '04':
          return p2(c.minute);
        case '4':
          return String(c.minute);
        case '05':
          return p2(c.second);
        case '5':
          return String(c.second);
        case 'PM':
          return c.hour >= 12 ? 'PM' : 'AM';
        case 'pm':
          return c.hour >= 12 ? 'pm' : 'am';
        default:
          break;
      }
      if (s[0] === '.' || s[0] === ',') {
        const digits = s.length - 1;
        const full = String(c.nanos).padStart(9, '0').slice(0, digits);
        if (s[1] === '0') return s[0] + full;
        const trimmed = full.replace(/0+$/, '');
        return trimmed ? s[0] + trimmed : '';
      }
      return formatOffset(s, c.offset);
    })
    .join('');

/** Parse `value` with a Go layout to int64 nanoseconds since the epoch. */
export const parseGo = (layout: string, value: string): bigint => {
  const fail = (): never => {
    throw builtinError(`parsing time ${JSON.stringify(value)} as ${JSON.stringify(layout)}: cannot parse`);
  };
  let i = 0;
  let year = 1;
  let month = 1;
  let day = 1;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let nanos = 0;
  let pm: boolean | undefined;
  let offset: number | undefined;
  let yday = 0;
  const num = (min: number, max: number): number => {
    const m = new RegExp(`^[0-9]{${min},${max}}`).exec(value.slice(i));
    if (!m) fail();
    i += m![0].length;
    return Number(m![0]);
  };
  const word = (list: string[], len?: number): number => {
    for (let k = 0; k < list.length; k++) {
      const w = len ? list[k]!.slice(0, len) : list[k]!;
      if (value.slice(i, i + w.length).toLowerCase() === w.toLowerCase()) {
        i += w.length;
        return k;
      }
    }
    return fail();
  };
  const parsed = chunks(layout);
  for (let idx = 0; idx < parsed.length; idx++) {
    const ch = parsed[idx]!;
    if ('lit' in ch) {
      if (!value.startsWith(ch.lit, i)) fail();
      i += ch.lit.length;
      continue;
    }
    const s = ch.std;
    switch (s) {
      case 'January':
        month = word(MONTHS) + 1;
        break;
      case 'Jan':
        month = word(MONTHS, 3) + 1;
        break;
      case 'Monday':
        word(DAYS);
        break;
      case 'Mon':
        word(DAYS, 3);
        break;
      case 'MST': {
        const m = /^[A-Z]{3,5}|^[+-][0-9]{2}/.exec(value.slice(i));
        if (!m) fail();
        i += m![0].length;
        if (m![0] === 'UTC' || m![0] === 'GMT') offset ??= 0;
        break;
      }
      case '2006': {
        const neg = value[i] === '-';
        if (neg) i++;
        year = num(4, 4) * (neg ? -1 : 1);
        break;
      }
      case '06': {
        const y = num(2, 2);
        year = y >= 69 ? 1900 + y : 2000 + y;
        break;
      }
      case '01':
        month = num(2, 2);
        break;
      case '1':
        month = num(1, 2);
        break;
      case '02':
        day = num(2, 2);
        break;
      case '_2':
        if (value[i] === ' ') i++;
        day = num(1, 2);
        break;
      case '2':
        day = num(1, 2);
        break;
      case '002':
        yday = num(3, 3);
        break;
      case '__2':
        while (value[i] === ' ') i++;
        yday = num(1, 3);
        break;
      case '15':
        hour = num(1, 2);
        break;
      case '03':
        hour = num(2, 2);
        break;
      case '3':
        hour = num(1, 2);
        break;
      case '04':
        minute = num(2, 2);
        break;
      case '4':
        minute = num(1, 2);
        break;
      case '05':
        second = num(2, 2);
        break;
      case '5':
        second = num(1, 2);
        break;
      case 'PM':
      case 'pm': {
        const t = value.slice(i, i + 2).toUpperCase();
        if (t !== 'AM' && t !== 'PM') fail();
        pm = t === 'PM';
        i += 2;
        break;
      }
      default:
        if (s[0] === '.' || s[0] === ',') {
          const m = /^[.,]([0-9]+)/.exec(value.slice(i));
          if (!m) {
            if (s[1] === '9') break;
            fail();
          }
          nanos = Number(m![1]!.slice(0, 9).padEnd(9, '0'));
          i += m![0].length;
          break;
        }
        if (s.startsWith('Z') && value[i] === 'Z') {
          i++;
          offset = 0;
          break;
        }
        {
          const m = /^([+-])([0-9]{2})(?::?([0-9]{2}))?(?::?([0-9]{2}))?/.exec(value.slice(i));
          if (!m) fail();
          i += m![0].length;
          offset = (m![1] === '-' ? -1 : 1) * (Number(m![2]) * 3600 + Number(m![3] ?? 0) * 60 + Number(m![4] ?? 0));
        }
    }
    // Go accepts fractional seconds after a seconds field even when the layout has none.
    if ((s === '05' || s === '5') && value[i] === '.' && !(parsed[idx + 1] && 'std' in parsed[idx + 1]! && /^[.,]/.test((parsed[idx + 1] as { std: string }).std))) {
      const m = /^\.([0-9]+)/.exec(value.slice(i));
      if (m) {
        nanos = Number(m[1]!.slice(0, 9).padEnd(9, '0'));
        i += m[0].length;
      }
    }
  }
  if (i !== value.length) throw builtinError(`parsing time ${JSON.stringify(value)}: extra text: ${JSON.stringify(value.slice(i))}`);
  if (pm !== undefined) {
    if (hour > 12) fail();
    if (pm && hour < 12) hour += 12;
    if (!pm && hour === 12) hour = 0;
  }
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) {
    throw builtinError(`parsing time ${JSON.stringify(value)}: value out of range`);
  }
  const probe = new Date(Date.UTC(2000, month - 1, day));
  if (probe.getUTCDate() !== day && !(month === 2 && day === 29)) throw builtinError(`parsing time ${JSON.stringify(value)}: day out of range`);
  const ms = Date.UTC(year, month - 1, yday ? yday : day, hour, minute, second);
  const fixed = new Date(ms);
  if (year >= 0 && year < 100) fixed.setUTCFullYear(year);
  if (fixed.getUTCDate() !== day && !yday) throw builtinError(`parsing time ${JSON.stringify(value)}: day out of range`);
  const secs = BigInt(Math.floor(fixed.getTime() / 1000)) - BigInt(offset ?? 0);
  return checkRange(secs * 1_000_000_000n + BigInt(nanos));
};

const UNITS: Record<string, bigint> = { ns: 1n, us: 1000n, 'µs': 1000n, 'μs': 1000n, ms: 1_000_000n, s: 1_000_000_000n, m: 60_000_000_000n, h: 3_600_000_000_000n };

/** Go's time.ParseDuration. */
export const parseDuration = (s: string): bigint => {
  const bad = (): never => {
    throw builtinError(`time: invalid duration ${JSON.stringify(s)}`);
  };
  let rest = s;
  let neg = false;
  if (rest[0] === '-' || rest[0] === '+') {
    neg = rest[0] === '-';
    rest = rest.slice(1);
  }
  if (rest === '0') return 0n;
  if (rest === '') bad();
  let total = 0n;
  while (rest) {
    const m = /^([0-9]*)(?:\.([0-9]*))?(ns|us|µs|μs|ms|s|m|h)/.exec(rest);
    if (!m || (m[1] === '' && !m[2])) return bad();
    const unit = UNITS[m[3]!]!;
    total += BigInt(m[1] || '0') * unit;
    if (m[2]) {
      const frac = m[2];
      total += (BigInt(frac) * unit) / 10n ** BigInt(frac.length);
    }
    rest = rest.slice(m[0].length);
  }
  return neg ? -total : total;
};
