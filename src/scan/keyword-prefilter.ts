/**
 * One pass over the text finding every occurrence of a set of literal keywords, ASCII
 * case-insensitively, before any regular expression runs. Wu-Manber style: a window of the
 * shortest keyword length slides over the text and skips ahead by a precomputed shift for
 * the last two characters of the window (S. Wu, U. Manber, "A fast algorithm for
 * multi-pattern searching", 1994). Linear in the text for any input.
 */
const FOLD = new Uint8Array(256);
for (let i = 0; i < 256; i++) FOLD[i] = i >= 65 && i <= 90 ? i + 32 : i;

export type KeywordHit = (position: number, keywordIndex: number) => void;

export class KeywordPrefilter {
  readonly keywords: readonly string[];
  readonly #window: number;
  readonly #shift: Uint8Array;
  /** Keyword indexes by the folded bigram at the end of their first window. */
  readonly #buckets: (number[] | undefined)[];

  constructor(keywords: readonly string[]) {
    if (keywords.length === 0) throw new RangeError('KeywordPrefilter needs at least one keyword');
    const folded = keywords.map((k) => k.toLowerCase());
    for (const k of folded) {
      if (k.length < 3 || !/^[\x20-\x7e]+$/.test(k)) throw new RangeError(`keyword "${k}" must be 3+ printable ASCII characters`);
    }
    this.keywords = folded;
    const m = Math.min(4, ...folded.map((k) => k.length));
    this.#window = m;
    this.#shift = new Uint8Array(65536).fill(m - 1);
    this.#buckets = new Array<number[] | undefined>(65536);
    folded.forEach((k, index) => {
      for (let j = 0; j <= m - 2; j++) {
        const h = (k.charCodeAt(j) << 8) | k.charCodeAt(j + 1);
        const sh = m - 2 - j;
        if (sh < (this.#shift[h] as number)) this.#shift[h] = sh;
      }
      const h = (k.charCodeAt(m - 2) << 8) | k.charCodeAt(m - 1);
      (this.#buckets[h] ??= []).push(index);
    });
  }

  /** Calls `hit` for every keyword occurrence starting in [from, to), in increasing position. */
  scan(text: string, from: number, to: number, hit: KeywordHit): void {
    const m = this.#window;
    const shift = this.#shift;
    const buckets = this.#buckets;
    const keywords = this.keywords;
    const len = text.length;
    let i = from + m - 1;
    while (i < len) {
      const start = i - m + 1;
      if (start >= to) break;
      const h = (FOLD[text.charCodeAt(i - 1) & 255]! << 8) | FOLD[text.charCodeAt(i) & 255]!;
      const sh = shift[h]!;
      if (sh !== 0) {
        i += sh;
        continue;
      }
      const list = buckets[h];
      if (list !== undefined) {
        for (const index of list) {
          const k = keywords[index]!;
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
      i++;
    }
  }
}
