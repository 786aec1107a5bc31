import { renderCheckRun, renderIssue } from './github-objects.js';
import { resolveCommit } from './repo-routes.js';
import { githubError, requireRepo, type RouteHandler } from './route-types.js';
import type { WorldCheckRun } from './world-state.js';

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

function applyCheckFields(run: WorldCheckRun, body: Record<string, unknown>, now: number): void {
  if (typeof body.name === 'string') run.name = body.name;
  if (typeof body.status === 'string') run.status = body.status;
  if (typeof body.conclusion === 'string') {
    run.conclusion = body.conclusion;
    run.status = 'completed';
  }
  if (run.status === 'completed' && !run.completedAt) run.completedAt = typeof body.completed_at === 'string' ? body.completed_at : iso(now);
  if (body.output) run.output = body.output as WorldCheckRun['output'];
  if (body.actions) run.actions = body.actions as unknown[];
  if (typeof body.external_id === 'string') run.externalId = body.external_id;
  if (typeof body.details_url === 'string') run.detailsUrl = body.details_url;
}

/** https://docs.github.com/en/rest/checks/runs: a check run belongs to the App that created it. */
const createCheck: RouteHandler = (req) => {
  const repo = requireRepo(req);
  const now = req.state.clock();
  const run: WorldCheckRun = { id: req.state.nextId(), repoId: repo.id, appId: req.state.app.id, name: '', headSha: String(req.body.head_sha), status: 'queued', conclusion: null, startedAt: iso(now), completedAt: null };
  applyCheckFields(run, req.body, now);
  req.state.checkRuns.push(run);
  return { status: 201, body: renderCheckRun(req.state, run) };
};

const updateCheck: RouteHandler = (req) => {
  const repo = requireRepo(req);
  const run = req.state.checkRuns.find((r) => r.id === Number(req.params.check_run_id) && r.repoId === repo.id);
  if (!run) return githubError(404, 'Not Found');
  applyCheckFields(run, req.body, req.state.clock());
  return { status: 200, body: renderCheckRun(req.state, run) };
};

const listChecksForRef: RouteHandler = (req) => {
  const repo = requireRepo(req);
  const sha = resolveCommit(repo, req.params.ref!)?.sha ?? req.params.ref;
  const name = req.query.get('check_name');
  const runs = req.state.checkRuns.filter((r) => r.repoId === repo.id && r.headSha === sha && (!name || r.name === name));
  return { status: 200, body: { total_count: runs.length, check_runs: runs.map((r) => renderCheckRun(req.state, r)) } };
};

const createIssue: RouteHandler = (req) => {
  const repo = requireRepo(req);
  // Issues and pull requests share one number sequence per repository.
  const number = Math.max(0, ...[...req.state.issues, ...req.state.pulls].filter((x) => x.repoId === repo.id).map((x) => x.number)) + 1;
  const labels = ((req.body.labels as unknown[]) ?? []).map((l) => (typeof l === 'string' ? l : String((l as { name?: string }).name)));
  const issue = { number, id: req.state.nextId(), repoId: repo.id, title: String(req.body.title), body: String(req.body.body ?? ''), labels, user: req.state.appBot, state: 'open' as const, comments: [], createdAt: iso(req.state.clock()) };
  req.state.issues.push(issue);
  return { status: 201, body: renderIssue(req.state, repo, issue) };
};

/** https://docs.github.com/en/rest/issues/issues#list-repository-issues: `state` (default open), `labels` (all of them), `creator`, `per_page`/`page`. */
const listIssues: RouteHandler = (req) => {
  const repo = requireRepo(req);
  const state = req.query.get('state') ?? 'open';
  const labels = (req.query.get('labels') ?? '').split(',').map((l) => l.trim()).filter(Boolean);
  const perPage = Math.min(100, Math.max(1, Number(req.query.get('per_page') ?? 30) || 30));
  const page = Math.max(1, Number(req.query.get('page') ?? 1) || 1);
  const creator = req.query.get('creator');
  const matching = req.state.issues.filter((i) => i.repoId === repo.id && (state === 'all' || i.state === state) && labels.every((l) => i.labels.includes(l)) && (!creator || i.user.login === creator));
  return { status: 200, body: matching.slice((page - 1) * perPage, page * perPage).map((i) => renderIssue(req.state, repo, i)) };
};

/** https://docs.github.com/en/rest/issues/issues#update-an-issue: title, body, state and labels as given. */
const updateIssue: RouteHandler = (req) => {
  const repo = requireRepo(req);
  const issue = req.state.issues.find((i) => i.repoId === repo.id && i.number === Number(req.params.issue_number));
  if (!issue) return githubError(404, 'Not Found');
  if (typeof req.body.title === 'string') issue.title = req.body.title;
  if (typeof req.body.body === 'string') issue.body = req.body.body;
  if (req.body.state === 'open' || req.body.state === 'closed') issue.state = req.body.state;
  if (Array.isArray(req.body.labels)) issue.labels = req.body.labels.map((l) => (typeof l === 'string' ? l : String((l as { name?: string }).name)));
  return { status: 200, body: renderIssue(req.state, repo, issue) };
};

const createComment: RouteHandler = (req) => {
  const repo = requireRepo(req);
  const issue = req.state.issues.find((i) => i.repoId === repo.id && i.number === Number(req.params.issue_number));
  if (!issue) return githubError(404, 'Not Found');
  const comment = { id: req.state.nextId(), body: String(req.body.body), user: req.state.appBot, createdAt: iso(req.state.clock()) };
  issue.comments.push(comment);
  // https://docs.github.com/en/rest/issues/comments#create-an-issue-comment (url, html_url and issue_url are URIs).
  const api = `${req.state.apiUrl}/repos/${repo.owner.login}/${repo.name}`;
  return {
    status: 201,
    body: { id: comment.id, node_id: `IC_${comment.id}`, body: comment.body, user: { login: comment.user.login, id: comment.user.id, type: comment.user.type }, created_at: comment.createdAt, updated_at: comment.createdAt, html_url: `${req.state.serverUrl}/${repo.owner.login}/${repo.name}/issues/${issue.number}#issuecomment-${comment.id}`, issue_url: `${api}/issues/${issue.number}`, url: `${api}/issues/comments/${comment.id}`, author_association: 'NONE' },
  };
};

export const checksIssuesRoutes: Record<string, RouteHandler> = {
  'checks/create': createCheck,
  'checks/update': updateCheck,
  'checks/list-for-ref': listChecksForRef,
  'issues/create': createIssue,
  'issues/list-for-repo': listIssues,
  'issues/update': updateIssue,
  'issues/create-comment': createComment,
};
