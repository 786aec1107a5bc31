import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLargeError, parseJson, readBody, sendJson } from '../../src/http/json-http.js';
import { StsError } from '../../src/sts/sts-error.js';
import { abortReason, requestDeadline, untilAborted } from './broker-deadline.js';
import { brokerWork, type BrokerWork } from './broker-work.js';
import { abandonToken, exchangeToken, revokeById, revokeByToken, type BrokerRequest, type TokenResponse, type TokenServiceDeps } from './token-service.js';

const BODY_LIMIT = 64 * 1024;

/** The credential of `Authorization: <scheme> <credential>`; undefined for any other scheme. */
export function credential(req: IncomingMessage, scheme: 'bearer' | 'token'): string | undefined {
  const match = /^(\w+)\s+(\S+)$/.exec(req.headers.authorization ?? '');
  return match && match[1]!.toLowerCase() === scheme ? match[2] : undefined;
}

/** A JSON body of at most 64 KiB; anything else is `request_invalid`. */
export async function jsonBody(req: IncomingMessage): Promise<unknown> {
  try {
    return parseJson(await readBody(req, BODY_LIMIT));
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw new StsError('request_invalid', `request body is larger than ${BODY_LIMIT} bytes`);
    throw new StsError('request_invalid', 'request body is not valid JSON');
  }
}

/**
 * A token exchange that answers by the request's deadline. A token that turns up for a request
 * already over (deadline passed, client gone), now or after the deadline answered for it, is
 * revoked, never handed out.
 */
async function exchangeInTime(deps: TokenServiceDeps, req: IncomingMessage, request: BrokerRequest, work: BrokerWork): Promise<TokenResponse> {
  const { signal } = request;
  const exchange = (async () => exchangeToken(deps, credential(req, 'bearer'), await jsonBody(req), request))();
  let answer: TokenResponse;
  try {
    answer = await untilAborted(exchange, signal);
  } catch (error) {
    // The exchange runs on past the answer; a draining shutdown waits for it (app/sts/broker-work.ts).
    if (signal.aborted) void work.track(exchange.then((late) => abandonToken(deps, late, `minted after the request ended (${abortReason(signal).code})`), () => undefined));
    throw error;
  }
  if (signal.aborted) {
    await abandonToken(deps, answer, `the request ended before the answer (${abortReason(signal).code})`);
    throw abortReason(signal);
  }
  return answer;
}

/**
 * The broker's HTTP interface (BRIEF.md "Public interfaces"):
 * POST /airlock/v1/token, DELETE /airlock/v1/token, DELETE /airlock/v1/tokens/{id}.
 * Every failure is `{"error": {"code", "message"}}` and grants nothing. Each request is answered
 * within its deadline (app/sts/broker-deadline.ts), 503 `deadline_exceeded` past it.
 */
export function stsRoutes(deps: TokenServiceDeps, options: { deadlineMs?: number; work?: BrokerWork } = {}): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  const work = options.work ?? brokerWork();
  return async (req: IncomingMessage, res: ServerResponse) => {
    const since = performance.now();
    const path = (req.url ?? '').split('?')[0]!;
    if (!path.startsWith('/airlock/v1/token')) return false;
    const { signal, deadline, dispose } = requestDeadline(res, { ms: options.deadlineMs, clock: deps.clock });
    try {
      if (path === '/airlock/v1/token' && req.method === 'POST') {
        sendJson(res, 200, await work.track(exchangeInTime(deps, req, { signal, deadline, since }, work)), { 'cache-control': 'no-store' });
      } else if (path === '/airlock/v1/token' && req.method === 'DELETE') {
        await untilAborted(work.track(revokeByToken(deps, credential(req, 'token'))), signal);
        sendJson(res, 204, undefined);
      } else if (/^\/airlock\/v1\/tokens\/[0-9a-f-]{36}$/.test(path) && req.method === 'DELETE') {
        await untilAborted(work.track(revokeById(deps, credential(req, 'bearer'), path.slice('/airlock/v1/tokens/'.length), signal)), signal);
        sendJson(res, 204, undefined);
      } else {
        sendJson(res, 404, { error: { code: 'request_invalid', message: `no route ${req.method} ${path}` } });
      }
    } catch (error) {
      const sts = error instanceof StsError ? error : new StsError('internal_error', 'the broker failed; nothing was granted');
      if (!(error instanceof StsError)) deps.log.error({ err: { name: (error as Error).name, message: (error as Error).message } }, 'broker error');
      else deps.log.warn({ code: sts.code }, 'token request refused');
      // A client that has gone gets nothing: there is no one to write to.
      if (!res.destroyed) sendJson(res, sts.status, { error: { code: sts.code, message: sts.message } });
    } finally {
      dispose();
    }
    return true;
  };
}
