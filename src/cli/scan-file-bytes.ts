import type { AllowList } from '../scan/allow-list.js';
import type { Finding } from '../scan/finding.js';
import { utf16Column } from '../scan/line-index.js';
import type { SkippedFile } from '../scan/scan-report.js';
import { scanBuffer } from '../scan/scan-text.js';
import { readScanFile, type ReadScratch } from './read-scan-file.js';

/** Larger files are skipped (reported too-large), not read. */
export const MAX_FILE_BYTES = 50 * 1024 * 1024;

/** Per-file time budget: a pathological file is reported as skipped, not scanned for ever. */
const FILE_TIME_BUDGET_MS = 30_000;
/** A NUL byte in this head marks a binary file, which is skipped. */
const BINARY_HEAD = 8000;

export interface FoundSecret {
  /** Its column counts UTF-16 code units, as SARIF and editors do. */
  readonly finding: Finding;
  /**
   * The matched bytes as latin1 (one character per byte), for the fingerprint; never printed. A
   * string, not bytes: a worker posts strings several times faster than typed arrays.
   */
  readonly match: string;
}

/** What one file's bytes came to: plain data, so a scan worker can post it back. */
export interface FileScan {
  /** 1 when the file was scanned, with its size: the report's totals. */
  readonly files: number;
  readonly bytes: number;
  readonly skipped: SkippedFile[];
  readonly found: FoundSecret[];
}

/**
 * Scans one file's bytes for `airlock scan`: binary files skipped, the allow-list applied, the
 * time budget enforced (a file that runs out is reported skipped, never silently clean). The
 * same on the CLI's thread and in its scan workers.
 */
export function scanFileBytes(bytes: Buffer, shown: string | undefined, label: string, allowList: AllowList): FileScan {
  if (bytes.subarray(0, BINARY_HEAD).includes(0)) return { files: 0, bytes: 0, skipped: [{ file: label, reason: 'binary' }], found: [] };
  const r = scanBuffer(bytes, { file: shown, timeBudgetMs: FILE_TIME_BUDGET_MS, allowList });
  const skipped: SkippedFile[] = [];
  if (r.skipped) skipped.push({ file: label, reason: 'allow-list' });
  if (r.truncated === 'time') skipped.push({ file: label, reason: 'time-budget' });
  const found = r.findings.map((f) => ({ finding: { ...f, column: utf16Column(bytes, f.start) }, match: bytes.toString('latin1', f.start, f.end) }));
  return { files: 1, bytes: bytes.length, skipped, found };
}

/** A file that could not be read (its error code): the caller decides whether that is fatal. */
export interface ReadFailure {
  readonly readError: string;
}

/**
 * Reads the file at `abs` and scans it (scanFileBytes); `shown` names it in the report. Into
 * `scratch` when given: the result holds no reference to the bytes, so the next file may reuse it.
 */
export function scanFileAt(abs: string, shown: string, allowList: AllowList, scratch?: ReadScratch): FileScan | ReadFailure {
  const read = readScanFile(abs, MAX_FILE_BYTES, scratch);
  if ('error' in read) return { readError: read.error };
  if ('tooLarge' in read) return { files: 0, bytes: 0, skipped: [{ file: shown, reason: 'too-large' }], found: [] };
  return scanFileBytes(read.bytes, shown, shown, allowList);
}
