import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from '../../http/json-http.js';

/** How much of a body the echo reflects; the rest is read and dropped. */
export const ECHO_BODY_LIMIT = 64 * 1024;

/**
 * `/_world/echo`, any method: answers 200 with what it received (`{method, url, headers, body}`,
 * the body as text, cut at 64 KiB). A bound host that reflects its requests, as a leak test needs
 * one (THREATS.md §F 32): whatever reaches it, a credential included, comes back to the caller.
 */
export async function serveEcho(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const kept: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    if (size < ECHO_BODY_LIMIT) kept.push(chunk.subarray(0, ECHO_BODY_LIMIT - size));
    size += chunk.length;
  }
  sendJson(res, 200, { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body: Buffer.concat(kept).toString('utf8') });
}
