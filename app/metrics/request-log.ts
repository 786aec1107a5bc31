import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { AppMetrics } from './app-metrics.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

// The App's routes (start-app.ts, app/sts/sts-routes.ts, approval-routes.ts, keys-route.ts, run-events-route.ts);
// anything else is `other`, so a scanner cannot grow the label set.
const ROUTES: readonly (readonly [RegExp, string])[] = [
  [/^\/healthz$/, '/healthz'],
  [/^\/readyz$/, '/readyz'],
  [/^\/metrics$/, '/metrics'],
  [/^\/api\/github\/webhooks$/, '/api/github/webhooks'],
  [/^\/airlock\/v1\/token$/, '/airlock/v1/token'],
  [/^\/airlock\/v1\/tokens\/[^/]+$/, '/airlock/v1/tokens/{id}'],
  [/^\/airlock\/v1\/keys$/, '/airlock/v1/keys'],
  [/^\/airlock\/v1\/approvals$/, '/airlock/v1/approvals'],
  [/^\/airlock\/v1\/approvals\/[^/]+$/, '/airlock/v1/approvals/{id}'],
  [/^\/airlock\/v1\/events$/, '/airlock/v1/events'],
];

/** The route label of a request path (query already removed). */
export function routeOf(path: string): string {
  return ROUTES.find(([pattern]) => pattern.test(path))?.[1] ?? 'other';
}

const PROBES = new Set(['/healthz', '/readyz', '/metrics']);

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/**
 * Wraps the App's request handler: one log line per request once its answer is sent or the
 * connection ends (method, path, status, duration; probes and scrapes that succeed at debug),
 * counted by route. Only the path is logged,
 * never the query (a poll token may ride there) nor any header: the Authorization header holds
 * the OIDC token or an installation token.
 */
export function logRequests(handler: Handler, options: { log: Logger; metrics: Pick<AppMetrics, 'httpRequests' | 'exchangeSeconds'> }): Handler {
  const { log, metrics } = options;
  return (req, res) => {
    const started = process.hrtime.bigint();
    const path = (req.url ?? '/').split('?')[0]!;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      // A connection that ended before an answer was sent has no status: 499, as nginx logs it.
      const status = res.writableFinished ? res.statusCode : 499;
      const method = METHODS.has(req.method ?? '') ? req.method! : 'other';
      const route = routeOf(path);
      metrics.httpRequests.inc({ method, route, status: String(status) });
      if (route === '/airlock/v1/token' && method === 'POST') metrics.exchangeSeconds.observe({ status: String(status) }, seconds);
      // Probes and scrapes come every few seconds: logged at debug unless they fail.
      const level = PROBES.has(route) && status < 400 ? 'debug' : 'info';
      log[level]({ method: req.method, path: path.slice(0, 256), status, duration_ms: Math.round(seconds * 1e6) / 1e3 }, 'request');
    };
    res.once('finish', finish);
    res.once('close', finish);
    handler(req, res);
  };
}
