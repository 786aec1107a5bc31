import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from '../../src/http/json-http.js';
import { StsError } from '../../src/sts/sts-error.js';
import { credential, jsonBody } from '../sts/sts-routes.js';
import { ApprovalError } from './approval-error.js';
import { cancelApproval, pollApproval, requestApproval, type ApprovalServiceDeps } from './approval-service.js';

const ITEM = /^\/airlock\/v1\/approvals\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/**
 * Secret approvals over HTTP (issue 12 item 6):
 * POST /airlock/v1/approvals (OIDC token), GET and DELETE /airlock/v1/approvals/{id} (poll token).
 * Every failure is `{"error": {"code", "message"}}` and grants nothing.
 */
export function approvalRoutes(deps: ApprovalServiceDeps): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  return async (req, res) => {
    const path = (req.url ?? '').split('?')[0]!;
    if (path !== '/airlock/v1/approvals' && !path.startsWith('/airlock/v1/approvals/')) return false;
    const headers = { 'cache-control': 'no-store' };
    try {
      const item = ITEM.exec(path);
      if (path === '/airlock/v1/approvals' && req.method === 'POST') {
        const body = await jsonBody(req);
        const result = await requestApproval(deps, credential(req, 'bearer'), body);
        sendJson(res, result.status, result.body, headers);
      } else if (item && req.method === 'GET') {
        sendJson(res, 200, await pollApproval(deps, item[1]!, credential(req, 'bearer')), headers);
      } else if (item && req.method === 'DELETE') {
        sendJson(res, 200, await cancelApproval(deps, item[1]!, credential(req, 'bearer')), headers);
      } else {
        sendJson(res, 404, { error: { code: 'approval_not_found', message: `no route ${req.method} ${path}; expected POST /airlock/v1/approvals or GET|DELETE /airlock/v1/approvals/<id>` } });
      }
    } catch (error) {
      const known = error instanceof StsError || error instanceof ApprovalError ? error : undefined;
      if (!known) deps.log.error({ err: { name: (error as Error).name, message: (error as Error).message } }, 'secret approval error');
      else deps.log.warn({ code: known.code }, 'secret approval request refused');
      sendJson(res, known?.status ?? 500, { error: { code: known?.code ?? 'internal_error', message: known?.message ?? 'the App failed; nothing was approved' } }, headers);
    }
    return true;
  };
}
