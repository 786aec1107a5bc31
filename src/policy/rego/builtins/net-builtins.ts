import { builtinError, operandError, typeError, type BuiltinTable } from '../builtin.js';
import { RObject, RSet, typeName, type Value } from '../value.js';

interface Net {
  v6: boolean;
  addr: bigint;
  bits: number;
}

const parseV4 = (s: string): bigint | undefined => {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let out = 0n;
  for (const p of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p) || Number(p) > 255) return undefined;
    out = (out << 8n) | BigInt(p);
  }
  return out;
};

const parseV6 = (s: string): bigint | undefined => {
  let text = s;
  let tail: bigint[] = [];
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.')) {
    const v4 = parseV4(text.slice(lastColon + 1));
    if (v4 === undefined) return undefined;
    tail = [v4 >> 16n, v4 & 0xffffn];
    text = text.slice(0, lastColon + 1);
    if (text.endsWith(':') && !text.endsWith('::')) text = text.slice(0, -1);
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const group = (h: string): bigint[] | undefined => {
    if (h === '') return [];
    const gs = h.split(':');
    const out: bigint[] = [];
    for (const g of gs) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
      out.push(BigInt(`0x${g}`));
    }
    return out;
  };
  const head = group(halves[0]!);
  const rest = halves.length === 2 ? group(halves[1]!) : [];
  if (!head || !rest) return undefined;
  const have = head.length + rest.length + tail.length;
  if (halves.length === 1 && have !== 8) return undefined;
  if (halves.length === 2 && have > 7) return undefined;
  const all = [...head, ...Array<bigint>(8 - have).fill(0n), ...rest, ...tail];
  return all.reduce((acc, g) => (acc << 16n) | g, 0n);
};

const parseIP = (s: string): { v6: boolean; addr: bigint } | undefined => {
  const v4 = parseV4(s);
  if (v4 !== undefined) return { v6: false, addr: v4 };
  const v6 = s.includes(':') ? parseV6(s) : undefined;
  return v6 === undefined ? undefined : { v6: true, addr: v6 };
};

const parseCIDR = (s: string): Net | undefined => {
  const slash = s.indexOf('/');
  if (slash < 0) return undefined;
  const ip = parseIP(s.slice(0, slash));
  const bitsText = s.slice(slash + 1);
  if (!ip || !/^(0|[1-9][0-9]*)$/.test(bitsText)) return undefined;
  const bits = Number(bitsText);
  if (bits > (ip.v6 ? 128 : 32)) return undefined;
  return { ...ip, bits };
};

const width = (n: Net): number => (n.v6 ? 128 : 32);
const mask = (n: Net): bigint => ((1n << BigInt(width(n))) - 1n) ^ ((1n << BigInt(width(n) - n.bits)) - 1n);
const first = (n: Net): bigint => n.addr & mask(n);
const last = (n: Net): bigint => first(n) | ((1n << BigInt(width(n) - n.bits)) - 1n);

const cidrArg = (v: Value, pos: number): Net => {
  if (typeof v !== 'string') throw operandError(pos, 'string', v);
  const n = parseCIDR(v);
  if (!n) throw builtinError(`invalid CIDR address: ${v}`);
  return n;
};

/** A CIDR, or a bare IP as a single-address network. */
const cidrOrIP = (v: Value, pos: number): Net => {
  if (typeof v !== 'string') throw operandError(pos, 'string', v);
  const n = parseCIDR(v);
  if (n) return n;
  const ip = parseIP(v);
  if (!ip) throw builtinError(`invalid CIDR address: ${v}`);
  return { ...ip, bits: ip.v6 ? 128 : 32 };
};

const contains = (a: Net, b: Net): boolean => a.v6 === b.v6 && first(a) <= first(b) && last(b) <= last(a);

const formatIP = (v6: boolean, addr: bigint): string => {
  if (!v6) return [24n, 16n, 8n, 0n].map((s) => String((addr >> s) & 255n)).join('.');
  const groups = Array.from({ length: 8 }, (_, i) => Number((addr >> BigInt(112 - i * 16)) & 0xffffn));
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
};

const formatCIDR = (n: Net): string => `${formatIP(n.v6, first(n))}/${n.bits}`;

/** Entries of a cidr_contains_matches operand: a string, or an array/set/object of strings or [cidr, ...] arrays. */
const entries = (v: Value, pos: number): [Value, string][] => {
  const asCidr = (x: Value): string => {
    if (typeof x === 'string') return x;
    if (Array.isArray(x) && typeof x[0] === 'string') return x[0];
    if (Array.isArray(x) || x instanceof RSet || x instanceof RObject) throw builtinError(`operand ${pos}: element must be string or non-empty array`);
    throw typeError(`operand ${pos} must be string or array with a string first element but got ${typeName(x)}`);
  };
  if (typeof v === 'string') return [[v, v]];
  if (Array.isArray(v)) return v.map((x, i) => [i, asCidr(x)]);
  if (v instanceof RSet) return [...v.values()].map((x) => [x, asCidr(x)]);
  if (v instanceof RObject) return [...v.pairs()].map(([k, x]) => [k, asCidr(x)]);
  throw operandError(pos, 'one of {string, array, set, object}', v);
};

/** Merge adjacent and overlapping networks (as Go's cidrmerge, which OPA uses). */
const merge = (nets: Net[]): Net[] => {
  const out: Net[] = [];
  for (const v6 of [false, true]) {
    const w = v6 ? 128 : 32;
    const ranges = nets
      .filter((n) => n.v6 === v6)
      .map((n) => [first(n), last(n)] as [bigint, bigint])
      .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const merged: [bigint, bigint][] = [];
    for (const r of ranges) {
      const top = merged[merged.length - 1];
      if (top && r[0] <= top[1] + 1n) top[1] = r[1] > top[1] ? r[1] : top[1];
      else merged.push([r[0], r[1]]);
    }
    for (const [lo0, hi] of merged) {
      let lo = lo0;
      while (lo <= hi) {
        let bits = w;
        while (bits > 0) {
          const size = 1n << BigInt(w - bits + 1);
          if (lo % size !== 0n || lo + size - 1n > hi) break;
          bits--;
        }
        out.push({ v6, addr: lo, bits });
        lo += 1n << BigInt(w - bits);
      }
    }
  }
  return out;
};

export const netBuiltins: BuiltinTable = {
  'net.cidr_contains': { arity: 2, fn: ([a, b]) => contains(cidrArg(a!, 1), cidrOrIP(b!, 2)) },
  'net.cidr_intersects': {
    arity: 2,
    fn: ([a, b]) => {
      const x = cidrArg(a!, 1);
      const y = cidrArg(b!, 2);
      return x.v6 === y.v6 && first(x) <= last(y) && first(y) <= last(x);
    },
  },
  'net.cidr_is_valid': { arity: 1, fn: ([v]) => typeof v === 'string' && parseCIDR(v) !== undefined },
  'net.cidr_expand': {
    arity: 1,
    fn: ([v], ctx) => {
      const n = cidrArg(v!, 1);
      const lo = first(n);
      const hi = last(n);
      if (hi - lo + 1n > BigInt(ctx.maxCollection)) throw builtinError(`CIDR ${String(v)} has too many addresses`);
      const out = new RSet();
      for (let a = lo; a <= hi; a++) out.add(formatIP(n.v6, a));
      return out;
    },
  },
  'net.cidr_contains_matches': {
    arity: 2,
    fn: ([a, b]) => {
      const out = new RSet();
      const xs = entries(a!, 1);
      const ys = entries(b!, 2);
      for (const [ka, ca] of xs) {
        const na = cidrOrIP(ca, 1);
        for (const [kb, cb] of ys) if (contains(na, cidrOrIP(cb, 2))) out.add([ka, kb]);
      }
      return out;
    },
  },
  'net.cidr_merge': {
    arity: 1,
    fn: ([v]) => {
      if (!Array.isArray(v) && !(v instanceof RSet)) throw operandError(1, 'one of {array, set}', v!);
      const xs = Array.isArray(v) ? v : [...v.values()];
      const nets = xs.map((x) => {
        if (typeof x !== 'string') throw typeError(`operand 1 must be array of strings but got array containing ${typeName(x)}`);
        const n = parseCIDR(x);
        if (n) return n;
        const ip = parseIP(x);
        if (!ip) throw builtinError(`invalid CIDR address: ${x}`);
        // OPA's generateIPNet (topdown/net.go): a bare address takes Go's net.IP.DefaultMask,
        // which IPv6 has none of, so a bare IPv6 address is an error rather than a /128.
        if (ip.v6) throw builtinError('IPv6 invalid: needs prefix length');
        const top = Number(ip.addr >> 24n);
        return { ...ip, bits: top < 128 ? 8 : top < 192 ? 16 : 24 };
      });
      return RSet.of(merge(nets).map(formatCIDR));
    },
  },
};
