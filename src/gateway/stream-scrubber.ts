import { KnownValues } from '../scan/known-values.js';

/** What a scrubbed value becomes: plain ASCII, so JSON strings and SSE frames stay well-formed. */
export const SCRUB_MARKER = '[airlock:scrubbed]';

/**
 * Replaces known values (the real provider keys) and their encodings in a byte stream, across
 * chunk boundaries, before a provider's response reaches the agent (THREATS.md §C 18: responses
 * that echo the injected key). Bytes are searched as bytes, so they round-trip unchanged.
 *
 * Only the longest tail of the buffered text that could still grow into a value is held back,
 * not a fixed window: SSE frames end in a newline, which no needle contains, so a streamed
 * answer reaches the agent frame by frame without waiting for the next one.
 */
export class StreamScrubber {
  readonly #needles: readonly Buffer[];
  readonly #maxHold: number;
  readonly #marker = Buffer.from(SCRUB_MARKER, 'latin1');
  #pending: Buffer = Buffer.alloc(0);
  #replacements = 0;

  constructor(values: KnownValues) {
    // Searched as bytes (Buffer#indexOf is native): no per-chunk string conversion.
    this.#needles = values.needles.map((n) => Buffer.from(n.needle, 'utf8'));
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
    this.#pending = this.#pending.length ? Buffer.concat([this.#pending, chunk]) : chunk;
    return this.#release(false);
  }

  /** Ends the stream; returns whatever was held back, scrubbed. */
  end(): Buffer {
    return this.#release(true);
  }

  #release(final: boolean): Buffer {
    const bytes = this.#pending;
    const spans = this.#matches(bytes);
    let cut = bytes.length;
    if (!final) {
      cut = bytes.length - this.#partialTail(bytes);
      // A match running over the cut is held whole, so a value overlapping it is found next time.
      const across = spans.find(([s, e]) => s < cut && e > cut);
      if (across) cut = across[1] - across[0] > this.#maxHold ? across[1] : across[0];
    }
    const out: Buffer[] = [];
    let at = 0;
    for (const [s, e] of spans) {
      if (s >= cut) break;
      out.push(bytes.subarray(at, s), this.#marker);
      at = e;
      this.#replacements++;
    }
    out.push(bytes.subarray(at, cut));
    // Copied, so the held tail does not pin the whole chunk it came from.
    this.#pending = Buffer.from(bytes.subarray(cut));
    return out.length === 1 ? out[0]! : Buffer.concat(out);
  }

  /** Occurrences of any needle, merged where they overlap or touch, in order. */
  #matches(bytes: Buffer): [number, number][] {
    const raw: [number, number][] = [];
    for (const n of this.#needles)
      for (let i = bytes.indexOf(n); i >= 0; i = bytes.indexOf(n, i + 1)) raw.push([i, i + n.length]);
    if (raw.length === 0) return raw;
    raw.sort((a, b) => a[0] - b[0]);
    const merged: [number, number][] = [];
    for (const [s, e] of raw) {
      const last = merged.at(-1);
      if (last && s <= last[1]) last[1] = Math.max(last[1], e);
      else merged.push([s, e]);
    }
    return merged;
  }

  /** Length of the longest suffix of `bytes` that is a proper prefix of some needle. */
  #partialTail(bytes: Buffer): number {
    const last = bytes[bytes.length - 1];
    let longest = 0;
    for (const n of this.#needles) {
      for (let k = Math.min(n.length - 1, bytes.length); k > longest; k--) {
        if (n[k - 1] === last && bytes.compare(n, 0, k, bytes.length - k) === 0) {
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
