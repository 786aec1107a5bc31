import { AsyncLocalStorage } from 'node:async_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Octokit } from '@octokit/core';
import type { Probot } from 'probot';

/**
 * The one retry of GitHub reads for the App's work that has no other retry layer.
 *
 * Why not @octokit/plugin-retry (disabled in app/start-app.ts): it wraps every request in a new
 * Bottleneck limiter (~0.3 ms of CPU per call, node_modules/@octokit/plugin-retry/dist-bundle/index.js),
 * retries POSTs that may have had effects, and stacks on the layers most paths already have: the
 * webhook queue re-runs a delivery whose handler throws (app/queue/retry-policy.ts), and the
 * Action's clients retry a broker answer of 503 with a fresh OIDC token (src/action/broker-client.ts,
 * src/action/approval-client.ts, src/telemetry/run-event-sink.ts).
 *
 * Why this, where it is used (app/airlock-app.ts): the PR gate and the protection handlers turn a
 * GitHub failure into an outcome instead of throwing (a failing "could not evaluate" check run, an
 * attestation `unknown`, an audited "could not check"), and containment reads its configuration
 * inside a run-events request and falls back to the defaults: nothing else would try again, and a
 * single 502 would change what they decide. Their reads run inside `withReadRetries`; everything
 * else passes straight through.
 *
 * plugin-retry's schedule (retryAfter = (n+1)^2 s: after 1, 4 and 9 s), never a 4xx;
 * only GET and HEAD (idempotent), only a failure with no answer or a 5xx (Octokit reports a
 * request that got no answer as status 500). Never after the request's signal has aborted; a
 * request's own `request.retries` (plugin-retry's option, e.g. 0) caps the retries.
 */

const scope = new AsyncLocalStorage<true>();

/** Runs `work` with its GitHub reads retried (see above): only where no other layer retries. */
export function withReadRetries<T>(work: () => T): T {
  return scope.run(true, work);
}

const IDEMPOTENT: ReadonlySet<string> = new Set(['GET', 'HEAD']);
const RETRIES = 3;

/**
 * Whether `error` is a passing failure of a request: no answer, or a 5xx. Every 4xx is an answer a
 * repeat would only get again (plugin-retry's never-retried 400/401/403/404/410/422/451 among them);
 * a rate limit (403/429) is waited out where it reaches the queue (app/queue/github-retry-at.ts).
 */
export function isTransientFailure(error: unknown): boolean {
  const status = (error as { status?: unknown } | undefined)?.status;
  return typeof status === 'number' && status >= 500;
}

export interface ReadRetryOptions {
  /** The unit of the (n+1)^2 schedule; plugin-retry's `retryAfterBaseValue`, 1 s. Tests shorten it. */
  baseDelayMs?: number;
}

/** The Octokit plugin: one retry loop for reads inside `withReadRetries`, a pass-through elsewhere. */
export function readRetryPlugin(options: ReadRetryOptions = {}) {
  const base = options.baseDelayMs ?? 1_000;
  return (octokit: Octokit) => {
    octokit.hook.wrap('request', async (request, endpoint) => {
      if (scope.getStore() === undefined || !IDEMPOTENT.has(String(endpoint.method))) return request(endpoint);
      const own = (endpoint.request as { retries?: unknown; signal?: AbortSignal } | undefined) ?? {};
      const retries = typeof own.retries === 'number' ? own.retries : RETRIES;
      for (let attempt = 0; ; attempt++) {
        try {
          return await request(endpoint);
        } catch (error) {
          if (attempt >= retries || !isTransientFailure(error) || own.signal?.aborted) throw error;
          // An abort during the wait ends it with the failure that caused the wait.
          await sleep((attempt + 1) ** 2 * base, undefined, own.signal ? { signal: own.signal } : undefined).catch(() => {
            throw error;
          });
        }
      }
    });
  };
}

/**
 * `app` as seen by handlers whose reads get the retry: each of their event handlers runs inside
 * `withReadRetries`. Everything else is the App itself (methods bound to it: Probot keeps its
 * state in private fields).
 */
export function retryingReadsOf(app: Probot): Probot {
  const on = ((eventName: Parameters<Probot['on']>[0], handler: (context: unknown) => unknown) =>
    app.on(eventName, (context) => withReadRetries(() => handler(context)))) as unknown as Probot['on'];
  return new Proxy(app, {
    get(target, key) {
      if (key === 'on') return on;
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
