/**
 * The Action's side of secret approvals (issue 12 item 6): asks the App to approve resolving
 * secrets for one held request (`POST /airlock/v1/approvals`, authenticated by a fresh OIDC token),
 * then polls `GET /airlock/v1/approvals/{id}` with the poll token until a human or the policy
 * decided, the deadline passed or the run stopped waiting (both `DELETE`, so the check run does
 * not keep asking). Expected refusals are results, never exceptions; only `approved` resolves.
 */

import { withRetry } from '../http/with-retry.js';

export interface ApprovalSecret {
  path: string;
  key: string;
  env: string;
  /** `required`: marked in the `secrets` input as needing approval; `policy`: the org policy decides. */
  approval: 'required' | 'policy';
}

export interface ApprovalClientOptions {
  /** The App's base URL (the broker), e.g. https://airlock.example.com. */
  brokerUrl: string;
  /** A fresh OIDC token per call (each is accepted once): `() => core.getIDToken(audience)`. */
  idToken: () => Promise<string>;
  /** The trust policy name (`.github/airlock/<identity>.sts.yaml`). */
  identity: string;
  secrets: ApprovalSecret[];
  /** The request the proxy holds. */
  destination: { method: string; host: string; path: string };
  /** How long to wait for a decision; the App caps it at an hour. */
  timeoutMs: number;
  pollIntervalMs: number;
  /** Aborts the wait (the run ended): the request is cancelled. */
  signal?: AbortSignal;
  /** Told the approval's id once the App took the request (for run telemetry's `approval` events). */
  onPosted?: (id: string) => void;
  fetch?: typeof fetch;
}

export type ApprovalResult = { status: 'approved'; by?: string } | { status: 'denied' | 'expired' | 'cancelled' | 'error'; message: string };

/** Network failures and 5xx answers are retried this many times, with doubling waits from the poll interval. */
const RETRIES = 3;
/** No single HTTP exchange may hang the wait. */
const REQUEST_TIMEOUT_MS = 30_000;

type Answer = { ok: true; status: number; json: Record<string, unknown> } | { ok: false; message: string };

class Aborted extends Error {}

const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Aborted());
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    const onAbort = () => {
      clearTimeout(timer);
      reject(new Aborted());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

const errorText = (json: Record<string, unknown>, status: number): string => {
  const error = json.error as { code?: unknown; message?: unknown } | undefined;
  return error && typeof error.code === 'string' ? `${error.code}: ${String(error.message ?? '')}` : `the App answered HTTP ${status}`;
};

export async function requestSecretApproval(options: ApprovalClientOptions): Promise<ApprovalResult> {
  const doFetch = options.fetch ?? fetch;
  const base = options.brokerUrl.replace(/\/+$/, '');
  const deadline = Date.now() + options.timeoutMs;
  const { signal } = options;

  /**
   * One exchange, retried (src/http/with-retry.ts) on network errors and 5xx with doubling waits;
   * `auth` is computed per attempt. Only an
   * `abortable` exchange follows the caller's signal (the DELETE after an abort must still go out).
   */
  const exchange = async (method: string, url: string, auth: () => Promise<string>, body?: unknown, abortable = true): Promise<Answer> => {
    const userSignal = abortable ? signal : undefined;
    const result = await withRetry<Answer>(
      { attempts: RETRIES + 1, baseDelayMs: options.pollIntervalMs },
      async () => {
        if (userSignal?.aborted) throw new Aborted();
        let credential: string;
        try {
          credential = await auth();
        } catch (error) {
          return { retry: `cannot get a credential for the App: ${(error as Error).message}` };
        }
        try {
          const timeout = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
          const response = await doFetch(url, {
            method,
            headers: { authorization: `Bearer ${credential}`, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
            ...(body === undefined ? {} : { body: JSON.stringify(body) }),
            signal: userSignal ? AbortSignal.any([userSignal, timeout]) : timeout,
          });
          const text = await response.text();
          let json: Record<string, unknown> = {};
          try {
            json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
          } catch {
            const message = `the App answered HTTP ${response.status} with a body that is not JSON`;
            return response.status >= 500 ? { retry: message } : { done: { ok: false, message } };
          }
          if (response.status >= 500) return { retry: errorText(json, response.status) };
          return { done: { ok: true, status: response.status, json } };
        } catch (error) {
          if (userSignal?.aborted) throw new Aborted();
          return { retry: `cannot reach the App at ${base}: ${(error as Error).message}` };
        }
      },
      { signal: userSignal },
    );
    return result.ok ? result.value : { ok: false, message: `${result.last} (after ${RETRIES + 1} attempts)` };
  };

  let id: string | undefined;
  let pollToken = '';
  const item = () => `${base}/airlock/v1/approvals/${encodeURIComponent(id!)}`;
  /** Stops the App from asking for a decision nobody waits for; best effort, never the signal. */
  const release = async (): Promise<void> => {
    if (!id) return;
    try {
      await exchange('DELETE', item(), async () => pollToken, undefined, false);
    } catch {
      // The App expires the approval at its deadline anyway.
    }
  };
  const decided = (json: Record<string, unknown>): ApprovalResult | undefined => {
    const status = json.status;
    const message = typeof json.message === 'string' ? json.message : '';
    if (status === 'approved') return { status: 'approved', ...(typeof json.decided_by === 'string' ? { by: json.decided_by } : {}) };
    if (status === 'denied' || status === 'expired' || status === 'cancelled') return { status, message: message || `the App says ${status}` };
    if (status === 'pending') return undefined;
    return { status: 'error', message: `the App answered an unknown status ${JSON.stringify(status)}` };
  };

  try {
    const posted = await exchange('POST', `${base}/airlock/v1/approvals`, options.idToken, {
      identity: options.identity,
      secrets: options.secrets,
      destination: options.destination,
      timeout_seconds: Math.max(1, Math.ceil(options.timeoutMs / 1000)),
    });
    if (!posted.ok) return { status: 'error', message: posted.message };
    if (posted.status === 403 && (posted.json.error as { code?: unknown } | undefined)?.code === 'secrets_denied') return { status: 'denied', message: errorText(posted.json, 403) };
    if (posted.status !== 200 && posted.status !== 202) return { status: 'error', message: errorText(posted.json, posted.status) };
    if (typeof posted.json.id !== 'string') return { status: 'error', message: 'the App answered without an approval id' };
    id = posted.json.id;
    options.onPosted?.(id);
    const first = decided(posted.json);
    if (first) return first;
    if (typeof posted.json.poll_token !== 'string') return { status: 'error', message: 'the App answered pending without a poll token' };
    pollToken = posted.json.poll_token;

    for (;;) {
      const left = deadline - Date.now();
      if (left <= 0) {
        await release();
        return { status: 'expired', message: `nobody decided within ${Math.round(options.timeoutMs / 1000)} s; the secrets are refused` };
      }
      await sleep(Math.min(options.pollIntervalMs, left), signal);
      if (Date.now() >= deadline) continue;
      const polled = await exchange('GET', item(), async () => pollToken);
      if (!polled.ok) {
        await release();
        return { status: 'error', message: polled.message };
      }
      if (polled.status !== 200) {
        await release();
        return { status: 'error', message: errorText(polled.json, polled.status) };
      }
      const result = decided(polled.json);
      if (result) return result;
    }
  } catch (error) {
    if (error instanceof Aborted || signal?.aborted) {
      await release();
      return { status: 'cancelled', message: 'the run stopped waiting for the approval' };
    }
    await release();
    return { status: 'error', message: (error as Error).message };
  }
}
