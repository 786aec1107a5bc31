import { ALLOW_LINE_REACH } from './allow-list.js';
import { GZIP_BLOCK, SegmentCursor } from './decode-segments.js';
import type { Finding } from './finding.js';
import { LineCursor } from './line-index.js';
import {
  collectRaw,
  ENGINE_BEHIND,
  type EngineContext,
  engineReach,
  hasAllowFileMarker,
  type RawFinding,
  settleFindings,
} from './scan-engine.js';
import { toFinding } from './to-finding.js';

/** Evidence decided per window: large enough that the context around it is a small share. */
const STEP = 64 * 1024;
/**
 * Windows end on multiples of this (the segment finders pick one gzip candidate per aligned
 * GZIP_BLOCK, and base64 blocks are aligned too), except at the end of the stream.
 */
const ALIGN = GZIP_BLOCK;
/** Kept before the committed offset: inline allow comments look this far along a line. */
const KEEP_BEFORE = ALLOW_LINE_REACH + 2048;
const EMPTY = Buffer.alloc(0);

/**
 * Scans input in windows and reports exactly the findings one scan of the whole input would
 * (scanWhole), with the same offsets, whatever the chunking. Each piece of evidence (keyword
 * hit, known-value needle, encoded segment) is decided once, in a window that holds
 * `engineReach` characters after it and ENGINE_BEHIND before it; the segment finders carry
 * their state from window to window (SegmentCursor). A finding is emitted once every raw
 * finding that could overlap it is known, that is ENGINE_BEHIND + engineReach behind the
 * evidence frontier. Memory is that overlap plus one window: data further back is dropped, and
 * nothing is scanned twice. The streaming scanner is this; batch scans of large buffers use it
 * too, so no string longer than a window is built (V8 allocates strings over 128 KiB one by
 * one in large-object pages, several times slower than copying the bytes).
 *
 * Buffers are scanned as bytes (latin1: offsets are byte offsets; the prefilter, the encoded
 * run sampler and the line count read the bytes, and regular expressions run on one latin1
 * string per window). Strings are scanned as UTF-16 code units; after a string chunk the
 * scanner stays in that mode and reads later Buffers as latin1 text.
 */
export class WindowScanner {
  readonly #ctx: EngineContext;
  readonly #file: string | undefined;
  readonly #reach: number;
  readonly #skipPath: boolean;
  /** Byte mode: the retained bytes are #bytes[#from, #to). */
  #bytes: Buffer | undefined = EMPTY;
  #from = 0;
  #to = 0;
  /** Text mode: the retained characters. */
  #text = '';
  /** Absolute offset of the first retained character. */
  #base = 0;
  /** Absolute offset of the end of the input so far. */
  #total = 0;
  /** Evidence before this absolute offset has been decided. */
  #decided = 0;
  /** Findings starting before this absolute offset have been emitted. */
  #committed = 0;
  /** Raw findings (absolute offsets) that may still overlap a finding not yet emitted. */
  #raw: RawFinding[] = [];
  readonly #segments = new SegmentCursor();
  readonly #lines = new LineCursor();
  /** undefined until the head of the input has been seen. */
  #allowFile: boolean | undefined;

  /** `ctx.deadline`, if set, is checked as in a batch scan (ScanError 'time-budget'). */
  constructor(ctx: EngineContext, file: string | undefined) {
    this.#ctx = ctx;
    this.#file = file;
    this.#reach = engineReach(ctx);
    this.#skipPath = file !== undefined && ctx.allowList.allowsPath(file);
  }

  /**
   * The whole input at once, as bytes that are not copied: returns the findings of the whole
   * input. Call nothing else on this scanner.
   */
  scanAll(bytes: Buffer): Finding[] {
    this.#bytes = bytes;
    this.#to = bytes.length;
    this.#total = bytes.length;
    const out: Finding[] = [];
    this.#advance(out);
    this.#window(this.#total, out);
    return out;
  }

  /** Adds a chunk; returns the findings it settled (possibly none). */
  push(chunk: Buffer | string): Finding[] {
    if (typeof chunk === 'string' || this.#bytes === undefined) this.#appendText(chunk);
    else this.#appendBytes(chunk);
    this.#total += chunk.length;
    const out: Finding[] = [];
    this.#advance(out);
    return out;
  }

  /** Ends the input; returns the remaining findings. */
  end(): Finding[] {
    const out: Finding[] = [];
    this.#window(this.#total, out);
    return out;
  }

  /** One window per STEP of evidence that has engineReach after it, so none becomes huge. */
  #advance(out: Finding[]): void {
    while (this.#total - this.#reach - this.#decided >= STEP)
      this.#window(Math.floor((this.#decided + STEP) / ALIGN) * ALIGN, out);
  }

  #appendBytes(chunk: Buffer): void {
    let bytes = this.#bytes!;
    if (bytes === EMPTY) bytes = this.#bytes = Buffer.allocUnsafe(4 * STEP);
    const kept = this.#to - this.#from;
    if (this.#to + chunk.length > bytes.length) {
      // Move the retained bytes to the front, into a larger buffer if they would not fit.
      const need = kept + chunk.length;
      if (need > bytes.length / 2) {
        const next = Buffer.allocUnsafe(2 * need);
        bytes.copy(next, 0, this.#from, this.#to);
        bytes = this.#bytes = next;
      } else bytes.copyWithin(0, this.#from, this.#to);
      this.#from = 0;
      this.#to = kept;
    }
    chunk.copy(bytes, this.#to);
    this.#to += chunk.length;
  }

  #appendText(chunk: Buffer | string): void {
    if (this.#bytes !== undefined) {
      this.#text = this.#bytes.toString('latin1', this.#from, this.#to);
      this.#bytes = undefined;
    }
    this.#text += typeof chunk === 'string' ? chunk : chunk.toString('latin1');
  }

  /** Decides the evidence before absolute offset `upTo` and emits what that settles. */
  #window(upTo: number, out: Finding[]): void {
    const final = upTo === this.#total;
    const base = this.#base;
    const end = final ? this.#total : Math.min(this.#total, upTo + this.#reach);
    const bytes = this.#bytes?.subarray(this.#from, this.#from + (end - base));
    const text = bytes !== undefined ? bytes.toString('latin1') : this.#text.slice(0, end - base);
    // The head is always retained until the first window, which needs more than it.
    this.#allowFile ??= this.#ctx.allowList.inlineComments && hasAllowFileMarker(text);
    const scanning = !this.#skipPath && !this.#allowFile;
    if (scanning) {
      const found: RawFinding[] = [];
      collectRaw(
        text,
        this.#decided - base,
        upTo - base,
        this.#ctx,
        found,
        bytes,
        this.#segments,
        base,
      );
      for (const f of found) this.#raw.push({ ...f, start: f.start + base, end: f.end + base });
    }
    this.#decided = upTo;
    // Raw findings come from evidence at most ENGINE_BEHIND after their start and are at most
    // engineReach long: a finding starting before `settled` overlaps no raw finding yet unknown.
    const settled = final ? this.#total : upTo - ENGINE_BEHIND - this.#reach;
    if (settled > this.#committed) {
      if (scanning) {
        const raw = settleFindings(this.#raw, this.#committed, settled, this.#ctx, text, base);
        raw.sort((a, b) => a.start - b.start || a.end - b.end);
        for (const f of raw)
          out.push(toFinding(f, this.#lines.locate(f.start, text, base, bytes), 0, this.#file));
        this.#lines.advance(settled, text, base, bytes);
        this.#raw = this.#raw.filter((g) => g.end > settled);
      }
      this.#committed = settled;
    }
    this.#discard(Math.max(base, this.#committed - KEEP_BEFORE));
  }

  /** Drops the input before absolute offset `to`. */
  #discard(to: number): void {
    const n = to - this.#base;
    if (n <= 0) return;
    if (this.#bytes !== undefined) this.#from += n;
    else this.#text = this.#text.slice(n);
    this.#base = to;
  }
}
