import type { Context } from 'probot';
import type { TokenServiceDeps } from '../sts/token-service.js';
import { isProtectedBranch, type AirlockConfig, type EnforcementMode } from '../config/airlock-config.js';
import { applyRevert, RevertRefused } from '../push/apply-revert.js';
import { planRevert, type RevertPlan } from '../push/plan-revert.js';
import { renderRevert, type RevertOutcome } from '../push/render-revert.js';
import { boundedEntry } from '../push/render-incident.js';
import type { PushIncidents } from '../push/push-incidents.js';
import { revokeRepositoryTokens } from '../push/revoke-repository-tokens.js';
import type { AuditInput } from '../../src/audit/audit-record.js';
import type { Decision } from '../../src/policy/policy-backend.js';
import { escapeMarkdown } from '../gate/gate-report.js';
import { buildPushInput, type PushPolicyInput } from '../push/push-input.js';

export interface PushDeps {
  tokens: TokenServiceDeps;
  appSlug: () => Promise<string>;
  config: (context: Context<'push'>, owner: string, repo: string, ref?: string) => Promise<AirlockConfig>;
  /** Appends an audit record once per key, however often this handler runs for a delivery. */
  auditOnce: (key: string, input: AuditInput) => Promise<boolean>;
  incidents: PushIncidents;
  /** The `airlock.push` decision, wherever policies are evaluated (AIRLOCK_POLICY_BACKEND); an error denies. */
  policy: (input: PushPolicyInput) => Promise<Decision>;
}

/**
 * The failing `Airlock` check run of a push, once per delivery: a run created by an earlier
 * attempt that died before finishing is found by its `external_id` (the delivery id).
 * https://docs.github.com/en/rest/checks/runs#list-check-runs-for-a-git-reference
 */
async function ensureCheckRun(context: Context<'push'>, sha: string, output: { title: string; summary: string }): Promise<void> {
  const { data } = await context.octokit.request('GET /repos/{owner}/{repo}/commits/{ref}/check-runs', context.repo({ ref: sha, check_name: 'Airlock', filter: 'all' as const, per_page: 100 }));
  if (data.check_runs.some((run) => run.external_id === context.id)) return;
  await context.octokit.request('POST /repos/{owner}/{repo}/check-runs', context.repo({
    name: 'Airlock',
    head_sha: sha,
    external_id: context.id,
    status: 'completed' as const,
    conclusion: 'failure' as const,
    output,
  }));
}

/**
 * The revert of the push, by mode: planned always (the dry run), applied in `fix` mode only. A
 * failure is returned, not thrown: the check run is already failing and the incident must still
 * be opened; the incident and the audit record carry the failure.
 */
async function revertPush(context: Context<'push'>, mode: EnforcementMode, plan: RevertPlan): Promise<RevertOutcome> {
  if (plan.kind === 'none') return { status: 'not_possible', reason: plan.reason };
  if (mode !== 'fix') return { status: 'dry_run', branch: plan.branch, writes: plan.writes };
  try {
    return await applyRevert(context.octokit, context.repo(), plan);
  } catch (error) {
    const message = (error as Error).message;
    context.log.error({ branch: plan.branch, err: { message } }, 'could not open the revert pull request');
    return { status: 'failed', error: error instanceof RevertRefused ? message : `GitHub refused a write (${message})` };
  }
}

const MODE_STRENGTH: EnforcementMode[] = ['log', 'issue', 'fix'];

/** Every agent and protected branch of either configuration, and the stronger mode. */
function strictest(a: AirlockConfig, b: AirlockConfig): AirlockConfig {
  return {
    ...b,
    agents: [...new Set([...a.agents, ...b.agents])],
    protectedBranches: [...new Set([...a.protectedBranches, ...b.protectedBranches])],
    mode: MODE_STRENGTH[Math.max(MODE_STRENGTH.indexOf(a.mode), MODE_STRENGTH.indexOf(b.mode))]!,
  };
}

/**
 * Every push to a branch is put to the `airlock.push` policy (policies/push.rego; by default it
 * denies an agent's push to a protected branch). A denied push gets: a failing `Airlock` check run on the head
 * commit that says what happened, revocation of the live tokens minted for that repository, a
 * revert pull request in `fix` mode (see plan-revert.ts for why not a reset), and the push listed
 * in the agent's incident issue (one per agent and repository, updated in place). Tokens the App
 * mints act as the App's bot, so its own bot counts as an agent. Run again after a failure or a
 * crash, it repeats none of its effects: audit records are keyed by delivery, the check run is
 * found by its external id, the revert is reused and the incident lists each push once.
 */
export async function handlePush(context: Context<'push'>, deps: PushDeps): Promise<void> {
  const { payload } = context;
  // Tags too: release and package workflows publish from them, and publishing needs a human.
  const tag = payload.ref.startsWith('refs/tags/');
  if (payload.deleted || !(tag || payload.ref.startsWith('refs/heads/'))) return;
  const branch = payload.ref.slice(tag ? 'refs/tags/'.length : 'refs/heads/'.length);
  const { owner, repo } = context.repo();
  // A push to the default branch cannot weaken the rules that judge it: it is judged by the
  // stricter of the configuration before it and the one it brings (the one before may be
  // unreadable, e.g. after a force push, and then counts as the defaults).
  const config =
    !tag && branch === payload.repository.default_branch && !/^0+$/.test(payload.before)
      ? strictest(await deps.config(context, owner, repo, payload.before), await deps.config(context, owner, repo))
      : await deps.config(context, owner, repo);
  const slug = await deps.appSlug();
  const agents = new Set([...config.agents, `${slug}[bot]`].map((a) => a.toLowerCase()));
  const identities = [payload.sender?.login, payload.pusher.name, payload.head_commit?.committer.username, payload.head_commit?.author.username]
    .filter((x): x is string => typeof x === 'string');
  const input = buildPushInput({
    branch,
    refType: tag ? 'tag' : 'branch',
    protected: !tag && isProtectedBranch(config, branch, payload.repository.default_branch),
    agent: identities.find((id) => agents.has(id.toLowerCase())),
    sender: payload.sender ? { login: payload.sender.login, type: payload.sender.type } : undefined,
    pusher: payload.pusher.name,
    forced: payload.forced,
  });
  const decision = await deps.policy(input);
  if (decision.allow) return;
  const agent = input.actor.login;

  const revoked = await revokeRepositoryTokens(deps.tokens, payload.repository.id, `agent push by ${agent} to ${branch}`, context.log);
  await deps.auditOnce(`${context.id}:push-block`, {
    kind: 'block',
    actor: `github:${agent}`,
    subject: `${payload.repository.full_name}@${branch}`,
    data: { sha: payload.after, before: payload.before, revoked_tokens: revoked, delivery: context.id, policy: 'airlock.push', deny: decision.deny, policy_digest: decision.policy_digest, input_digest: decision.input_digest },
  });
  const agentOnProtected = input.is_agent && input.protected;
  const summary = [
    tag
      ? `**${escapeMarkdown(agent)}** pushed the tag \`${escapeMarkdown(branch)}\` at \`${payload.after.slice(0, 12)}\`.`
      : `**${escapeMarkdown(agent)}** pushed \`${payload.after.slice(0, 12)}\` directly to the ${input.protected ? 'protected ' : ''}branch \`${escapeMarkdown(branch)}\`.`,
    '',
    'Policy `airlock.push` denied the push:',
    ...decision.deny.map((message) => `- ${escapeMarkdown(message)}`),
    '',
    'Agents may change protected branches only through a pull request that passes the Airlock gate.',
    `Revoked ${revoked} live token(s) minted for this repository.`,
    '',
    tag
      ? '**How to fix:** delete the tag if a person did not mean to publish it, check what release or package workflows published from it, and let a person create the tag.'
      : '**How to fix:** undo the push with a revert pull request (Airlock opens one in `fix` mode), then propose the change again through a pull request from a branch.',
  ].join('\n');
  await ensureCheckRun(context, payload.after, { title: tag ? `Tag ${branch} denied by policy airlock.push: publishing needs a human` : agentOnProtected ? `Agent push to protected branch ${branch} blocked` : `Push to ${branch} denied by policy airlock.push`, summary });
  const plan: RevertPlan = tag
    ? { kind: 'none', reason: 'Airlock does not delete tags: a person decides whether the tag stays and what its release or packages need.' }
    : planRevert({ repository: payload.repository.full_name, branch, before: payload.before, after: payload.after, forced: payload.forced, agent });
  context.log.info({ branch, sha: payload.after, mode: config.mode, plan }, 'revert plan');
  const revert = await revertPush(context, config.mode, plan);
  await deps.auditOnce(`${context.id}:push-revert`, {
    kind: revert.status === 'opened' || revert.status === 'reused' ? 'block' : 'decision',
    actor: `app:${slug}`,
    subject: `${payload.repository.full_name}@${branch}`,
    data: { concern: 'agent_push_revert', mode: config.mode, sha: payload.after, before: payload.before, plan, outcome: revert, delivery: context.id },
  });
  await deps.incidents.log.record({ deliveryId: context.id, repositoryId: payload.repository.id, agent, entry: boundedEntry(`${summary}\n\n${renderRevert(config.mode, revert)}`) });
  await deps.incidents.sync({ installationId: payload.installation!.id, repositoryId: payload.repository.id, owner, repo, agent });
  context.log.warn({ agent, branch, sha: payload.after, revoked, revert: revert.status }, 'agent push to protected branch');
}
