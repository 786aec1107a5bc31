import type { RunEvent } from './run-event.js';

/** A `sandbox_exit` event (pure): the backend the agent ran in and how its command ended. */
export function sandboxExitRunEvent(at: string, backend: string, run: { readonly exitCode: number; readonly signal: string | null }): RunEvent {
  return { kind: 'sandbox_exit', at, backend, exitCode: run.exitCode, signal: run.signal };
}
