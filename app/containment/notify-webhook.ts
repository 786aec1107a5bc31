import type { ContainmentNotice } from './plan-containment.js';

/** How long a notify webhook gets to answer; containment never waits longer on it. */
export const NOTIFY_TIMEOUT_MS = 5_000;

export type NotifyResult = { ok: true; status: number } | { ok: false; error: string };

/**
 * POSTs the notice as JSON to the configured `containment.notify_url`, with a deadline. The URL is
 * the organization's layer's alone and https (schemas/airlock-org-config.schema.json, docs/containment.md);
 * redirects are not followed, so the URL is the only place the notice goes. Only the notice is
 * sent: no credential, no header but content-type. `fetch` is the transport (default the global
 * one; a test hands one that trusts its own CA). Never throws: the outcome is returned, for the
 * log and the audit record.
 */
export async function postNotice(url: string, notice: ContainmentNotice, options: { fetch?: typeof fetch; timeoutMs?: number } = {}): Promise<NotifyResult> {
  try {
    const response = await (options.fetch ?? fetch)(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'airlock-containment' },
      body: JSON.stringify(notice),
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs ?? NOTIFY_TIMEOUT_MS),
    });
    await response.body?.cancel().catch(() => undefined);
    return response.ok ? { ok: true, status: response.status } : { ok: false, error: `HTTP ${response.status}` };
  } catch (error) {
    return { ok: false, error: (error as Error).name === 'TimeoutError' ? `no answer within ${options.timeoutMs ?? NOTIFY_TIMEOUT_MS} ms` : (error as Error).message };
  }
}
