import type { GatewayRefusal } from './gateway-refusal.js';
import type { LlmProvider } from './llm-providers.js';

/**
 * What the gateway records per request: metadata only. Never keys (real or placeholder),
 * bodies, query strings or header values; findings appear as rule ids.
 */
export interface GatewayLogRecord {
  readonly time: string;
  /** undefined when the path named no configured provider. */
  readonly provider: LlmProvider | undefined;
  readonly method: string;
  /** Path below the provider prefix, without query, cut to 200 characters. */
  readonly path: string;
  /** `host:port` of the bound upstream when the request was forwarded, else undefined. */
  readonly upstream: string | undefined;
  /** allow: forwarded as sent; redact: forwarded with findings replaced; deny: answered here. */
  readonly decision: 'allow' | 'redact' | 'deny';
  readonly reason?: GatewayRefusal;
  /** Rule ids of the findings that caused a redaction or a block. */
  readonly rules?: readonly string[];
  readonly status: number;
  /** Body bytes received from the agent. */
  readonly requestBytes: number;
  /** Body bytes sent back to the agent. */
  readonly responseBytes: number;
  /** Real-key occurrences replaced in the response (headers and body). */
  readonly scrubbed: number;
  readonly durationMs: number;
  /** The model the request named (request-model.ts), when it named one in model-name shape. */
  readonly model?: string;
  /** Token counts the provider's answer reported (usage-tally.ts); absent when the request was not forwarded. */
  readonly inputTokens?: number;
  readonly outputTokens?: number;
}
