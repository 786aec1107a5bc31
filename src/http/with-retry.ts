/**
 * The one retry loop for raw HTTP calls (the Action's calls to the broker, Vault, GitHub's OIDC and
 * attestation endpoints, the App's approval API, an OPA server). Octokit calls are not retried
 * here: Octokit's retry plugin does that (app/, through Probot). Not `p-retry`: each attempt needs
 * the time left in one overall budget and a way to say "fail for good" without throwing (a 4xx is
 * an answer, not an exception), and every caller would wrap those around it.
 */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  /** The wait after the first failed attempt; it doubles after each further one. */
  baseDelayMs: number;
  /** Budget for every attempt and wait together, from the call; no budget when absent. */
  deadlineMs?: number;
  /** Spread each wait over 50-100% of its length, so clients that failed together do not retry together. */
  jitter?: boolean;
}

/**
 * What one attempt says: done with a value; failed for good (no retry can help, and why); or
 * worth another try (and why, for the final error).
 */
export type AttemptResult<T> = { done: T } | { fail: string } | { retry: string };

export type RetryResult<T> = { ok: true; value: T; attempts: number } | { ok: false; attempts: number; last: string };

export interface AttemptContext {
  /** 1 for the first attempt. */
  attempt: number;
  /** Whole milliseconds left in the budget (Infinity without one): a per-attempt timeout should not exceed it. */
  remainingMs: number;
}

const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason as Error);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/**
 * Runs `attempt` until it is done or failed for good, the attempts are used up, or the next wait
 * would end past the deadline (an attempt that could not start in time is not made). Waits grow exponentially.
 * An attempt that throws is not retried: its error propagates (a refusal no retry can fix, or the
 * caller's own failure). `signal` aborts a wait, rejecting with the signal's reason.
 */
export async function withRetry<T>(
  policy: RetryPolicy,
  attempt: (context: AttemptContext) => Promise<AttemptResult<T>>,
  options: { signal?: AbortSignal } = {},
): Promise<RetryResult<T>> {
  const deadline = policy.deadlineMs === undefined ? Infinity : performance.now() + policy.deadlineMs;
  let last = 'no attempt made';
  let made = 0;
  for (let n = 1; n <= policy.attempts; n++) {
    if (n > 1) {
      const wait = policy.baseDelayMs * 2 ** (n - 2) * (policy.jitter ? 0.5 + Math.random() / 2 : 1);
      if (performance.now() + wait >= deadline) break;
      await sleep(wait, options.signal);
    }
    const remainingMs = deadline - performance.now();
    if (remainingMs <= 0) break;
    made = n;
    // Whole milliseconds: AbortSignal.timeout takes integers only.
    const result = await attempt({ attempt: n, remainingMs: Math.ceil(remainingMs) });
    if ('done' in result) return { ok: true, value: result.done, attempts: n };
    if ('fail' in result) return { ok: false, attempts: n, last: result.fail };
    last = result.retry;
  }
  return { ok: false, attempts: made, last };
}
