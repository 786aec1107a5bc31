import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { decideAfterFailure, type RetryPolicy } from './retry-policy.js';
import type { ClaimedDelivery, WebhookQueue } from './webhook-queue.js';

export interface QueueWorkerOptions {
  queue: WebhookQueue;
  /** Runs one delivery's handlers; resolves when all succeeded, rejects otherwise. */
  run: (delivery: ClaimedDelivery) => Promise<void>;
  /** This worker's lease owner name, unique per process. */
  owner: string;
  concurrency: number;
  leaseMs: number;
  /** How often an idle worker looks for due rows another replica stored or a retry made due. */
  pollMs: number;
  retry: RetryPolicy;
  clock: () => number;
  log: Logger;
  random?: () => number;
}

export interface DrainReport {
  /** Runs that finished (either way) within the deadline. */
  finished: number;
  /** Leases given back because their runs were still going at the deadline. */
  handedBack: number;
}

export interface QueueWorker {
  start(): void;
  /** Look for work now (a delivery was just stored). */
  wake(): void;
  /** Resolves once nothing is due or running (tests and the demo wait for effects this way). */
  idle(): Promise<void>;
  /** Stops claiming, waits up to `deadlineMs` for running deliveries, then hands back the rest. */
  drain(deadlineMs: number): Promise<DrainReport>;
}

const briefError = (error: unknown): string => {
  const err = error as { message?: string; errors?: unknown[] };
  if (Array.isArray(err?.errors) && err.errors.length) return err.errors.map(briefError).join('; ');
  return String(err?.message ?? error).split('\n')[0]!;
};

/**
 * Runs the queue: up to `concurrency` leased deliveries at a time, each lease renewed a third of
 * its length before it runs out. A failure is retried with backoff (or when GitHub says, for a
 * rate limit) until attempts run out; a crash leaves the lease to expire and the row to be claimed
 * again by any worker. Errors from the database itself (stopped, hung) make the worker back off
 * and try again; nothing is lost, because nothing is acknowledged that is not stored.
 */
export function queueWorker(options: QueueWorkerOptions): QueueWorker {
  const { queue, owner, log, clock } = options;
  const random = options.random ?? Math.random;
  const running = new Set<Promise<void>>();
  // The rows this process is running: a heartbeat late past the lease (the event loop stalled, say
  // on a long embedded-database write) must not make this worker take over, and run twice, its
  // own live run.
  const held = new Set<string>();
  let started = false;
  let draining = false;
  let pumping = false;
  let again = false;
  let timer: NodeJS.Timeout | undefined;
  let failures = 0;

  const schedule = (ms: number) => {
    if (draining) return;
    clearTimeout(timer);
    timer = setTimeout(() => void pump(), ms);
    timer.unref();
  };

  async function settle(delivery: ClaimedDelivery, error: unknown): Promise<void> {
    if (error === undefined) {
      if (!(await queue.complete(delivery.id, owner))) log.warn({ delivery: delivery.id }, 'finished a delivery whose lease had passed to another worker');
      return;
    }
    const decision = decideAfterFailure(options.retry, { attempts: delivery.attempts, error, now: clock(), random: random() });
    const message = briefError(error);
    if (decision.action === 'fail') {
      await queue.fail(delivery.id, owner, message);
      log.error({ delivery: delivery.id, event: delivery.event, attempts: delivery.attempts, err: { message } }, 'webhook delivery failed for good (dead-lettered)');
      return;
    }
    await queue.retry(delivery.id, owner, { runAfter: decision.runAfter, error: message, countAttempt: decision.countAttempt });
    log.warn({ delivery: delivery.id, event: delivery.event, attempts: delivery.attempts, retry_at: new Date(decision.runAfter).toISOString(), err: { message } }, decision.countAttempt ? 'webhook delivery failed; retrying' : 'webhook delivery deferred by a rate limit');
  }

  async function execute(delivery: ClaimedDelivery): Promise<void> {
    const heartbeat = setInterval(() => {
      queue.heartbeat(delivery.id, owner, options.leaseMs).then(
        (held) => held || log.warn({ delivery: delivery.id }, 'lost the lease of a running delivery'),
        (error: Error) => log.warn({ delivery: delivery.id, err: { message: error.message } }, 'could not renew a delivery lease'),
      );
    }, Math.max(50, Math.floor(options.leaseMs / 3)));
    heartbeat.unref();
    let failure: unknown;
    try {
      await options.run(delivery);
    } catch (error) {
      failure = error ?? new Error('handler failed');
    } finally {
      clearInterval(heartbeat);
    }
    try {
      await settle(delivery, failure);
    } catch (error) {
      // The database is gone: the lease expires and the delivery runs again elsewhere or later.
      log.error({ delivery: delivery.id, err: { message: (error as Error).message } }, 'could not record the outcome of a delivery');
    }
  }

  async function pump(): Promise<void> {
    if (!started || draining) return;
    if (pumping) {
      again = true;
      return;
    }
    pumping = true;
    try {
      do {
        again = false;
        while (!draining && running.size < options.concurrency) {
          const delivery = await queue.claim(owner, options.leaseMs, [...held]);
          failures = 0;
          if (!delivery) break;
          held.add(delivery.id);
          const run = execute(delivery).finally(() => {
            held.delete(delivery.id);
            running.delete(run);
            void pump();
          });
          running.add(run);
        }
      } while (again && !draining);
      schedule(options.pollMs);
    } catch (error) {
      failures++;
      log.warn({ err: { message: (error as Error).message } }, 'webhook queue unavailable; retrying');
      schedule(Math.min(5_000, options.pollMs * 2 ** failures));
    } finally {
      pumping = false;
    }
  }

  return {
    start() {
      started = true;
      void pump();
    },
    wake() {
      void pump();
    },
    async idle() {
      for (;;) {
        void pump();
        if (running.size === 0 && (await queue.due()) === 0) return;
        await sleep(20);
      }
    },
    async drain(deadlineMs) {
      draining = true;
      clearTimeout(timer);
      const inFlight = running.size;
      let deadline: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => (deadline = setTimeout(() => resolve('timeout'), deadlineMs)));
      await Promise.race([Promise.allSettled([...running]), timedOut]);
      clearTimeout(deadline);
      const stillRunning = running.size;
      // Handed back, not dropped: another replica (or this App's successor) runs them again.
      const handedBack = stillRunning ? await queue.releaseOwner(owner) : 0;
      return { finished: inFlight - stillRunning, handedBack };
    },
  };
}
