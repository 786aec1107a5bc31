import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { BodyTooLargeError, parseJson, readBody, sendJson } from '../../http/json-http.js';
import type { OpenApiDocument } from '../openapi/openapi-document-loader.js';
import { loadOpenApiValidator, type OpenApiValidator, type ValidationIssue } from '../openapi/openapi-validator.js';
import { appsRoutes } from './apps-routes.js';
import { serveAttestationBlob } from './attestation-blob-route.js';
import { matchRegistrationPage, serveRegistrationPage } from './app-registration-page.js';
import { authenticateCaller, parseAuthorization, reachableRepo } from './authenticate-caller.js';
import { serveEcho } from './echo-route.js';
import { matchGitRoute, type GitSmartHttp } from './git-smart-http.js';
import { checksIssuesRoutes } from './checks-issues-routes.js';
import { entityTag, matchesIfNoneMatch } from './conditional-response.js';
import { hookDeliveriesRoutes } from './hook-deliveries-routes.js';
import { gitDataRoutes } from './git-data-routes.js';
import { loadGithubSpec, resolveRef, responseSchema } from './github-spec.js';
import { grants, operationRequirements } from './operation-permissions.js';
import { protectionRoutes } from './protection-routes.js';
import { pullsRoutes } from './pulls-routes.js';
import { pullsWriteRoutes } from './pulls-write-routes.js';
import { repoRoutes } from './repo-routes.js';
import { teamsRoutes } from './teams-routes.js';
import { takeFault } from './request-faults.js';
import { recordRequest } from './request-log.js';
import { githubError, type RouteHandler, type RouteResult } from './route-types.js';
import { fillToSchema } from './schema-fill.js';
import type { WorldRequest, WorldState } from './world-state.js';
import { snapshotWorld } from './world-snapshot.js';

const routes: Record<string, RouteHandler> = { ...appsRoutes, ...repoRoutes, ...checksIssuesRoutes, ...protectionRoutes, ...pullsRoutes, ...gitDataRoutes, ...pullsWriteRoutes, ...teamsRoutes, ...hookDeliveriesRoutes };
const BODY_LIMIT = 8 * 1024 * 1024;

export interface GithubServer {
  server: Server;
  port: number;
  /** The same handler over TLS, when `tls` was given. */
  https?: { server: Server; port: number };
  close(): Promise<void>;
}

/**
 * The GitHub REST API stand-in. Every request and response is checked against GitHub's OpenAPI
 * description; a mismatch is recorded in `state.violations` and answered with an error, so the
 * test that caused it fails. Served at `/` and under `/api/v3` (GitHub Enterprise paths, which
 * Probot uses with GHE_HOST). Also served, outside the OpenAPI description: git smart HTTP when
 * `git` is given, `/_world/state`, `/_world/echo` and the `settings/apps/new` page of the
 * manifest flow (app-registration-page.ts). With `tls`, a second listener serves the
 * same over HTTPS. Every request is recorded in `state.requests` (request-log.ts). The attestation
 * blobs `bundle_url`s point at are served under `/_world/blobs/attestations/` (attestation-blob-route.ts),
 * and failures queued in `state.faults` (request-faults.ts) answer before anything else.
 */
export async function startGithubServer(
  state: WorldState,
  options: { port?: number; validator?: OpenApiValidator; tls?: { keyPem: string; certPem: string; port?: number; host?: string }; git?: GitSmartHttp } = {},
): Promise<GithubServer> {
  const spec = await loadGithubSpec();
  const validator = options.validator ?? (await loadOpenApiValidator({ document: spec as unknown as OpenApiDocument }));

  const violation = (method: string, path: string, where: string, message: string): void => {
    state.violations.push({ method, path, where, message });
  };

  const handle = async (req: IncomingMessage, res: ServerResponse, listener: WorldRequest['listener']): Promise<void> => {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://world.invalid');
    const path = url.pathname.replace(/^\/api\/v3(?=\/)/, '');
    const presented = parseAuthorization(req.headers.authorization);
    const credentialCaller = presented.credential === undefined ? undefined : await authenticateCaller(state, presented.credential);
    const logged = recordRequest(state, { method, path: url.pathname, listener, presented, caller: credentialCaller });
    res.once('finish', () => (logged.status = res.statusCode));
    const fault = takeFault(state, method, path);
    if (fault) {
      await readBody(req, BODY_LIMIT).catch(() => undefined);
      if (fault.answer === 'reset') return void req.socket.destroy();
      return sendJson(res, fault.answer, { message: `local world: injected failure (${fault.answer})`, documentation_url: 'https://docs.github.com/rest', status: String(fault.answer) });
    }
    if (path === '/_world/state' && method === 'GET') return sendJson(res, 200, snapshotWorld(state));
    if (path === '/_world/echo') return serveEcho(req, res);
    if (serveAttestationBlob(state, method, path, url.searchParams, res)) return;
    const registration = matchRegistrationPage(method, path);
    if (registration) return serveRegistrationPage(state, req, res, url, registration);
    const gitRoute = options.git && matchGitRoute(method, url);
    if (gitRoute) return options.git!.serve(req, res, gitRoute, credentialCaller);

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
      if (method === 'GET' && result.status === 200 && out !== undefined) {
        const etag = entityTag(out);
        if (matchesIfNoneMatch(req.headers['if-none-match'], etag)) return void res.writeHead(304, { etag, vary: 'Accept, Authorization' }).end();
        return sendJson(res, result.status, out, { ...result.headers, etag, vary: 'Accept, Authorization' });
      }
      sendJson(res, result.status, out, result.headers);
    };

    if (requirement === 'none') return respond(handler({ state, params: op.pathParams, query: url.searchParams, body: (body ?? {}) as Record<string, unknown>, caller: { kind: 'anonymous' }, accept: String(req.headers.accept ?? ''), origin: origins[listener] }));
    // The REST API takes `token` and `bearer` credentials only.
    const caller = presented.scheme === 'token' || presented.scheme === 'bearer' ? credentialCaller! : githubError(401, 'Requires authentication');
    if ('status' in caller) return respond(caller);
    if (requirement === 'app' && caller.kind !== 'app') return respond(githubError(401, 'A JSON web token could not be decoded'));
    if (requirement !== 'app' && caller.kind === 'app') return respond(githubError(401, 'Bad credentials'));
    if (typeof requirement === 'object' && caller.kind === 'installation' && !grants(caller.token.permissions[requirement.permission], requirement.level)) {
      return respond(githubError(403, 'Resource not accessible by integration'));
    }

    let repo;
    if (op.pathParams.owner && op.pathParams.repo && caller.kind === 'installation') {
      repo = reachableRepo(state, caller.token, op.pathParams.owner, op.pathParams.repo);
      // GitHub answers 404, not 403, for repositories a token cannot see.
      if (!repo) return respond(githubError(404, 'Not Found'));
    }
    respond(handler({ state, params: op.pathParams, query: url.searchParams, body: (body ?? {}) as Record<string, unknown>, caller, accept: String(req.headers.accept ?? ''), origin: origins[listener], repo }));
  };

  const listener = (kind: WorldRequest['listener']) => (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res, kind).catch((error: unknown) => {
      violation(req.method ?? '', req.url ?? '', 'server', String(error));
      if (!res.headersSent) sendJson(res, 500, { message: `local world error: ${String(error)}` });
    });
  };
  const listen = async (server: Server, port: number | undefined, host = '127.0.0.1') => {
    await new Promise<void>((resolve) => server.listen(port ?? 0, host, resolve));
    return (server.address() as AddressInfo).port;
  };
  const close = (server: Server) => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); });

  const server = createServer(listener('http'));
  const port = await listen(server, options.port);
  // Where each listener is reached, for absolute URLs handed out (attestation bundle_url).
  const origins: Record<WorldRequest['listener'], string> = { http: `http://127.0.0.1:${port}`, https: '' };
  let https: GithubServer['https'];
  if (options.tls) {
    const tlsServer = createHttpsServer({ key: options.tls.keyPem, cert: options.tls.certPem }, listener('https'));
    https = { server: tlsServer, port: await listen(tlsServer, options.tls.port, options.tls.host) };
    origins.https = `https://${options.tls.host ?? '127.0.0.1'}:${https.port}`;
  }
  return {
    server,
    port,
    https,
    close: async () => { await Promise.all([close(server), ...(https ? [close(https.server)] : [])]); },
  };
}
