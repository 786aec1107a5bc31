import { githubRetryAt } from './github-retry-at.js';

export interface RetryPolicy {
  /** Attempts (crashed runs included) before a delivery is dead-lettered. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/**
 * 12 attempts, 2 s doubling to a 10 min cap: a delivery outlives about half an hour of GitHub or
 * handler failure before it is dead-lettered (a redelivery from GitHub queues it again).
 */
export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 12, baseDelayMs: 2_000, maxDelayMs: 600_000 };

/** Exponential backoff with equal jitter after `attempts` failed runs; `random` in [0, 1). */
export function retryDelay(policy: RetryPolicy, attempts: number, random: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random);
}

export type FailureDecision = { action: 'retry'; runAfter: number; countAttempt: boolean } | { action: 'fail' };

/**
 * What a failed run leads to. A rate limit or a write deferred by pacing is retried when GitHub
 * (or the pacer) says, without spending an attempt: it is not a failure of the delivery, and GitHub
 * must never see it as one. Anything else is retried with backoff until attempts run out.
 */
export function decideAfterFailure(policy: RetryPolicy, options: { attempts: number; error: unknown; now: number; random: number }): FailureDecision {
  const retryAt = githubRetryAt(options.error, options.now);
  if (retryAt !== undefined) return { action: 'retry', runAfter: retryAt, countAttempt: false };
  if (options.attempts >= policy.maxAttempts) return { action: 'fail' };
  return { action: 'retry', runAfter: options.now + retryDelay(policy, options.attempts, options.random), countAttempt: true };
}
