import { ProbotOctokit } from 'probot';
import type { AppMetrics } from '../metrics/app-metrics.js';
import { githubMetricsPlugin } from '../metrics/github-metrics-plugin.js';
import { pacingPlugin } from '../queue/pacing-octokit.js';
import type { WritePacer } from '../queue/write-pacer.js';
import type { CreateAppJwt } from '../sts/cached-app-jwt.js';
import { readRetryPlugin } from './read-retry.js';

export interface AppOctokitOptions {
  /** The write pacer once the store is open; undefined paces nothing (`bench webhooks` measures the App's own work). */
  pacer: () => WritePacer | undefined;
  metrics: Pick<AppMetrics, 'githubRequests' | 'githubRateLimitRemaining'>;
  /** The App JWT, signed once and reused until near expiry (app/sts/cached-app-jwt.ts), in place of auth-app signing one per request. */
  createJwt: CreateAppJwt;
  /** The transport of every call (src/http/node-http-fetch.ts); a call's own `request.fetch` still wins. */
  fetch: typeof fetch;
}

/**
 * The Octokit class the App hands Probot: the one `airlock app` runs and `bench webhooks` measures.
 *
 * Writes are paced per installation through the database (write-pacer.ts), shared by replicas, in
 * place of plugin-throttling's in-process queues.
 *
 * One retry layer per path, never two: @octokit/plugin-retry is off (it wrapped every request in a
 * new Bottleneck limiter and repeated POSTs that may have had effects). A webhook handler that
 * throws is re-run by the queue (app/queue/retry-policy.ts); the broker, approval and run-events
 * routes answer a GitHub failure with 503, which the Action's clients retry with a fresh OIDC token
 * (src/action/broker-client.ts, src/action/approval-client.ts, src/telemetry/run-event-sink.ts);
 * the mint is never repeated (app/sts/github-gateway.ts); sweeps and the reconciler run again on
 * their interval; startup's credential check fails fast (app/check-app-credentials.ts). Only the PR
 * gate, the protection handlers and containment's configuration read turn a failure into an
 * outcome that nothing retries: their reads get readRetryPlugin's one retry (app/github/read-retry.ts).
 * GitHub is asked over node:http with kept-alive connections (src/http/node-http-fetch.ts), not Node's fetch.
 * Registered last, so it is outermost: metrics count, and pacing paces, every attempt.
 */
export function appOctokit(options: AppOctokitOptions): typeof ProbotOctokit {
  return ProbotOctokit.plugin(pacingPlugin(options.pacer), githubMetricsPlugin(options.metrics), readRetryPlugin()).defaults((octokitOptions: ConstructorParameters<typeof ProbotOctokit>[0] = {}) => ({
    ...octokitOptions,
    request: { ...octokitOptions.request, fetch: octokitOptions.request?.fetch ?? options.fetch },
    ...(octokitOptions.auth?.privateKey ? { auth: { ...octokitOptions.auth, privateKey: undefined, createJwt: options.createJwt } } : {}),
    throttle: { ...octokitOptions.throttle, enabled: false },
    retry: { enabled: false },
  }));
}
