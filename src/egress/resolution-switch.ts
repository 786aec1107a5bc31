/** Why the run stopped resolving credentials; a closed set, each one a refusal code the agent sees. */
export type ResolutionStop = 'revoked-by-containment';

/**
 * The one switch the egress proxy (credential-binding.ts, inspect-request.ts) and the LLM gateway
 * (llm-gateway.ts) both read before they put a real credential in a request. Turned once, never
 * back: when the App's containment revokes the run's credentials (issue 19 item 2, a
 * `ContainmentAnswer` with `revoked`), every placeholder is refused from then on, whatever its
 * binding allows.
 */
export class ResolutionSwitch {
  #stopped: ResolutionStop | undefined;

  /** The reason resolution stopped, or undefined while credentials are still resolved. */
  get stopped(): ResolutionStop | undefined {
    return this.#stopped;
  }

  /** Stops every resolution from now on; true the first time (so the caller warns once). */
  stop(reason: ResolutionStop): boolean {
    if (this.#stopped) return false;
    this.#stopped = reason;
    return true;
  }
}
