import type { Logger } from 'pino';
import type { Database } from '../../src/store/database.js';
import { planRedeliveries, type HookDeliveryItem } from './plan-redeliveries.js';
import { releaseLease, takeLease } from './single-flight.js';
import type { WebhookQueue } from './webhook-queue.js';

/** What the reconciler needs of an Octokit authenticated as the App (its JWT). */
export interface AppHookClient {
  request(
    route: string,
    parameters?: Record<string, unknown>,
  ): Promise<{ data: unknown; headers: Record<string, string | number | undefined> }>;
}

export interface ReconcileReport {
  listed: number;
  missing: number;
  redelivered: number;
  failed: number;
  /** False when another replica holds the reconciler's lease. */
  ran: boolean;
}

export interface ReconcilerOptions {
  db: Database;
  queue: Pick<WebhookQueue, 'stored'>;
  octokit: () => Promise<AppHookClient>;
  owner: string;
  clock: () => number;
  log: Logger;
  /** GitHub keeps deliveries for redelivery three days; older ones are not asked for. */
  lookbackMs?: number;
  /**
   * A delivery younger than this may still be on its way: GitHub gives the App 10 s to answer,
   * so 15 s (default) covers any attempt still in flight.
   */
  graceMs?: number;
  /** How long this replica waits before asking again for a delivery it asked for (default 60 s). */
  reaskMs?: number;
  maxPages?: number;
  maxRedeliveries?: number;
}

const THREE_DAYS = 3 * 24 * 3_600_000;
const LEASE_TTL_MS = 30_000;
const NEXT = /<([^>]+)>;\s*rel="next"/;

/**
 * Compares what GitHub sent the App (`GET /app/hook/deliveries`, newest first, paged by cursor)
 * with what the queue stored, and asks GitHub to redeliver every delivery it never stored or
 * dead-lettered (`POST /app/hook/deliveries/{delivery_id}/attempts`): deliveries sent while the App
 * was down, its database failed, or it answered without storing, and deliveries whose attempts ran
 * out (say through a GitHub or database outage longer than the retries), which the redelivery
 * queues anew. GitHub never retries a failed delivery itself.
 * Deliveries from before this database took its first one are not the App's to replay. One
 * replica at a time runs it (a lease), so GitHub is not asked twice.
 * https://docs.github.com/en/rest/apps/webhooks#list-deliveries-for-an-app-webhook
 * https://docs.github.com/en/rest/apps/webhooks#redeliver-a-delivery-for-an-app-webhook
 * https://docs.github.com/en/webhooks/using-webhooks/handling-failed-webhook-deliveries
 */
export function deliveryReconciler(options: ReconcilerOptions): {
  run(): Promise<ReconcileReport>;
} {
  const asked = new Map<string, number>();
  const lookbackMs = options.lookbackMs ?? THREE_DAYS;
  // One run at a time in this process too: the lease is this owner's already, so it cannot keep a
  // second run out, and overlapping runs (a slow run outlasting the timer) would each ask GitHub
  // for the same deliveries before either recorded asking. A call during a run gets the next run;
  // a run older than the lease is taken for hung and no longer waited on.
  let current: { done: Promise<ReconcileReport>; startedAt: number } | undefined;
  let next: Promise<ReconcileReport> | undefined;
  const run = (): Promise<ReconcileReport> => {
    if (current && options.clock() - current.startedAt < LEASE_TTL_MS) {
      next ??= current.done.then(
        () => undefined,
        () => undefined,
      ).then(() => {
        next = undefined;
        return run();
      });
      return next;
    }
    const mine = { done: runOnce(), startedAt: options.clock() };
    current = mine;
    void mine.done.finally(() => {
      if (current === mine) current = undefined;
    }).catch(() => undefined);
    return mine.done;
  };
  return { run };

  async function runOnce(): Promise<ReconcileReport> {
    const lease = { name: 'delivery-reconciler', owner: options.owner };
    const now = options.clock();
    // The lease outlives a run that hangs, and a crashed run's successor waits at most this long.
    if (!(await takeLease(options.db, { ...lease, now, ttlMs: LEASE_TTL_MS })))
      return { listed: 0, missing: 0, redelivered: 0, failed: 0, ran: false };
    try {
      return await reconcile(now);
    } finally {
      await releaseLease(options.db, lease);
    }
  }

  async function reconcile(now: number): Promise<ReconcileReport> {
    const report: ReconcileReport = { listed: 0, missing: 0, redelivered: 0, failed: 0, ran: true };
    const { rows } = await options.db.query<{ applied_at: Date }>(
      'SELECT applied_at FROM schema_migrations WHERE version = 4',
    );
    // GitHub's `delivered_at` has whole seconds: one from the second the queue was made counts.
    const since = Math.max(now - lookbackMs, Math.floor((rows[0]?.applied_at.getTime() ?? now) / 1000) * 1000);
    const octokit = await options.octokit();
    const deliveries: HookDeliveryItem[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < (options.maxPages ?? 30); page++) {
      const response = await octokit.request('GET /app/hook/deliveries', {
        per_page: 100,
        ...(cursor ? { cursor } : {}),
      });
      const items = response.data as HookDeliveryItem[];
      deliveries.push(...items);
      const next = NEXT.exec(String(response.headers.link ?? ''))?.[1];
      cursor = next ? (new URL(next).searchParams.get('cursor') ?? undefined) : undefined;
      if (
        !cursor ||
        items.length === 0 ||
        Date.parse(items[items.length - 1]!.delivered_at) < since
      )
        break;
    }
    report.listed = deliveries.length;
    const stored = await options.queue.stored([...new Set(deliveries.map((d) => d.guid))]);
    const plan = planRedeliveries({
      deliveries,
      stored,
      asked,
      now,
      since,
      graceMs: options.graceMs ?? 15_000,
      reaskMs: options.reaskMs ?? 60_000,
      limit: options.maxRedeliveries ?? 100,
    });
    report.missing = plan.missing.length;
    const guidOf = new Map(deliveries.map((d) => [d.id, d.guid]));
    for (const id of plan.redeliver) {
      try {
        await octokit.request('POST /app/hook/deliveries/{delivery_id}/attempts', {
          delivery_id: id,
        });
        asked.set(guidOf.get(id)!, now);
        report.redelivered++;
      } catch (error) {
        report.failed++;
        options.log.warn(
          { delivery: guidOf.get(id), err: { message: (error as Error).message } },
          'could not ask GitHub to redeliver a missing delivery',
        );
      }
    }
    for (const [guid, at] of asked) if (now - at > lookbackMs) asked.delete(guid);
    if (report.missing || report.failed)
      options.log.info({ ...report }, 'webhook delivery reconciliation');
    return report;
  }
}
