import type { Finding } from './finding.js';
import { engineContext, type ScanOptions } from './scan-options.js';
import { ScanError } from './scan-error.js';
import { WindowScanner } from './window-scanner.js';

/**
 * Scans a stream in chunks (for the egress proxy and the LLM gateway) and reports exactly the
 * findings a batch scan of the concatenated input would, with the same offsets, whatever the
 * chunking (see WindowScanner: each byte is scanned once, memory is a bounded overlap plus one
 * window). Buffers are read as latin1 bytes (offsets are byte offsets); strings as UTF-16 code
 * units.
 */
export class StreamScanner {
  readonly #scanner: WindowScanner;
  #ended = false;

  constructor(options: ScanOptions = {}) {
    // No time budget: a stream has no natural end to measure against, and stopping halfway
    // would make its findings differ from a batch scan's.
    this.#scanner = new WindowScanner(
      engineContext({ ...options, timeBudgetMs: undefined }),
      options.file,
    );
  }

  /** Adds a chunk; returns the findings it settled (possibly none). */
  push(chunk: Buffer | string): Finding[] {
    if (this.#ended) throw new ScanError('stream-ended', 'StreamScanner: push after end');
    return this.#scanner.push(chunk);
  }

  /** Ends the stream; returns the remaining findings. */
  end(): Finding[] {
    if (this.#ended) return [];
    this.#ended = true;
    return this.#scanner.end();
  }
}
