import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createLocalJWKSet, decodeJwt, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import { BodyTooLargeError, readBody } from '../../http/json-http.js';
import { globMatches, newSessionCredentials, providerArn, type AwsWorldState, type WorldRole } from './aws-state.js';
import { escapeXml, sendXml, stsErrorXml } from './aws-xml.js';
import { headerValues, parseAuthorization, sha256Hex, verifyHeaderSignature } from './sigv4-verifier.js';

/*
 * A stand-in for AWS STS's Query API: AssumeRoleWithWebIdentity (unsigned, as AWS accepts it) and
 * GetCallerIdentity (SigV4-signed with a session it issued). Tokens are checked as AWS documents
 * it: the issuer must be an IAM OIDC provider of the account, the signature must verify against
 * that provider's keys, the audience must be one of its client ids, the token must not be expired
 * (five minutes of leeway), and the role's trust policy must name the provider and hold for the
 * token's claims. Each refusal is the error AWS gives for it.
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_oidc.html
 */

const NS = 'https://sts.amazonaws.com/doc/2011-06-15/';
/** IAM accepts an OIDC token up to five minutes past its `exp` (id_roles_providers_oidc.html). */
const EXPIRY_LEEWAY_SECONDS = 300;
const MIN_DURATION = 900;
const BODY_LIMIT = 64 * 1024;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

class StsError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const validation = (message: string) => new StsError(400, 'ValidationError', `1 validation error detected: ${message}`);
const invalidToken = (message: string) => new StsError(400, 'InvalidIdentityToken', message);
const accessDenied = () => new StsError(403, 'AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity');

export interface StsStandIn {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** A claim as the condition sees it: strings as they are, other JSON values as text. */
const claimText = (payload: JWTPayload, claim: string): string[] | undefined => {
  const value = payload[claim];
  if (value === undefined || value === null) return undefined;
  return Array.isArray(value) ? value.map(String) : [String(value)];
};

/** StringEquals / StringLike: every key's condition holds (any listed value matches any of the claim's values); an absent key fails. */
function conditionsHold(role: WorldRole, providerUrl: string, payload: JWTPayload): boolean {
  const check = (block: Readonly<Record<string, string | readonly string[]>> | undefined, like: boolean) =>
    Object.entries(block ?? {}).every(([key, expected]) => {
      const prefix = `${providerUrl}:`;
      if (!key.startsWith(prefix)) return false;
      const actual = claimText(payload, key.slice(prefix.length));
      if (!actual) return false;
      const wanted = typeof expected === 'string' ? [expected] : expected;
      return actual.some((a) => wanted.some((w) => (like ? globMatches(w, a) : w === a)));
    });
  return check(role.trust.stringEquals, false) && check(role.trust.stringLike, true);
}

async function assumeRoleWithWebIdentity(state: AwsWorldState, params: URLSearchParams): Promise<string> {
  const roleArn = params.get('RoleArn');
  const sessionName = params.get('RoleSessionName');
  const token = params.get('WebIdentityToken');
  if (roleArn === null) throw validation("Value null at 'roleArn' failed to satisfy constraint: Member must not be null");
  if (sessionName === null) throw validation("Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null");
  if (token === null) throw validation("Value null at 'webIdentityToken' failed to satisfy constraint: Member must not be null");
  if (!SESSION_NAME.test(sessionName)) throw validation(`Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`);
  const durationText = params.get('DurationSeconds');
  const duration = durationText === null ? 3600 : Number(durationText);
  if (!Number.isInteger(duration) || duration < MIN_DURATION) throw validation(`Value '${durationText}' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to ${MIN_DURATION}`);
  const policy = params.get('Policy') ?? undefined;
  if (policy !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(policy);
    } catch {
      parsed = undefined;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new StsError(400, 'MalformedPolicyDocument', 'The policy is not in the valid JSON format.');
  }

  let claims: JWTPayload;
  try {
    claims = decodeJwt(token);
  } catch {
    throw invalidToken('The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)');
  }
  const issuer = typeof claims.iss === 'string' ? claims.iss : '';
  const providerUrl = issuer.replace(/^https?:\/\//, '');
  const provider = state.providers.get(providerUrl);
  if (!provider) throw invalidToken(`No OpenIDConnect provider found in your account for ${issuer}`);
  let payload: JWTPayload;
  const now = Math.floor(state.clock() / 1000);
  try {
    ({ payload } = await jwtVerify(token, createLocalJWKSet(provider.jwks()), { algorithms: ['RS256'], requiredClaims: ['exp'], currentDate: new Date(state.clock()), clockTolerance: EXPIRY_LEEWAY_SECONDS }));
  } catch (error) {
    if (error instanceof joseErrors.JWKSNoMatchingKey) throw invalidToken("Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements");
    if (error instanceof joseErrors.JWTExpired) throw new StsError(400, 'ExpiredTokenException', `Token expired: current date/time ${now} must be before the expiration date/time${String(claims.exp)}`);
    throw invalidToken('The web identity token that was passed could not be validated by AWS. Get a new identity token from the identity provider and then retry the request.');
  }
  const audiences = claimText(payload, 'aud') ?? [];
  if (!audiences.some((a) => provider.clientIds.includes(a))) throw invalidToken('Incorrect token audience');

  const role = state.roles.get(roleArn);
  // A missing role and a trust policy that does not hold look alike to the caller.
  if (!role || role.trust.federated !== providerArn(state, providerUrl) || !conditionsHold(role, providerUrl, payload)) throw accessDenied();
  if (duration > role.maxSessionDuration) throw validation(`The requested DurationSeconds exceeds the MaxSessionDuration set for this role.`);

  const issuedAt = state.clock();
  const credentials = newSessionCredentials();
  const roleName = role.arn.slice(role.arn.indexOf(':role/') + ':role/'.length);
  const session = {
    ...credentials,
    roleArn: role.arn,
    assumedRoleArn: `arn:aws:sts::${state.accountId}:assumed-role/${roleName}/${sessionName}`,
    assumedRoleId: `${role.roleId}:${sessionName}`,
    issuedAt,
    expiresAt: issuedAt + duration * 1000,
    durationSeconds: duration,
    ...(policy !== undefined ? { policy } : {}),
  };
  state.sessions.set(session.accessKeyId, session);
  state.stsCalls.push({ action: 'AssumeRoleWithWebIdentity', roleArn, status: 200, accessKeyId: session.accessKeyId });
  const expiration = new Date(session.expiresAt).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return `<AssumeRoleWithWebIdentityResponse xmlns="${NS}">
  <AssumeRoleWithWebIdentityResult>
    <SubjectFromWebIdentityToken>${escapeXml(String(payload.sub ?? ''))}</SubjectFromWebIdentityToken>
    <Audience>${escapeXml(audiences[0] ?? '')}</Audience>
    <AssumedRoleUser>
      <Arn>${escapeXml(session.assumedRoleArn)}</Arn>
      <AssumedRoleId>${escapeXml(session.assumedRoleId)}</AssumedRoleId>
    </AssumedRoleUser>
    <Credentials>
      <SessionToken>${session.sessionToken}</SessionToken>
      <SecretAccessKey>${session.secretAccessKey}</SecretAccessKey>
      <Expiration>${expiration}</Expiration>
      <AccessKeyId>${session.accessKeyId}</AccessKeyId>
    </Credentials>
    <Provider>${escapeXml(providerUrl)}</Provider>
  </AssumeRoleWithWebIdentityResult>
  <ResponseMetadata>
    <RequestId>${randomUUID()}</RequestId>
  </ResponseMetadata>
</AssumeRoleWithWebIdentityResponse>
`;
}

/** GetCallerIdentity, signed with a session this STS issued (checked with the world's own SigV4 verifier). */
function getCallerIdentity(state: AwsWorldState, req: IncomingMessage, body: Buffer): string {
  const parsed = parseAuthorization(String(req.headers.authorization ?? ''));
  if (!parsed.ok) throw new StsError(400, 'IncompleteSignature', parsed.message);
  const { auth } = parsed;
  const session = state.sessions.get(auth.accessKeyId);
  if (!session) throw new StsError(403, 'InvalidClientTokenId', 'The security token included in the request is invalid.');
  if (req.headers['x-amz-security-token'] !== session.sessionToken) throw new StsError(403, 'InvalidClientTokenId', 'The security token included in the request is invalid.');
  if (state.clock() >= session.expiresAt) throw new StsError(403, 'ExpiredToken', 'The security token included in the request is expired');
  const raw = req.url ?? '/';
  const q = raw.indexOf('?');
  const verdict = verifyHeaderSignature(
    { method: req.method ?? 'POST', rawPath: q < 0 ? raw : raw.slice(0, q), rawQuery: q < 0 ? '' : raw.slice(q + 1), headers: headerValues(req.rawHeaders), payloadHash: String(req.headers['x-amz-content-sha256'] ?? sha256Hex(body)) },
    auth,
    session.secretAccessKey,
    String(req.headers['x-amz-date'] ?? ''),
  );
  if (!verdict.ok) throw new StsError(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.');
  state.stsCalls.push({ action: 'GetCallerIdentity', roleArn: session.roleArn, status: 200, accessKeyId: session.accessKeyId });
  return `<GetCallerIdentityResponse xmlns="${NS}">
  <GetCallerIdentityResult>
    <Arn>${escapeXml(session.assumedRoleArn)}</Arn>
    <UserId>${escapeXml(session.assumedRoleId)}</UserId>
    <Account>${state.accountId}</Account>
  </GetCallerIdentityResult>
  <ResponseMetadata>
    <RequestId>${randomUUID()}</RequestId>
  </ResponseMetadata>
</GetCallerIdentityResponse>
`;
}

/**
 * Starts the STS stand-in over HTTPS with the world's certificate (`tls`), or plain HTTP when none
 * is given. Parameters come from the query string or a form-encoded body, as the Query API takes them.
 */
export async function startStsStandIn(state: AwsWorldState, options: { tls?: { keyPem: string; certPem: string }; host?: string; port?: number } = {}): Promise<StsStandIn> {
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://sts.local');
      let body: Buffer;
      try {
        body = await readBody(req, BODY_LIMIT);
      } catch (error) {
        if (error instanceof BodyTooLargeError) return sendXml(res, 413, stsErrorXml('RequestEntityTooLarge', 'Request body too large'));
        throw error;
      }
      const params = new URLSearchParams(url.search);
      if (String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) for (const [k, v] of new URLSearchParams(body.toString('utf8'))) params.append(k, v);
      const action = params.get('Action') ?? '';
      try {
        if (action === 'AssumeRoleWithWebIdentity') return sendXml(res, 200, await assumeRoleWithWebIdentity(state, params));
        if (action === 'GetCallerIdentity') return sendXml(res, 200, getCallerIdentity(state, req, body));
        throw new StsError(400, 'InvalidAction', `Could not find operation ${action} for version ${params.get('Version') ?? 'NO_VERSION_SPECIFIED'}`);
      } catch (error) {
        if (!(error instanceof StsError)) throw error;
        state.stsCalls.push({ action, ...(params.get('RoleArn') ? { roleArn: params.get('RoleArn')! } : {}), status: error.status, code: error.code });
        sendXml(res, error.status, stsErrorXml(error.code, error.message));
      }
    })().catch((error: unknown) => sendXml(res, 500, stsErrorXml('InternalFailure', String(error))));
  };
  const server: Server = options.tls ? createHttpsServer({ key: options.tls.keyPem, cert: options.tls.certPem }, handle) : createServer(handle);
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, host, resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${options.tls ? 'https' : 'http'}://${host}:${port}`,
    port,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
