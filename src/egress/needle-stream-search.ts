import type { KnownValues } from '../scan/known-values.js';

/**
 * Whether any of a set of exact values (the run's placeholders, in every encoding KnownValues
 * derives) occurs in a byte stream, whatever its chunking. Each chunk is searched as bytes where
 * it lies (no copy, no string), and the seam with the chunk before through a bounded overlap of
 * the longest needle's length less one byte: a needle split across two or more chunks is found
 * in the seam, a whole one in its chunk. Memory is that overlap, never the stream.
 */
export class NeedleStreamSearch {
  readonly #needles: readonly Buffer[];
  readonly #overlap: number;
  #tail: Buffer = Buffer.alloc(0);
  #found = false;

  constructor(values: KnownValues) {
    const needles = new Map<string, Buffer>();
    for (const { needle } of values.needles) {
      // Bodies are UTF-8 as a rule; a needle with characters up to U+00FF is also sought as
      // latin1 bytes (what a latin1 decoding of the body matched), so nothing matched before is missed.
      for (const bytes of [Buffer.from(needle, 'utf8'), ...([...needle].every((c) => c.charCodeAt(0) <= 0xff) ? [Buffer.from(needle, 'latin1')] : [])])
        needles.set(bytes.toString('hex'), bytes);
    }
    this.#needles = [...needles.values()];
    this.#overlap = Math.max(0, ...this.#needles.map((n) => n.length - 1));
  }

  /** Bytes kept between chunks (the longest needle less one). */
  get overlap(): number {
    return this.#overlap;
  }

  /** Adds a chunk; true once any needle has been seen in the stream so far. */
  push(chunk: Buffer): boolean {
    if (this.#found || this.#needles.length === 0 || chunk.length === 0) return this.#found;
    // The seam: what is kept of the stream before, then at most overlap bytes of this chunk, so
    // it holds every needle that starts before this chunk and ends in it.
    const seam = this.#tail.length === 0 ? undefined : Buffer.concat([this.#tail, chunk.subarray(0, this.#overlap)]);
    for (const needle of this.#needles) {
      if (chunk.includes(needle) || (seam !== undefined && seam.includes(needle))) return (this.#found = true);
    }
    // Keep the last overlap bytes of the stream, from this chunk and the tail before it.
    const keep = this.#overlap;
    this.#tail = chunk.length >= keep ? Buffer.from(chunk.subarray(chunk.length - keep)) : Buffer.concat([this.#tail, chunk]).subarray(-keep);
    return false;
  }
}
