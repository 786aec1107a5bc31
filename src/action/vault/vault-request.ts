import { withRetry, type RetryPolicy as HttpRetryPolicy } from '../../http/with-retry.js';
import { VaultError } from './vault-error.js';

export interface RetryPolicy extends Omit<HttpRetryPolicy, 'jitter'> {
  /** Overall budget for one call, retries included. */
  deadlineMs: number;
  /** Budget for one attempt, so a stalled connection is abandoned and retried (default 10 s). */
  attemptTimeoutMs?: number;
}

export const DEFAULT_VAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 250, deadlineMs: 30_000, attemptTimeoutMs: 10_000 };

/** Where and how to reach Vault. */
export interface VaultEndpoint {
  url: string;
  namespace?: string;
  retry?: RetryPolicy;
  fetch?: typeof fetch;
}

export interface VaultResponse {
  status: number;
  body: Record<string, unknown> | undefined;
  /** Vault's `errors` list (empty when it sent none). */
  errors: string[];
}

/** Vault's transient answers: sealed/standby (503), not initialized (501), rate limited (429), others 5xx. */
const isTransient = (status: number) => status === 429 || status >= 500;

/**
 * One Vault API call with retries (src/http/with-retry.ts): network errors and transient statuses
 * are retried with exponential backoff (with jitter) within an overall deadline; any other
 * answer, 4xx included, is returned at once for the caller to turn into a specific error. The token travels only in the
 * `X-Vault-Token` header and never appears in an error message.
 */
export async function vaultRequest(endpoint: VaultEndpoint, method: string, path: string, options: { token?: string; body?: unknown } = {}): Promise<VaultResponse> {
  const retry = endpoint.retry ?? DEFAULT_VAULT_RETRY;
  const fetchImpl = endpoint.fetch ?? fetch;
  const headers: Record<string, string> = { 'user-agent': 'airlock-action' };
  if (options.token !== undefined) headers['x-vault-token'] = options.token;
  if (endpoint.namespace) headers['x-vault-namespace'] = endpoint.namespace;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const result = await withRetry<VaultResponse>({ ...retry, jitter: true }, async ({ remainingMs }) => {
    try {
      const response = await fetchImpl(`${endpoint.url.replace(/\/+$/, '')}/v1/${path}`, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: AbortSignal.timeout(Math.min(remainingMs, retry.attemptTimeoutMs ?? 10_000)),
      });
      const text = await response.text();
      let body: Record<string, unknown> | undefined;
      try {
        const parsed: unknown = text ? JSON.parse(text) : undefined;
        body = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
      } catch {
        body = undefined;
      }
      const errors = Array.isArray(body?.errors) ? body.errors.filter((e): e is string => typeof e === 'string') : [];
      if (!isTransient(response.status)) return { done: { status: response.status, body, errors } };
      return { retry: `HTTP ${response.status}${errors.length ? `: ${errors.join('; ')}` : ''}` };
    } catch (error) {
      return { retry: (error as Error).name === 'TimeoutError' ? 'timed out' : ((error as Error & { cause?: Error }).cause?.message ?? (error as Error).message) };
    }
  });
  if (result.ok) return result.value;
  throw new VaultError('vault_unavailable', `Vault at ${endpoint.url} did not answer ${method} /v1/${path} within ${retry.attempts} attempts / ${retry.deadlineMs} ms (last: ${result.last}); check vault-url and that Vault is reachable from the runner`);
}

/** Vault's own words for a refusal, or the status when it gave none. */
export const vaultSaid = (response: VaultResponse): string => (response.errors.length ? response.errors.join('; ') : `HTTP ${response.status}`);

/** A revoked, expired, used-up or unknown token (docs/concepts/tokens#error-responses), as opposed to a policy refusal. */
export const isInvalidToken = (response: VaultResponse): boolean => response.status === 403 && response.errors.includes('invalid token');
