import type { Context } from 'probot';
import type { Permission, ReviewFact } from './approvals.js';
import type { ChangedFile } from './gate-input.js';

// Reads the facts the gate decides on from GitHub. Every list is paginated: a long review
// history or file list must not hide the entries after the first page.

type Octokit = Context['octokit'];
interface RepoRef {
  owner: string;
  repo: string;
}

/** https://docs.github.com/en/rest/pulls/pulls#list-pull-requests-files (at most 3000 files). */
export async function listChangedFiles(octokit: Octokit, ref: RepoRef, number: number): Promise<ChangedFile[]> {
  const files = await octokit.paginate('GET /repos/{owner}/{repo}/pulls/{pull_number}/files', { ...ref, pull_number: number, per_page: 100 });
  return files.map((f) => ({ filename: f.filename, status: f.status, ...(f.sha ? { sha: f.sha } : {}), ...(f.previous_filename ? { previous_filename: f.previous_filename } : {}) }));
}

/** https://docs.github.com/en/rest/pulls/reviews#list-reviews-for-a-pull-request (chronological). */
export async function listReviews(octokit: Octokit, ref: RepoRef, number: number): Promise<ReviewFact[]> {
  const reviews = await octokit.paginate('GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews', { ...ref, pull_number: number, per_page: 100 });
  return reviews.flatMap((r) => (r.user ? [{ login: r.user.login, userType: r.user.type, state: r.state, commitId: r.commit_id }] : []));
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
