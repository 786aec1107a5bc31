import type { Context } from 'probot';
import type { RevertPlan } from './plan-revert.js';

type Octokit = Context['octokit'];
type PullRequestPlan = Extract<RevertPlan, { kind: 'pull_request' }>;

/** What applying a revert plan did. */
export type RevertResult =
  | { status: 'opened' | 'reused'; pull: number; url: string; branch: string }
  | { status: 'nothing_to_revert' };

/** A revert Airlock will not open, with the reason for the incident. */
export class RevertRefused extends Error {}

const isNotFound = (error: unknown) => (error as { status?: number }).status === 404;

/**
 * Opens the revert pull request of a plan. Safe to run again for the same push (a redelivery,
 * or a retry after a failure part-way): an existing revert branch is reused only if its head is
 * exactly the revert (tree of `before`, parent `after`), so a branch someone else prepared under
 * that name never gets Airlock's description; an existing pull request from it is reused.
 */
export async function applyRevert(octokit: Octokit, repo: { owner: string; repo: string }, plan: PullRequestPlan): Promise<RevertResult> {
  const commit = async (sha: string) => {
    try {
      return (await octokit.request('GET /repos/{owner}/{repo}/git/commits/{commit_sha}', { ...repo, commit_sha: sha })).data;
    } catch (error) {
      // GitHub keeps commits a forced push dropped for a while, not forever.
      if (isNotFound(error)) throw new RevertRefused(`commit ${sha} is not available from GitHub, so its content cannot be restored`);
      throw error;
    }
  };
  const [before, after] = await Promise.all([commit(plan.before), commit(plan.after)]);
  if (before.tree.sha === after.tree.sha) return { status: 'nothing_to_revert' };

  const ref = `heads/${plan.branch}`;
  let head: string | undefined;
  try {
    head = (await octokit.request('GET /repos/{owner}/{repo}/git/ref/{ref}', { ...repo, ref })).data.object.sha;
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  if (head) {
    const existing = await commit(head);
    if (existing.tree.sha !== before.tree.sha || existing.parents.map((p) => p.sha).join() !== plan.after) {
      throw new RevertRefused(`branch ${plan.branch} already exists and its head is not the revert Airlock would make; Airlock will not propose it`);
    }
  } else {
    const created = await octokit.request('POST /repos/{owner}/{repo}/git/commits', { ...repo, message: plan.commitMessage, tree: before.tree.sha, parents: [plan.after] });
    await octokit.request('POST /repos/{owner}/{repo}/git/refs', { ...repo, ref: `refs/${ref}`, sha: created.data.sha });
  }

  const { data: pulls } = await octokit.request('GET /repos/{owner}/{repo}/pulls', { ...repo, head: `${repo.owner}:${plan.branch}`, state: 'all', per_page: 100 });
  const reused = pulls.find((p) => p.base.ref === plan.base);
  if (reused) return { status: 'reused', pull: reused.number, url: reused.html_url, branch: plan.branch };
  const { data: pull } = await octokit.request('POST /repos/{owner}/{repo}/pulls', { ...repo, title: plan.title, body: plan.body, head: plan.branch, base: plan.base });
  return { status: 'opened', pull: pull.number, url: pull.html_url, branch: plan.branch };
}
