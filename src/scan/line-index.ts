/**
 * 1-based line and column of offsets in a text, given what came before it (for streams, the
 * text already discarded): `linesBefore` newlines seen and the offset just after the last one.
 */
export class LineIndex {
  readonly #newlines: number[] = [];
  readonly #linesBefore: number;
  readonly #lastLineStart: number;

  /** `base` is the absolute offset of text[0]. */
  constructor(text: string, base = 0, linesBefore = 0, lastLineStart = 0) {
    this.#linesBefore = linesBefore;
    this.#lastLineStart = lastLineStart;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1))
      this.#newlines.push(base + i);
  }

  /** Line and column of absolute offset `pos`. */
  locate(pos: number): { line: number; column: number } {
    const nl = this.#newlines;
    let lo = 0;
    let hi = nl.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (nl[mid]! < pos) lo = mid + 1;
      else hi = mid;
    }
    const lineStart = lo === 0 ? this.#lastLineStart : nl[lo - 1]! + 1;
    return { line: this.#linesBefore + lo + 1, column: pos - lineStart + 1 };
  }

  /** Newlines in the indexed text before absolute offset `pos` and where the last one ended. */
  prefixState(pos: number): { linesBefore: number; lastLineStart: number } {
    const { line } = this.locate(pos);
    const count = line - 1;
    const idx = count - this.#linesBefore - 1;
    return {
      linesBefore: count,
      lastLineStart: idx >= 0 ? this.#newlines[idx]! + 1 : this.#lastLineStart,
    };
  }
}

/**
 * The 1-based UTF-16 column of byte offset `start` in UTF-8 `bytes` (scans of bytes count
 * columns in bytes; SARIF and editors count UTF-16 code units).
 */
export function utf16Column(bytes: Uint8Array, start: number): number {
  let lineStart = start;
  while (lineStart > 0 && bytes[lineStart - 1] !== 0x0a) lineStart--;
  return (
    Buffer.from(bytes.buffer, bytes.byteOffset + lineStart, start - lineStart).toString('utf8')
      .length + 1
  );
}
