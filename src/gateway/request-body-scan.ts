import type { Finding, FindingKind } from '../scan/finding.js';
import type { KnownValues } from '../scan/known-values.js';
import { scanBuffer } from '../scan/scan-text.js';
import { StreamScanner } from '../scan/stream-scanner.js';

export type BodyAction = 'allow' | 'redact' | 'block';

/**
 * What to do with each kind of finding in a request body. Known values (real provider keys,
 * minted credentials, values behind workspace tokens) can never be allowed through.
 */
export interface BodyPolicy {
  readonly knownValue: 'redact' | 'block';
  readonly pattern: BodyAction;
  readonly generic: BodyAction;
}

/**
 * Credentials block by default: a prompt carrying one is an exfiltration attempt or an
 * accident, and either way the agent should learn it did not go out. Generic (entropy) findings
 * are allowed by default, since prompts are full of code and hashes that trip them.
 */
export const DEFAULT_BODY_POLICY: BodyPolicy = {
  knownValue: 'block',
  pattern: 'block',
  generic: 'allow',
};

/** Replaces a redacted span: ASCII without quotes or backslashes, so a JSON string stays a JSON string. */
export function redactionMarker(tokenType: string): string {
  return `[airlock:redacted:${tokenType}]`;
}

export type BodyDecision =
  | { readonly action: 'allow'; readonly body: Buffer }
  | { readonly action: 'redact'; readonly body: Buffer; readonly rules: readonly string[] }
  | { readonly action: 'block'; readonly rules: readonly string[] };

function actionFor(kind: FindingKind, policy: BodyPolicy): BodyAction {
  return kind === 'known-value' ? policy.knownValue : policy[kind];
}

function ruleIds(findings: readonly Finding[]): string[] {
  return [...new Set(findings.map((f) => f.rule_id))].sort();
}

/**
 * Scans a request body chunk by chunk as it arrives (the streaming scanner, so the work is
 * spread over the upload) and decides once it is complete. Inline `airlock:allow` comments are
 * ignored: the agent writes the body and must not be able to excuse its own leak.
 */
export class RequestBodyScan {
  readonly #scanner: StreamScanner;
  readonly #knownValues: KnownValues;
  readonly #policy: BodyPolicy;
  readonly #findings: Finding[] = [];

  constructor(knownValues: KnownValues, policy: BodyPolicy) {
    this.#knownValues = knownValues;
    this.#policy = policy;
    this.#scanner = new StreamScanner({ knownValues, allowList: { inlineComments: false } });
  }

  push(chunk: Buffer): void {
    this.#findings.push(...this.#scanner.push(chunk));
  }

  /** Ends the scan of `body` (the concatenation of every pushed chunk) and applies the policy. */
  finish(body: Buffer): BodyDecision {
    this.#findings.push(...this.#scanner.end());
    const acted = this.#findings.filter((f) => actionFor(f.kind, this.#policy) !== 'allow');
    if (acted.length === 0) return { action: 'allow', body };
    const rules = ruleIds(acted);
    if (acted.some((f) => actionFor(f.kind, this.#policy) === 'block'))
      return { action: 'block', rules };
    const redacted = redact(body, acted);
    // Fail closed: if anything the policy acts on survives redaction (an encoding whose span
    // maps back imprecisely), the body does not go out at all.
    const again = scanBuffer(redacted, {
      knownValues: this.#knownValues,
      allowList: { inlineComments: false },
    });
    const left = again.findings.filter((f) => actionFor(f.kind, this.#policy) !== 'allow');
    if (left.length > 0 || again.truncated !== undefined)
      return { action: 'block', rules: ruleIds([...acted, ...left]) };
    return { action: 'redact', body: redacted, rules };
  }
}

/** Replaces the byte spans of `findings` (merged where they overlap) with markers. */
function redact(body: Buffer, findings: readonly Finding[]): Buffer {
  const sorted = [...findings].sort((a, b) => a.start - b.start);
  const parts: Buffer[] = [];
  let at = 0;
  for (let i = 0; i < sorted.length;) {
    const first = sorted[i]!;
    let end = first.end;
    for (i++; i < sorted.length && sorted[i]!.start < end; i++) end = Math.max(end, sorted[i]!.end);
    parts.push(body.subarray(at, first.start), Buffer.from(redactionMarker(first.token_type)));
    at = end;
  }
  parts.push(body.subarray(at));
  return Buffer.concat(parts);
}
