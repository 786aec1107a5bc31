import type { Context } from 'probot';
import type { AppStore } from './app-store.js';

/**
 * What a handler returns when it wrote the delivery's done mark (key `context.id`) itself, with
 * its last write (`store.auditOnce(context.id, ...)`: the mark and the audit record in one
 * statement), once all its other work succeeded: one statement fewer per delivery.
 */
export const DONE_MARKED = 'done-marked';


/**
 * Runs a webhook handler until it has completed once for a delivery (`X-GitHub-Delivery`, or a
 * handler's own key such as `<id>:secret-approval`), across all replicas. The mark is written only
 * after the handler succeeded: a handler that failed, or whose process died, is run again by the
 * webhook queue's retry (app/queue/webhook-queue.ts), so no delivery is lost. Writing the mark
 * first, as before, lost every delivery whose handler never finished. Effects that must not
 * repeat when a handler is run again are made idempotent where they happen (for example
 * `store.auditOnce`, and check runs found by their `external_id`).
 */
export async function runOncePerDelivery(
  store: Pick<AppStore, 'deliveryDone' | 'markDeliveryDone'>,
  context: Pick<Context, 'id' | 'log'>,
  handler: () => Promise<void | typeof DONE_MARKED>,
): Promise<void> {
  if (await store.deliveryDone(context.id)) {
    context.log.info({ delivery: context.id }, 'delivery already handled');
    return;
  }
  if ((await handler()) !== DONE_MARKED) await store.markDeliveryDone(context.id);
}
