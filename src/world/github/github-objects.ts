import type { WorldCheckRun, WorldIssue, WorldRepo, WorldState, WorldUser } from './world-state.js';

// GitHub-shaped renderings of the stand-in's state: the fields Airlock and Octokit read. The rest
// of each documented shape is completed from the OpenAPI schema (schema-fill.ts).

export function renderUser(state: WorldState, user: WorldUser): Record<string, unknown> {
  return {
    login: user.login,
    id: user.id,
    node_id: `U_${user.id}`,
    type: user.type,
    site_admin: false,
    url: `${state.apiUrl}/users/${encodeURIComponent(user.login)}`,
    html_url: `${state.serverUrl}/${encodeURIComponent(user.login)}`,
  };
}

export function renderRepo(state: WorldState, repo: WorldRepo): Record<string, unknown> {
  const fullName = `${repo.owner.login}/${repo.name}`;
  return {
    id: repo.id,
    node_id: `R_${repo.id}`,
    name: repo.name,
    full_name: fullName,
    owner: renderUser(state, repo.owner),
    private: repo.private,
    visibility: repo.private ? 'private' : 'public',
    default_branch: repo.defaultBranch,
    url: `${state.apiUrl}/repos/${fullName}`,
    html_url: `${state.serverUrl}/${fullName}`,
    fork: false,
    archived: false,
    disabled: false,
  };
}

export function renderCheckRun(state: WorldState, run: WorldCheckRun): Record<string, unknown> {
  const repo = [...state.repos.values()].find((r) => r.id === run.repoId);
  const fullName = repo ? `${repo.owner.login}/${repo.name}` : '';
  return {
    id: run.id,
    node_id: `CR_${run.id}`,
    // https://docs.github.com/en/rest/checks/runs#get-a-check-run: `url` and `html_url` (…/runs/{id}).
    url: `${state.apiUrl}/repos/${fullName}/check-runs/${run.id}`,
    html_url: `${state.serverUrl}/${fullName}/runs/${run.id}`,
    name: run.name,
    head_sha: run.headSha,
    status: run.status,
    conclusion: run.conclusion,
    started_at: run.startedAt,
    completed_at: run.completedAt,
    external_id: run.externalId ?? '',
    details_url: run.detailsUrl ?? null,
    output: { title: run.output?.title ?? null, summary: run.output?.summary ?? null, text: run.output?.text ?? null, annotations_count: 0, annotations_url: `${state.apiUrl}/check-runs/${run.id}/annotations` },
    app: { id: state.app.id, slug: state.app.slug, name: state.app.name, node_id: `A_${state.app.id}`, owner: renderUser(state, state.users.get('acme')!), permissions: state.app.permissions, events: state.app.events, client_id: state.app.clientId, created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z', html_url: `${state.serverUrl}/apps/${state.app.slug}`, description: null, external_url: state.serverUrl },
    pull_requests: [],
  };
}

export function renderIssue(state: WorldState, repo: WorldRepo, issue: WorldIssue): Record<string, unknown> {
  return {
    id: issue.id,
    node_id: `I_${issue.id}`,
    number: issue.number,
    title: issue.title,
    body: issue.body,
    state: issue.state,
    user: renderUser(state, issue.user),
    labels: issue.labels.map((name, i) => ({ id: i + 1, node_id: `L_${i + 1}`, name, color: 'ededed', default: false, description: null, url: `${state.apiUrl}/repos/${repo.owner.login}/${repo.name}/labels/${encodeURIComponent(name)}` })),
    comments: issue.comments.length,
    created_at: issue.createdAt,
    updated_at: issue.createdAt,
    html_url: `${state.serverUrl}/${repo.owner.login}/${repo.name}/issues/${issue.number}`,
    repository_url: `${state.apiUrl}/repos/${repo.owner.login}/${repo.name}`,
  };
}
