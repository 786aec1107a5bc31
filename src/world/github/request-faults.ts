import type { WorldState } from './world-state.js';

/**
 * A failure the world answers in place of the next `remaining` requests of one method and path,
 * before anything else looks at them (routing, authentication, validation): a status with GitHub's
 * error body, or `reset`, the connection closed without an answer (a network error to the client).
 */
export interface WorldFault {
  method: string;
  /** Without the query and without the `/api/v3` prefix, e.g. `/repos/acme/widgets/attestations`. */
  path: string;
  remaining: number;
  answer: number | 'reset';
}

/** Makes the next `times` requests of `method path` fail with `answer` (e.g. 502, or `reset`). */
export function failNextRequests(state: WorldState, fault: { method: string; path: string; times: number; answer: number | 'reset' }): void {
  if (!Number.isInteger(fault.times) || fault.times < 1) throw new Error(`world: failNextRequests needs times >= 1, got ${fault.times}`);
  if (typeof fault.answer === 'number' && (fault.answer < 400 || fault.answer > 599)) throw new Error(`world: failNextRequests answers 4xx or 5xx, got ${fault.answer}`);
  state.faults.push({ method: fault.method.toUpperCase(), path: fault.path, remaining: fault.times, answer: fault.answer });
}

/** The fault for this request, if any, counting it as used. */
export function takeFault(state: WorldState, method: string, path: string): WorldFault | undefined {
  const fault = state.faults.find((f) => f.method === method && f.path === path && f.remaining > 0);
  if (!fault) return undefined;
  fault.remaining -= 1;
  if (fault.remaining === 0) state.faults.splice(state.faults.indexOf(fault), 1);
  return fault;
}
