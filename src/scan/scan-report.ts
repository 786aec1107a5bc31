import type { Finding } from './finding.js';

/** Why a file was not scanned. */
export interface SkippedFile {
  readonly file: string;
  /** `symlink`: a link met inside a directory, not followed (a link named on the command line is). */
  readonly reason: 'binary' | 'too-large' | 'allow-list' | 'time-budget' | 'unreadable' | 'symlink';
}

/** The `airlock scan --format json` document; its schema is in scan-report-schema.ts. */
export interface ScanReport {
  readonly version: 1;
  readonly tool: 'airlock-scan';
  readonly findings: readonly Finding[];
  readonly summary: {
    readonly files_scanned: number;
    readonly bytes_scanned: number;
    readonly findings: number;
    readonly skipped: readonly SkippedFile[];
    /** Findings left out because --baseline lists their fingerprints. */
    readonly baselined?: number;
  };
}

export function buildScanReport(
  findings: readonly Finding[],
  filesScanned: number,
  bytesScanned: number,
  skipped: readonly SkippedFile[],
  baselined?: number,
): ScanReport {
  return {
    version: 1,
    tool: 'airlock-scan',
    findings,
    summary: {
      files_scanned: filesScanned,
      bytes_scanned: bytesScanned,
      findings: findings.length,
      skipped,
      ...(baselined !== undefined ? { baselined } : {}),
    },
  };
}
