import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);
import {
  ScanError,
  WindowScanner,
  engineContext
} from "./chunk-AISXWLAK.js";

// src/scan/stream-scanner.ts
var StreamScanner = class {
  #scanner;
  #ended = false;
  constructor(options = {}) {
    this.#scanner = new WindowScanner(
      engineContext({ ...options, timeBudgetMs: void 0 }),
      options.file
    );
  }
  /** Adds a chunk; returns the findings it settled (possibly none). */
  push(chunk) {
    if (this.#ended) throw new ScanError("stream-ended", "StreamScanner: push after end");
    return this.#scanner.push(chunk);
  }
  /** Ends the stream; returns the remaining findings. */
  end() {
    if (this.#ended) return [];
    this.#ended = true;
    return this.#scanner.end();
  }
};

export {
  StreamScanner
};
