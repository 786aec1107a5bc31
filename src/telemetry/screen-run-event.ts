import { RUN_EVENT_LIMITS, type RunEvent } from './run-event.js';

/** What a field becomes when it carries a value the run protects. */
export const REDACTED_FIELD = '[airlock:redacted]';

/**
 * The last check before an event is queued (pure): every string field cut to the App's length
 * limit, rule lists to its count limit (run-event.ts, RUN_EVENT_LIMITS), and any field that
 * carries a credential or placeholder of the run (`carries`, in any encoding the run's masking
 * knows) replaced whole. The mappers already take metadata only; this keeps an agent-chosen host
 * or model from carrying a value out through telemetry.
 */
export function screenRunEvent(event: RunEvent, carries: (text: string) => boolean): RunEvent {
  const text = (value: string) => (carries(value) ? REDACTED_FIELD : value.slice(0, RUN_EVENT_LIMITS.stringLength));
  const screened = Object.fromEntries(
    Object.entries(event).map(([name, value]) => [
      name,
      typeof value === 'string' ? text(value) : Array.isArray(value) ? (value as string[]).slice(0, RUN_EVENT_LIMITS.rulesPerEvent).map(text) : value,
    ]),
  );
  return screened as unknown as RunEvent;
}
