import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLargeError, readBody, sendJson } from '../../http/json-http.js';
import { bearerToken } from '../bearer-token.js';
import { startStandInServer, type StandInServer } from '../stand-in-server.js';
import { membersOf, newGoogleAccessToken, type GcpWorldState } from './gcp-state.js';

/*
 * A stand-in for the IAM Service Account Credentials API's generateAccessToken: a federated token
 * (or another account's token) whose principal holds roles/iam.workloadIdentityUser on the
 * service account gets an access token of that account, for the scopes asked, for `lifetime`
 * (at most an hour). Errors are Google's JSON error objects.
 * https://cloud.google.com/iam/docs/reference/credentials/rest/v1/projects.serviceAccounts/generateAccessToken
 */

const PATH = /^\/v1\/projects\/-\/serviceAccounts\/([^/:]+):generateAccessToken$/;
const MAX_LIFETIME_SECONDS = 3600;
const BODY_LIMIT = 64 * 1024;

class IamError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

export async function startIamCredentialsStandIn(state: GcpWorldState, options: { tls?: { keyPem: string; certPem: string }; host?: string } = {}): Promise<StandInServer> {
  return startStandInServer(async (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://iamcredentials.local').pathname;
    const bearer = bearerToken(req);
    let caller: string | undefined;
    try {
      const match = PATH.exec(path);
      if (req.method !== 'POST' || !match) throw new IamError(404, 'NOT_FOUND', `${req.method ?? ''} ${path} is not a Service Account Credentials method`);
      const token = bearer ? state.tokens.get(bearer) : undefined;
      if (!token || token.expiresAt <= state.clock()) throw new IamError(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.');
      caller = token.kind === 'service-account' ? token.email : token.principal;
      const email = decodeURIComponent(match[1]!);
      const account = state.serviceAccounts.get(email);
      // A missing account and a missing grant look alike to the caller, as Google answers them.
      if (!account || !membersOf(token).some((m) => account.workloadIdentityUsers.includes(m))) throw new IamError(403, 'PERMISSION_DENIED', "Permission 'iam.serviceAccounts.getAccessToken' denied on resource (or it may not exist).");
      let body: unknown;
      try {
        body = JSON.parse((await readBody(req, BODY_LIMIT)).toString('utf8'));
      } catch (error) {
        if (error instanceof BodyTooLargeError) throw new IamError(413, 'INVALID_ARGUMENT', 'Request body too large.');
        throw new IamError(400, 'INVALID_ARGUMENT', 'Invalid JSON payload received.');
      }
      const { scope, lifetime } = (body ?? {}) as { scope?: unknown; lifetime?: unknown };
      if (!Array.isArray(scope) || scope.length === 0 || !scope.every((s) => typeof s === 'string')) throw new IamError(400, 'INVALID_ARGUMENT', 'Scope required.');
      const seconds = lifetime === undefined ? MAX_LIFETIME_SECONDS : typeof lifetime === 'string' && /^\d+(?:\.\d+)?s$/.test(lifetime) ? Number(lifetime.slice(0, -1)) : NaN;
      if (!(seconds > 0 && seconds <= MAX_LIFETIME_SECONDS)) throw new IamError(400, 'INVALID_ARGUMENT', `The lifetime must be a duration of at most ${MAX_LIFETIME_SECONDS}s.`);
      const accessToken = newGoogleAccessToken();
      const expiresAt = state.clock() + seconds * 1000;
      state.tokens.set(accessToken, { kind: 'service-account', email, scopes: scope as string[], lifetimeSeconds: seconds, expiresAt });
      state.calls.push({ service: 'iamcredentials', method: 'POST', path, status: 200, ...(bearer ? { bearer } : {}), caller });
      sendJson(res, 200, { accessToken, expireTime: new Date(expiresAt).toISOString().replace(/\.\d{3}Z$/, 'Z') });
    } catch (error) {
      if (!(error instanceof IamError)) throw error;
      state.calls.push({ service: 'iamcredentials', method: req.method ?? '', path, status: error.status, error: error.reason, ...(bearer ? { bearer } : {}), ...(caller ? { caller } : {}) });
      sendJson(res, error.status, { error: { code: error.status, message: error.message, status: error.reason } });
    }
  }, options);
}
