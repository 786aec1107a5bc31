import { githubError, requireRepo, type RouteHandler } from './route-types.js';
import { renderPull } from './pulls-routes.js';
import type { WorldPull } from './world-state.js';

/**
 * https://docs.github.com/en/rest/pulls/pulls#create-a-pull-request, from a branch of the same
 * repository (`head` as `branch` or `owner:branch`). Issues and pull requests share one number
 * sequence per repository. Like GitHub, the world then delivers `pull_request.opened`.
 */
const createPull: RouteHandler = (req) => {
  const repo = requireRepo(req);
  const given = String(req.body.head);
  const prefix = `${repo.owner.login}:`.toLowerCase();
  const head = given.toLowerCase().startsWith(prefix) ? given.slice(prefix.length) : given;
  const base = String(req.body.base);
  const invalid = (field: string) => ({ status: 422, body: { message: 'Validation Failed', errors: [{ resource: 'PullRequest', field, code: 'invalid' }], documentation_url: 'https://docs.github.com/rest/pulls/pulls#create-a-pull-request' } });
  if (!repo.refs.has(`heads/${head}`)) return invalid('head');
  if (!repo.refs.has(`heads/${base}`)) return invalid('base');
  if (repo.refs.get(`heads/${head}`) === repo.refs.get(`heads/${base}`)) return githubError(422, `No commits between ${base} and ${head}`);
  if (req.state.pulls.some((p) => p.repoId === repo.id && p.state === 'open' && p.headRef === head && p.baseRef === base)) {
    return githubError(422, `A pull request already exists for ${repo.owner.login}:${head}.`);
  }
  const taken = [...req.state.pulls, ...req.state.issues].filter((x) => x.repoId === repo.id).map((x) => x.number);
  const pull: WorldPull = {
    number: Math.max(0, ...taken) + 1,
    id: req.state.nextId(),
    repoId: repo.id,
    title: String(req.body.title ?? ''),
    body: String(req.body.body ?? ''),
    // Every installation token acts as the App's bot (the world has no user tokens).
    user: req.state.appBot,
    state: 'open',
    headRef: head,
    baseRef: base,
    reviews: [],
    createdAt: new Date(req.state.clock()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
  };
  req.state.pulls.push(pull);
  void req.state.onPullOpened?.(pull);
  return { status: 201, body: renderPull(req, repo, pull) };
};

/**
 * https://docs.github.com/en/rest/pulls/review-requests#request-reviewers-for-a-pull-request: users
 * need access to the repository (422 otherwise); the author cannot be asked (422).
 */
const requestReviewers: RouteHandler = (req) => {
  const repo = requireRepo(req);
  const pull = req.state.pulls.find((p) => p.repoId === repo.id && p.number === Number(req.params.pull_number));
  if (!pull) return githubError(404, 'Not Found');
  const users = (req.body.reviewers as string[] | undefined) ?? [];
  const teams = (req.body.team_reviewers as string[] | undefined) ?? [];
  for (const login of users) {
    if (login.toLowerCase() === pull.user.login.toLowerCase()) return githubError(422, 'Review cannot be requested from pull request author.');
    if (!repo.collaborators.has(login)) return githubError(422, 'Reviews may only be requested from collaborators. One or more of the users or teams you specified is not a collaborator of the ' + `${repo.owner.login}/${repo.name} repository.`);
  }
  pull.requestedReviewers = [...new Set([...(pull.requestedReviewers ?? []), ...users, ...teams.map((t) => `${repo.owner.login}/${t}`)])];
  return { status: 201, body: renderPull(req, repo, pull) };
};

export const pullsWriteRoutes: Record<string, RouteHandler> = {
  'pulls/create': createPull,
  'pulls/request-reviewers': requestReviewers,
};
