import type { IncomingMessage, ServerResponse } from 'node:http';
import { reachableRepo } from './authenticate-caller.js';
import { runGitHttpBackend } from './git-http-backend.js';
import { mirrorGitEnvironment, type GitMirror } from './git-mirror.js';
import { REF_RULES_VARIABLE, refRules } from './git-push-rules.js';
import { grants } from './operation-permissions.js';
import type { PushedRef } from './push-payload.js';
import type { Caller, RouteResult } from './route-types.js';
import type { WorldState } from './world-state.js';

export type GitService = 'git-upload-pack' | 'git-receive-pack';

/** A request for git smart HTTP: the ref advertisement, a service call, or a URL of that shape git never sends. */
export type GitRoute =
  | { owner: string; name: string; kind: 'advertise' | 'call'; service: GitService }
  | { owner: string; name: string; kind: 'unsupported' };

const GIT_PATH = /^\/([A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)\/([A-Za-z0-9._-]+?)(?:\.git)?\/(info\/refs|git-upload-pack|git-receive-pack)$/;
const SERVICES: readonly string[] = ['git-upload-pack', 'git-receive-pack'];

/**
 * GitHub's smart-HTTP URLs, with or without `.git`: `GET /{owner}/{repo}.git/info/refs?service=…`,
 * `POST /{owner}/{repo}.git/git-upload-pack` and `…/git-receive-pack`.
 * https://git-scm.com/docs/http-protocol
 */
export function matchGitRoute(method: string, url: URL): GitRoute | undefined {
  const match = GIT_PATH.exec(url.pathname);
  if (!match) return undefined;
  const [, owner = '', name = '', endpoint = ''] = match;
  const service = url.searchParams.get('service') ?? '';
  if (endpoint === 'info/refs' && method === 'GET' && SERVICES.includes(service)) return { owner, name, kind: 'advertise', service: service as GitService };
  if (endpoint !== 'info/refs' && method === 'POST') return { owner, name, kind: 'call', service: endpoint as GitService };
  return { owner, name, kind: 'unsupported' };
}

function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers }).end(text);
}

/** Git shows an error response's text/plain body as `remote: …` before its own message. */
const challenge = { 'www-authenticate': 'Basic realm="GitHub"' };

export interface GitSmartHttp {
  /** `caller`: what the request's credential authenticates as; undefined when it presents none. */
  serve(req: IncomingMessage, res: ServerResponse, route: GitRoute, caller: Caller | RouteResult | undefined): Promise<void>;
}

/**
 * Git over smart HTTP for the world's repositories, served by real git (`git http-backend`) from
 * their mirrors (git-mirror.ts), authenticated as GitHub authenticates git over HTTPS: HTTP Basic
 * with an installation token as password (any username; GitHub Apps use `x-access-token`), or the
 * REST API's `Authorization: token|bearer`. No credentials: 401 with GitHub's Basic challenge; a
 * bad, expired or revoked token, or an App JWT: 401; a repository the token cannot see: 404;
 * fetching needs `contents: read` and pushing `contents: write`, else 403 (checked at the ref
 * advertisement too, where GitHub refuses a push). The world's repositories are all treated as
 * private, as its REST routes treat them: there is no anonymous clone.
 * https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/authenticating-as-a-github-app-installation
 * A push is checked against the world's rulesets by the mirrors' `update` hook (git-push-rules.ts);
 * each accepted ref update goes into the world's model and then to `onPush`, after the repository
 * is released, so a webhook receiver may fetch from it, and before the response ends, so the
 * webhook has been delivered when `git push` returns.
 */
export function createGitSmartHttp(options: { state: WorldState; mirror: GitMirror; onPush: (push: PushedRef) => Promise<void> }): GitSmartHttp {
  const { state, mirror } = options;
  return {
    async serve(req, res, route, caller) {
      if (route.kind === 'unsupported') {
        // The dumb protocol's requests, or methods git does not use: only smart HTTP is served.
        return sendText(res, 403, 'local world: only git smart HTTP is served (git-upload-pack, git-receive-pack)\n');
      }
      if (caller === undefined) return sendText(res, 401, 'Authentication required for git over HTTPS.\n', challenge);
      if ('status' in caller || caller.kind !== 'installation') {
        return sendText(res, 401, 'Invalid username or token. Password authentication is not supported for Git operations.\n', challenge);
      }
      const repo = reachableRepo(state, caller.token, route.owner, route.name);
      if (!repo) return sendText(res, 404, 'Repository not found.\n');
      const push = route.service === 'git-receive-pack';
      if (!grants(caller.token.permissions.contents, push ? 'write' : 'read')) {
        return sendText(res, 403, `Permission to ${repo.owner.login}/${repo.name}.git denied to ${state.appBot.login}.\n`);
      }

      const pushed = await mirror.use(repo, async (mirrored): Promise<PushedRef[]> => {
        const env: Record<string, string> = {
          ...mirrorGitEnvironment(),
          GIT_PROJECT_ROOT: mirror.root,
          GIT_HTTP_EXPORT_ALL: '1',
          PATH_INFO: `${mirrored.pathInfo}/${route.kind === 'advertise' ? 'info/refs' : route.service}`,
          QUERY_STRING: route.kind === 'advertise' ? `service=${route.service}` : '',
          REQUEST_METHOD: req.method ?? 'GET',
          CONTENT_TYPE: String(req.headers['content-type'] ?? ''),
          REMOTE_USER: state.appBot.login,
          REMOTE_ADDR: req.socket.remoteAddress ?? '127.0.0.1',
        };
        if (req.headers['content-length'] !== undefined) env.CONTENT_LENGTH = String(req.headers['content-length']);
        if (req.headers['content-encoding'] !== undefined) env.HTTP_CONTENT_ENCODING = String(req.headers['content-encoding']);
        // Protocol v2 is asked for in this header and reaches git as GIT_PROTOCOL through http-backend.
        if (req.headers['git-protocol'] !== undefined) env.HTTP_GIT_PROTOCOL = String(req.headers['git-protocol']);
        if (push) env[REF_RULES_VARIABLE] = refRules(state, repo, caller);
        await runGitHttpBackend({ req, res, env });
        return push && route.kind === 'call' ? mirrored.importPushedRefs() : [];
      }).catch((error: unknown) => {
        // Mid-response, the client can only be told by a broken connection; the caller records the error.
        if (res.headersSent) res.destroy();
        throw error;
      });
      for (const update of pushed) {
        try {
          await options.onPush(update);
        } catch (error) {
          state.violations.push({ method: 'POST', path: update.ref, where: 'webhook', message: `local world: the push webhook could not be delivered: ${String(error)}` });
        }
      }
      res.end();
    },
  };
}
