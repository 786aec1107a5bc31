import { withRetry, type RetryPolicy } from '../http/with-retry.js';
import { readContainmentAnswer } from './containment-answer.js';
import { RUN_EVENT_LIMITS, type ContainmentAnswer, type RunEvent, type RunEventBatch } from './run-event.js';

/** The path of the App's run telemetry endpoint (BRIEF.md, "Public interfaces"). */
export const EVENTS_PATH = '/airlock/v1/events';

export interface RunEventSinkOptions {
  /** The App's base URL (the broker's), e.g. https://airlock.example.com. */
  readonly appUrl: string;
  /** The trust policy the run's credentials were brokered under. */
  readonly identity: string;
  /** A fresh OIDC token for each POST: the App accepts each token's `jti` once, so a retry needs another. */
  readonly idToken: () => Promise<string>;
  /** The runner network's fetch (its proxy and CA, runner-network.ts). */
  readonly fetch: typeof fetch;
  /** Called with each answer's containment whenever it decided anything (revoked, suspended or an action). */
  readonly onContainment: (containment: ContainmentAnswer['containment']) => void;
  /** A telemetry problem, once per run: never an error, the agent runs on. */
  readonly warn: (message: string) => void;
  /** Events held at most; past it the oldest are dropped (and counted). Default 2000. */
  readonly capacity?: number;
  /** A batch is sent as soon as this many events wait. Default 100. */
  readonly batchSize?: number;
  /** Whatever waits is sent this often. Default 2000 ms. */
  readonly intervalMs?: number;
  /** Per batch (src/http/with-retry.ts): the same body (same `seq`) each attempt, a fresh token each. */
  readonly retry?: RetryPolicy;
  /** No single POST may hang the sink. Default 10 s. */
  readonly attemptTimeoutMs?: number;
}

/** What the sink did, for the job summary. */
export interface TelemetryReport {
  /** Events the App accepted. */
  readonly sent: number;
  readonly batches: number;
  /** Events never delivered: dropped from the full buffer, in a batch that failed for good, or left at the final deadline. */
  readonly dropped: number;
  readonly failedBatches: number;
  readonly revoked: boolean;
  readonly suspended: boolean;
  readonly actions: readonly string[];
  readonly reasons: readonly string[];
}

export interface RunEventSink {
  /** Queues an event; never throws, never waits. */
  push(event: RunEvent): void;
  /** The final flush: sends what waits within `deadlineMs`, then stops (later events are dropped and counted). */
  close(deadlineMs: number): Promise<void>;
  report(): TelemetryReport;
}

const DEFAULT_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 500, deadlineMs: 15_000, jitter: true };

/** Statuses worth another try with the same batch: the App or a proxy on the way was busy or failed. */
const RETRIABLE = new Set([408, 425, 429]);

/**
 * The Action's run telemetry (issue 19 item 1): a bounded buffer of run events, sent to the App's
 * `POST /airlock/v1/events` in numbered batches (`seq` from 1, so a retried batch is stored once),
 * each POST with a fresh OIDC token, through the runner's network. It never blocks or fails the
 * agent: a push only queues; every failure is one warning and a count; the App's containment
 * answer is handed to `onContainment` as soon as it arrives.
 */
export function startRunEventSink(options: RunEventSinkOptions): RunEventSink {
  const capacity = options.capacity ?? 2000;
  const batchSize = Math.min(options.batchSize ?? 100, RUN_EVENT_LIMITS.eventsPerBatch);
  const retry = options.retry ?? DEFAULT_RETRY;
  const attemptTimeoutMs = options.attemptTimeoutMs ?? 10_000;
  const url = `${options.appUrl.replace(/\/+$/, '')}${EVENTS_PATH}`;
  const queue: RunEvent[] = [];
  const stop = new AbortController();
  let seq = 0;
  let droppedSinceBatch = 0;
  let dropped = 0;
  let sent = 0;
  let batches = 0;
  let failedBatches = 0;
  let closed = false;
  let warned = false;
  let flushAll = false;
  let inFlight: Promise<void> | undefined;
  const containment = { revoked: false, suspended: false, actions: new Set<string>(), reasons: new Set<string>() };

  const lose = (count: number) => {
    droppedSinceBatch += count;
    dropped += count;
  };
  const warnOnce = (message: string) => {
    if (warned) return;
    warned = true;
    options.warn(`Airlock telemetry: ${message}; the agent runs on, and the job summary counts what was not delivered.`);
  };

  const post = async (body: string): Promise<{ ok: true; answer: ContainmentAnswer | undefined } | { ok: false; why: string }> => {
    const result = await withRetry<ContainmentAnswer | undefined>(
      retry,
      async ({ remainingMs }) => {
        // Not retried by with-retry when it throws: a token that cannot be had fails the batch (caught below).
        const token = await options.idToken();
        try {
          const response = await options.fetch(url, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'user-agent': 'airlock-action' },
            body,
            signal: AbortSignal.any([AbortSignal.timeout(Math.max(1, Math.min(attemptTimeoutMs, remainingMs))), stop.signal]),
          });
          const text = await response.text();
          if (response.status === 200) {
            let json: unknown;
            try {
              json = JSON.parse(text);
            } catch {
              json = undefined;
            }
            return { done: readContainmentAnswer(json) };
          }
          if (response.status >= 500 || RETRIABLE.has(response.status)) return { retry: `HTTP ${response.status}` };
          return { fail: `the App refused the batch: HTTP ${response.status}${errorCode(text)}` };
        } catch (error) {
          if (stop.signal.aborted) return { fail: 'the final flush ran out of time' };
          return { retry: (error as Error).name === 'TimeoutError' ? 'timed out' : (error as Error).message };
        }
      },
      { signal: stop.signal },
    );
    return result.ok ? { ok: true, answer: result.value } : { ok: false, why: `${result.last} after ${result.attempts} attempt(s)` };
  };

  const sendBatch = async (events: RunEvent[]): Promise<void> => {
    if (seq >= RUN_EVENT_LIMITS.batchesPerRun) {
      lose(events.length);
      warnOnce(`the run reached the App's limit of ${RUN_EVENT_LIMITS.batchesPerRun} batches`);
      return;
    }
    const batch: RunEventBatch = { identity: options.identity, seq: ++seq, dropped: droppedSinceBatch, events };
    const reported = droppedSinceBatch;
    droppedSinceBatch = 0;
    let outcome: Awaited<ReturnType<typeof post>>;
    try {
      outcome = await post(JSON.stringify(batch));
    } catch (error) {
      outcome = { ok: false, why: stop.signal.aborted ? 'the final flush ran out of time' : (error as Error).message };
    }
    if (!outcome.ok) {
      failedBatches++;
      // The App never saw these, nor the drops this batch reported: the next batch reports both.
      droppedSinceBatch += reported;
      lose(events.length);
      warnOnce(`could not send run events to the App at ${options.appUrl} (${outcome.why})`);
      return;
    }
    sent += events.length;
    batches++;
    const answer = outcome.answer;
    if (!answer) {
      warnOnce(`the App's answer to a batch was not a containment answer`);
      return;
    }
    const c = answer.containment;
    containment.revoked ||= c.revoked;
    containment.suspended ||= c.suspended;
    for (const a of c.actions) containment.actions.add(a);
    for (const r of c.reasons) containment.reasons.add(r);
    if (c.revoked || c.suspended || c.actions.length) options.onContainment(c);
  };

  const pump = async (): Promise<void> => {
    for (;;) {
      if (stop.signal.aborted) break;
      const whole = queue.length >= batchSize;
      if (!whole && !(flushAll && (queue.length > 0 || droppedSinceBatch > 0))) break;
      // A partial batch takes everything that waits.
      if (!whole) flushAll = false;
      await sendBatch(queue.splice(0, batchSize));
    }
    flushAll = false;
  };
  const kick = (all: boolean) => {
    if (all) flushAll = true;
    inFlight ??= pump().finally(() => {
      inFlight = undefined;
    });
  };
  const timer = setInterval(() => kick(true), options.intervalMs ?? 2000);
  timer.unref();

  return {
    push(event) {
      if (closed) return lose(1);
      if (queue.length >= capacity) {
        queue.shift();
        lose(1);
      }
      queue.push(event);
      if (queue.length >= batchSize) kick(false);
    },
    async close(deadlineMs) {
      if (closed) return;
      closed = true;
      clearInterval(timer);
      const deadline = setTimeout(() => stop.abort(new Error('the final flush ran out of time')), deadlineMs);
      try {
        await inFlight;
        kick(true);
        await inFlight;
      } finally {
        clearTimeout(deadline);
        if (queue.length) {
          lose(queue.length);
          queue.length = 0;
          warnOnce(`the final flush did not deliver every run event within ${deadlineMs} ms`);
        }
      }
    },
    report: () => ({ sent, batches, dropped, failedBatches, revoked: containment.revoked, suspended: containment.suspended, actions: [...containment.actions], reasons: [...containment.reasons] }),
  };
}

/** The App's error code (`{"error":{"code"}}`), never its free text, which could echo anything. */
function errorCode(text: string): string {
  try {
    const code = (JSON.parse(text) as { error?: { code?: unknown } }).error?.code;
    return typeof code === 'string' && /^[a-z0-9_]{1,64}$/.test(code) ? ` (${code})` : '';
  } catch {
    return '';
  }
}
