import { renderCheckRun, renderUser } from './github/github-objects.js';
import { renderPull } from './github/pulls-routes.js';
import type { Delivery } from './github/webhook-sender.js';
import { commitFiles, type WorldCheckRun, type WorldPull, type WorldRepo, type WorldReview, type WorldUser } from './github/world-state.js';
import type { World } from './start-world.js';

// Pull request scenarios for the world: each helper changes the stand-in's state the way GitHub
// would and then delivers the webhook GitHub sends for it, built from GitHub's recorded example
// payloads (webhook-sender.ts) so both sides stay consistent (head SHA, user ids, association).

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** A comment on a pull request's conversation (the world has no issue-comment route yet). */
export interface PullComment {
  id: number;
  body: string;
  user: WorldUser;
  createdAt: string;
  updatedAt: string;
}

function repoOf(world: World, pull: WorldPull): WorldRepo {
  const repo = [...world.state.repos.values()].find((r) => r.id === pull.repoId);
  if (!repo) throw new Error(`world: pull request #${pull.number} has no repository`);
  return repo;
}

/** https://docs.github.com/en/graphql/reference/enums#commentauthorassociation */
function association(repo: WorldRepo, user: WorldUser): string {
  if (user.login === repo.owner.login) return 'OWNER';
  return repo.collaborators.has(user.login) ? 'COLLABORATOR' : 'NONE';
}

function pullJson(world: World, repo: WorldRepo, pull: WorldPull, template: unknown): Record<string, unknown> {
  return { ...(template as object), ...renderPull({ state: world.state }, repo, pull) };
}

/** The pull request's head commit. */
export function pullHead(world: World, pull: WorldPull): string {
  const sha = repoOf(world, pull).refs.get(`heads/${pull.headRef}`);
  if (!sha) throw new Error(`world: pull request #${pull.number} has no head branch ${pull.headRef}`);
  return sha;
}

export async function deliverPull(world: World, repo: WorldRepo, pull: WorldPull, action: string, sender: WorldUser, fields: Record<string, unknown> = {}): Promise<Delivery> {
  const payload = world.payload('pull_request', { action, repo, sender });
  payload.number = pull.number;
  payload.pull_request = pullJson(world, repo, pull, payload.pull_request);
  Object.assign(payload, fields);
  return world.deliver('pull_request', payload);
}

/**
 * Commits `files` to the head branch (created from the base if new), opens a pull request from
 * it and delivers `pull_request.opened`. Without `files` the existing head branch is used as it
 * is, e.g. a second branch pointing at another pull request's head commit.
 */
export async function openPull(
  world: World,
  options: { repo: string; head: string; base?: string; author: string; files?: Record<string, string | null>; title?: string; body?: string },
): Promise<{ pull: WorldPull; sha: string; delivery: Delivery }> {
  const repo = world.repo(options.repo);
  const user = world.user(options.author);
  const base = options.base ?? repo.defaultBranch;
  if (!options.files && !repo.refs.has(`heads/${options.head}`)) throw new Error(`world: no branch ${options.head} to open a pull request from`);
  if (!repo.refs.has(`heads/${options.head}`)) repo.refs.set(`heads/${options.head}`, repo.refs.get(`heads/${base}`)!);
  if (options.files) commitFiles(repo, options.head, { files: options.files, message: options.title ?? 'Change files', author: { name: user.login, email: `${user.id}+${user.login}@users.noreply.github.test`, login: user.login } });
  // Issues and pull requests share one number sequence per repository.
  const taken = [...world.state.pulls.filter((p) => p.repoId === repo.id).map((p) => p.number), ...world.state.issues.filter((i) => i.repoId === repo.id).map((i) => i.number)];
  const pull: WorldPull = {
    number: Math.max(0, ...taken) + 1,
    id: world.state.nextId(),
    repoId: repo.id,
    title: options.title ?? 'Change files',
    body: options.body ?? '',
    user,
    state: 'open',
    headRef: options.head,
    baseRef: base,
    reviews: [],
    createdAt: iso(world.state.clock()),
  };
  world.state.pulls.push(pull);
  return { pull, sha: repo.refs.get(`heads/${options.head}`)!, delivery: await deliverPull(world, repo, pull, 'opened', user) };
}

/** A new commit on the pull request's head branch by `pusher`, then `pull_request.synchronize`. */
export async function pushToPull(world: World, pull: WorldPull, options: { pusher: string; files: Record<string, string | null>; message?: string }): Promise<{ sha: string; before: string; delivery: Delivery }> {
  const repo = repoOf(world, pull);
  const user = world.user(options.pusher);
  const before = pullHead(world, pull);
  const commit = commitFiles(repo, pull.headRef, { files: options.files, message: options.message ?? 'Update files', author: { name: user.login, email: `${user.id}+${user.login}@users.noreply.github.test`, login: user.login } });
  const delivery = await deliverPull(world, repo, pull, 'synchronize', user, { before, after: commit.sha });
  return { sha: commit.sha, before, delivery };
}

function reviewJson(world: World, repo: WorldRepo, pull: WorldPull, review: WorldReview, template: unknown): Record<string, unknown> {
  const prUrl = `${world.state.apiUrl}/repos/${repo.owner.login}/${repo.name}/pulls/${pull.number}`;
  const html = `${world.state.serverUrl}/${repo.owner.login}/${repo.name}/pull/${pull.number}#pullrequestreview-${review.id}`;
  return {
    ...(template as object),
    id: review.id,
    node_id: `PRR_${review.id}`,
    user: renderUser(world.state, review.user),
    body: review.body || null,
    commit_id: review.commitId,
    submitted_at: review.submittedAt,
    // Webhooks carry the state in lower case; the REST API in upper case.
    state: review.state.toLowerCase(),
    html_url: html,
    pull_request_url: prUrl,
    author_association: association(repo, review.user),
    _links: { html: { href: html }, pull_request: { href: prUrl } },
  };
}

/** Adds a review (by default for the current head commit) and delivers `pull_request_review.submitted`. */
export async function submitReview(
  world: World,
  pull: WorldPull,
  options: { user: string; state?: WorldReview['state']; commitId?: string; body?: string },
): Promise<{ review: WorldReview; delivery: Delivery }> {
  const repo = repoOf(world, pull);
  const user = world.user(options.user);
  const review: WorldReview = { id: world.state.nextId(), user, state: options.state ?? 'APPROVED', commitId: options.commitId ?? pullHead(world, pull), body: options.body ?? '', submittedAt: iso(world.state.clock()) };
  pull.reviews.push(review);
  const payload = world.payload('pull_request_review', { action: 'submitted', repo, sender: user });
  payload.review = reviewJson(world, repo, pull, review, payload.review);
  payload.pull_request = pullJson(world, repo, pull, payload.pull_request);
  return { review, delivery: await world.deliver('pull_request_review', payload) };
}

/** Dismisses a review (as `dismisser`) and delivers `pull_request_review.dismissed`. */
export async function dismissReview(world: World, pull: WorldPull, review: WorldReview, options: { dismisser: string }): Promise<Delivery> {
  const repo = repoOf(world, pull);
  review.state = 'DISMISSED';
  const payload = world.payload('pull_request_review', { action: 'dismissed', repo, sender: world.user(options.dismisser) });
  payload.review = reviewJson(world, repo, pull, review, payload.review);
  payload.pull_request = pullJson(world, repo, pull, payload.pull_request);
  return world.deliver('pull_request_review', payload);
}

function commentPayload(world: World, pull: WorldPull, comment: PullComment, action: string, sender: WorldUser, fields: Record<string, unknown> = {}): Record<string, unknown> {
  const repo = repoOf(world, pull);
  const payload = world.payload('issue_comment', { action, repo, sender });
  const base = `${world.state.apiUrl}/repos/${repo.owner.login}/${repo.name}`;
  const html = `${world.state.serverUrl}/${repo.owner.login}/${repo.name}/pull/${pull.number}`;
  // A pull request's conversation is its issue: GitHub marks it with a `pull_request` key.
  payload.issue = {
    ...(payload.issue as object),
    id: pull.id,
    node_id: `PR_${pull.id}`,
    number: pull.number,
    title: pull.title,
    body: pull.body,
    user: renderUser(world.state, pull.user),
    state: pull.state,
    labels: [],
    author_association: association(repo, pull.user),
    url: `${base}/issues/${pull.number}`,
    html_url: html,
    pull_request: { url: `${base}/pulls/${pull.number}`, html_url: html, diff_url: `${html}.diff`, patch_url: `${html}.patch`, merged_at: null },
  };
  payload.comment = {
    ...(payload.comment as object),
    id: comment.id,
    node_id: `IC_${comment.id}`,
    body: comment.body,
    user: renderUser(world.state, comment.user),
    created_at: comment.createdAt,
    updated_at: comment.updatedAt,
    author_association: association(repo, comment.user),
    performed_via_github_app: null,
    url: `${base}/issues/comments/${comment.id}`,
    html_url: `${html}#issuecomment-${comment.id}`,
    issue_url: `${base}/issues/${pull.number}`,
  };
  return { ...payload, ...fields };
}

/** A comment on the pull request's conversation: `issue_comment.created`. */
export async function commentOnPull(world: World, pull: WorldPull, options: { user: string; body: string }): Promise<{ comment: PullComment; delivery: Delivery }> {
  const now = iso(world.state.clock());
  const comment: PullComment = { id: world.state.nextId(), body: options.body, user: world.user(options.user), createdAt: now, updatedAt: now };
  return { comment, delivery: await world.deliver('issue_comment', commentPayload(world, pull, comment, 'created', comment.user)) };
}

/** `editor` (the author or a maintainer) changes a comment's text: `issue_comment.edited` with `changes.body.from`. */
export async function editComment(world: World, pull: WorldPull, comment: PullComment, options: { editor: string; body: string }): Promise<Delivery> {
  const from = comment.body;
  comment.body = options.body;
  comment.updatedAt = iso(world.state.clock());
  return world.deliver('issue_comment', commentPayload(world, pull, comment, 'edited', world.user(options.editor), { changes: { body: { from } } }));
}

/** `user` clicks a check run's button: `check_run.requested_action` with the button's identifier. */
export async function requestAction(world: World, checkRun: WorldCheckRun, options: { user: string; identifier: string }): Promise<Delivery> {
  return deliverCheckRun(world, checkRun, 'requested_action', options.user, { requested_action: { identifier: options.identifier } });
}

/** `user` presses Re-run on a check run: `check_run.rerequested`. */
export async function rerequestCheck(world: World, checkRun: WorldCheckRun, options: { user: string }): Promise<Delivery> {
  return deliverCheckRun(world, checkRun, 'rerequested', options.user, {});
}

async function deliverCheckRun(world: World, checkRun: WorldCheckRun, action: string, user: string, fields: Record<string, unknown>): Promise<Delivery> {
  const repo = [...world.state.repos.values()].find((r) => r.id === checkRun.repoId);
  if (!repo) throw new Error(`world: check run ${checkRun.id} has no repository`);
  const payload = world.payload('check_run', { action, repo, sender: world.user(user) });
  const template = payload.check_run as Record<string, unknown>;
  const repoRef = { id: repo.id, url: `${world.state.apiUrl}/repos/${repo.owner.login}/${repo.name}`, name: repo.name };
  // GitHub lists the open pull requests of the same repository whose head is the run's commit.
  const pulls = world.state.pulls
    .filter((p) => p.repoId === repo.id && p.state === 'open' && repo.refs.get(`heads/${p.headRef}`) === checkRun.headSha)
    .map((p) => ({ url: `${repoRef.url}/pulls/${p.number}`, id: p.id, number: p.number, head: { ref: p.headRef, sha: checkRun.headSha, repo: repoRef }, base: { ref: p.baseRef, sha: repo.refs.get(`heads/${p.baseRef}`) ?? '', repo: repoRef } }));
  payload.check_run = { ...template, ...renderCheckRun(world.state, checkRun), check_suite: template.check_suite, pull_requests: pulls };
  return world.deliver('check_run', { ...payload, ...fields });
}
