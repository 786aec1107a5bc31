import type { Finding } from './finding.js';
import { redactPreview } from './redact-preview.js';
import type { RawFinding } from './scan-engine.js';

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
