import { argNumber, argString, builtinError, operandError, typeError, type BuiltinTable } from '../builtin.js';
import { RObject, RSet, sortedPairs, typeName, type Value } from '../value.js';
import { sprintfBuiltin } from './sprintf.js';
import { renderGoTemplate, TemplateError } from './go-text-template.js';

const runes = (s: string): string[] => [...s];

/** Go's unicode.IsSpace. */
const isSpace = (c: string): boolean => /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/u.test(c);

const trimLeft = (s: string, cut: Set<string>): string => {
  const r = runes(s);
  let i = 0;
  while (i < r.length && cut.has(r[i]!)) i++;
  return r.slice(i).join('');
};
const trimRight = (s: string, cut: Set<string>): string => {
  const r = runes(s);
  let j = r.length;
  while (j > 0 && cut.has(r[j - 1]!)) j--;
  return r.slice(0, j).join('');
};

/** Rune index of a UTF-16 index. */
const runeIndex = (s: string, utf16: number): number => runes(s.slice(0, utf16)).length;

const stringsOf = (v: Value, pos: number, name: string): string[] => {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v) || v instanceof RSet) {
    const xs = Array.isArray(v) ? v : [...v.values()];
    return xs.map((x) => {
      if (typeof x !== 'string') {
        const kind = Array.isArray(v) ? 'array' : 'set';
        throw typeError(`operand ${pos} must be ${kind} of strings but got ${kind} containing ${typeName(x)}`);
      }
      return x;
    });
  }
  void name;
  throw operandError(pos, 'one of {string, set, array}', v);
};

/**
 * Go's strings.NewReplacer (generic replacer, https://pkg.go.dev/strings#NewReplacer) over OPA's
 * sorted keys: at each position the earliest key that matches wins (not the longest); output is
 * never re-scanned; an empty key matches at every position, once, before the key or character
 * there (so {"": "X"} on "ab" is "XaXbX"). Go steps bytes where nothing matches; we step code
 * points so an empty key never splits a character.
 */
const replaceN = (patterns: [string, string][], s: string): string => {
  let out = '';
  let i = 0;
  let prevMatchEmpty = false;
  while (i <= s.length) {
    const hit = patterns.find(([from]) => !(from === '' && prevMatchEmpty) && s.startsWith(from, i));
    prevMatchEmpty = hit !== undefined && hit[0] === '';
    if (hit) {
      out += hit[1];
      i += hit[0].length;
      continue;
    }
    if (i === s.length) break;
    const ch = String.fromCodePoint(s.codePointAt(i)!);
    out += ch;
    i += ch.length;
  }
  return out;
};

export const stringBuiltins: BuiltinTable = {
  sprintf: sprintfBuiltin,
  concat: {
    arity: 2,
    fn: (args) => {
      const d = argString(args, 0);
      const v = args[1]!;
      if (!Array.isArray(v) && !(v instanceof RSet)) throw operandError(2, 'one of {array, set}', v);
      const xs = Array.isArray(v) ? v : [...v.values()].sort();
      return xs
        .map((x) => {
          if (typeof x !== 'string') throw typeError(`operand 2 must be array of strings but got array containing ${typeName(x)}`);
          return x;
        })
        .join(d);
    },
  },
  contains: { arity: 2, fn: (args) => argString(args, 0).includes(argString(args, 1)) },
  startswith: { arity: 2, fn: (args) => argString(args, 0).startsWith(argString(args, 1)) },
  endswith: { arity: 2, fn: (args) => argString(args, 0).endsWith(argString(args, 1)) },
  lower: { arity: 1, fn: (args) => argString(args, 0).toLowerCase() },
  upper: { arity: 1, fn: (args) => argString(args, 0).toUpperCase() },
  indexof: {
    arity: 2,
    fn: (args) => {
      const s = argString(args, 0);
      const i = s.indexOf(argString(args, 1));
      return i < 0 ? -1 : runeIndex(s, i);
    },
  },
  indexof_n: {
    arity: 2,
    fn: (args) => {
      const s = argString(args, 0);
      const sub = argString(args, 1);
      const out: Value[] = [];
      if (sub === '') return out;
      for (let i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + 1)) out.push(runeIndex(s, i));
      return out;
    },
  },
  substring: {
    arity: 3,
    fn: (args) => {
      const r = runes(argString(args, 0));
      const start = Number(argNumber(args, 1));
      const len = Number(argNumber(args, 2));
      if (!Number.isInteger(start)) throw operandError(2, 'integer', args[1]!);
      if (!Number.isInteger(len)) throw operandError(3, 'integer', args[2]!);
      if (start < 0) throw builtinError('negative offset');
      if (start >= r.length) return '';
      return r.slice(start, len < 0 ? undefined : start + len).join('');
    },
  },
  split: {
    arity: 2,
    fn: (args) => {
      const s = argString(args, 0);
      const d = argString(args, 1);
      return d === '' ? runes(s) : s.split(d);
    },
  },
  replace: {
    arity: 3,
    fn: (args) => {
      const s = argString(args, 0);
      const old = argString(args, 1);
      const nw = argString(args, 2);
      if (old === '') return [nw, ...runes(s).map((c) => c + nw)].join('');
      return s.split(old).join(nw);
    },
  },
  'strings.replace_n': {
    arity: 2,
    fn: (args) => {
      const p = args[0]!;
      if (!(p instanceof RObject)) throw operandError(1, 'object', p);
      const s = argString(args, 1);
      const pairs = sortedPairs(p).map(([k, v]) => {
        if (typeof k !== 'string') throw typeError('operand 1 non-string key found in pattern object');
        if (typeof v !== 'string') throw typeError('operand 1 non-string value found in pattern object');
        return [k, v] as [string, string];
      });
      return replaceN(pairs, s);
    },
  },
  'strings.reverse': { arity: 1, fn: (args) => runes(argString(args, 0)).reverse().join('') },
  'strings.count': {
    arity: 2,
    fn: (args) => {
      const s = argString(args, 0);
      const sub = argString(args, 1);
      if (sub === '') return runes(s).length + 1;
      return s.split(sub).length - 1;
    },
  },
  'strings.any_prefix_match': {
    arity: 2,
    fn: (args) => {
      const ss = stringsOf(args[0]!, 1, 'strings.any_prefix_match');
      const ps = stringsOf(args[1]!, 2, 'strings.any_prefix_match');
      return ss.some((s) => ps.some((p) => s.startsWith(p)));
    },
  },
  'strings.any_suffix_match': {
    arity: 2,
    fn: (args) => {
      const ss = stringsOf(args[0]!, 1, 'strings.any_suffix_match');
      const ps = stringsOf(args[1]!, 2, 'strings.any_suffix_match');
      return ss.some((s) => ps.some((p) => s.endsWith(p)));
    },
  },
  trim: { arity: 2, fn: (args) => { const cut = new Set(runes(argString(args, 1))); return trimRight(trimLeft(argString(args, 0), cut), cut); } },
  trim_left: { arity: 2, fn: (args) => trimLeft(argString(args, 0), new Set(runes(argString(args, 1)))) },
  trim_right: { arity: 2, fn: (args) => trimRight(argString(args, 0), new Set(runes(argString(args, 1)))) },
  trim_prefix: {
    arity: 2,
    fn: (args) => {
      const s = argString(args, 0);
      const p = argString(args, 1);
      return s.startsWith(p) ? s.slice(p.length) : s;
    },
  },
  trim_suffix: {
    arity: 2,
    fn: (args) => {
      const s = argString(args, 0);
      const p = argString(args, 1);
      return p !== '' && s.endsWith(p) ? s.slice(0, s.length - p.length) : s;
    },
  },
  trim_space: {
    arity: 1,
    fn: (args) => {
      const r = runes(argString(args, 0));
      let i = 0;
      let j = r.length;
      while (i < j && isSpace(r[i]!)) i++;
      while (j > i && isSpace(r[j - 1]!)) j--;
      return r.slice(i, j).join('');
    },
  },
  format_int: {
    arity: 2,
    fn: (args) => {
      const n = argNumber(args, 0);
      const base = argNumber(args, 1);
      if (base !== 2 && base !== 8 && base !== 10 && base !== 16) throw typeError('operand 2 must be one of {2, 8, 10, 16}');
      const i = typeof n === 'bigint' ? n : BigInt(Math.trunc(n));
      return i.toString(base);
    },
  },
  'strings.render_template': {
    arity: 2,
    fn: (args) => {
      const tpl = argString(args, 0);
      const vars = args[1]!;
      if (!(vars instanceof RObject)) throw operandError(2, 'object', vars);
      try {
        return renderGoTemplate(tpl, vars);
      } catch (e) {
        if (e instanceof TemplateError) throw builtinError(e.message);
        throw e;
      }
    },
  },
  'strings.split_n': {
    arity: 3,
    fn: (args) => {
      const s = argString(args, 0);
      const d = argString(args, 1);
      const n = Number(argNumber(args, 2));
      const parts = s.split(d);
      if (n < 0) return parts.slice(n);
      if (parts.length <= n) return parts;
      if (n === 0) return [];
      return [...parts.slice(0, n - 1), parts.slice(n - 1).join(d)];
    },
  },
};

