import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { parseJson, readBody, sendJson } from '../http/json-http.js';

/** GitHub Actions OIDC claims; ids are strings, as GitHub sends them. */
export type ActionsClaims = Record<string, string | number | boolean | string[] | undefined>;

export interface OidcIssuer {
  issuer: string;
  /** Registers a job: its token endpoint URL and request token, as the runner would set them. */
  registerJob(claims: ActionsClaims): { requestUrl: string; requestToken: string };
  /** Signs a token with the issuer's key: defaults for the job, then `overrides`. */
  mint(overrides?: ActionsClaims, audience?: string): Promise<string>;
  jwks(): { keys: JWK[] };
  close(): Promise<void>;
}

/** Claims of a `workflow_dispatch` job on acme/widgets main, shaped like GitHub's. */
export function defaultJobClaims(ids: { repositoryId: number; ownerId: number; actorId: number }): ActionsClaims {
  return {
    sub: 'repo:acme/widgets:ref:refs/heads/main',
    ref: 'refs/heads/main',
    ref_type: 'branch',
    ref_protected: 'true',
    sha: 'a'.repeat(40),
    repository: 'acme/widgets',
    repository_id: String(ids.repositoryId),
    repository_owner: 'acme',
    repository_owner_id: String(ids.ownerId),
    repository_visibility: 'public',
    run_id: '7000001',
    run_number: '1',
    run_attempt: '1',
    actor: 'alice',
    actor_id: String(ids.actorId),
    workflow: 'agent',
    workflow_ref: 'acme/widgets/.github/workflows/agent.yml@refs/heads/main',
    workflow_sha: 'a'.repeat(40),
    job_workflow_ref: 'acme/widgets/.github/workflows/agent.yml@refs/heads/main',
    job_workflow_sha: 'a'.repeat(40),
    event_name: 'workflow_dispatch',
    head_ref: '',
    base_ref: '',
    runner_environment: 'github-hosted',
  };
}

/**
 * A stand-in for https://token.actions.githubusercontent.com: JWKS, discovery document and the
 * runner's token endpoint (ACTIONS_ID_TOKEN_REQUEST_URL; the `audience` query parameter is honoured).
 * https://docs.github.com/en/actions/reference/security/oidc
 */
export async function startOidcIssuer(options: {
  defaults: ActionsClaims;
  port?: number;
  clock?: () => number;
}): Promise<OidcIssuer> {
  const clock = options.clock ?? Date.now;
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = randomBytes(8).toString('hex');
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  const jobs = new Map<string, ActionsClaims>();
  let issuer = '';

  const sign = async (key: CryptoKey, claims: ActionsClaims, audience: string): Promise<string> => {
    const now = Math.floor(clock() / 1000);
    const body: ActionsClaims = { jti: randomUUID(), aud: audience, iss: issuer, iat: now, nbf: now, exp: now + 300, ...claims };
    for (const [k, v] of Object.entries(body)) if (v === undefined) delete body[k];
    return new SignJWT(body).setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' }).sign(key);
  };

  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', issuer);
      if (req.method === 'GET' && url.pathname === '/.well-known/openid-configuration') {
        return sendJson(res, 200, { issuer, jwks_uri: `${issuer}/.well-known/jwks`, id_token_signing_alg_values_supported: ['RS256'] });
      }
      if (req.method === 'GET' && url.pathname === '/.well-known/jwks') return sendJson(res, 200, { keys: [jwk] });
      if (req.method === 'GET' && url.pathname === '/actions/token') {
        const auth = req.headers.authorization ?? '';
        const claims = jobs.get(auth.replace(/^Bearer /, ''));
        if (!claims) return sendJson(res, 401, { message: 'invalid request token' });
        const audience = url.searchParams.get('audience') ?? `https://github.com/${String(claims.repository_owner)}`;
        return sendJson(res, 200, { value: await sign(privateKey, claims, audience) });
      }
      if (req.method === 'POST' && url.pathname === '/world/token') {
        const overrides = (parseJson(await readBody(req, 64 * 1024)) ?? {}) as ActionsClaims;
        const audience = typeof overrides.aud === 'string' ? overrides.aud : 'airlock';
        return sendJson(res, 200, { value: await sign(privateKey, { ...options.defaults, ...overrides }, audience) });
      }
      sendJson(res, 404, { message: 'Not Found' });
    })().catch((error: unknown) => sendJson(res, 500, { message: String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    issuer,
    registerJob(claims) {
      const requestToken = randomBytes(24).toString('hex');
      jobs.set(requestToken, { ...options.defaults, ...claims });
      return { requestUrl: `${issuer}/actions/token?api-version=2.0`, requestToken };
    },
    mint: (overrides = {}, audience = 'airlock') => sign(privateKey, { ...options.defaults, ...overrides }, audience),
    jwks: () => ({ keys: [jwk] }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
