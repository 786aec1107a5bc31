import type { EgressLogRecord } from '../egress/egress-log-record.js';
import { pathClass } from './path-class.js';
import type { RunEvent } from './run-event.js';

/** Refusals that are a placeholder in a place or toward a host it is never resolved in (credential-binding.ts, inspect-request.ts). */
const MISUSE = new Set(['placeholder-wrong-host', 'placeholder-in-url', 'placeholder-misplaced', 'placeholders-mixed', 'placeholder-over-plain-http', 'placeholder-in-body', 'aws-foreign-credential', 'aws-session-token-mismatch']);

/** The credential a misuse names, or this when the proxy could not tell which one (a placeholder found in a body). */
const UNKNOWN_CREDENTIAL = 'unidentified';

/** A method as the App takes it (upper-case letters); anything else the parser let through (`M-SEARCH`) is `OTHER`. */
const method = (name: string): string => (/^[A-Z]{1,16}$/.test(name) ? name : 'OTHER');

/** The DLP rules a refusal names: the body scanner's (`dlp-blocked:<rules>`), the inspector hook's, or a run's own value in the URL or a header. */
function dlpRules(reason: string): string[] | undefined {
  if (reason.startsWith('dlp-blocked:')) return reason.slice('dlp-blocked:'.length).split(',').filter(Boolean);
  if (reason.startsWith('body-blocked:')) return [reason.slice('body-blocked:'.length)];
  if (reason === 'sensitive-value-in-request') return ['known-value'];
  return undefined;
}

/**
 * The run events one egress proxy record makes (pure): an `egress` event (host, method, path
 * class, byte counts, the proxy's refusal code; never the path, a query or a header), and beside a
 * refusal a `placeholder_misuse` or `dlp_block`, beside a resolved request a `resolution`. The
 * record of a tunnel the proxy terminated is not an event: each request inside it is one.
 */
export function egressRunEvents(record: EgressLogRecord): RunEvent[] {
  if (record.kind === 'connect' && record.reason === 'terminated') return [];
  const at = record.time;
  const events: RunEvent[] = [
    {
      kind: 'egress',
      at,
      decision: record.decision,
      host: record.host,
      method: method(record.method),
      pathClass: pathClass(record),
      bytesOut: record.requestBytes,
      bytesIn: record.responseBytes,
      ...(record.reason ? { reason: record.reason } : {}),
    },
  ];
  const reason = record.reason ?? '';
  if (record.decision === 'deny' && MISUSE.has(reason)) events.push({ kind: 'placeholder_misuse', at, host: record.host, credential: record.credential ?? UNKNOWN_CREDENTIAL });
  const rules = record.decision === 'deny' ? dlpRules(reason) : undefined;
  if (rules) events.push({ kind: 'dlp_block', at, host: record.host, rules });
  if (record.decision === 'allow' && record.resolved && record.credential) events.push({ kind: 'resolution', at, credential: record.credential, host: record.host });
  return events;
}
