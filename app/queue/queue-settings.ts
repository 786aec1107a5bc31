import { SettingsError } from '../app-settings.js';

/** How the App runs its webhook queue, from the environment (defaults suit one replica or many). */
export interface QueueSettings {
  /** Deliveries run at once by this process (AIRLOCK_QUEUE_CONCURRENCY, default 4); one per installation across replicas. */
  concurrency: number;
  /** A claim's lease (AIRLOCK_QUEUE_LEASE_SECONDS, default 30): how soon a dead worker's delivery is taken over. */
  leaseMs: number;
  /** How long a shutdown waits for running deliveries before handing them back (AIRLOCK_DRAIN_SECONDS, default 20). */
  drainMs: number;
  /** How often GitHub's delivery log is reconciled with the queue (AIRLOCK_RECONCILE_SECONDS, default 300; 0: at start only). */
  reconcileMs: number;
  /** Backlog age past which /readyz answers 503 (AIRLOCK_READY_BACKLOG_SECONDS, default 600). */
  readyBacklogMs: number;
  /** A paced write due further out than this is handed back to the queue instead of waited for (seconds; default 20). */
  pacingMaxWaitMs: number;
}

function seconds(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || value < min || value > max) throw new SettingsError(`${name} must be a number of seconds from ${min} to ${max} (got ${JSON.stringify(text)})`);
  return value;
}

export function readQueueSettings(env: NodeJS.ProcessEnv): QueueSettings {
  const concurrencyText = env.AIRLOCK_QUEUE_CONCURRENCY;
  const concurrency = concurrencyText ? Number(concurrencyText) : 4;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) throw new SettingsError(`AIRLOCK_QUEUE_CONCURRENCY must be a whole number from 1 to 64 (got ${JSON.stringify(concurrencyText)})`);
  return {
    concurrency,
    leaseMs: seconds(env, 'AIRLOCK_QUEUE_LEASE_SECONDS', 30, 1, 3_600) * 1000,
    drainMs: seconds(env, 'AIRLOCK_DRAIN_SECONDS', 20, 0, 3_600) * 1000,
    reconcileMs: seconds(env, 'AIRLOCK_RECONCILE_SECONDS', 300, 0, 86_400) * 1000,
    readyBacklogMs: seconds(env, 'AIRLOCK_READY_BACKLOG_SECONDS', 600, 1, 86_400) * 1000,
    pacingMaxWaitMs: seconds(env, 'AIRLOCK_PACING_MAX_WAIT_SECONDS', 20, 0, 3_600) * 1000,
  };
}
