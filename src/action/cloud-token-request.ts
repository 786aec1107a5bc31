import { CloudTokenError } from './cloud-token-error.js';

/**
 * One POST to a token endpoint, answered in JSON: the status and the parsed body (undefined when
 * the body is not JSON). No redirect is followed (a token must not be sent on), and a network
 * failure is a CloudTokenError naming the endpoint, never the request's body.
 */
export async function postForJson(options: {
  readonly cloud: 'gcp' | 'azure';
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: string;
  readonly fetch: typeof fetch;
  readonly timeoutMs?: number;
}): Promise<{ status: number; ok: boolean; json: Record<string, unknown> | undefined }> {
  let response: Response;
  let text: string;
  try {
    response = await options.fetch(options.url, { method: 'POST', headers: { accept: 'application/json', ...options.headers }, body: options.body, redirect: 'error', signal: AbortSignal.timeout(options.timeoutMs ?? 30_000) });
    text = await response.text();
  } catch (error) {
    throw new CloudTokenError(options.cloud, 'unreachable', `${new URL(options.url).origin} could not be reached: ${(error as Error).message}`);
  }
  let json: Record<string, unknown> | undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    json = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, ok: response.ok, json };
}
