import { Gauge, type Registry } from 'prom-client';
import type { Backlog } from '../queue/webhook-queue.js';

export interface StateSources {
  /** The webhook queue's backlog (the figures /readyz reports). */
  backlog(): Promise<Backlog>;
  /** Installation tokens minted and neither revoked nor expired. */
  liveTokens(): Promise<number>;
}

/**
 * Gauges read from the database at scrape time, so they describe the deployment (every replica's
 * queue and tokens) and never drift from it. A scrape whose read fails fails as a whole (500):
 * Prometheus records the target as down instead of a stale number.
 * https://prometheus.io/docs/instrumenting/writing_exporters/#scheduling
 */
export function registerStateGauges(registry: Registry, sources: StateSources): void {
  let pending: Promise<Backlog> | undefined;
  // A scrape collects every gauge at once (prom-client's Registry.metrics): the backlog gauges
  // share one read, dropped when it settles so the next scrape reads afresh.
  const backlog = () => (pending ??= sources.backlog().finally(() => (pending = undefined)));
  const registers = [registry];
  const fromBacklog = (name: string, help: string, pick: (b: Backlog) => number) =>
    new Gauge({
      name,
      help,
      registers,
      async collect() {
        this.set(pick(await backlog()));
      },
    });
  fromBacklog('airlock_queue_depth', 'Webhook deliveries waiting or running.', (b) => b.depth);
  fromBacklog('airlock_queue_running', 'Webhook deliveries running now.', (b) => b.running);
  fromBacklog('airlock_queue_oldest_age_seconds', 'Age of the oldest delivery not done yet (0 when none).', (b) => b.oldestAgeMs / 1000);
  fromBacklog('airlock_queue_failed', 'Dead-lettered deliveries: retries exhausted or unreadable.', (b) => b.failed);
  fromBacklog('airlock_queue_jobs', 'Internal jobs waiting or running.', (b) => b.jobs);
  new Gauge({
    name: 'airlock_tokens_live',
    help: 'Installation tokens minted by the broker and neither revoked nor expired.',
    registers,
    async collect() {
      this.set(await sources.liveTokens());
    },
  });
}
