import { ALLOW_FILE_HEAD } from './allow-list.js';
import type { Finding } from './finding.js';
import { LineIndex } from './line-index.js';
import {
  type EngineContext,
  engineReach,
  hasAllowFileMarker,
  type RawFinding,
  scanWindow,
} from './scan-engine.js';
import { engineContext, type ScanOptions, toFinding } from './scan-text.js';
import { ScanError } from './scan-error.js';

/** Slack on top of twice the engine reach (inline allow comments look 2 KiB along a line). */
const MARGIN = 4096;

/**
 * Scans a stream in chunks (for the egress proxy) and reports exactly the findings a batch
 * scan of the concatenated text would, with the same offsets. A finding is decided only from
 * text within the engine's reach of its start, so the scanner commits findings once it holds
 * `2 × reach` characters beyond them and keeps `2 × reach` characters of overlap behind.
 * Buffers are read as latin1 (offsets are byte offsets); strings as UTF-16 code units.
 */
export class StreamScanner {
  readonly #ctx: EngineContext;
  readonly #file: string | undefined;
  readonly #keep: number;
  #buf = '';
  /** Absolute offset of #buf[0]. */
  #base = 0;
  /** Findings with start below this absolute offset have been emitted. */
  #committed = 0;
  #linesBefore = 0;
  #lastLineStart = 0;
  /** undefined until the head of the stream has been seen. */
  #allowFile: boolean | undefined;
  readonly #skipPath: boolean;
  #ended = false;

  constructor(options: ScanOptions = {}) {
    // No time budget: a stream has no natural end to measure against, and stopping halfway
    // would make its findings differ from a batch scan's.
    this.#ctx = engineContext({ ...options, timeBudgetMs: undefined });
    this.#file = options.file;
    this.#keep = 2 * engineReach(this.#ctx) + MARGIN;
    this.#skipPath = options.file !== undefined && this.#ctx.allowList.allowsPath(options.file);
  }

  /** Adds a chunk; returns the findings it settled (possibly none). */
  push(chunk: Buffer | string): Finding[] {
    if (this.#ended) throw new ScanError('stream-ended', 'StreamScanner: push after end');
    this.#buf += typeof chunk === 'string' ? chunk : chunk.toString('latin1');
    const end = this.#base + this.#buf.length;
    if (end - this.#committed < 2 * this.#keep) return [];
    return this.#commit(end - this.#keep);
  }

  /** Ends the stream; returns the remaining findings. */
  end(): Finding[] {
    this.#ended = true;
    return this.#commit(this.#base + this.#buf.length);
  }

  #commit(upTo: number): Finding[] {
    if (
      this.#allowFile === undefined &&
      (this.#buf.length >= ALLOW_FILE_HEAD || this.#ended || this.#base > 0)
    )
      this.#allowFile = this.#ctx.allowList.inlineComments && hasAllowFileMarker(this.#buf);
    const from = this.#committed - this.#base;
    const to = upTo - this.#base;
    let raw: RawFinding[] = [];
    if (!this.#skipPath && this.#allowFile !== true)
      raw = scanWindow(this.#buf, from, to, this.#ctx);
    raw.sort((a, b) => a.start - b.start || a.end - b.end);
    const lines = new LineIndex(this.#buf, this.#base, this.#linesBefore, this.#lastLineStart);
    const findings = raw.map((f) =>
      toFinding(f, lines.locate(this.#base + f.start), this.#base, this.#file),
    );
    this.#committed = upTo;
    const newBase = upTo - this.#keep;
    if (newBase > this.#base) {
      const state = lines.prefixState(newBase);
      this.#linesBefore = state.linesBefore;
      this.#lastLineStart = state.lastLineStart;
      this.#buf = this.#buf.slice(newBase - this.#base);
      this.#base = newBase;
    }
    return findings;
  }
}
