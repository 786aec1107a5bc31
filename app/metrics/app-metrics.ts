import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The App's Prometheus metrics (docs/metrics.md lists each one), on a registry of its own so two
 * Apps in one process (tests, a replica beside the first) never share or collide. Counters count
 * what this process did: Prometheus sums them over replicas. Gauges read from the database
 * (backlog, live tokens) describe the whole deployment, the same value on every replica.
 * https://prometheus.io/docs/practices/naming/
 */
export interface AppMetrics {
  registry: Registry;
  /** Webhook deliveries (and internal jobs) run by this replica's queue worker, by event and outcome (ok, error). */
  deliveries: Counter<'event' | 'outcome'>;
  /** Time to run one delivery's handlers. */
  handlerSeconds: Histogram<'event' | 'outcome'>;
  /** Decisions the App recorded in its audit log, by policy and result. */
  decisions: Counter<'policy' | 'result'>;
  /** Audit records written by this replica, by kind. */
  auditRecords: Counter<'kind'>;
  tokensMinted: Counter<string>;
  tokensRevoked: Counter<string>;
  /** POST /airlock/v1/token, from the request's arrival to the answer's last byte, by status. */
  exchangeSeconds: Histogram<'status'>;
  /** Requests to the App's own HTTP server, by method, route and status. */
  httpRequests: Counter<'method' | 'route' | 'status'>;
  /** Requests the App made to GitHub, by method, route template and status. */
  githubRequests: Counter<'method' | 'route' | 'status'>;
  /** x-ratelimit-remaining of GitHub's last answer, by x-ratelimit-resource. */
  githubRateLimitRemaining: Gauge<'resource'>;
}

// Webhook handlers and the broker make a handful of GitHub calls each: 5 ms to 30 s.
const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export function createAppMetrics(): AppMetrics {
  const registry = new Registry();
  const registers = [registry];
  // Process CPU, memory, event-loop lag, GC: the standard names every Node.js dashboard reads.
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    deliveries: new Counter({ name: 'airlock_webhook_deliveries_total', help: 'Webhook deliveries and internal jobs run by this replica, by event and outcome (ok, error).', labelNames: ['event', 'outcome'] as const, registers }),
    handlerSeconds: new Histogram({ name: 'airlock_webhook_handler_duration_seconds', help: "Time to run one delivery's handlers, by event and outcome.", labelNames: ['event', 'outcome'] as const, buckets: SECONDS, registers }),
    decisions: new Counter({ name: 'airlock_decisions_total', help: 'Decisions recorded in the audit log by this replica, by policy and result.', labelNames: ['policy', 'result'] as const, registers }),
    auditRecords: new Counter({ name: 'airlock_audit_records_total', help: 'Audit records written by this replica, by kind.', labelNames: ['kind'] as const, registers }),
    tokensMinted: new Counter({ name: 'airlock_tokens_minted_total', help: 'Installation tokens the broker minted and recorded on this replica.', registers }),
    tokensRevoked: new Counter({ name: 'airlock_tokens_revoked_total', help: 'Installation tokens this replica revoked (post step, sweep, agent push, abandoned).', registers }),
    exchangeSeconds: new Histogram({ name: 'airlock_token_exchange_duration_seconds', help: 'POST /airlock/v1/token from arrival to answer, by HTTP status.', labelNames: ['status'] as const, buckets: SECONDS, registers }),
    httpRequests: new Counter({ name: 'airlock_http_requests_total', help: "Requests to the App's HTTP server, by method, route and status.", labelNames: ['method', 'route', 'status'] as const, registers }),
    githubRequests: new Counter({ name: 'airlock_github_requests_total', help: 'Requests the App made to GitHub, by method, route template and status (error: no answer).', labelNames: ['method', 'route', 'status'] as const, registers }),
    githubRateLimitRemaining: new Gauge({ name: 'airlock_github_rate_limit_remaining', help: "x-ratelimit-remaining of GitHub's last answer, by x-ratelimit-resource.", labelNames: ['resource'] as const, registers }),
  };
}
