import type { Octokit } from '@octokit/core';
import type { AppMetrics } from './app-metrics.js';

type GithubMetrics = Pick<AppMetrics, 'githubRequests' | 'githubRateLimitRemaining'>;

/**
 * The route label of a request: the template Octokit was called with (`/repos/{owner}/{repo}`),
 * without origin, GitHub Enterprise's /api/v3 prefix or query. A path given already expanded has
 * its numbers and commit SHAs replaced by `{}`, so the label set stays bounded.
 */
export function githubRoute(url: string): string {
  // A template (`{owner}`) names a route of our code, a bounded set: its label is worked out once
  // (URL parsing and the segment scan were a measurable part of each request's CPU). An expanded
  // path (a paginated next page) is not kept: those are unbounded.
  const known = templateRoutes.get(url);
  if (known !== undefined) return known;
  const route = routeOf(url);
  if (url.includes('{') && templateRoutes.size < TEMPLATE_ROUTES_MAX) templateRoutes.set(url, route);
  return route;
}

const TEMPLATE_ROUTES_MAX = 1_000;
const templateRoutes = new Map<string, string>();

function routeOf(url: string): string {
  let path: string;
  try {
    path = new URL(url, 'http://github.invalid').pathname;
  } catch {
    // Octokit would fail on it too; the label must not make the request fail first.
    return 'invalid';
  }
  return path
    .replace(/%7B/gi, '{')
    .replace(/%7D/gi, '}')
    .replace(/^\/api\/v3(?=\/)/, '')
    .split('/')
    .map((segment) => (/^\d+$/.test(segment) || /^[0-9a-f]{40}$/i.test(segment) ? '{}' : segment))
    .join('/');
}

/** The response headers of an answer or of the RequestError that carries one. */
const headersOf = (value: unknown): Record<string, unknown> | undefined => {
  const v = value as { headers?: Record<string, unknown>; response?: { headers?: Record<string, unknown> } } | undefined;
  return v?.headers ?? v?.response?.headers;
};

/**
 * An Octokit plugin counting every request to GitHub and keeping the rate limit GitHub reports
 * on each answer (x-ratelimit-remaining, per x-ratelimit-resource: core, graphql, search, ...).
 * It wraps the request hook, so it sees the App's JWT calls, installation calls and token mints.
 * https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#checking-the-status-of-your-rate-limit
 */
export function githubMetricsPlugin(metrics: GithubMetrics) {
  return (octokit: Octokit) => {
    octokit.hook.wrap('request', async (request, endpoint) => {
      const method = String(endpoint.method);
      const route = githubRoute(String(endpoint.url));
      const seen = (status: string, answer: unknown) => {
        metrics.githubRequests.inc({ method, route, status });
        const headers = headersOf(answer);
        const remaining = Number(headers?.['x-ratelimit-remaining']);
        if (headers?.['x-ratelimit-remaining'] !== undefined && Number.isFinite(remaining)) {
          metrics.githubRateLimitRemaining.set({ resource: String(headers['x-ratelimit-resource'] ?? 'core') }, remaining);
        }
      };
      try {
        const response = await request(endpoint);
        seen(String(response.status), response);
        return response;
      } catch (error) {
        // Octokit gives a request that got no answer (refused, reset, timed out) status 500 and
        // no response: it is counted as `error`, not as GitHub's 500.
        const status = (error as { response?: { status?: unknown } }).response?.status;
        seen(typeof status === 'number' ? String(status) : 'error', error);
        throw error;
      }
    });
  };
}
