import type { Finding } from './finding.js';
import { type AddedLines, parseAddedLines } from './git-added-lines.js';
import type { ScanOptions } from './scan-options.js';
import { scanText } from './scan-text.js';

/**
 * Scans the added lines of one file in a diff. Consecutive added lines are joined with '\n'
 * so multi-line secrets (key blocks) are seen whole; each finding's line is mapped back to the
 * new file. `start`/`end` are offsets into the joined added text.
 */
export function scanAddedLines(
  added: AddedLines,
  options: Omit<ScanOptions, 'file'> = {},
): Finding[] {
  const text = added.lines.map((l) => l.text).join('\n');
  const { findings } = scanText(text, { ...options, file: added.file });
  return findings.map((f) => ({
    ...f,
    line: added.lines[f.line - 1]?.line ?? f.line,
    ...(added.commit !== undefined ? { commit: added.commit } : {}),
  }));
}

/** Findings in the lines a unified diff adds (the PR gate's input). */
export function scanDiff(diff: string, options: Omit<ScanOptions, 'file'> = {}): Finding[] {
  return parseAddedLines(diff).flatMap((a) => scanAddedLines(a, options));
}
