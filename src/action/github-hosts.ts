import type { HostRule } from '../egress/egress-policy.js';
import { normalizeHost } from '../egress/normalize-host.js';

/** One GitHub origin: normalised host, port, and the path prefix of its API (GHES serves it under one). */
interface Origin {
  readonly host: string;
  readonly port: number;
  readonly prefix: string;
}

/**
 * Where the run's GitHub lives, from the runner's `GITHUB_API_URL` and `GITHUB_SERVER_URL`:
 * github.com has api.github.com, github.com (git smart HTTP) and uploads.github.com (release
 * assets); GitHub Enterprise Server serves all three on its own host, under `/api/v3`,
 * `/` and `/api/uploads`.
 * https://docs.github.com/en/actions/reference/workflows-and-actions/variables#default-environment-variables
 * https://docs.github.com/en/enterprise-server@latest/rest/quickstart#using-curl-commands-in-github-actions
 */
export interface GithubHosts {
  readonly api: Origin;
  readonly server: Origin;
  readonly uploads: Origin;
}

function origin(url: string, what: string): Origin {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`${what} is not a URL: ${url}`);
  }
  const host = normalizeHost(parsed.hostname.replace(/^\[|\]$/g, ''));
  if (host.kind === 'invalid') throw new Error(`${what} names no usable host: ${url}`);
  const port = parsed.port ? Number(parsed.port) : parsed.protocol === 'http:' ? 80 : 443;
  return { host: host.host, port, prefix: parsed.pathname.replace(/\/+$/, '') };
}

export function githubHosts(env: NodeJS.ProcessEnv): GithubHosts {
  const api = origin(env.GITHUB_API_URL || 'https://api.github.com', 'GITHUB_API_URL');
  const server = origin(env.GITHUB_SERVER_URL || 'https://github.com', 'GITHUB_SERVER_URL');
  const uploads = api.host === 'api.github.com' ? { host: 'uploads.github.com', port: 443, prefix: '' } : { ...server, prefix: '/api/uploads' };
  return { api, server: { ...server, prefix: '' }, uploads };
}

const ruleHost = (o: Origin) => (o.host.includes(':') ? `[${o.host}]` : o.host);

/** The hosts the run's GitHub token is bound to (and which the sandbox may reach for it). */
export function githubHostRules(hosts: GithubHosts): HostRule[] {
  const byHost = new Map<string, Set<number>>();
  for (const o of [hosts.api, hosts.server, hosts.uploads]) byHost.set(ruleHost(o), (byHost.get(ruleHost(o)) ?? new Set()).add(o.port));
  return [...byHost].map(([host, ports]) => ({ host, ports: [...ports].sort((a, b) => a - b) }));
}

/** `github` of the egress policy's input (policies/schemas/egress-input.schema.json). */
export interface GithubRequest {
  readonly service: 'api' | 'git' | 'uploads';
  readonly path: string;
  readonly repository: string | null;
}

const under = (path: string, prefix: string) => (prefix === '' ? path : path === prefix || path.startsWith(`${prefix}/`) ? path.slice(prefix.length) || '/' : undefined);
const same = (o: Origin, host: string, port: number) => o.host === host && o.port === port;

function repositoryOf(path: string, service: GithubRequest['service']): string | null {
  const segments = path.split('/').filter(Boolean);
  if (service === 'git') {
    const [owner, repo] = segments;
    return owner && repo ? `${owner}/${repo.replace(/\.git$/, '')}`.toLowerCase() : null;
  }
  return segments[0] === 'repos' && segments[1] && segments[2] ? `${segments[1]}/${segments[2]}`.toLowerCase() : null;
}

/**
 * What a request to one of the run's GitHub hosts is, for the policy: the API (prefix stripped),
 * release uploads, or anything else on the server host, read as git smart HTTP (`/{owner}/{repo}.git/...`).
 * Null for any other host. The repository is parsed the same way the shipped policy parses it.
 */
export function classifyGithubRequest(hosts: GithubHosts, request: { readonly host: string; readonly port: number; readonly path: string }): GithubRequest | null {
  const { host, port } = request;
  if (same(hosts.uploads, host, port)) {
    const path = under(request.path, hosts.uploads.prefix);
    if (path !== undefined) return { service: 'uploads', path, repository: repositoryOf(path, 'uploads') };
  }
  if (same(hosts.api, host, port)) {
    // GHES serves GraphQL beside the REST prefix, at /api/graphql.
    if (hosts.api.prefix === '/api/v3' && request.path === '/api/graphql') return { service: 'api', path: '/graphql', repository: null };
    const path = under(request.path, hosts.api.prefix);
    if (path !== undefined) return { service: 'api', path, repository: repositoryOf(path, 'api') };
  }
  if (same(hosts.server, host, port)) return { service: 'git', path: request.path, repository: repositoryOf(request.path, 'git') };
  return null;
}
