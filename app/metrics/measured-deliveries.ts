import type { AppMetrics } from './app-metrics.js';

type DeliveryMetrics = Pick<AppMetrics, 'deliveries' | 'handlerSeconds'>;

/**
 * Wraps the queue worker's `run` (one delivery's handlers): each run is counted by its event and
 * outcome (ok, or error when a handler failed and the queue retries or dead-letters it) and timed.
 * A retried delivery counts once per attempt, as each attempt ran the handlers again.
 */
export function measuredDeliveries<D extends { event: string }>(run: (delivery: D) => Promise<void>, metrics: DeliveryMetrics): (delivery: D) => Promise<void> {
  return async (delivery) => {
    const stop = metrics.handlerSeconds.startTimer({ event: delivery.event });
    let outcome = 'error';
    try {
      await run(delivery);
      outcome = 'ok';
    } finally {
      stop({ outcome });
      metrics.deliveries.inc({ event: delivery.event, outcome });
    }
  };
}
