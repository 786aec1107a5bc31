import { WriteDeferred } from './write-deferred.js';

interface HttpFailure {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | undefined> };
  errors?: unknown[];
}

// GitHub: after a secondary rate limit without retry-after, wait at least one minute.
const SECONDARY_FALLBACK_MS = 60_000;

/**
 * When to try again after a rate limit, or undefined when `error` is not one. GitHub answers 403
 * or 429: `retry-after` (seconds) when present; else, with `x-ratelimit-remaining: 0`, the epoch
 * second in `x-ratelimit-reset`; else, for a secondary limit, at least a minute later.
 * https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#exceeding-the-rate-limit
 * A handler's error reaches the queue inside Probot's AggregateError, so `errors` are searched
 * too; a write the pacer deferred carries its own time.
 */
export function githubRetryAt(error: unknown, now: number): number | undefined {
  if (error instanceof WriteDeferred) return error.retryAt;
  const failure = error as HttpFailure | undefined;
  if (Array.isArray(failure?.errors)) {
    const times = failure.errors.map((inner) => githubRetryAt(inner, now)).filter((t): t is number => t !== undefined);
    return times.length ? Math.max(...times) : undefined;
  }
  if (failure?.status !== 403 && failure?.status !== 429) return undefined;
  const headers = failure.response?.headers ?? {};
  const retryAfter = Number(headers['retry-after']);
  if (headers['retry-after'] !== undefined && Number.isFinite(retryAfter)) return now + Math.max(0, retryAfter) * 1000;
  if (headers['x-ratelimit-remaining'] === '0' && Number.isFinite(Number(headers['x-ratelimit-reset']))) return Math.max(now, Number(headers['x-ratelimit-reset']) * 1000);
  if (failure.status === 429 || /secondary rate limit/i.test(failure.message ?? '')) return now + SECONDARY_FALLBACK_MS;
  return undefined;
}
