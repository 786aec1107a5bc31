import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';

/**
 * GET /metrics in Prometheus' text format. Unauthenticated, like /healthz and /readyz: it carries
 * counts and label values (events, policies, routes), never a repository's data or a credential;
 * keep it off the public listener with the reverse proxy if counts are sensitive where you run it.
 * https://prometheus.io/docs/instrumenting/exposition_formats/
 */
export async function serveMetrics(registry: Registry, res: ServerResponse<IncomingMessage>): Promise<void> {
  const body = await registry.metrics();
  res.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' });
  res.end(body);
}
