import type { Context } from 'probot';
import { decodeGateState, encodeGateState, type GateState } from './gate-state.js';

type Octokit = Context['octokit'];

export const GATE_CHECK_NAME = 'Airlock';

export interface CommitRef {
  owner: string;
  repo: string;
  sha: string;
}

export interface ExistingGateCheck {
  id: number;
  state: GateState;
}

/**
 * This App's `Airlock` check run on a commit, if any. Only runs whose `app.slug` is this App's
 * count: any App with checks:write can create a run named `Airlock`, and the gate's memory
 * (approvals, override) must not be forgeable that way.
 * https://docs.github.com/en/rest/checks/runs#list-check-runs-for-a-git-reference
 */
export async function findGateCheck(octokit: Octokit, ref: CommitRef, appSlug: string): Promise<ExistingGateCheck | undefined> {
  const { data } = await octokit.request('GET /repos/{owner}/{repo}/commits/{ref}/check-runs', {
    owner: ref.owner,
    repo: ref.repo,
    ref: ref.sha,
    check_name: GATE_CHECK_NAME,
    filter: 'all',
    per_page: 100,
  });
  const ours = data.check_runs.filter((r) => r.app?.slug === appSlug && r.head_sha === ref.sha).sort((a, b) => Number(b.id) - Number(a.id))[0];
  return ours ? { id: Number(ours.id), state: decodeGateState(ours.output.summary) } : undefined;
}

export interface GateCheckContent {
  conclusion: 'success' | 'failure';
  title: string;
  summary: string;
  /** Details below the summary: the signed verdict bundle. */
  text?: string;
  /** Where "Details" leads (the agent's run). */
  detailsUrl?: string;
  state: GateState;
}

/** The Approve button: https://docs.github.com/en/rest/guides/using-the-rest-api-to-interact-with-checks#check-runs-and-requested-actions */
export const APPROVE_ACTION = { label: 'Approve', description: 'Approve this exact head commit', identifier: 'approve' } as const;

/**
 * Creates the commit's `Airlock` check run, or updates it in place: one run per head commit. A
 * created run carries `externalId` (the delivery that created it) for whoever finds it later.
 */
export async function writeGateCheck(octokit: Octokit, ref: CommitRef, existing: ExistingGateCheck | undefined, content: GateCheckContent, externalId?: string): Promise<number> {
  const body = {
    name: GATE_CHECK_NAME,
    status: 'completed' as const,
    conclusion: content.conclusion,
    output: { title: content.title, summary: `${content.summary}\n\n${encodeGateState(content.state)}`, ...(content.text ? { text: content.text } : {}) },
    // "Details" leads to the agent's run when the attestation names it.
    ...(content.detailsUrl ? { details_url: content.detailsUrl } : {}),
    // Without a failure there is nothing to approve; an empty list removes the button.
    actions: content.conclusion === 'failure' ? [APPROVE_ACTION] : [],
  };
  if (existing) {
    await octokit.request('PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', { owner: ref.owner, repo: ref.repo, check_run_id: existing.id, ...body });
    return existing.id;
  }
  const { data } = await octokit.request('POST /repos/{owner}/{repo}/check-runs', { owner: ref.owner, repo: ref.repo, head_sha: ref.sha, ...(externalId ? { external_id: externalId } : {}), ...body });
  return Number(data.id);
}
