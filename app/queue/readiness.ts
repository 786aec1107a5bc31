import type { Queryable } from '../../src/store/database.js';
import type { Backlog, WebhookQueue } from './webhook-queue.js';

export interface ReadinessOptions {
  db: Queryable;
  queue: Pick<WebhookQueue, 'backlog'>;
  /** One authenticated call as the App (`GET /app`); rejects when GitHub refuses or cannot be reached. */
  checkCredentials: () => Promise<void>;
  clock: () => number;
  /** True once the App is shutting down: it takes no new work. */
  draining: () => boolean;
  dbTimeoutMs?: number;
  /** A backlog whose oldest delivery is older than this is falling behind: not ready. */
  maxBacklogAgeMs?: number;
  /** How long a credentials check result is reused; GitHub is not asked on every probe. */
  credentialsTtlMs?: number;
  /** When the credentials were last checked good (at start). */
  credentialsCheckedAt?: number;
}

export interface ReadinessReport {
  ready: boolean;
  /** 'ok', or why not. */
  checks: { database: string; queue: string; github: string; draining: boolean };
  backlog?: Backlog;
}

const withTimeout = <T>(promise: Promise<T>, ms: number, what: string): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
};

const why = (error: unknown) => String((error as Error)?.message ?? error).split('\n')[0]!.slice(0, 200);

/**
 * `/readyz`: ready when the database answers within its timeout, the queue is keeping up (its
 * oldest delivery is younger than the threshold) and GitHub accepted the App's credentials on
 * the last check (cached, refreshed at most every `credentialsTtlMs`); never while draining.
 * `/healthz` stays liveness: it says nothing about dependencies, so an orchestrator restarts the
 * process only when the process itself is stuck.
 */
export function readiness(options: ReadinessOptions): () => Promise<ReadinessReport> {
  const dbTimeoutMs = options.dbTimeoutMs ?? 2_000;
  const maxAge = options.maxBacklogAgeMs ?? 600_000;
  const ttl = options.credentialsTtlMs ?? 60_000;
  let credentials: { at: number; result: string } | undefined = options.credentialsCheckedAt === undefined ? undefined : { at: options.credentialsCheckedAt, result: 'ok' };
  let checking: Promise<string> | undefined;

  const github = async (): Promise<string> => {
    if (credentials && options.clock() - credentials.at < ttl) return credentials.result;
    checking ??= options
      .checkCredentials()
      .then(
        () => 'ok',
        (error: unknown) => why(error),
      )
      .then((result) => {
        credentials = { at: options.clock(), result };
        checking = undefined;
        return result;
      });
    return checking;
  };

  return async () => {
    const [database, backlog, gh] = await Promise.all([
      withTimeout(options.db.query('SELECT 1'), dbTimeoutMs, 'the database').then(
        () => 'ok',
        (error: unknown) => why(error),
      ),
      withTimeout(options.queue.backlog(), dbTimeoutMs, 'the webhook queue').then(
        (b) => b,
        (error: unknown) => why(error),
      ),
      github(),
    ]);
    const queue = typeof backlog === 'string' ? backlog : backlog.oldestAgeMs > maxAge ? `the oldest queued delivery is ${Math.round(backlog.oldestAgeMs / 1000)} s old (limit ${Math.round(maxAge / 1000)} s)` : 'ok';
    const draining = options.draining();
    return {
      ready: !draining && database === 'ok' && queue === 'ok' && gh === 'ok',
      checks: { database, queue, github: gh, draining },
      ...(typeof backlog === 'string' ? {} : { backlog }),
    };
  };
}
