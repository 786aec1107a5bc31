import type { ServerResponse } from 'node:http';
import { StsError } from '../../src/sts/sts-error.js';

/**
 * Every broker request is answered within 10 s. The Action gives the broker 30 s over up to four
 * attempts (src/main.ts, src/action/broker-client.ts), so a 503 at 10 s leaves it two more tries,
 * each with a fresh OIDC token. Everything the request waits on is bounded by it: Octokit calls
 * carry its AbortSignal, the mint is not sent once it has passed, and the answer races it.
 */
export const BROKER_DEADLINE_MS = 10_000;

/**
 * A mint request already sent is waited on this much past the deadline, and not cut off with it:
 * a token GitHub minted late then reaches the broker, which revokes it, instead of being lost (an
 * answer cut off is an uncertain mint). The client has had its 503 at the deadline all the same.
 */
export const MINT_ANSWER_GRACE_MS = 10_000;

/** The OIDC issuer's JWKS fetch (jose's `timeoutDuration`; one fetch serves many requests). */
export const JWKS_TIMEOUT_MS = 3_000;

/** A revocation runs after its request may be over, so it has its own bound, not the request's. */
export const REVOKE_TIMEOUT_MS = 5_000;

export interface RequestDeadline {
  /** Aborts at the deadline or when the client closes the connection, whichever comes first. */
  signal: AbortSignal;
  /** Epoch ms, by the broker's clock. */
  deadline: number;
  /** Stops watching (the answer was written). */
  dispose(): void;
}

const deadlineError = (ms: number) =>
  new StsError('deadline_exceeded', `the broker could not answer within ${ms / 1000} s; nothing was granted; retry with a fresh OIDC token`);
const goneError = () => new StsError('client_gone', 'the client closed the connection before the answer; nothing was handed out');

// The signal aborts with the default AbortError, which fetch and Octokit treat as a cancellation
// (never retried); why it aborted is kept here, beside it.
const reasons = new WeakMap<AbortSignal, StsError>();

/** The deadline of one request to the broker, and its client leaving, as one AbortSignal. */
export function requestDeadline(res: ServerResponse, options: { ms?: number; clock: () => number }): RequestDeadline {
  const ms = options.ms ?? BROKER_DEADLINE_MS;
  const controller = new AbortController();
  const abort = (reason: StsError) => {
    if (controller.signal.aborted) return;
    reasons.set(controller.signal, reason);
    controller.abort();
  };
  const timer = setTimeout(() => abort(deadlineError(ms)), ms);
  timer.unref();
  const onClose = () => {
    if (!res.writableFinished) abort(goneError());
  };
  res.once('close', onClose);
  return {
    signal: controller.signal,
    deadline: options.clock() + ms,
    dispose() {
      clearTimeout(timer);
      res.off('close', onClose);
    },
  };
}

/** Why `signal` aborted: deadline_exceeded or client_gone. */
export function abortReason(signal: AbortSignal): StsError {
  return reasons.get(signal) ?? deadlineError(BROKER_DEADLINE_MS);
}

/** Throws the reason once the request is over; a checkpoint before each step that costs or grants. */
export function checkAlive(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortReason(signal);
}

/**
 * `work`'s result, or the abort reason as soon as `signal` fires. The work itself goes on (a stuck
 * database query cannot be cancelled from here); its own checkpoints stop it from granting.
 */
export function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(abortReason(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error as Error);
      },
    );
  });
}
