import { describe, expect, it } from '@jest/globals';
import { LineCursor } from '../../src/scan/line-index.js';
import { seededRandom } from '../../src/scan/labelled-corpus.js';

// Line and column of findings: the byte path (a loop over the bytes) must say exactly what the
// character path and a plain count say, also when a text arrives window by window.

/** 1-based line and column of `pos`, counted the plain way. */
function plain(text: string, pos: number): { line: number; column: number } {
  const before = text.slice(0, pos);
  return { line: before.split('\n').length, column: pos - (before.lastIndexOf('\n') + 1) + 1 };
}

describe('LineCursor', () => {
  const random = seededRandom(31);
  let text = '';
  while (text.length < 5_000) text += random() < 0.1 ? '\n' : random() < 0.05 ? '\n\n' : String.fromCharCode(32 + Math.floor(random() * 200));
  const bytes = Buffer.from(text, 'latin1');
  const offsets = [0, 1, ...Array.from({ length: 60 }, () => Math.floor(random() * text.length)), text.length - 1, text.length].sort((a, b) => a - b);

  it('locates offsets met in order as a plain count does, on bytes and on characters', () => {
    const onBytes = new LineCursor();
    const onChars = new LineCursor();
    for (const pos of offsets) {
      expect(onBytes.locate(pos, text, 0, bytes)).toEqual(plain(text, pos));
      expect(onChars.locate(pos, text)).toEqual(plain(text, pos));
    }
  });

  it('a newline as the first or last byte, and text with none', () => {
    for (const t of ['\nabc', 'abc\n', '\n', 'abc', '\n\n\n']) {
      const b = Buffer.from(t, 'latin1');
      const c = new LineCursor();
      for (let pos = 0; pos <= t.length; pos++) expect(c.locate(pos, t, 0, b)).toEqual(plain(t, pos));
    }
  });

  it('carries the count across windows whose first byte is at a later absolute offset', () => {
    const c = new LineCursor();
    const window = 700;
    for (let base = 0; base < text.length; base += window) {
      const w = text.slice(base, base + window + 100);
      const b = bytes.subarray(base, base + window + 100);
      for (const pos of offsets.filter((p) => p >= base && p < base + window)) expect(c.locate(pos, w, base, b)).toEqual(plain(text, pos));
      c.advance(Math.min(text.length, base + window), w, base, b);
    }
  });
});
