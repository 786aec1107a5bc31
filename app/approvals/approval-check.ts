import type { Context } from 'probot';
import type { SecretApproval } from '../../src/store/secret-approval-store.js';
import { APPROVAL_CHECK_NAME, renderApprovalCheck } from './approval-report.js';

export type Octokit = Context['octokit'];

/**
 * Creates the approval's check run on the run's commit, `external_id` = the approval id, so a
 * click on its buttons names the approval (`check_run.requested_action` carries the run).
 * https://docs.github.com/en/rest/checks/runs#create-a-check-run
 */
export async function createApprovalCheck(octokit: Octokit, approval: SecretApproval): Promise<{ id: number; htmlUrl: string }> {
  const [owner, repo] = approval.repository.split('/') as [string, string];
  const content = renderApprovalCheck(approval);
  const { data } = await octokit.request('POST /repos/{owner}/{repo}/check-runs', {
    owner,
    repo,
    name: APPROVAL_CHECK_NAME,
    head_sha: approval.run.sha,
    external_id: approval.id,
    status: content.status,
    ...(content.conclusion ? { conclusion: content.conclusion } : {}),
    output: { title: content.title, summary: content.summary },
    actions: content.actions,
  });
  return { id: Number(data.id), htmlUrl: data.html_url ?? '' };
}

/** Rewrites the check run from the approval as it now stands (refused attempts, decision). */
export async function updateApprovalCheck(octokit: Octokit, approval: SecretApproval): Promise<void> {
  if (approval.checkRunId === undefined) return;
  const [owner, repo] = approval.repository.split('/') as [string, string];
  const content = renderApprovalCheck(approval);
  await octokit.request('PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', {
    owner,
    repo,
    check_run_id: approval.checkRunId,
    status: content.status,
    ...(content.conclusion ? { conclusion: content.conclusion } : {}),
    output: { title: content.title, summary: content.summary },
    // An empty list removes the buttons once the approval is decided.
    actions: content.actions,
  });
}
