import { withRetry, type RetryPolicy as HttpRetryPolicy } from '../http/with-retry.js';

/** The Action's client for the Airlock broker (BRIEF.md "Public interfaces"). */
export interface MintedToken {
  token: string;
  token_id: string;
  expires_at: string;
  permissions: Record<string, string>;
  repositories: string[];
  /** The broker's `airlock.sts` decision by digest (absent from an older broker); see broker-decision.ts. */
  policy_decision?: { policy: string; allow: boolean; decision_digest: string };
}

export class BrokerError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/**
 * A fresh OIDC token on each call: the broker accepts each token's `jti` once, so an attempt that
 * reached it (and failed, say with a 503) spends its token, and a retry needs another.
 */
export type OidcTokenProvider = () => Promise<string>;

export interface BrokerClient {
  exchange(oidcToken: OidcTokenProvider, request: { identity: string; permissions?: Record<string, string>; repositories?: string[] }): Promise<MintedToken>;
  revoke(token: string): Promise<void>;
  revokeById(oidcToken: OidcTokenProvider, tokenId: string): Promise<void>;
}

export interface RetryPolicy extends Omit<HttpRetryPolicy, 'jitter'> {
  deadlineMs: number;
}

/**
 * Retries network failures and 5xx with backoff under an overall deadline (src/http/with-retry.ts;
 * the broker answers within 10 s, app/sts/broker-deadline.ts, so a 30 s deadline leaves room for
 * retries); a 4xx is a configuration problem and fails at once with the broker's message (which says how to fix it).
 * `auth` is asked for each attempt, so each attempt can carry a fresh OIDC token.
 * `fetchImpl`: fetch, or fetch over node:http (src/http/node-http-fetch.ts) on a runner without a proxy or a CA (runner-network.ts).
 */
export function brokerClient(baseUrl: string, retry: RetryPolicy, fetchImpl: typeof fetch = fetch): BrokerClient {
  const call = async (method: string, path: string, auth: () => Promise<string>, body?: unknown): Promise<Response> => {
    const result = await withRetry<Response>(retry, async ({ remainingMs }) => {
      const deadline = performance.now() + remainingMs;
      // Not the broker's failure if this throws (the OIDC fetch has its own retries): it propagates.
      const authorization = await auth();
      const remaining = Math.ceil(deadline - performance.now());
      if (remaining <= 0) return { retry: 'timed out' };
      try {
        const response = await fetchImpl(`${baseUrl}${path}`, {
          method,
          headers: { authorization, 'content-type': 'application/json', 'user-agent': 'airlock-action' },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(remaining),
        });
        if (response.status < 500) return { done: response };
        await response.body?.cancel().catch(() => undefined);
        return { retry: `HTTP ${response.status}` };
      } catch (error) {
        return { retry: (error as Error).name === 'TimeoutError' ? 'timed out' : (error as Error).message };
      }
    });
    if (result.ok) return result.value;
    throw new BrokerError('broker_unavailable', `the Airlock broker at ${baseUrl} did not answer ${method} ${path} (${result.last})`);
  };
  const fail = async (response: Response): Promise<never> => {
    let code = 'broker_error';
    let message = `HTTP ${response.status}`;
    try {
      const body = (await response.json()) as { error?: { code?: string; message?: string } };
      code = body.error?.code ?? code;
      message = body.error?.message ?? message;
    } catch {
      // not JSON: keep the status line
    }
    throw new BrokerError(code, message, response.status);
  };
  return {
    async exchange(oidcToken, request) {
      const response = await call('POST', '/airlock/v1/token', async () => `Bearer ${await oidcToken()}`, request);
      if (response.status !== 200) return fail(response);
      return (await response.json()) as MintedToken;
    },
    async revoke(token) {
      const response = await call('DELETE', '/airlock/v1/token', async () => `token ${token}`);
      if (response.status !== 204) return fail(response);
    },
    async revokeById(oidcToken, tokenId) {
      const response = await call('DELETE', `/airlock/v1/tokens/${encodeURIComponent(tokenId)}`, async () => `Bearer ${await oidcToken()}`);
      if (response.status !== 204) return fail(response);
    },
  };
}
