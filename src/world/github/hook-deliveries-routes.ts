import { githubError, type RouteHandler } from './route-types.js';
import type { WorldHookDelivery } from './world-state.js';

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

function renderDelivery(d: WorldHookDelivery): Record<string, unknown> {
  return {
    id: d.id,
    guid: d.guid,
    delivered_at: iso(d.deliveredAt),
    redelivery: d.redelivery,
    duration: d.durationMs / 1000,
    status: d.status,
    status_code: d.statusCode,
    event: d.event,
    action: d.action,
    installation_id: d.installationId,
    repository_id: d.repositoryId,
    throttled_at: null,
  };
}

// `status`: success is a status code of 200-399, failure 400-599 (an attempt nobody answered is neither).
const inClass = (d: WorldHookDelivery, status: string | null) =>
  status === 'success' ? d.statusCode >= 200 && d.statusCode < 400 : status === 'failure' ? d.statusCode >= 400 && d.statusCode < 600 : true;

/**
 * `GET /app/hook/deliveries`: the App's delivery attempts, newest first, paged by an opaque cursor
 * that the `link` header's rel="next" carries.
 * https://docs.github.com/en/rest/apps/webhooks#list-deliveries-for-an-app-webhook
 */
const listDeliveries: RouteHandler = ({ state, query }) => {
  const perPage = Math.min(100, Math.max(1, Number(query.get('per_page') ?? 30) || 30));
  const cursor = query.get('cursor');
  const before = cursor ? Number(/^v1_(\d+)$/.exec(cursor)?.[1] ?? NaN) : Infinity;
  if (Number.isNaN(before)) return githubError(400, 'Invalid cursor');
  const status = query.get('status');
  const matching = state.hookDeliveries.filter((d) => d.id < before && inClass(d, status)).sort((a, b) => b.id - a.id);
  const page = matching.slice(0, perPage);
  const headers: Record<string, string> = {};
  if (matching.length > perPage) {
    const next = new URLSearchParams({ per_page: String(perPage), cursor: `v1_${page[page.length - 1]!.id}`, ...(status ? { status } : {}) });
    headers.link = `<${state.apiUrl}/app/hook/deliveries?${next}>; rel="next"`;
  }
  return { status: 200, body: page.map(renderDelivery), headers };
};

/**
 * `POST /app/hook/deliveries/{delivery_id}/attempts`: accepted at once, sent again shortly after
 * with the same GUID, headers and body.
 * https://docs.github.com/en/rest/apps/webhooks#redeliver-a-delivery-for-an-app-webhook
 */
const redeliver: RouteHandler = ({ state, params }) => {
  const original = state.hookDeliveries.find((d) => d.id === Number(params.delivery_id));
  if (!original) return githubError(404, 'Not Found');
  state.redeliver?.(original);
  return { status: 202, body: {} };
};

export const hookDeliveriesRoutes: Record<string, RouteHandler> = {
  'apps/list-webhook-deliveries': listDeliveries,
  'apps/redeliver-webhook-delivery': redeliver,
};
