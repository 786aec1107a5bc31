import type { IncomingMessage, ServerResponse } from 'node:http';
import { createLocalJWKSet, decodeJwt, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import { BodyTooLargeError, readBody, sendJson } from '../../http/json-http.js';
import { globMatches } from '../aws/aws-state.js';
import { startStandInServer, type StandInServer } from '../stand-in-server.js';
import { newEntraAccessToken, type AzureWorldState, type WorldFederatedCredential } from './azure-state.js';

/*
 * A stand-in for Microsoft Entra's token endpoint, client credentials with a federated credential:
 * POST /{tenant}/oauth2/v2.0/token with client_id, scope ({resource}/.default),
 * grant_type=client_credentials and a client assertion (the job's OIDC token) of type jwt-bearer.
 * The assertion must match one of the app's federated identity credentials on issuer, audience and
 * subject, verify against that issuer's keys and be within its validity; each refusal is Entra's
 * AADSTS error for it.
 * https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-client-creds-grant-flow#third-case-access-token-request-with-a-federated-credential
 */

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const TOKEN_LIFETIME_SECONDS = 3599;
const BODY_LIMIT = 64 * 1024;
const PATH = /^\/([^/]+)\/oauth2\/v2\.0\/token$/;

class EntraError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly code: number,
    message: string,
  ) {
    super(`AADSTS${code}: ${message}`);
  }
}

const subjectMatches = (credential: WorldFederatedCredential, sub: string) => (credential.subject !== undefined ? credential.subject === sub : credential.subjectPattern !== undefined && globMatches(credential.subjectPattern, sub));

async function issue(state: AzureWorldState, tenant: string, form: URLSearchParams): Promise<{ clientId: string; body: Record<string, unknown> }> {
  if (tenant !== state.tenantId) throw new EntraError(400, 'invalid_request', 90002, `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`);
  if (form.get('grant_type') !== 'client_credentials') throw new EntraError(400, 'unsupported_grant_type', 70003, 'The app requested an unsupported grant type.');
  const clientId = form.get('client_id') ?? '';
  const app = state.applications.get(clientId);
  if (!app) throw new EntraError(400, 'unauthorized_client', 700016, `Application with identifier '${clientId}' was not found in the directory '${tenant}'.`);
  const scope = form.get('scope') ?? '';
  if (!scope.endsWith('/.default') || scope.includes(' ')) throw new EntraError(400, 'invalid_scope', 1002012, `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`);
  const resource = scope.slice(0, -'/.default'.length);
  if (resource !== state.managementResource) throw new EntraError(400, 'invalid_resource', 500011, `The resource principal named ${resource} was not found in the tenant named ${tenant}.`);
  if (form.get('client_assertion_type') !== JWT_BEARER || !form.get('client_assertion')) throw new EntraError(401, 'invalid_client', 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
  const assertion = form.get('client_assertion')!;
  let claims: JWTPayload;
  try {
    claims = decodeJwt(assertion);
  } catch {
    throw new EntraError(400, 'invalid_client', 50027, 'JWT token is invalid or malformed.');
  }
  const issuer = String(claims.iss ?? '');
  const byIssuer = app.credentials.filter((c) => c.issuer === issuer);
  if (byIssuer.length === 0) throw new EntraError(400, 'invalid_client', 700211, `No matching federated identity record found for presented assertion issuer '${issuer}'.`);
  const audiences = Array.isArray(claims.aud) ? claims.aud : [String(claims.aud ?? '')];
  const byAudience = byIssuer.filter((c) => audiences.some((a) => c.audiences.includes(a)));
  if (byAudience.length === 0) throw new EntraError(400, 'invalid_client', 700212, `No matching federated identity record found for presented assertion audience '${audiences.join(',')}'.`);
  const sub = String(claims.sub ?? '');
  const credential = byAudience.find((c) => subjectMatches(c, sub));
  if (!credential) throw new EntraError(400, 'invalid_client', 700213, `No matching federated identity record found for presented assertion subject '${sub}'. Check your federated identity credential Subject, Audience and Issuer against the presented assertion.`);
  try {
    await jwtVerify(assertion, createLocalJWKSet(credential.jwks()), { algorithms: ['RS256'], issuer, requiredClaims: ['exp', 'nbf'], currentDate: new Date(state.clock()) });
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired || (error instanceof joseErrors.JWTClaimValidationFailed && error.claim === 'nbf')) throw new EntraError(400, 'invalid_client', 700024, 'Client assertion is not within its valid time range.');
    throw new EntraError(401, 'invalid_client', 700027, 'Client assertion failed signature validation.');
  }
  const token = newEntraAccessToken();
  state.tokens.set(token, { clientId, audience: resource, expiresAt: state.clock() + TOKEN_LIFETIME_SECONDS * 1000 });
  return { clientId, body: { token_type: 'Bearer', expires_in: TOKEN_LIFETIME_SECONDS, ext_expires_in: TOKEN_LIFETIME_SECONDS, access_token: token } };
}

export async function startEntraTokenStandIn(state: AzureWorldState, options: { tls?: { keyPem: string; certPem: string }; host?: string } = {}): Promise<StandInServer> {
  return startStandInServer(async (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://login.local').pathname;
    const match = PATH.exec(path);
    const form = new URLSearchParams();
    try {
      if (req.method !== 'POST' || !match) throw new EntraError(404, 'invalid_request', 900561, `${req.method ?? ''} ${path}: the endpoint only accepts POST requests to /{tenant}/oauth2/v2.0/token.`);
      let body: Buffer;
      try {
        body = await readBody(req, BODY_LIMIT);
      } catch (error) {
        if (error instanceof BodyTooLargeError) throw new EntraError(413, 'invalid_request', 90004, 'Request body too large.');
        throw error;
      }
      if (!String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) throw new EntraError(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'grant_type'.");
      for (const [k, v] of new URLSearchParams(body.toString('utf8'))) form.append(k, v);
      const issued = await issue(state, decodeURIComponent(match[1]!), form);
      state.calls.push({ service: 'login', method: 'POST', path, status: 200, clientId: issued.clientId });
      sendJson(res, 200, issued.body);
    } catch (error) {
      if (!(error instanceof EntraError)) throw error;
      state.calls.push({ service: 'login', method: req.method ?? '', path, status: error.status, error: `AADSTS${error.code}`, ...(form.get('client_id') ? { clientId: form.get('client_id')! } : {}) });
      sendJson(res, error.status, { error: error.error, error_description: error.message, error_codes: [error.code], timestamp: new Date(state.clock()).toISOString() });
    }
  }, options);
}
