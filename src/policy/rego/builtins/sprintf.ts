import { argArray, argString, builtinError, type Builtin } from '../builtin.js';
import { formatNumber, isNumber, toRegoString, type Value } from '../value.js';

/** A width or precision beyond this is refused: `%0999999999d` must not allocate a gigabyte. */
const MAX_WIDTH = 100_000;

const pad = (s: string, width: number, left: boolean, zero: boolean): string => {
  if (s.length >= width) return s;
  if (width > MAX_WIDTH) throw builtinError(`format width ${width} exceeds ${MAX_WIDTH}`);
  if (left) return s + ' '.repeat(width - s.length);
  if (zero) {
    const sign = s.startsWith('-') || s.startsWith('+') ? s[0]! : '';
    return sign + '0'.repeat(width - s.length) + s.slice(sign.length);
  }
  return ' '.repeat(width - s.length) + s;
};

/** Go's %e/%g exponent has at least two digits (`1e+06`). */
const goExp = (s: string): string => s.replace(/e([+-])(\d)$/, 'e$10$2');

/**
 * How Go's `%v` prints a float64: strconv's 'g' with the shortest digits, in exponent form when
 * the exponent is below -4 or at least 6 (`1.048576e+06`). OPA prints integers (of any size)
 * through big.Int, so those stay digits.
 */
const goFloat = (n: number): string => {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? '+Inf' : '-Inf';
  if (Number.isSafeInteger(n)) return String(n);
  const [mant, expText] = n.toExponential().split('e') as [string, string];
  const exp = Number(expText);
  if (exp < -4 || exp >= 6) return `${mant}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return String(n);
};


/** How `%v` prints a value: strings raw, numbers as Go prints them, composites in Rego syntax. */
export const formatValue = (v: Value): string => {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return goFloat(v);
  if (typeof v === 'bigint') return v.toString();
  return toRegoString(v);
};

const goQuote = (s: string): string => JSON.stringify(s).replace(/\\u00([0-9a-f]{2})/g, '\\x$1');

const formatOne = (verb: string, v: Value | undefined, flags: string, width: number | undefined, prec: number | undefined): string => {
  if (v === undefined) return `%!${verb}(MISSING)`;
  const plus = flags.includes('+');
  const sign = (s: string, neg: boolean): string => (neg ? s : plus ? `+${s}` : s);
  let out: string;
  switch (verb) {
    case 'v':
    case 's':
      out = verb === 's' && !isNumber(v) && typeof v !== 'string' && typeof v !== 'boolean' && v !== null ? toRegoString(v) : formatValue(v);
      if (prec !== undefined && typeof v === 'string') out = [...out].slice(0, prec).join('');
      break;
    case 'd':
      if (!isNumber(v)) return `%!d(${formatValue(v)})`;
      if (typeof v === 'number' && !Number.isInteger(v)) return `%!d(float64=${goFloat(v)})`;
      out = sign(formatNumber(v), (typeof v === 'bigint' ? v < 0n : v < 0));
      break;
    case 'f':
    case 'F':
      if (!isNumber(v)) return `%!f(${formatValue(v)})`;
      if ((prec ?? 6) > 100) throw builtinError(`format precision ${prec} exceeds 100`);
      out = sign(Number(v).toFixed(prec ?? 6), Number(v) < 0);
      break;
    case 'e':
    case 'E': {
      if (!isNumber(v)) return `%!e(${formatValue(v)})`;
      out = sign(goExp(Number(v).toExponential(prec ?? 6)), Number(v) < 0);
      if (verb === 'E') out = out.toUpperCase();
      break;
    }
    case 'g':
    case 'G':
      if (!isNumber(v)) return `%!g(${formatValue(v)})`;
      out = sign(prec === undefined ? goFloat(Number(v)) : goExp(Number(Number(v).toPrecision(prec)).toString()), Number(v) < 0);
      break;
    case 'x':
    case 'X': {
      if (typeof v === 'string') out = Buffer.from(v, 'utf8').toString('hex');
      else if (isNumber(v) && (typeof v === 'bigint' || Number.isInteger(v))) out = (typeof v === 'bigint' ? v : BigInt(v)).toString(16);
      else return `%!${verb}(${formatValue(v)})`;
      if (verb === 'X') out = out.toUpperCase();
      break;
    }
    case 'o':
    case 'b':
      if (!isNumber(v) || (typeof v === 'number' && !Number.isInteger(v))) return `%!${verb}(${formatValue(v)})`;
      out = BigInt(v).toString(verb === 'o' ? 8 : 2);
      break;
    case 'q':
      out = typeof v === 'string' ? goQuote(v) : `%!q(${formatValue(v)})`;
      break;
    case 't':
      out = typeof v === 'boolean' ? String(v) : `%!t(${formatValue(v)})`;
      break;
    default:
      return `%!${verb}(${formatValue(v)})`;
  }
  return width === undefined ? out : pad(out, width, flags.includes('-'), flags.includes('0'));
};

interface Directive {
  verb: string;
  flags: string;
  width: number | undefined;
  prec: number | undefined;
}

/** Format strings are usually constants in policies: parse each once. */
const parsedFormats = new Map<string, (string | Directive)[]>();

const parseFormat = (format: string): (string | Directive)[] => {
  const parts: (string | Directive)[] = [];
  let lit = '';
  for (let i = 0; i < format.length; i++) {
    const c = format[i]!;
    if (c !== '%') {
      lit += c;
      continue;
    }
    const m = /^([-+# 0]*)(\d+)?(?:\.(\d*))?([a-zA-Z%])?/.exec(format.slice(i + 1))!;
    i += m[0].length;
    const verb = m[4];
    if (verb === undefined) lit += '%!(NOVERB)';
    else if (verb === '%') lit += '%';
    else {
      if (lit) parts.push(lit);
      lit = '';
      parts.push({ verb, flags: m[1] ?? '', width: m[2] ? Number(m[2]) : undefined, prec: m[3] !== undefined ? Number(m[3] || '0') : undefined });
    }
  }
  if (lit) parts.push(lit);
  return parts;
};

/** Go's fmt.Sprintf, as OPA's `sprintf` uses it (https://pkg.go.dev/fmt). */
export const goSprintf = (format: string, values: Value[]): string => {
  let parts = parsedFormats.get(format);
  if (!parts) {
    parts = parseFormat(format);
    if (parsedFormats.size > 1000) parsedFormats.clear();
    parsedFormats.set(format, parts);
  }
  let out = '';
  let argi = 0;
  for (const p of parts) {
    if (typeof p === 'string') out += p;
    else if ((p.verb === 's' || p.verb === 'v') && p.flags === '' && p.width === undefined && p.prec === undefined && typeof values[argi] === 'string') out += values[argi++] as string;
    else out += formatOne(p.verb, values[argi++], p.flags, p.width, p.prec);
  }
  if (argi < values.length) out += `%!(EXTRA ${values.slice(argi).map((v) => `${typeof v === 'string' ? 'string' : 'value'}=${formatValue(v)}`).join(', ')})`;
  return out;
};

export const sprintfBuiltin: Builtin = {
  arity: 2,
  fn: (args) => {
    const f = argString(args, 0);
    const vals = args[1];
    if (!Array.isArray(vals)) throw builtinError('operand 2 must be array');
    return goSprintf(f, argArray(args, 1));
  },
};
