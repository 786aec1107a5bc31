import { globToRegExp } from '../glob/glob-to-regexp.js';

export interface AllowListConfig {
  /** Path globs whose files are not scanned (e.g. `**\/testdata/**`). */
  readonly paths?: readonly string[];
  /** Exact values never reported (e.g. a public test key everyone uses). */
  readonly values?: readonly string[];
  /**
   * Honour `airlock:allow` comments (same or previous line) and `airlock:allow-file` markers
   * (first 2 KiB). Turn off for untrusted authors: an agent could otherwise mark its own leak.
   */
  readonly inlineComments?: boolean;
}

/** The decisions an allow-list makes: by path, by value, by inline comment. */
export class AllowList {
  readonly #paths: RegExp[];
  readonly #values: Set<string>;
  readonly inlineComments: boolean;

  constructor(config: AllowListConfig = {}) {
    this.#paths = (config.paths ?? []).map((glob) => globToRegExp(glob, { baseName: true }));
    this.#values = new Set(config.values ?? []);
    this.inlineComments = config.inlineComments ?? true;
  }

  allowsPath(path: string): boolean {
    const p = path.replace(/\\/g, '/').replace(/^\.\//, '');
    return this.#paths.some((re) => re.test(p));
  }

  allowsValue(value: string): boolean {
    return this.#values.has(value);
  }
}

export const ALLOW_MARKER = 'airlock:allow';
export const ALLOW_FILE_MARKER = 'airlock:allow-file';
/** How far into a file `airlock:allow-file` may appear. */
export const ALLOW_FILE_HEAD = 2048;
/** How far along a line the engine looks for `airlock:allow` (keeps the check local). */
export const ALLOW_LINE_REACH = 2048;

/** True when the line holding [start, end), or the line before it, carries `airlock:allow`. */
export function hasInlineAllow(text: string, start: number, end: number): boolean {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const prevStart = lineStart > 0 ? text.lastIndexOf('\n', lineStart - 2) + 1 : lineStart;
  let lineEnd = text.indexOf('\n', end);
  if (lineEnd < 0) lineEnd = text.length;
  const from = Math.max(prevStart, start - ALLOW_LINE_REACH);
  const to = Math.min(lineEnd, end + ALLOW_LINE_REACH);
  return text.slice(from, to).includes(ALLOW_MARKER);
}
