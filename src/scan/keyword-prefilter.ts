import { ScanError } from './scan-error.js';

/**
 * One pass over the text finding every occurrence of a set of literal keywords, ASCII
 * case-insensitively, before any regular expression runs. Keywords of 4+ characters: Wu-Manber
 * (S. Wu, U. Manber, "A fast algorithm for multi-pattern searching", 1994): a 4-character
 * window slides over the text and skips by a precomputed shift for its last two characters;
 * where the shift is 0, a hashed 4-gram bitset rejects most windows before any comparison.
 * Keywords of exactly 3 characters are matched as written, with a native indexOf pass per
 * group sharing their last two characters. Both are linear in the text for any input.
 */
const FOLD = new Uint8Array(256);
for (let i = 0; i < 256; i++) FOLD[i] = i >= 65 && i <= 90 ? i + 32 : i;
const WINDOW = 4;
/**
 * The skip tables index characters OR 0x20: that folds A-Z onto a-z without a table lookup
 * and maps a few symbols onto each other ('_' and DEL, '^' and '~', '@' and '`'). Merged
 * entries only lower shifts, so no occurrence is skipped; verification compares exactly.
 */
const LOOSE = 0x20;

export type KeywordHit = (position: number, keywordIndex: number) => void;

const gramHash = (a: number, b: number, c: number, d: number): number =>
  Math.imul((a << 24) | (b << 16) | (c << 8) | d, 0x9e3779b1) >>> 16;

/**
 * 3-character keywords grouped by their last two characters (`0Q~` ... `9Q~` share `Q~`), so
 * each group is one native indexOf pass plus a check of the character before.
 */
interface ShortGroup {
  readonly rest: string;
  readonly firsts: ReadonlyMap<number, number>;
}

function shortGroups(keywords: readonly string[], indexOf: (k: string) => number): ShortGroup[] {
  const byRest = new Map<string, Map<number, number>>();
  for (const k of keywords) {
    const firsts = byRest.get(k.slice(1)) ?? new Map<number, number>();
    firsts.set(k.charCodeAt(0), indexOf(k));
    byRest.set(k.slice(1), firsts);
  }
  return [...byRest.entries()].map(([rest, firsts]) => ({ rest, firsts }));
}

export class KeywordPrefilter {
  /** Keywords (4+ characters lower-cased); hit callbacks refer to them by index. */
  readonly keywords: readonly string[];
  readonly #shift = new Uint8Array(65536).fill(WINDOW - 1);
  readonly #grams = new Uint8Array(65536);
  /** Keyword indexes by the hash of their first four (loosely folded) characters. */
  readonly #buckets: (number[] | undefined)[] = new Array<number[] | undefined>(65536);
  readonly #short: readonly ShortGroup[];

  constructor(keywords: readonly string[]) {
    if (keywords.length === 0)
      throw new ScanError('bad-keyword', 'KeywordPrefilter needs at least one keyword');
    const folded = keywords.map((k) => (k.length < WINDOW ? k : k.toLowerCase()));
    for (const k of folded) {
      if (k.length < 3 || !/^[\x20-\x7e]+$/.test(k))
        throw new ScanError('bad-keyword', `keyword "${k}" must be 3+ printable ASCII characters`);
    }
    this.keywords = folded;
    const shorts: string[] = [];
    folded.forEach((k, index) => {
      if (k.length < WINDOW) {
        shorts.push(k);
        return;
      }
      const c = (j: number): number => k.charCodeAt(j) | LOOSE;
      for (let j = 0; j <= WINDOW - 2; j++) {
        const h = (c(j) << 8) | c(j + 1);
        const sh = WINDOW - 2 - j;
        if (sh < this.#shift[h]!) this.#shift[h] = sh;
      }
      const g = gramHash(c(0), c(1), c(2), c(3));
      this.#grams[g] = 1;
      (this.#buckets[g] ??= []).push(index);
    });
    this.#short = shortGroups(shorts, (k) => folded.indexOf(k));
  }

  #verify(text: string, start: number, list: readonly number[], hit: KeywordHit): void {
    const len = text.length;
    for (const index of list) {
      const k = this.keywords[index]!;
      if (start + k.length > len) continue;
      let ok = true;
      for (let j = 0; j < k.length; j++) {
        const c = text.charCodeAt(start + j);
        if (c > 255 || FOLD[c] !== k.charCodeAt(j)) {
          ok = false;
          break;
        }
      }
      if (ok) hit(start, index);
    }
  }

  /**
   * Calls `hit` for every keyword occurrence starting in [from, to). `bytes`, when given,
   * must hold the same characters as `text` (latin1): the main loop reads it, which is faster.
   */
  scan(text: string, from: number, to: number, hit: KeywordHit, bytes?: Uint8Array): void {
    const shift = this.#shift;
    const grams = this.#grams;
    const buckets = this.#buckets;
    const len = text.length;
    let i = from + WINDOW - 1;
    if (bytes !== undefined) {
      while (i < len) {
        const c1 = bytes[i - 1]! | LOOSE;
        const c2 = bytes[i]! | LOOSE;
        const sh = shift[(c1 << 8) | c2]!;
        if (sh !== 0) {
          i += sh;
          continue;
        }
        const start = i - WINDOW + 1;
        if (start >= to) break;
        const g = gramHash(bytes[start]! | LOOSE, bytes[start + 1]! | LOOSE, c1, c2);
        if (grams[g] === 1) this.#verify(text, start, buckets[g]!, hit);
        i++;
      }
    } else {
      while (i < len) {
        const c1 = (text.charCodeAt(i - 1) & 255) | LOOSE;
        const c2 = (text.charCodeAt(i) & 255) | LOOSE;
        const sh = shift[(c1 << 8) | c2]!;
        if (sh !== 0) {
          i += sh;
          continue;
        }
        const start = i - WINDOW + 1;
        if (start >= to) break;
        const g = gramHash(
          (text.charCodeAt(start) & 255) | LOOSE,
          (text.charCodeAt(start + 1) & 255) | LOOSE,
          c1,
          c2,
        );
        if (grams[g] === 1) this.#verify(text, start, buckets[g]!, hit);
        i++;
      }
    }
    for (const { rest, firsts } of this.#short) {
      for (let p = text.indexOf(rest, from + 1); p > 0 && p <= to; p = text.indexOf(rest, p + 1)) {
        const index = firsts.get(text.charCodeAt(p - 1));
        if (index !== undefined) hit(p - 1, index);
      }
    }
  }
}
