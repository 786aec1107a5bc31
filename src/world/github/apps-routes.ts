import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { renderRepo, renderUser } from './github-objects.js';
import { isSubset } from './operation-permissions.js';
import { githubError, type Caller, type RouteHandler, type RouteRequest } from './route-types.js';
import {
  findRepoById,
  hashToken,
  newInstallationToken,
  type PermissionSet,
  type WorldApp,
  type WorldInstallation,
  type WorldState,
} from './world-state.js';

const ONE_HOUR = 3_600_000;

function renderApp(state: WorldState, app: WorldApp = state.app): Record<string, unknown> {
  return {
    id: app.id,
    slug: app.slug,
    node_id: `A_${app.id}`,
    client_id: app.clientId,
    name: app.name,
    owner: renderUser(state, app.owner ?? state.users.get('acme')!),
    description: app === state.app ? 'Airlock (local world)' : (app.description ?? null),
    external_url: app.externalUrl ?? state.serverUrl,
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

/** The world's installations all belong to the seeded App; an App registered from a manifest has none. */
const isSeededApp = (state: WorldState, caller: Caller): boolean => caller.kind !== 'app' || caller.app === state.app;

const getApp: RouteHandler = ({ state, caller }) => ({ status: 200, body: renderApp(state, caller.kind === 'app' ? caller.app : state.app) });

const getRepoInstallation: RouteHandler = ({ state, params, caller }) => {
  if (!isSeededApp(state, caller)) return githubError(404, 'Not Found');
  const inst = installationFor(state, params.owner!);
  const repo = state.repos.get(`${params.owner}/${params.repo}`.toLowerCase());
  if (!inst || !repo || !installationRepoIds(state, inst).includes(repo.id)) return githubError(404, 'Not Found');
  return { status: 200, body: renderInstallation(state, inst) };
};

const getOrgInstallation: RouteHandler = ({ state, params, caller }) => {
  if (!isSeededApp(state, caller)) return githubError(404, 'Not Found');
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
  if (!inst || !isSeededApp(state, req.caller)) return githubError(404, 'Not Found');
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

const listInstallations: RouteHandler = ({ state, caller }) => ({
  status: 200,
  body: isSeededApp(state, caller) ? [...state.installations.values()].map((inst) => renderInstallation(state, inst)) : [],
});

const CODE_LIFETIME = 3_600_000;

/** The slug GitHub derives from an App's name: lower case, runs of other characters as one dash. */
function slugOf(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'app';
}

/** A name no App in the world has yet (the person on GitHub's page would pick another). */
function freeName(state: WorldState, wanted: string): string {
  const taken = new Set([state.app, ...state.registeredApps.values()].map((app) => app.slug));
  let name = wanted;
  for (let n = 2; taken.has(slugOf(name)); n++) name = `${wanted.slice(0, 30)} ${n}`;
  return name;
}

/**
 * POST /app-manifests/{code}/conversions: the code the world's `settings/apps/new` page handed
 * back becomes a new App with its own id, slug, key pair, webhook secret and OAuth client. A
 * code works once and for an hour; any other is 404.
 * https://docs.github.com/en/rest/apps/apps#create-a-github-app-from-a-manifest
 * https://docs.github.com/en/apps/sharing-github-apps/registering-a-github-app-from-a-manifest
 */
const createFromManifest: RouteHandler = ({ state, params }) => {
  const pending = state.manifestCodes.get(params.code!);
  state.manifestCodes.delete(params.code!);
  if (!pending || state.clock() - pending.issuedAt > CODE_LIFETIME) return githubError(404, 'Not Found');
  const { manifest, owner } = pending;
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const name = freeName(state, typeof manifest.name === 'string' ? manifest.name : `${owner.login}-app`);
  const hook = manifest.hook_attributes as { url?: string; active?: boolean } | undefined;
  const app: WorldApp = {
    id: state.nextId(),
    slug: slugOf(name),
    name,
    clientId: 'Iv23' + randomBytes(8).toString('hex'),
    clientSecret: randomBytes(20).toString('hex'),
    // GitHub generates a webhook secret when the manifest has a webhook.
    webhookSecret: randomBytes(20).toString('hex'),
    privateKeyPem: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    permissions: { metadata: 'read', ...((manifest.default_permissions as PermissionSet | undefined) ?? {}) },
    events: (manifest.default_events as string[] | undefined) ?? [],
    owner,
    description: typeof manifest.description === 'string' ? manifest.description : null,
    externalUrl: String(manifest.url),
  };
  state.registeredApps.set(app.id, app);
  return {
    status: 201,
    body: {
      ...renderApp(state, app),
      installations_count: 0,
      client_id: app.clientId,
      client_secret: app.clientSecret,
      webhook_secret: hook?.url ? app.webhookSecret : null,
      pem: app.privateKeyPem,
    },
  };
};

export const appsRoutes: Record<string, RouteHandler> = {
  'apps/get-authenticated': getApp,
  'apps/create-from-manifest': createFromManifest,
  'apps/list-installations': listInstallations,
  'apps/get-repo-installation': getRepoInstallation,
  'apps/get-org-installation': getOrgInstallation,
  'apps/create-installation-access-token': createAccessToken,
  'apps/revoke-installation-access-token': revokeToken,
  'apps/list-repos-accessible-to-installation': listInstallationRepos,
};

export { installationRepoIds };
