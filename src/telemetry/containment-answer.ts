import type { ContainmentAnswer } from './run-event.js';

/**
 * Reads the App's answer to a batch (run-event.ts, `ContainmentAnswer`); undefined when it is not
 * one (then the Action cannot act on it, and says so). Unknown fields are ignored; the fields the
 * Action acts on must have their types.
 */
export function readContainmentAnswer(json: unknown): ContainmentAnswer | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const answer = json as Record<string, unknown>;
  const containment = answer.containment as Record<string, unknown> | undefined;
  if (typeof answer.accepted !== 'number' || typeof answer.duplicate !== 'boolean' || typeof containment !== 'object' || containment === null) return undefined;
  const strings = (value: unknown) => (Array.isArray(value) && value.every((v) => typeof v === 'string') ? (value as string[]) : undefined);
  const actions = strings(containment.actions);
  const reasons = strings(containment.reasons);
  if (typeof containment.revoked !== 'boolean' || typeof containment.suspended !== 'boolean' || !actions || !reasons) return undefined;
  return { accepted: answer.accepted, duplicate: answer.duplicate, containment: { revoked: containment.revoked, suspended: containment.suspended, actions, reasons } };
}
