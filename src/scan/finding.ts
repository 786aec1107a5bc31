/** Where a finding came from: a rule's pattern, a value Airlock knows, or the entropy rules. */
export type FindingKind = 'pattern' | 'known-value' | 'generic';

/**
 * One detected secret. Never carries the secret itself: only offsets into the scanned text
 * and a redacted preview (see `redact-preview.ts`).
 */
export interface Finding {
  readonly rule_id: string;
  readonly description: string;
  readonly file?: string;
  /** Commit that added the line (git history scans). */
  readonly commit?: string;
  /** 1-based line and column of `start`. */
  readonly line: number;
  readonly column: number;
  /** Offsets into the scanned text: UTF-16 units for strings, bytes for Buffers (latin1). */
  readonly start: number;
  readonly end: number;
  readonly redacted_preview: string;
  readonly confidence?: 'high' | 'medium' | 'low';
  readonly kind: FindingKind;
  /** Encodings peeled off to find it, outermost first (e.g. ['base64']). */
  readonly encoding?: readonly string[];
  /** Token type used when the finding is replaced by a token. */
  readonly token_type: string;
  /** Rule, file and matched value, stretched (finding-fingerprint.ts); set by `airlock scan` for reports and baselines. */
  readonly fingerprint?: string;
}
