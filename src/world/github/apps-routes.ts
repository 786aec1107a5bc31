import { renderRepo, renderUser } from './github-objects.js';
import { isSubset } from './operation-permissions.js';
import { githubError, type RouteHandler, type RouteRequest } from './route-types.js';
import {
  findRepoById,
  hashToken,
  newInstallationToken,
  type PermissionSet,
  type WorldInstallation,
  type WorldState,
} from './world-state.js';

const ONE_HOUR = 3_600_000;

function renderApp(state: WorldState): Record<string, unknown> {
  const { app } = state;
  return {
    id: app.id,
    slug: app.slug,
    node_id: `A_${app.id}`,
    client_id: app.clientId,
    name: app.name,
    owner: renderUser(state, state.users.get('acme')!),
    description: 'Airlock (local world)',
    external_url: state.serverUrl,
    html_url: `${state.serverUrl}/apps/${app.slug}`,
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
    permissions: app.permissions,
    events: app.events,
  };
}

function renderInstallation(state: WorldState, inst: WorldInstallation): Record<string, unknown> {
  return {
    id: inst.id,
    account: renderUser(state, inst.account),
    app_id: state.app.id,
    app_slug: state.app.slug,
    target_id: inst.account.id,
    target_type: inst.account.type,
    repository_selection: inst.repositorySelection,
    permissions: inst.permissions,
    events: state.app.events,
    access_tokens_url: `${state.apiUrl}/app/installations/${inst.id}/access_tokens`,
    repositories_url: `${state.apiUrl}/installation/repositories`,
    html_url: `${state.serverUrl}/organizations/${inst.account.login}/settings/installations/${inst.id}`,
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
    single_file_name: null,
  };
}

function installationFor(state: WorldState, ownerLogin: string): WorldInstallation | undefined {
  for (const inst of state.installations.values()) if (inst.account.login.toLowerCase() === ownerLogin.toLowerCase()) return inst;
  return undefined;
}

function installationRepoIds(state: WorldState, inst: WorldInstallation): number[] {
  if (inst.repositorySelection === 'selected') return inst.repositoryIds;
  return [...state.repos.values()].filter((r) => r.owner.id === inst.account.id).map((r) => r.id);
}

const getApp: RouteHandler = ({ state }) => ({ status: 200, body: renderApp(state) });

const getRepoInstallation: RouteHandler = ({ state, params }) => {
  const inst = installationFor(state, params.owner!);
  const repo = state.repos.get(`${params.owner}/${params.repo}`.toLowerCase());
  if (!inst || !repo || !installationRepoIds(state, inst).includes(repo.id)) return githubError(404, 'Not Found');
  return { status: 200, body: renderInstallation(state, inst) };
};

const getOrgInstallation: RouteHandler = ({ state, params }) => {
  const inst = installationFor(state, params.org!);
  return inst ? { status: 200, body: renderInstallation(state, inst) } : githubError(404, 'Not Found');
};

/**
 * POST /app/installations/{installation_id}/access_tokens: narrowing by `permissions`,
 * `repositories` (names) and `repository_ids`, refused when it asks beyond the installation.
 * https://docs.github.com/en/rest/apps/apps#create-an-installation-access-token-for-an-app
 */
const createAccessToken: RouteHandler = (req: RouteRequest) => {
  const { state, params, body } = req;
  const inst = state.installations.get(Number(params.installation_id));
  if (!inst) return githubError(404, 'Not Found');
  const permissions = (body.permissions as PermissionSet | undefined) ?? inst.permissions;
  if (!isSubset(permissions, inst.permissions)) {
    return githubError(422, 'The permissions requested are not granted to this installation.');
  }
  const available = installationRepoIds(state, inst);
  let repositoryIds: number[] | undefined;
  const names = body.repositories as string[] | undefined;
  const ids = body.repository_ids as number[] | undefined;
  if (names || ids) {
    repositoryIds = [];
    for (const name of names ?? []) {
      const repo = state.repos.get(`${inst.account.login}/${name}`.toLowerCase());
      if (!repo || !available.includes(repo.id)) return githubError(422, 'There is at least one repository that does not exist or is not accessible to the parent installation.');
      repositoryIds.push(repo.id);
    }
    for (const id of ids ?? []) {
      if (!available.includes(id)) return githubError(422, 'There is at least one repository that does not exist or is not accessible to the parent installation.');
      repositoryIds.push(id);
    }
  }
  const token = newInstallationToken();
  const expiresAt = state.clock() + ONE_HOUR;
  state.tokens.set(hashToken(token), { hash: hashToken(token), installationId: inst.id, permissions, repositoryIds, expiresAt });
  state.issuedTokens.push(token);
  return {
    status: 201,
    body: {
      token,
      expires_at: new Date(expiresAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      permissions,
      repository_selection: repositoryIds ? 'selected' : 'all',
      ...(repositoryIds ? { repositories: repositoryIds.map((id) => renderRepo(state, findRepoById(state, id)!)) } : {}),
    },
  };
};

const revokeToken: RouteHandler = ({ state, caller }) => {
  if (caller.kind === 'installation') caller.token.revokedAt = state.clock();
  return { status: 204 };
};

const listInstallationRepos: RouteHandler = ({ state, caller }) => {
  if (caller.kind !== 'installation') return githubError(403, 'Resource not accessible by integration');
  const inst = state.installations.get(caller.token.installationId)!;
  const ids = caller.token.repositoryIds ?? installationRepoIds(state, inst);
  const repositories = ids.map((id) => renderRepo(state, findRepoById(state, id)!));
  return { status: 200, body: { total_count: repositories.length, repositories } };
};

const listInstallations: RouteHandler = ({ state }) => ({ status: 200, body: [...state.installations.values()].map((inst) => renderInstallation(state, inst)) });

export const appsRoutes: Record<string, RouteHandler> = {
  'apps/get-authenticated': getApp,
  'apps/list-installations': listInstallations,
  'apps/get-repo-installation': getRepoInstallation,
  'apps/get-org-installation': getOrgInstallation,
  'apps/create-installation-access-token': createAccessToken,
  'apps/revoke-installation-access-token': revokeToken,
  'apps/list-repos-accessible-to-installation': listInstallationRepos,
};

export { installationRepoIds };
