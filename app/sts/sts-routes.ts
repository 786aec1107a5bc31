import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLargeError, parseJson, readBody, sendJson } from '../../src/http/json-http.js';
import { StsError } from '../../src/sts/sts-error.js';
import { exchangeToken, revokeById, revokeByToken, type TokenServiceDeps } from './token-service.js';

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
 * The broker's HTTP interface (BRIEF.md "Public interfaces"):
 * POST /airlock/v1/token, DELETE /airlock/v1/token, DELETE /airlock/v1/tokens/{id}.
 * Every failure is `{"error": {"code", "message"}}` and grants nothing.
 */
export function stsRoutes(deps: TokenServiceDeps): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  return async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '').split('?')[0]!;
    if (!path.startsWith('/airlock/v1/token')) return false;
    try {
      if (path === '/airlock/v1/token' && req.method === 'POST') {
        const body = await jsonBody(req);
        sendJson(res, 200, await exchangeToken(deps, credential(req, 'bearer'), body), { 'cache-control': 'no-store' });
      } else if (path === '/airlock/v1/token' && req.method === 'DELETE') {
        await revokeByToken(deps, credential(req, 'token'));
        sendJson(res, 204, undefined);
      } else if (/^\/airlock\/v1\/tokens\/[0-9a-f-]{36}$/.test(path) && req.method === 'DELETE') {
        await revokeById(deps, credential(req, 'bearer'), path.slice('/airlock/v1/tokens/'.length));
        sendJson(res, 204, undefined);
      } else {
        sendJson(res, 404, { error: { code: 'request_invalid', message: `no route ${req.method} ${path}` } });
      }
    } catch (error) {
      const sts = error instanceof StsError ? error : new StsError('internal_error', 'the broker failed; nothing was granted');
      if (!(error instanceof StsError)) deps.log.error({ err: { name: (error as Error).name, message: (error as Error).message } }, 'broker error');
      else deps.log.warn({ code: sts.code }, 'token request refused');
      sendJson(res, sts.status, { error: { code: sts.code, message: sts.message } });
    }
    return true;
  };
}
