import { argString, builtinError, type BuiltinTable } from '../builtin.js';

/**
 * `regex.globs_match(a, b)`: whether two "regex globs" match at least one common string. OPA
 * delegates to github.com/yashtewari/glob-intersection (topdown/regex.go); its syntax is a
 * character, `.` (any character), a set `[a-z0-9]` (ranges, no negation), each optionally followed
 * by `*` or `+`, and `\` escaping the next character. We decide the intersection exactly: a
 * breadth-first walk of the product of the two patterns' automata.
 * https://www.openpolicyagent.org/docs/policy-reference/#builtin-regex-regexglobs_match
 */

type CharClass = { any: true } | { any: false; runes: Set<number> };
type Flag = 'none' | 'plus' | 'star';
interface GlobToken {
  cls: CharClass;
  flag: Flag;
}

const invalid = (input: string, pos: number, what: string): Error =>
  builtinError(`input:${input}, pos:${pos}, ${what}: the input provided is invalid`);

/** glob-intersection's tokenizer (tokenize.go), positions and messages included. */
const tokenize = (input: string): GlobToken[] => {
  const runes = [...input].map((c) => c.codePointAt(0)!);
  const next = (i: number): { i: number; r: number; escaped: boolean } | undefined => {
    if (i >= runes.length) return undefined;
    if (runes[i] === 0x5c) {
      if (i === runes.length - 1) throw invalid(input, i, 'input ends with a \\ (escape) character');
      return { i: i + 2, r: runes[i + 1]!, escaped: true };
    }
    return { i: i + 1, r: runes[i]!, escaped: false };
  };
  const tokens: GlobToken[] = [];
  let i = 0;
  for (let cur = next(i); cur; cur = next(i)) {
    i = cur.i;
    let cls: CharClass;
    const c = String.fromCodePoint(cur.r);
    if (!cur.escaped && c === '.') cls = { any: true };
    else if (!cur.escaped && c === ']') throw invalid(input, i, "set-close ']' with no preceding '['");
    else if (!cur.escaped && (c === '*' || c === '+')) throw invalid(input, i, `flag '${c}' must be preceded by a non-flag`);
    else if (!cur.escaped && c === '[') {
      const set = new Set<number>();
      let prev: number | undefined;
      let complete = false;
      for (let s = next(i); s; s = next(i)) {
        i = s.i;
        const sc = String.fromCodePoint(s.r);
        if (!s.escaped && sc === ']') {
          complete = true;
          break;
        }
        if (!s.escaped && sc === '-') {
          if (prev === undefined) throw invalid(input, i, "range character '-' must be preceded by a Unicode character");
          const end = next(i);
          if (!end) throw invalid(input, i, "range character '-' must be followed by a Unicode character");
          i = end.i;
          if (!end.escaped && (end.r === 0x5d || end.r === 0x2d)) throw invalid(input, i, "range character '-' cannot be followed by a special symbol");
          if (end.r < prev) throw invalid(input, i, `range is out of order: '${String.fromCodePoint(end.r)}' comes before '${String.fromCodePoint(prev)}' in Unicode`);
          for (let x = prev; x <= end.r; x++) set.add(x);
          prev = undefined;
          continue;
        }
        set.add(s.r);
        prev = s.r;
      }
      if (!complete) throw invalid(input, i, 'found [ without matching ]');
      cls = { any: false, runes: set };
    } else cls = { any: false, runes: new Set([cur.r]) };
    let flag: Flag = 'none';
    const f = runes[i];
    if (f === 0x2a || f === 0x2b) {
      flag = f === 0x2a ? 'star' : 'plus';
      i++;
    }
    tokens.push({ cls, flag });
  }
  return tokens;
};

const overlaps = (a: CharClass, b: CharClass): boolean => {
  if (a.any) return b.any || b.runes.size > 0;
  if (b.any) return a.runes.size > 0;
  for (const r of a.runes) if (b.runes.has(r)) return true;
  return false;
};

/** States are token positions; `x+` is `x` then `x*`. */
const expand = (tokens: GlobToken[]): { cls: CharClass; star: boolean }[] =>
  tokens.flatMap((t) => (t.flag === 'plus' ? [{ cls: t.cls, star: false }, { cls: t.cls, star: true }] : [{ cls: t.cls, star: t.flag === 'star' }]));

export const globsIntersect = (a: string, b: string): boolean => {
  const g = expand(tokenize(a));
  const h = expand(tokenize(b));
  const seen = new Set<number>();
  const width = h.length + 1;
  const queue: [number, number][] = [];
  const push = (i: number, j: number): void => {
    if (seen.has(i * width + j)) return;
    seen.add(i * width + j);
    queue.push([i, j]);
  };
  push(0, 0);
  while (queue.length) {
    const [i, j] = queue.shift()!;
    if (i === g.length && j === h.length) return true;
    // a starred token may match nothing
    if (i < g.length && g[i]!.star) push(i + 1, j);
    if (j < h.length && h[j]!.star) push(i, j + 1);
    if (i < g.length && j < h.length && overlaps(g[i]!.cls, h[j]!.cls)) push(g[i]!.star ? i : i + 1, h[j]!.star ? j : j + 1);
  }
  return false;
};

export const regexGlobsBuiltins: BuiltinTable = {
  'regex.globs_match': { arity: 2, fn: (args) => globsIntersect(argString(args, 0), argString(args, 1)) },
};
