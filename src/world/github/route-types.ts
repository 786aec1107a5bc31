import type { WorldApp, WorldRepo, WorldState, WorldToken } from './world-state.js';

/** Who a credential belongs to: an App (by its JWT) or an installation token. */
export type AuthenticatedCaller = { kind: 'app'; app: WorldApp } | { kind: 'installation'; token: WorldToken };
/** `anonymous`: an operation GitHub serves without credentials (the manifest conversion). */
export type Caller = AuthenticatedCaller | { kind: 'anonymous' };

export interface RouteRequest {
  state: WorldState;
  params: Record<string, string>;
  query: URLSearchParams;
  body: Record<string, unknown>;
  caller: Caller;
  /** The Accept header: media types such as application/vnd.github.raw change the response. */
  accept: string;
  /** `scheme://host:port` of the listener that received the request, for absolute URLs it hands out. */
  origin: string;
  /** Resolved from `{owner}/{repo}` path parameters, already checked against the caller's token. */
  repo?: WorldRepo;
}

export interface RouteResult {
  status: number;
  body?: unknown;
  /** A non-JSON body (raw media types), sent as is; the JSON schema does not describe it. */
  raw?: { contentType: string; text: string };
  /** Response headers beyond the content type (`link` for cursor pagination). */
  headers?: Record<string, string>;
}

export type RouteHandler = (req: RouteRequest) => RouteResult;

/** GitHub's error body: https://docs.github.com/en/rest/using-the-rest-api/troubleshooting-the-rest-api */
export function githubError(status: number, message: string): RouteResult {
  return { status, body: { message, documentation_url: 'https://docs.github.com/rest', status: String(status) } };
}

export function requireRepo(req: RouteRequest): WorldRepo {
  if (!req.repo) throw new Error(`world: route needs a repository but has none (${JSON.stringify(req.params)})`);
  return req.repo;
}
