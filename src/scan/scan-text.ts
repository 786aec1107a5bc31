import { ScanError } from './scan-error.js';
import { AllowList, type AllowListConfig } from './allow-list.js';
import type { Finding } from './finding.js';
import type { KnownValue } from './known-values.js';
import { KnownValues } from './known-values.js';
import { LineIndex } from './line-index.js';
import { redactPreview } from './redact-preview.js';
import { defaultRuleSet, type RuleSet } from './rule-set.js';
import {
  type EngineContext,
  hasAllowFileMarker,
  type RawFinding,
  scanWindow,
} from './scan-engine.js';

export interface ScanOptions {
  /** Compiled rules; defaults to every shipped rule. */
  readonly rules?: RuleSet;
  /** Values Airlock minted or resolved: matched exactly and in common encodings. */
  readonly knownValues?: readonly KnownValue[] | KnownValues;
  readonly allowList?: AllowListConfig | AllowList;
  /** Path reported in findings and matched against the allow-list path globs. */
  readonly file?: string;
  /** Look inside base64, hex, URL-encoded and gzip segments (default true). */
  readonly decode?: boolean;
  /** Nesting of encodings followed (default 2: e.g. base64 of gzip). */
  readonly maxDecodeDepth?: number;
  /** Texts longer than this are not scanned (default 50 MiB); the result says so. */
  readonly maxChars?: number;
  /** Time budget in milliseconds; when spent, the result is marked truncated. */
  readonly timeBudgetMs?: number;
}

export interface ScanResult {
  readonly findings: Finding[];
  /** Why the scan stopped early or did not run: the text is larger than maxChars, or time ran out. */
  readonly truncated?: 'size' | 'time';
  /** Skipped on purpose (allow-listed path or `airlock:allow-file` marker). */
  readonly skipped?: 'allow-list';
}

export const DEFAULT_MAX_CHARS = 50 * 1024 * 1024;

export function engineContext(options: ScanOptions): EngineContext {
  const kv = options.knownValues;
  const al = options.allowList;
  return {
    rules: options.rules ?? defaultRuleSet(),
    knownValues:
      kv === undefined ? undefined : kv instanceof KnownValues ? kv : new KnownValues(kv),
    allowList: al instanceof AllowList ? al : new AllowList(al),
    decode: options.decode ?? true,
    maxDecodeDepth: options.maxDecodeDepth ?? 2,
    deadline:
      options.timeBudgetMs === undefined ? undefined : performance.now() + options.timeBudgetMs,
  };
}

/** Turns an engine finding into the public shape: location and redacted preview, no secret. */
export function toFinding(
  f: RawFinding,
  at: { line: number; column: number },
  base: number,
  file: string | undefined,
): Finding {
  return {
    rule_id: f.ruleId,
    description: f.description,
    ...(file !== undefined ? { file } : {}),
    line: at.line,
    column: at.column,
    start: base + f.start,
    end: base + f.end,
    redacted_preview: redactPreview(f.secret, f.publicPrefix),
    confidence: f.confidence,
    kind: f.kind,
    ...(f.encoding.length > 0 ? { encoding: f.encoding } : {}),
    token_type: f.tokenType,
  };
}

/**
 * Batch scan of a whole text. Offsets are UTF-16 code units of `text`. `bytes`, when given,
 * holds the same characters as latin1 bytes and speeds up the prefilter.
 */
export function scanText(text: string, options: ScanOptions = {}, bytes?: Uint8Array): ScanResult {
  const ctx = engineContext(options);
  if (options.file !== undefined && ctx.allowList.allowsPath(options.file))
    return { findings: [], skipped: 'allow-list' };
  if (ctx.allowList.inlineComments && hasAllowFileMarker(text))
    return { findings: [], skipped: 'allow-list' };
  if (text.length > (options.maxChars ?? DEFAULT_MAX_CHARS))
    return { findings: [], truncated: 'size' };
  let raw: RawFinding[];
  let truncated: 'time' | undefined;
  try {
    raw = scanWindow(text, 0, text.length, ctx, 0, bytes);
  } catch (e) {
    if (!(e instanceof ScanError && e.code === 'time-budget')) throw e;
    raw = [];
    truncated = 'time';
  }
  raw.sort((a, b) => a.start - b.start || a.end - b.end);
  const lines = raw.length > 0 ? new LineIndex(text) : undefined;
  const findings = raw.map((f) => toFinding(f, lines!.locate(f.start), 0, options.file));
  return { findings, ...(truncated ? { truncated } : {}) };
}

/** Batch scan of bytes, read as latin1 so offsets are byte offsets and bytes round-trip. */
export function scanBuffer(bytes: Buffer, options: ScanOptions = {}): ScanResult {
  return scanText(bytes.toString('latin1'), options, bytes);
}
