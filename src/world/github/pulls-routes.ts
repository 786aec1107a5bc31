import { gitBlobSha } from '../../attest/changeset-digest.js';
import { renderRepo, renderUser } from './github-objects.js';
import { githubError, requireRepo, type RouteHandler, type RouteRequest } from './route-types.js';
import type { WorldPull, WorldRepo } from './world-state.js';

function branchSha(repo: WorldRepo, branch: string): string {
  return repo.refs.get(`heads/${branch}`) ?? '';
}

export function renderPull(req: Pick<RouteRequest, 'state'>, repo: WorldRepo, pull: WorldPull): Record<string, unknown> {
  const repoJson = renderRepo(req.state, repo);
  const side = (ref: string) => ({ label: `${repo.owner.login}:${ref}`, ref, sha: branchSha(repo, ref), user: renderUser(req.state, repo.owner), repo: repoJson });
  return {
    id: pull.id,
    node_id: `PR_${pull.id}`,
    number: pull.number,
    title: pull.title,
    body: pull.body,
    state: pull.state,
    user: renderUser(req.state, pull.user),
    head: side(pull.headRef),
    base: side(pull.baseRef),
    draft: false,
    merged: false,
    mergeable: true,
    created_at: pull.createdAt,
    updated_at: pull.createdAt,
    html_url: `${req.state.serverUrl}/${repo.owner.login}/${repo.name}/pull/${pull.number}`,
    url: `${req.state.apiUrl}/repos/${repo.owner.login}/${repo.name}/pulls/${pull.number}`,
    author_association: repo.collaborators.has(pull.user.login) ? 'COLLABORATOR' : 'CONTRIBUTOR',
  };
}

/** The files a pull request changes: its head tree against its base tree, as unified hunks. */
export function pullFiles(repo: WorldRepo, pull: WorldPull): { filename: string; status: string; patch: string; additions: number; deletions: number }[] {
  const base = repo.commits.get(branchSha(repo, pull.baseRef))?.files ?? new Map<string, string>();
  const head = repo.commits.get(branchSha(repo, pull.headRef))?.files ?? new Map<string, string>();
  const out = [];
  for (const filename of [...new Set([...base.keys(), ...head.keys()])].sort()) {
    const before = base.get(filename);
    const after = head.get(filename);
    if (before === after) continue;
    const oldLines = before === undefined ? [] : before.replace(/\n$/, '').split('\n');
    const newLines = after === undefined ? [] : after.replace(/\n$/, '').split('\n');
    const patch = `@@ -${oldLines.length ? 1 : 0},${oldLines.length} +${newLines.length ? 1 : 0},${newLines.length} @@\n` +
      [...oldLines.map((l) => `-${l}`), ...newLines.map((l) => `+${l}`)].join('\n');
    out.push({ filename, status: before === undefined ? 'added' : after === undefined ? 'removed' : 'modified', patch, additions: newLines.length, deletions: oldLines.length });
  }
  return out;
}

const findPull = (req: RouteRequest) => {
  const repo = requireRepo(req);
  return { repo, pull: req.state.pulls.find((p) => p.repoId === repo.id && p.number === Number(req.params.pull_number)) };
};

const getPull: RouteHandler = (req) => {
  const { repo, pull } = findPull(req);
  return pull ? { status: 200, body: renderPull(req, repo, pull) } : githubError(404, 'Not Found');
};

const listPulls: RouteHandler = (req) => {
  const repo = requireRepo(req);
  const state = req.query.get('state') ?? 'open';
  const head = req.query.get('head');
  const pulls = req.state.pulls.filter((p) => p.repoId === repo.id && (state === 'all' || p.state === state) && (!head || `${repo.owner.login}:${p.headRef}` === head));
  return { status: 200, body: pulls.map((p) => renderPull(req, repo, p)) };
};

const listFiles: RouteHandler = (req) => {
  const { repo, pull } = findPull(req);
  if (!pull) return githubError(404, 'Not Found');
  const web = `${req.state.serverUrl}/${repo.owner.login}/${repo.name}`;
  const head = branchSha(repo, pull.headRef);
  return {
    status: 200,
    body: pullFiles(repo, pull).map((f) => ({
      // The blob id of the file at the head; deleted files keep the base's, as GitHub's do.
      sha: gitBlobSha(Buffer.from((repo.commits.get(head)?.files.get(f.filename) ?? repo.commits.get(branchSha(repo, pull.baseRef))?.files.get(f.filename)) ?? '')),
      changes: f.additions + f.deletions,
      blob_url: `${web}/blob/${head}/${encodeURI(f.filename)}`,
      raw_url: `${web}/raw/${head}/${encodeURI(f.filename)}`,
      contents_url: `${req.state.apiUrl}/repos/${repo.owner.login}/${repo.name}/contents/${encodeURI(f.filename)}?ref=${head}`,
      ...f,
    })),
  };
};

const listReviews: RouteHandler = (req) => {
  const { repo, pull } = findPull(req);
  if (!pull) return githubError(404, 'Not Found');
  const api = `${req.state.apiUrl}/repos/${repo.owner.login}/${repo.name}/pulls/${pull.number}`;
  const web = `${req.state.serverUrl}/${repo.owner.login}/${repo.name}/pull/${pull.number}`;
  return {
    status: 200,
    body: pull.reviews.map((r) => ({ id: r.id, node_id: `PRR_${r.id}`, user: renderUser(req.state, r.user), body: r.body, state: r.state, commit_id: r.commitId, submitted_at: r.submittedAt, html_url: `${web}#pullrequestreview-${r.id}`, pull_request_url: api, author_association: 'COLLABORATOR', _links: { html: { href: `${web}#pullrequestreview-${r.id}` }, pull_request: { href: api } } })),
  };
};

/** Whether `sha` is `tip` or one of its ancestors. */
function reaches(repo: WorldRepo, tip: string, sha: string): boolean {
  const seen = new Set<string>();
  const stack = tip ? [tip] : [];
  while (stack.length) {
    const at = stack.pop()!;
    if (at === sha) return true;
    if (seen.has(at)) continue;
    seen.add(at);
    stack.push(...(repo.commits.get(at)?.parents ?? []));
  }
  return false;
}

/**
 * https://docs.github.com/en/rest/commits/commits#list-pull-requests-associated-with-a-commit:
 * `commit_sha` is a commit or a branch name. For a commit on the default branch, GitHub lists the
 * merged pull request that introduced it (the world merges none, so none); otherwise the open and
 * merged pull requests whose commits include it (in the world: open ones whose head reaches it and
 * whose base does not). An unknown commit is 422, as GitHub answers.
 */
const listPullsOfCommit: RouteHandler = (req) => {
  const repo = requireRepo(req);
  const given = String(req.params.commit_sha);
  const sha = repo.refs.get(`heads/${given}`) ?? (repo.commits.has(given) ? given : undefined);
  if (!sha) return githubError(422, `No commit found for SHA: ${given}`);
  if (reaches(repo, branchSha(repo, repo.defaultBranch), sha)) return { status: 200, body: [] };
  const pulls = req.state.pulls.filter((p) => p.repoId === repo.id && p.state === 'open' && reaches(repo, branchSha(repo, p.headRef), sha) && !reaches(repo, branchSha(repo, p.baseRef), sha));
  const perPage = Math.min(100, Number(req.query.get('per_page') ?? 30));
  const page = Math.max(1, Number(req.query.get('page') ?? 1));
  return { status: 200, body: pulls.slice((page - 1) * perPage, page * perPage).map((p) => renderPull(req, repo, p)) };
};

export const pullsRoutes: Record<string, RouteHandler> = {
  'repos/list-pull-requests-associated-with-commit': listPullsOfCommit,
  'pulls/get': getPull,
  'pulls/list': listPulls,
  'pulls/list-files': listFiles,
  'pulls/list-reviews': listReviews,
};
