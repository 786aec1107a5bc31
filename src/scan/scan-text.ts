import { ScanError } from './scan-error.js';
import { ALLOW_FILE_HEAD } from './allow-list.js';
import type { Finding } from './finding.js';
import { LineCursor } from './line-index.js';
import {
  type EngineContext,
  hasAllowFileMarker,
  type RawFinding,
  scanWhole,
} from './scan-engine.js';
import { engineContext, type ScanOptions } from './scan-options.js';
import { toFinding } from './to-finding.js';
import { WindowScanner } from './window-scanner.js';

export interface ScanResult {
  readonly findings: Finding[];
  /** Why the scan stopped early or did not run: the text is larger than maxChars, or time ran out. */
  readonly truncated?: 'size' | 'time';
  /** Skipped on purpose (allow-listed path or `airlock:allow-file` marker). */
  readonly skipped?: 'allow-list';
}

export const DEFAULT_MAX_CHARS = 50 * 1024 * 1024;

/** The result for an input skipped on purpose or too large, or undefined to scan it. */
function whyNotScanned(
  ctx: EngineContext,
  options: ScanOptions,
  head: string,
  length: number,
): ScanResult | undefined {
  if (options.file !== undefined && ctx.allowList.allowsPath(options.file))
    return { findings: [], skipped: 'allow-list' };
  if (ctx.allowList.inlineComments && hasAllowFileMarker(head))
    return { findings: [], skipped: 'allow-list' };
  if (length > (options.maxChars ?? DEFAULT_MAX_CHARS)) return { findings: [], truncated: 'size' };
  return undefined;
}

/**
 * Batch scan of a whole text. Offsets are UTF-16 code units of `text`. `bytes`, when given,
 * holds the same characters as latin1 bytes: the prefilter, the encoded-run sampler and the
 * line count read it instead of decoding characters.
 */
export function scanText(text: string, options: ScanOptions = {}, bytes?: Uint8Array): ScanResult {
  const ctx = engineContext(options);
  const notScanned = whyNotScanned(ctx, options, text, text.length);
  if (notScanned !== undefined) return notScanned;
  let raw: RawFinding[];
  let truncated: 'time' | undefined;
  try {
    raw = scanWhole(text, ctx, 0, bytes);
  } catch (e) {
    if (!(e instanceof ScanError && e.code === 'time-budget')) throw e;
    raw = [];
    truncated = 'time';
  }
  raw.sort((a, b) => a.start - b.start || a.end - b.end);
  const lines = new LineCursor();
  const findings = raw.map((f) => toFinding(f, lines.locate(f.start, text, 0, bytes), 0, options.file));
  return { findings, ...(truncated ? { truncated } : {}) };
}

/**
 * Buffers up to this size are read into one latin1 string; larger ones are scanned in windows
 * (WindowScanner), with the same findings, so no string outgrows V8's regular heap objects.
 */
const WHOLE_STRING_BYTES = 96 * 1024;

/** Batch scan of bytes, read as latin1 so offsets are byte offsets and bytes round-trip. */
export function scanBuffer(bytes: Buffer, options: ScanOptions = {}): ScanResult {
  if (bytes.length <= WHOLE_STRING_BYTES) return scanText(bytes.toString('latin1'), options, bytes);
  const ctx = engineContext(options);
  const head = bytes.toString('latin1', 0, ALLOW_FILE_HEAD);
  const notScanned = whyNotScanned(ctx, options, head, bytes.length);
  if (notScanned !== undefined) return notScanned;
  try {
    return { findings: new WindowScanner(ctx, options.file).scanAll(bytes) };
  } catch (e) {
    if (!(e instanceof ScanError && e.code === 'time-budget')) throw e;
    return { findings: [], truncated: 'time' };
  }
}
