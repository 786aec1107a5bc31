import { KnownValues } from '../scan/known-values.js';

/** What a scrubbed value becomes: plain ASCII, so JSON strings and SSE frames stay well-formed. */
export const SCRUB_MARKER = '[airlock:scrubbed]';

/**
 * Replaces known values (the real provider keys) and their encodings in a byte stream, across
 * chunk boundaries, before a provider's response reaches the agent (THREATS.md §C 18: responses
 * that echo the injected key). Text is handled as latin1 so bytes round-trip unchanged.
 *
 * Only the longest tail of the buffered text that could still grow into a value is held back,
 * not a fixed window: SSE frames end in a newline, which no needle contains, so a streamed
 * answer reaches the agent frame by frame without waiting for the next one.
 */
export class StreamScrubber {
  readonly #needles: readonly string[];
  readonly #maxHold: number;
  #pending = '';
  #replacements = 0;

  constructor(values: KnownValues) {
    this.#needles = values.needles.map((n) => Buffer.from(n.needle, 'utf8').toString('latin1'));
    // A chain of overlapping matches is held at most this long; only a value that overlaps
    // itself can build one, and holding it unbounded would let an upstream grow our memory.
    this.#maxHold = 4 * Math.max(0, ...this.#needles.map((n) => n.length));
  }

  /** Values replaced so far. */
  get replacements(): number {
    return this.#replacements;
  }

  /** Adds a chunk; returns the scrubbed bytes that can be released now (possibly none). */
  push(chunk: Buffer): Buffer {
    this.#pending += chunk.toString('latin1');
    return this.#release(false);
  }

  /** Ends the stream; returns whatever was held back, scrubbed. */
  end(): Buffer {
    return this.#release(true);
  }

  #release(final: boolean): Buffer {
    const text = this.#pending;
    const spans = this.#matches(text);
    let cut = text.length;
    if (!final) {
      cut = text.length - this.#partialTail(text);
      // A match running over the cut is held whole, so a value overlapping it is found next time.
      const across = spans.find(([s, e]) => s < cut && e > cut);
      if (across) cut = across[1] - across[0] > this.#maxHold ? across[1] : across[0];
    }
    let out = '';
    let at = 0;
    for (const [s, e] of spans) {
      if (s >= cut) break;
      out += text.slice(at, s) + SCRUB_MARKER;
      at = e;
      this.#replacements++;
    }
    out += text.slice(at, cut);
    this.#pending = text.slice(cut);
    return Buffer.from(out, 'latin1');
  }

  /** Occurrences of any needle, merged where they overlap or touch, in order. */
  #matches(text: string): [number, number][] {
    const raw: [number, number][] = [];
    for (const n of this.#needles)
      for (let i = text.indexOf(n); i >= 0; i = text.indexOf(n, i + 1)) raw.push([i, i + n.length]);
    raw.sort((a, b) => a[0] - b[0]);
    const merged: [number, number][] = [];
    for (const [s, e] of raw) {
      const last = merged.at(-1);
      if (last && s <= last[1]) last[1] = Math.max(last[1], e);
      else merged.push([s, e]);
    }
    return merged;
  }

  /** Length of the longest suffix of `text` that is a proper prefix of some needle. */
  #partialTail(text: string): number {
    const lastChar = text.charCodeAt(text.length - 1);
    let longest = 0;
    for (const n of this.#needles) {
      for (let k = Math.min(n.length - 1, text.length); k > longest; k--) {
        if (n.charCodeAt(k - 1) === lastChar && text.endsWith(n.slice(0, k))) {
          longest = k;
          break;
        }
      }
    }
    return longest;
  }
}

/** Scrubs one whole string, e.g. a response header value. */
export function scrubString(
  values: KnownValues,
  text: string,
): { text: string; replacements: number } {
  const scrubber = new StreamScrubber(values);
  const out = Buffer.concat([scrubber.push(Buffer.from(text, 'latin1')), scrubber.end()]);
  return { text: out.toString('latin1'), replacements: scrubber.replacements };
}
