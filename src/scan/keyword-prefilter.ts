import { ScanError } from './scan-error.js';

/**
 * One pass over the text finding every occurrence of a set of literal keywords, ASCII
 * case-insensitively, before any regular expression runs. Keywords of 4+ characters: a q-gram
 * filter (the fingerprint idea of R. M. Karp and M. O. Rabin, "Efficient randomized
 * pattern-matching algorithms", 1987, applied to every keyword's first four characters at
 * once). The last four bytes read are kept in one 32-bit word, hashed at every position and
 * looked up in a 64 Ki-entry table holding the hashes of every keyword's first four characters;
 * only a position whose hash is in the table is compared with the keywords that hash there.
 * One table read per byte and no data-dependent skips: with hundreds of keywords a skip
 * search (Wu-Manber, which this replaced) rarely skips and mispredicts its branches.
 * Keywords of exactly 3 characters are matched as written, with a native indexOf pass per
 * group sharing their last two characters. Both are linear in the text for any input.
 */
const FOLD = new Uint8Array(256);
for (let i = 0; i < 256; i++) FOLD[i] = i >= 65 && i <= 90 ? i + 32 : i;
const WINDOW = 4;
/**
 * Hashed words are ORed with 0x20 in every byte: that folds A-Z onto a-z without a table
 * lookup and merges a few other characters ('_' and DEL, '@' and '`', newline and '*').
 * Merged characters only add candidates; verification compares exactly.
 */
const LOOSE = 0x20202020;
const HASH_BITS = 16;

export type KeywordHit = (position: number, keywordIndex: number) => void;

const gramHash = (word: number): number => Math.imul(word | LOOSE, 0x9e3779b1) >>> (32 - HASH_BITS);

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

/**
 * The four characters from `at` as one word, first in the high byte; 0 past the end. Never
 * reads past the end: V8 throws away optimised code the first time a read falls outside a typed
 * array or string, and the code calling this was compiled again each time (issue #16: a scan
 * thread's warm-up).
 */
function wordAt(text: string, bytes: Uint8Array | undefined, at: number): number {
  if (bytes !== undefined) {
    if (at + WINDOW <= bytes.length)
      return (bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!;
    let w = 0;
    for (let j = at; j < at + WINDOW; j++) w = (w << 8) | (j < bytes.length ? bytes[j]! : 0);
    return w;
  }
  let w = 0;
  for (let j = at; j < at + WINDOW; j++) w = (w << 8) | (j < text.length ? text.charCodeAt(j) & 255 : 0);
  return w;
}

/** Masks keeping the first 1, 2, 3 or 4 characters of a word (the high bytes come first). */
const PREFIX_MASK = [0, 0xff000000 | 0, 0xffff0000 | 0, 0xffffff00 | 0, 0xffffffff | 0] as const;

const pairHash = (first: number, second: number): number =>
  Math.imul((first | LOOSE) ^ Math.imul(second | LOOSE, 0x85ebca6b), 0x9e3779b1) >>> (32 - HASH_BITS);

export class KeywordPrefilter {
  /** Keywords (4+ characters lower-cased); hit callbacks refer to them by index. */
  readonly keywords: readonly string[];
  /** Longest keyword: a keyword hit reads this many characters from its start. */
  readonly maxKeywordLength: number;
  /**
   * By the hash of a word of four characters: bit 0 when a 4-character keyword starts with it,
   * bit n (1..4) when a keyword of 4 + n characters (bit 4: 8 or more) does. Longer keywords are
   * checked on their next characters (#pairs) before any comparison: common words such as
   * `sess` (sessiontoken) or `conf` (confluent) start many words of source code.
   */
  readonly #grams = new Uint8Array(1 << HASH_BITS);
  /** 1 where some keyword's first word and the next 1-4 characters (masked) hash. */
  readonly #pairs = new Uint8Array(1 << HASH_BITS);
  /** Keyword indexes by the hash of their first four characters. */
  readonly #buckets: (number[] | undefined)[] = new Array<number[] | undefined>(1 << HASH_BITS);
  readonly #short: readonly ShortGroup[];
  /** Keywords as bytes, for comparing with a buffer's bytes. */
  readonly #keywordBytes: readonly Uint8Array[];

  constructor(keywords: readonly string[]) {
    if (keywords.length === 0)
      throw new ScanError('bad-keyword', 'KeywordPrefilter needs at least one keyword');
    const folded = keywords.map((k) => (k.length < WINDOW ? k : k.toLowerCase()));
    for (const k of folded) {
      if (k.length < 3 || !/^[\x20-\x7e]+$/.test(k))
        throw new ScanError('bad-keyword', `keyword "${k}" must be 3+ printable ASCII characters`);
    }
    this.keywords = folded;
    this.maxKeywordLength = Math.max(...folded.map((k) => k.length));
    const shorts: string[] = [];
    const wordAt = (k: string, at: number): number => {
      let w = 0;
      for (let j = at; j < at + WINDOW; j++) w = (w << 8) | (j < k.length ? k.charCodeAt(j) : 0);
      return w;
    };
    folded.forEach((k, index) => {
      if (k.length < WINDOW) {
        shorts.push(k);
        return;
      }
      const first = wordAt(k, 0);
      const g = gramHash(first);
      const more = Math.min(k.length - WINDOW, WINDOW);
      this.#grams[g]! |= 1 << more;
      if (more > 0) this.#pairs[pairHash(first, wordAt(k, WINDOW) & PREFIX_MASK[more])] = 1;
      (this.#buckets[g] ??= []).push(index);
    });
    this.#short = shortGroups(shorts, (k) => folded.indexOf(k));
    this.#keywordBytes = folded.map((k) => Buffer.from(k, 'latin1'));
    this.#warmUp();
  }

  /**
   * Runs every path of the candidate check once, on the bytes and on the characters, before
   * any real text: V8 optimises the main loop within the first texts a thread scans, and a path
   * not yet taken then (a text without bytes, a keyword near the end) throws that code away
   * when first taken, to be compiled again. Each scanning thread paid several such compilations
   * of the loop (issue #16).
   */
  #warmUp(): void {
    const long = this.keywords.reduce((a, b) => (b.length > a.length ? b : a));
    const text = `${this.keywords.join(' ')} ${this.keywords.join(' ').toUpperCase()} ${long.slice(0, WINDOW + 1)}`;
    const ignore: KeywordHit = () => undefined;
    this.scan(text, 0, text.length, ignore, Buffer.from(text, 'latin1'));
    this.scan(text, 0, text.length, ignore);
  }

  /**
   * A position whose first word is in #grams: checks the next characters for longer keywords,
   * then compares the keywords hashed there.
   */
  #candidate(
    text: string,
    bytes: Uint8Array | undefined,
    start: number,
    lengths: number,
    hit: KeywordHit,
  ): void {
    const first = wordAt(text, bytes, start);
    if ((lengths & 1) === 0) {
      const second = wordAt(text, bytes, start + WINDOW);
      let any = false;
      for (let n = 1; n <= WINDOW && !any; n++)
        any = (lengths & (1 << n)) !== 0 && this.#pairs[pairHash(first, second & PREFIX_MASK[n]!)] === 1;
      if (!any) return;
    }
    const list = this.#buckets[gramHash(first)]!;
    const len = text.length;
    for (const index of list) {
      if (bytes !== undefined ? this.#matchesBytes(bytes, len, start, index) : this.#matchesText(text, start, index))
        hit(start, index);
    }
  }

  /** Whether keyword `index` starts at `start` of `bytes`, of which the first `len` are the text's. */
  #matchesBytes(bytes: Uint8Array, len: number, start: number, index: number): boolean {
    const k = this.#keywordBytes[index]!;
    if (start + k.length > len) return false;
    for (let j = 0; j < k.length; j++) if (FOLD[bytes[start + j]!] !== k[j]) return false;
    return true;
  }

  /** Whether keyword `index` starts at `start` of `text` (a character past 255 never matches). */
  #matchesText(text: string, start: number, index: number): boolean {
    const k = this.keywords[index]!;
    if (start + k.length > text.length) return false;
    for (let j = 0; j < k.length; j++) {
      const c = text.charCodeAt(start + j);
      if (c > 255 || FOLD[c] !== k.charCodeAt(j)) return false;
    }
    return true;
  }

  /** The candidates among four consecutive positions from `start` (their table entries). */
  #candidates4(
    text: string,
    bytes: Uint8Array,
    start: number,
    g0: number,
    g1: number,
    g2: number,
    g3: number,
    hit: KeywordHit,
  ): void {
    if (g0 !== 0) this.#candidate(text, bytes, start, g0, hit);
    if (g1 !== 0) this.#candidate(text, bytes, start + 1, g1, hit);
    if (g2 !== 0) this.#candidate(text, bytes, start + 2, g2, hit);
    if (g3 !== 0) this.#candidate(text, bytes, start + 3, g3, hit);
  }

  /**
   * Calls `hit` for every keyword occurrence starting in [from, to), in no particular order.
   * `bytes`, when given, must hold the same characters as `text` (latin1): the main loop reads
   * it, which saves a character decode per byte.
   */
  scan(text: string, from: number, to: number, hit: KeywordHit, bytes?: Uint8Array): void {
    // Positions i whose four-character word ends inside the text and starts in [from, to).
    const last = Math.min(to + WINDOW - 1, text.length);
    const first = Math.max(0, from);
    if (bytes !== undefined) this.#scanBytes(text, bytes, first, last, hit);
    else this.#scanText(text, first, last, hit);
    this.#scanShort(text, from, to, hit);
  }

  /**
   * The main loop, kept apart from rarely taken paths: V8 optimises it while it runs (on-stack
   * replacement), and a path it has never seen taken would throw that code away each time.
   */
  #scanBytes(text: string, bytes: Uint8Array, from: number, last: number, hit: KeywordHit): void {
    const grams = this.#grams;
    let i = from;
    let word = 0;
    for (const stop = Math.min(i + WINDOW - 1, last); i < stop; i++) word = (word << 8) | bytes[i]!;
    // Unrolled by four, one word variable, the hash written out: one test per four positions
    // while none of them is a candidate (V8 keeps this loop in registers; a candidate's word is
    // read again from the bytes).
    for (const stop = last - 3; i < stop; i += 4) {
      word = (word << 8) | bytes[i]!;
      const g0 = grams[Math.imul(word | LOOSE, 0x9e3779b1) >>> 16]!;
      word = (word << 8) | bytes[i + 1]!;
      const g1 = grams[Math.imul(word | LOOSE, 0x9e3779b1) >>> 16]!;
      word = (word << 8) | bytes[i + 2]!;
      const g2 = grams[Math.imul(word | LOOSE, 0x9e3779b1) >>> 16]!;
      word = (word << 8) | bytes[i + 3]!;
      const g3 = grams[Math.imul(word | LOOSE, 0x9e3779b1) >>> 16]!;
      if ((g0 | g1 | g2 | g3) !== 0) this.#candidates4(text, bytes, i - 3, g0, g1, g2, g3, hit);
    }
    if (i < last) this.#scanText(text, Math.max(from, i - 3), last, hit);
  }

  /** The character path: strings without bytes, and the last positions after the byte loop. */
  #scanText(text: string, from: number, last: number, hit: KeywordHit): void {
    const grams = this.#grams;
    let i = from;
    let word = 0;
    for (const stop = Math.min(i + WINDOW - 1, last); i < stop; i++)
      word = (word << 8) | (text.charCodeAt(i) & 255);
    for (; i < last; i++) {
      word = (word << 8) | (text.charCodeAt(i) & 255);
      const g = grams[gramHash(word)]!;
      if (g !== 0) this.#candidate(text, undefined, i - 3, g, hit);
    }
  }

  /**
   * One native indexOf per group: measured cheaper,
   * all five together, than one JavaScript pass over the text with a skip table (about half the
   * CPU time on the scan bench's corpora, issue #16).
   */
  #scanShort(text: string, from: number, to: number, hit: KeywordHit): void {
    for (const { rest, firsts } of this.#short) {
      for (let p = text.indexOf(rest, from + 1); p > 0 && p <= to; p = text.indexOf(rest, p + 1)) {
        const index = firsts.get(text.charCodeAt(p - 1));
        if (index !== undefined) hit(p - 1, index);
      }
    }
  }
}
