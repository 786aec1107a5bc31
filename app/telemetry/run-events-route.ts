import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLargeError, parseJson, readBody, sendJson } from '../../src/http/json-http.js';
import { StsError } from '../../src/sts/sts-error.js';
import { credential } from '../sts/sts-routes.js';
import { RUN_EVENT_BODY_LIMIT } from './parse-run-event-batch.js';
import { acceptRunEvents } from './run-events-service.js';
import type { TelemetryDeps } from './telemetry-deps.js';
import { TelemetryError } from './telemetry-error.js';

const PATH = '/airlock/v1/events';

/** The body as JSON, at most RUN_EVENT_BODY_LIMIT bytes (refused unread past it). */
async function batchBody(req: IncomingMessage): Promise<unknown> {
  let raw: Buffer;
  try {
    raw = await readBody(req, RUN_EVENT_BODY_LIMIT);
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw new TelemetryError('body_too_large', `the batch is larger than ${RUN_EVENT_BODY_LIMIT} bytes; send at most ${RUN_EVENT_BODY_LIMIT} bytes of compact JSON per batch`);
    throw error;
  }
  try {
    return parseJson(raw);
  } catch {
    throw new TelemetryError('request_invalid', 'the body is not valid JSON; send one batch as a JSON object');
  }
}

/**
 * Run telemetry over HTTP (issue 19 item 1): POST /airlock/v1/events with the job's OIDC token
 * (`Authorization: Bearer <jwt>`) and one batch (src/telemetry/run-event.ts), answered with the
 * ContainmentAnswer. Every failure is `{"error": {"code", "message"}}` and stores nothing
 * (except `containment_failed`: the batch is stored, containment is not decided).
 */
export function runEventsRoute(deps: TelemetryDeps): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  return async (req, res) => {
    const path = (req.url ?? '').split('?')[0]!;
    if (path !== PATH && !path.startsWith(`${PATH}/`)) return false;
    const headers = { 'cache-control': 'no-store' };
    try {
      if (path !== PATH || req.method !== 'POST') throw new TelemetryError('route_not_found', `no route ${req.method} ${path}; expected POST ${PATH}`);
      const body = await batchBody(req);
      sendJson(res, 200, await acceptRunEvents(deps, credential(req, 'bearer'), body), headers);
    } catch (error) {
      const known = error instanceof StsError || error instanceof TelemetryError ? error : undefined;
      if (!known) deps.log.error({ err: { name: (error as Error).name, message: (error as Error).message } }, 'run events error');
      else deps.log.warn({ code: known.code }, 'run events refused');
      if (!res.destroyed) sendJson(res, known?.status ?? 500, { error: { code: known?.code ?? 'internal_error', message: known?.message ?? 'the App failed on this batch; resend it (same seq) with a fresh OIDC token' } }, headers);
    }
    return true;
  };
}
