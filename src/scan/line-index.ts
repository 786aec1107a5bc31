/**
 * 1-based line and column of offsets met in increasing order. Newlines are counted only up to
 * the offset asked for, so a text without findings is never searched for them, and a stream
 * carries the count past the text it has discarded.
 */
export class LineCursor {
  /** Absolute offset up to which newlines have been counted. */
  #at = 0;
  /** Newlines before #at. */
  #newlines = 0;
  /** Absolute offset just after the last newline before #at. */
  #lineStart = 0;

  /**
   * Counts newlines up to absolute offset `pos` (never less than before) in `text`, whose
   * first character is at absolute offset `base` and which must hold [#at, pos). `bytes`, when
   * given, holds the same characters (latin1) and is searched instead.
   */
  advance(pos: number, text: string, base = 0, bytes?: Uint8Array): void {
    const to = pos - base;
    let i = this.#at - base;
    if (bytes !== undefined) {
      for (i = bytes.indexOf(10, i); i >= 0 && i < to; i = bytes.indexOf(10, i + 1)) {
        this.#newlines++;
        this.#lineStart = base + i + 1;
      }
    } else {
      for (i = text.indexOf('\n', i); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) {
        this.#newlines++;
        this.#lineStart = base + i + 1;
      }
    }
    this.#at = Math.max(this.#at, pos);
  }

  /** Line and column of absolute offset `pos`, at or after every offset located before. */
  locate(pos: number, text: string, base = 0, bytes?: Uint8Array): { line: number; column: number } {
    this.advance(pos, text, base, bytes);
    return { line: this.#newlines + 1, column: pos - this.#lineStart + 1 };
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
