import type { IncomingMessage, ServerResponse } from 'node:http';
import { createLocalJWKSet, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import { BodyTooLargeError, readBody, sendJson } from '../../http/json-http.js';
import { startStandInServer, type StandInServer } from '../stand-in-server.js';
import { newGoogleAccessToken, type GcpWorldState } from './gcp-state.js';

/*
 * A stand-in for Google's Security Token Service: POST /v1/token exchanges an OIDC token from a
 * workload identity pool provider's issuer for a federated access token (RFC 8693 token exchange).
 * The token is checked as IAM documents it: the audience parameter must name an existing provider,
 * the token's signature must verify against the provider's issuer keys, its `aud` must be one of
 * the provider's allowed audiences, it must not be expired, and the provider's attribute condition
 * must hold. Refusals carry OAuth's error codes with Google's descriptions.
 * https://cloud.google.com/iam/docs/reference/sts/rest/v1/TopLevel/token
 * https://cloud.google.com/iam/docs/workload-identity-federation#mapping
 */

const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const JWT_TYPES = new Set(['urn:ietf:params:oauth:token-type:jwt', 'urn:ietf:params:oauth:token-type:id_token']);
const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';
/** Federated tokens live an hour (the reference's expires_in). */
const FEDERATED_LIFETIME_SECONDS = 3600;
const BODY_LIMIT = 64 * 1024;

class StsRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly description: string,
  ) {
    super(description);
  }
}

const claim = (payload: JWTPayload, name: string): string | undefined => {
  const value = payload[name];
  return value === undefined || value === null ? undefined : String(value);
};

/** The request's fields, from a JSON body (camelCase, as the REST reference) or a form (RFC 8693's snake_case). */
function fields(req: IncomingMessage, body: Buffer): Record<string, string> {
  const type = String(req.headers['content-type'] ?? '');
  const out: Record<string, string> = {};
  if (type.startsWith('application/json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      throw new StsRefusal(400, 'invalid_request', 'Invalid JSON payload received.');
    }
    for (const [k, v] of Object.entries((parsed ?? {}) as Record<string, unknown>)) if (typeof v === 'string') out[k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)] = v;
  } else for (const [k, v] of new URLSearchParams(body.toString('utf8'))) out[k] = v;
  return out;
}

async function exchange(state: GcpWorldState, f: Record<string, string>): Promise<{ access_token: string; issued_token_type: string; token_type: string; expires_in: number }> {
  if (f.grant_type !== TOKEN_EXCHANGE) throw new StsRefusal(400, 'unsupported_grant_type', `The grant_type parameter must be ${TOKEN_EXCHANGE}.`);
  if (!f.subject_token_type || !JWT_TYPES.has(f.subject_token_type)) throw new StsRefusal(400, 'invalid_request', 'Invalid value for "subject_token_type".');
  if (f.requested_token_type !== undefined && f.requested_token_type !== ACCESS_TOKEN_TYPE) throw new StsRefusal(400, 'invalid_request', 'Invalid value for "requested_token_type".');
  if (!f.subject_token) throw new StsRefusal(400, 'invalid_request', 'The "subject_token" parameter is required.');
  const name = (f.audience ?? '').replace(/^\/\/iam\.googleapis\.com\//, '');
  const provider = state.providers.get(name);
  if (!provider || !f.audience?.startsWith('//iam.googleapis.com/'))
    throw new StsRefusal(400, 'invalid_target', 'The target service indicated by the "audience" parameters is invalid. This might either be because the pool or provider is disabled or deleted or because it doesn\'t exist.');
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(f.subject_token, createLocalJWKSet(provider.jwks()), { algorithms: ['RS256'], issuer: provider.issuer, requiredClaims: ['exp', 'iat'], currentDate: new Date(state.clock()) }));
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) throw new StsRefusal(400, 'invalid_grant', 'The ID Token has expired.');
    if (error instanceof joseErrors.JWTClaimValidationFailed && error.claim === 'iss') throw new StsRefusal(400, 'invalid_grant', `The issuer in ID Token does not match the expected issuer: ${provider.issuer}.`);
    throw new StsRefusal(400, 'invalid_grant', 'Invalid JWT signature.');
  }
  const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud ?? ''];
  if (!audiences.some((a) => provider.allowedAudiences.includes(a))) throw new StsRefusal(400, 'invalid_grant', `The audience in ID Token [${audiences.join(', ')}] does not match the expected audience.`);
  for (const [key, expected] of Object.entries(provider.condition)) {
    if (claim(payload, key) !== expected) throw new StsRefusal(400, 'unauthorized_client', 'The given credential is rejected by the attribute condition.');
  }
  const sub = claim(payload, 'sub');
  if (!sub) throw new StsRefusal(400, 'invalid_grant', 'The mapped attribute google.subject must not be empty.');
  const token = newGoogleAccessToken();
  state.tokens.set(token, {
    kind: 'federated',
    provider: provider.name,
    principal: `principal://iam.googleapis.com/${provider.pool}/subject/${sub}`,
    principalSets: provider.attributes.flatMap((a) => (claim(payload, a) === undefined ? [] : [`principalSet://iam.googleapis.com/${provider.pool}/attribute.${a}/${claim(payload, a)!}`])),
    expiresAt: state.clock() + FEDERATED_LIFETIME_SECONDS * 1000,
  });
  return { access_token: token, issued_token_type: ACCESS_TOKEN_TYPE, token_type: 'Bearer', expires_in: FEDERATED_LIFETIME_SECONDS };
}

export async function startGcpStsStandIn(state: GcpWorldState, options: { tls?: { keyPem: string; certPem: string }; host?: string } = {}): Promise<StandInServer> {
  return startStandInServer(async (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://sts.local').pathname;
    const record = (status: number, error?: string) => state.calls.push({ service: 'sts', method: req.method ?? '', path, status, ...(error ? { error } : {}) });
    if (req.method !== 'POST' || path !== '/v1/token') {
      record(404, 'not-found');
      return sendJson(res, 404, { error: 'not_found', error_description: `${req.method ?? ''} ${path} is not a Security Token Service method` });
    }
    try {
      let body: Buffer;
      try {
        body = await readBody(req, BODY_LIMIT);
      } catch (error) {
        if (error instanceof BodyTooLargeError) throw new StsRefusal(413, 'invalid_request', 'Request body too large.');
        throw error;
      }
      const answer = await exchange(state, fields(req, body));
      record(200);
      sendJson(res, 200, answer);
    } catch (error) {
      if (!(error instanceof StsRefusal)) throw error;
      record(error.status, error.code);
      sendJson(res, error.status, { error: error.code, error_description: error.description });
    }
  }, options);
}
