import type { Context } from 'probot';
import type { Permission, ReviewFact } from './approvals.js';
import type { ChangedFile } from './gate-input.js';
import { conditionalGet, type ConditionalCache } from './conditional-cache.js';

// Reads the facts the gate decides on from GitHub. Every list is paginated: a long review
// history or file list must not hide the entries after the first page.

type Octokit = Context['octokit'];
interface RepoRef {
  owner: string;
  repo: string;
}

/**
 * https://docs.github.com/en/rest/pulls/pulls#list-pull-requests-files (at most 3000 files), read
 * once per delivery: the changeset, the attestation's subject and the secret scan (`patch`) all use it.
 */
export async function listChangedFiles(octokit: Octokit, ref: RepoRef, number: number): Promise<ChangedFile[]> {
  const files = await octokit.paginate('GET /repos/{owner}/{repo}/pulls/{pull_number}/files', { ...ref, pull_number: number, per_page: 100 });
  return files.map((f) => ({ filename: f.filename, status: f.status, ...(f.sha ? { sha: f.sha } : {}), ...(f.previous_filename ? { previous_filename: f.previous_filename } : {}), ...(f.patch !== undefined ? { patch: f.patch } : {}) }));
}

const PAGE = 100;

/** Conditional reads of one installation: its cache and its id (answers vary by credential). */
export interface ConditionalReads {
  cache: ConditionalCache;
  installationId: number | undefined;
}

/**
 * https://docs.github.com/en/rest/pulls/reviews#list-reviews-for-a-pull-request (chronological).
 * With `conditional`, a list that fits one page is read with its ETag (unchanged: a free 304). A
 * full first page is never kept: a review added past it would leave that page, and its tag, unchanged.
 */
export async function listReviews(octokit: Octokit, ref: RepoRef, number: number, conditional?: ConditionalReads): Promise<ReviewFact[]> {
  type Review = { user: { login: string; type: string } | null; state: string; commit_id: string | null };
  const facts = (reviews: Review[]): ReviewFact[] => reviews.flatMap((r) => (r.user ? [{ login: r.user.login, userType: r.user.type, state: r.state, commitId: r.commit_id }] : []));
  const params = { ...ref, pull_number: number, per_page: PAGE };
  if (conditional) {
    const onePage = (data: unknown, headers: Record<string, unknown>) => (Array.isArray(data) && data.length < PAGE && !/rel="next"/.test(String(headers.link ?? '')) ? facts(data as Review[]) : undefined);
    const read = await conditionalGet(octokit, conditional.cache, { installationId: conditional.installationId, route: 'GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews', params, keep: onePage });
    if (read.value) return read.value;
  }
  return facts(await octokit.paginate('GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews', params));
}

/** An open pull request as the gate judges it, from GitHub's pull request object. */
export interface PullFacts {
  number: number;
  state: string;
  author: string;
  headSha: string;
  baseRef: string;
  repositoryId: number;
  defaultBranch: string;
  htmlUrl: string;
}

interface PullObject {
  number: number;
  state: string;
  user: { login: string } | null;
  head: { sha: string };
  base: { ref: string; repo: { id: number | bigint; default_branch?: string; html_url: string } };
}

export function pullFacts(p: PullObject): PullFacts {
  return { number: p.number, state: p.state, author: p.user?.login ?? '', headSha: p.head.sha, baseRef: p.base.ref, repositoryId: Number(p.base.repo.id), defaultBranch: p.base.repo.default_branch ?? '', htmlUrl: p.base.repo.html_url };
}

/**
 * The open pull requests a commit heads, among those GitHub associates with it: one small answer
 * instead of every open pull request of the repository. GitHub lists, for a commit not on the
 * default branch, the open and merged pull requests that contain it; for a commit on the default
 * branch only the merged one that introduced it. The caller must not take an empty or partial
 * answer as "no other pull request" (see pr-gate-handler.ts). A commit GitHub does not know (422,
 * e.g. a payload naming one a force-push dropped) heads none.
 * https://docs.github.com/en/rest/commits/commits#list-pull-requests-associated-with-a-commit
 */
export async function listPullsHeadedBy(octokit: Octokit, ref: RepoRef, sha: string): Promise<PullFacts[]> {
  let pulls;
  try {
    pulls = await octokit.paginate('GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls', { ...ref, commit_sha: sha, per_page: 100 });
  } catch (error) {
    if ((error as { status?: number }).status === 422) return [];
    throw error;
  }
  return pulls.map((p) => pullFacts(p as PullObject)).filter((p) => p.state === 'open' && p.headSha === sha);
}

export interface OpenPull {
  number: number;
  headSha: string;
}

/** Every open pull request of the repository with its head commit. */
export async function listOpenPulls(octokit: Octokit, ref: RepoRef): Promise<OpenPull[]> {
  const pulls = await octokit.paginate('GET /repos/{owner}/{repo}/pulls', { ...ref, state: 'open', per_page: 100 });
  return pulls.map((p) => ({ number: p.number, headSha: p.head.sha }));
}

const ROLES: ReadonlySet<string> = new Set(['admin', 'maintain', 'write', 'triage', 'read', 'none']);

export interface Collaborator {
  permission: Permission;
  /** `User`, `Bot`, ... as GitHub reports the account. */
  userType: string;
}

/**
 * Each login's permission on the repository. `role_name` keeps maintain and triage apart (the
 * `permission` field folds them into write and read); a custom role falls back to `permission`.
 * An unknown user has no access. https://docs.github.com/en/rest/collaborators/collaborators#get-repository-permissions-for-a-user
 */
export async function lookupCollaborators(octokit: Octokit, ref: RepoRef, logins: string[]): Promise<Map<string, Collaborator>> {
  const out = new Map<string, Collaborator>();
  for (const login of new Set(logins.map((l) => l.toLowerCase()))) {
    try {
      const { data } = await octokit.request('GET /repos/{owner}/{repo}/collaborators/{username}/permission', { ...ref, username: login });
      const role = data.role_name && ROLES.has(data.role_name) ? data.role_name : data.permission;
      out.set(login, { permission: (ROLES.has(role) ? role : 'none') as Permission, userType: data.user?.type ?? 'User' });
    } catch (error) {
      if ((error as { status?: number }).status !== 404) throw error;
      out.set(login, { permission: 'none', userType: login.endsWith('[bot]') ? 'Bot' : 'User' });
    }
  }
  return out;
}

/**
 * The logins among `logins` that are active members of one of the org's `teams`.
 * https://docs.github.com/en/rest/teams/members#get-team-membership-for-a-user
 */
export async function approverTeamMembers(octokit: Octokit, org: string, teams: string[], logins: string[]): Promise<string[]> {
  const members: string[] = [];
  for (const login of new Set(logins.map((l) => l.toLowerCase()))) {
    for (const team of teams) {
      try {
        const { data } = await octokit.request('GET /orgs/{org}/teams/{team_slug}/memberships/{username}', { org, team_slug: team, username: login });
        if (data.state === 'active') {
          members.push(login);
          break;
        }
      } catch (error) {
        if ((error as { status?: number }).status !== 404) throw error;
      }
    }
  }
  return members;
}
