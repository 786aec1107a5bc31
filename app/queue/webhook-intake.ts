import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { sendJson } from '../../src/http/json-http.js';
import type { WebhookQueue } from './webhook-queue.js';

/**
 * GitHub caps webhook payloads at 25 MB and does not deliver larger ones, so nothing larger is
 * read. https://docs.github.com/en/webhooks/webhook-events-and-payloads#payload-cap
 */
export const WEBHOOK_BODY_LIMIT = 25 * 1024 * 1024;

/** Bytes all webhook bodies being read may hold together; past it a body is refused (503). */
export const WEBHOOK_BUFFER_BUDGET = 64 * 1024 * 1024;

const EVENT = /^[a-z_]{1,64}$/;
// GitHub sends a GUID; internal job ids carry a ':' and so can never be forged as a delivery.
const DELIVERY = /^[A-Za-z0-9._-]{1,128}$/;
const SIGNATURE = /^sha256=([0-9a-f]{64})$/;

export interface WebhookIntakeOptions {
  secret: string;
  queue: Pick<WebhookQueue, 'enqueueDelivery'>;
  /** Called once a delivery is stored, so a worker picks it up at once. */
  onStored: () => void;
  log: Logger;
  maxBodyBytes?: number;
  bufferBudgetBytes?: number;
}

type Refusal = { status: number; code: string; message: string };

/**
 * Refuses a request without reading its body: the answer goes out with `connection: close`, and
 * the socket is closed once it is written, so an unsigned or oversized body costs no memory.
 */
function refuse(req: IncomingMessage, res: ServerResponse, refusal: Refusal): void {
  req.pause();
  res.once('finish', () => req.socket?.destroySoon());
  sendJson(res, refusal.status, { error: { code: refusal.code, message: refusal.message } }, { connection: 'close' });
}

/**
 * Receives webhooks at /api/github/webhooks: checks the headers, reads the body as a stream no
 * larger than GitHub's cap while computing its HMAC, verifies `X-Hub-Signature-256`, stores the
 * delivery in the queue and answers 202 at once; handlers run from the queue, so GitHub's 10 s
 * response window never depends on them. An unsigned request is refused before its body is read.
 * https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries
 * https://docs.github.com/en/webhooks/using-webhooks/best-practices-for-using-webhooks#respond-within-10-seconds
 */
export function webhookIntake(options: WebhookIntakeOptions): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const limit = options.maxBodyBytes ?? WEBHOOK_BODY_LIMIT;
  const budget = options.bufferBudgetBytes ?? WEBHOOK_BUFFER_BUDGET;
  let buffered = 0;

  const headerRefusal = (req: IncomingMessage): Refusal | undefined => {
    if (req.method !== 'POST') return { status: 405, code: 'method_not_allowed', message: 'webhooks are delivered with POST' };
    const event = req.headers['x-github-event'];
    const delivery = req.headers['x-github-delivery'];
    const signature = req.headers['x-hub-signature-256'];
    if (typeof signature !== 'string' || !SIGNATURE.test(signature)) return { status: 401, code: 'signature_missing', message: 'X-Hub-Signature-256 must be sha256=<64 hex digits>; set the webhook secret on the GitHub App' };
    if (typeof event !== 'string' || !EVENT.test(event)) return { status: 400, code: 'event_invalid', message: 'X-GitHub-Event must name a webhook event' };
    if (typeof delivery !== 'string' || !DELIVERY.test(delivery)) return { status: 400, code: 'delivery_invalid', message: 'X-GitHub-Delivery must be 1 to 128 letters, digits or ._-' };
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) return { status: 413, code: 'payload_too_large', message: `webhook bodies are at most ${limit} bytes (GitHub's payload cap)` };
    return undefined;
  };

  return async (req, res) => {
    const early = headerRefusal(req);
    if (early) return refuse(req, res, early);
    const event = req.headers['x-github-event'] as string;
    const id = req.headers['x-github-delivery'] as string;
    const expected = Buffer.from(SIGNATURE.exec(req.headers['x-hub-signature-256'] as string)![1]!, 'hex');

    const hmac = createHmac('sha256', options.secret);
    const chunks: Buffer[] = [];
    let size = 0;
    let refusal: Refusal | undefined;
    try {
      for await (const chunk of req as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > limit) {
          refusal = { status: 413, code: 'payload_too_large', message: `webhook bodies are at most ${limit} bytes (GitHub's payload cap)` };
          break;
        }
        if (buffered + chunk.length > budget) {
          refusal = { status: 503, code: 'intake_busy', message: 'too many webhook bytes are being received at once; GitHub can redeliver this delivery' };
          break;
        }
        buffered += chunk.length;
        chunks.push(chunk);
        hmac.update(chunk);
      }
    } catch {
      // The client went away or the server's requestTimeout cut a slow body: nothing to answer.
      buffered -= chunks.reduce((n, c) => n + c.length, 0);
      return;
    }
    buffered -= chunks.reduce((n, c) => n + c.length, 0);
    if (refusal) return refuse(req, res, refusal);
    if (!timingSafeEqual(hmac.digest(), expected)) return refuse(req, res, { status: 401, code: 'signature_mismatch', message: 'X-Hub-Signature-256 does not match the body; check the webhook secret' });

    const body = Buffer.concat(chunks);
    let installationId: number | null = null;
    try {
      const payload = JSON.parse(body.toString('utf8')) as { installation?: { id?: unknown } };
      if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) throw new SyntaxError('not an object');
      const inst = payload.installation?.id;
      if (typeof inst === 'number' && Number.isSafeInteger(inst)) installationId = inst;
    } catch {
      return sendJson(res, 400, { error: { code: 'payload_invalid', message: 'the webhook body is not a JSON object' } });
    }
    try {
      const outcome = await options.queue.enqueueDelivery({ id, event, installationId, body });
      if (outcome !== 'duplicate') options.onStored();
      sendJson(res, 202, { delivery: id, status: outcome });
    } catch (error) {
      // Not stored, so not acknowledged: GitHub records a failure and the reconciler asks for it again.
      options.log.error({ delivery: id, err: { message: (error as Error).message } }, 'could not store a webhook delivery');
      sendJson(res, 500, { error: { code: 'store_unavailable', message: 'the delivery could not be stored; it will be redelivered' } });
    }
  };
}
