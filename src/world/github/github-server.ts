import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { importSPKI, jwtVerify, type CryptoKey } from 'jose';
import { BodyTooLargeError, parseJson, readBody, sendJson } from '../../http/json-http.js';
import type { OpenApiDocument } from '../openapi/openapi-document-loader.js';
import { loadOpenApiValidator, type OpenApiValidator, type ValidationIssue } from '../openapi/openapi-validator.js';
import { appsRoutes } from './apps-routes.js';
import { checksIssuesRoutes } from './checks-issues-routes.js';
import { gitDataRoutes } from './git-data-routes.js';
import { loadGithubSpec, resolveRef, responseSchema } from './github-spec.js';
import { grants, operationRequirements } from './operation-permissions.js';
import { protectionRoutes } from './protection-routes.js';
import { pullsRoutes } from './pulls-routes.js';
import { pullsWriteRoutes } from './pulls-write-routes.js';
import { repoRoutes } from './repo-routes.js';
import { teamsRoutes } from './teams-routes.js';
import { githubError, type Caller, type RouteHandler, type RouteResult } from './route-types.js';
import { fillToSchema } from './schema-fill.js';
import { hashToken, type WorldState } from './world-state.js';
import { snapshotWorld } from './world-snapshot.js';

const routes: Record<string, RouteHandler> = { ...appsRoutes, ...repoRoutes, ...checksIssuesRoutes, ...protectionRoutes, ...pullsRoutes, ...gitDataRoutes, ...pullsWriteRoutes, ...teamsRoutes };
const BODY_LIMIT = 8 * 1024 * 1024;

export interface GithubServer {
  server: Server;
  port: number;
  close(): Promise<void>;
}

/** Who is calling, as GitHub would see it; a RouteResult when GitHub would refuse the credentials. */
async function authenticate(state: WorldState, header: string | undefined, appKey: CryptoKey): Promise<Caller | RouteResult> {
  const match = /^(?:token|bearer)\s+(\S+)$/i.exec(header ?? '');
  if (!match) return githubError(401, 'Requires authentication');
  const credential = match[1]!;
  if (credential.split('.').length === 3) {
    // App JWT: RS256 by the App's key, `iss` the App id, at most 10 minutes long.
    // https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/generating-a-json-web-token-jwt-for-a-github-app
    try {
      const { payload } = await jwtVerify(credential, appKey, { algorithms: ['RS256'], currentDate: new Date(state.clock()), clockTolerance: 60 });
      const iss = String(payload.iss);
      if ((iss !== String(state.app.id) && iss !== state.app.clientId) || (payload.exp ?? 0) - (payload.iat ?? 0) > 660) {
        return githubError(401, "'Issuer' claim ('iss') must be an Integer or the App's client ID");
      }
      return { kind: 'app' };
    } catch {
      return githubError(401, 'A JSON web token could not be decoded');
    }
  }
  const token = state.tokens.get(hashToken(credential));
  if (!token || token.revokedAt !== undefined || token.expiresAt <= state.clock()) return githubError(401, 'Bad credentials');
  return { kind: 'installation', token };
}

/**
 * The GitHub REST API stand-in. Every request and response is checked against GitHub's OpenAPI
 * description; a mismatch is recorded in `state.violations` and answered with an error, so the
 * test that caused it fails. Served at `/` and under `/api/v3` (GitHub Enterprise paths, which
 * Probot uses with GHE_HOST).
 */
export async function startGithubServer(state: WorldState, options: { port?: number; validator?: OpenApiValidator } = {}): Promise<GithubServer> {
  const spec = await loadGithubSpec();
  const [validator, appKey] = await Promise.all([
    options.validator ?? loadOpenApiValidator({ document: spec as unknown as OpenApiDocument }),
    importSPKI(state.app.publicKeyPem, 'RS256'),
  ]);

  const violation = (method: string, path: string, where: string, message: string): void => {
    state.violations.push({ method, path, where, message });
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://world.invalid');
    const path = url.pathname.replace(/^\/api\/v3(?=\/)/, '');
    if (path === '/_world/state' && method === 'GET') return sendJson(res, 200, snapshotWorld(state));

    const op = validator.match(method, path);
    if (!op) {
      violation(method, path, 'path', 'GitHub documents no such operation');
      return sendJson(res, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
    }
    const handler = routes[op.operationId];
    const requirement = operationRequirements[op.operationId];
    if (!handler || !requirement) {
      violation(method, path, 'path', `the local world does not implement ${op.operationId}`);
      return sendJson(res, 501, { message: `local world: ${op.operationId} is not implemented` });
    }

    let body: unknown;
    try {
      body = parseJson(await readBody(req, BODY_LIMIT));
    } catch (error) {
      if (error instanceof BodyTooLargeError) return sendJson(res, 413, { message: 'Payload too large' });
      return sendJson(res, 400, { message: 'Problems parsing JSON' });
    }
    const requestIssues = validator.validateRequest(op, url.searchParams, body);
    if (requestIssues.length) {
      for (const issue of requestIssues) violation(method, path, issue.where, issue.message);
      return sendJson(res, 422, { message: 'Invalid request (local world: OpenAPI validation)', errors: requestIssues.map((i: ValidationIssue) => `${i.where}: ${i.message}`), documentation_url: 'https://docs.github.com/rest' });
    }

    const respond = (result: RouteResult): void => {
      if (result.raw) {
        res.writeHead(result.status, { 'content-type': result.raw.contentType }).end(result.raw.text);
        return;
      }
      let out = result.body;
      if (result.status < 300 && out !== undefined) {
        const schema = responseSchema(spec, op.pathTemplate, method, result.status);
        if (schema) out = fillToSchema(schema, out, (ref) => resolveRef(spec, ref));
      }
      const responseIssues = validator.validateResponse(op, result.status, out);
      if (responseIssues.length) {
        for (const issue of responseIssues) violation(method, path, issue.where, issue.message);
        return sendJson(res, 500, { message: 'local world: response does not match the OpenAPI description', errors: responseIssues.map((i: ValidationIssue) => i.message) });
      }
      sendJson(res, result.status, out);
    };

    const caller = await authenticate(state, req.headers.authorization, appKey);
    if ('status' in caller) return respond(caller);
    if (requirement === 'app' && caller.kind !== 'app') return respond(githubError(401, 'A JSON web token could not be decoded'));
    if (requirement !== 'app' && caller.kind === 'app') return respond(githubError(401, 'Bad credentials'));
    if (typeof requirement === 'object' && caller.kind === 'installation' && !grants(caller.token.permissions[requirement.permission], requirement.level)) {
      return respond(githubError(403, 'Resource not accessible by integration'));
    }

    let repo;
    if (op.pathParams.owner && op.pathParams.repo && caller.kind === 'installation') {
      repo = state.repos.get(`${op.pathParams.owner}/${op.pathParams.repo}`.toLowerCase());
      const installation = state.installations.get(caller.token.installationId);
      const reachable =
        repo && installation && repo.owner.id === installation.account.id &&
        (!caller.token.repositoryIds || caller.token.repositoryIds.includes(repo.id));
      // GitHub answers 404, not 403, for repositories a token cannot see.
      if (!reachable) return respond(githubError(404, 'Not Found'));
    }
    respond(handler({ state, params: op.pathParams, query: url.searchParams, body: (body ?? {}) as Record<string, unknown>, caller, accept: String(req.headers.accept ?? ''), repo }));
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      violation(req.method ?? '', req.url ?? '', 'server', String(error));
      if (!res.headersSent) sendJson(res, 500, { message: `local world error: ${String(error)}` });
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
