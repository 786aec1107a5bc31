import type { GatewayLogRecord } from '../gateway/gateway-log-record.js';
import type { RunEvent } from './run-event.js';

/**
 * The run events one LLM gateway record makes (pure): a `gateway_call` (provider, model, token
 * counts, the gateway's decision; never the path, a body or a key), and beside a refusal a
 * `dlp_block` (a body or header that carried a credential) or a `placeholder_misuse` (another
 * provider's placeholder). `host` is the gateway's virtual host, which the agent reached it at.
 */
export function gatewayRunEvents(record: GatewayLogRecord, gatewayHost: string): RunEvent[] {
  const at = record.time;
  const provider = record.provider ?? 'none';
  const events: RunEvent[] = [
    { kind: 'gateway_call', at, provider, model: record.model ?? 'unknown', inputTokens: record.inputTokens ?? 0, outputTokens: record.outputTokens ?? 0, decision: record.decision },
  ];
  if (record.reason === 'body-blocked') events.push({ kind: 'dlp_block', at, host: gatewayHost, rules: record.rules ?? [] });
  if (record.reason === 'sensitive-value-in-request') events.push({ kind: 'dlp_block', at, host: gatewayHost, rules: ['known-value'] });
  if (record.reason === 'placeholder-wrong-provider') events.push({ kind: 'placeholder_misuse', at, host: gatewayHost, credential: 'llm-key' });
  return events;
}
