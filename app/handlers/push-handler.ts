import type { Context } from 'probot';
import { revokeEntry, type TokenServiceDeps } from '../sts/token-service.js';
import { isProtectedBranch, type AirlockConfig } from '../config/airlock-config.js';

export interface PushDeps {
  tokens: TokenServiceDeps;
  appSlug: () => Promise<string>;
  config: (context: Context<'push'>, owner: string, repo: string) => Promise<AirlockConfig>;
}

/**
 * A push to a protected branch by an agent identity: a failing `Airlock` check run on the head
 * commit that says what happened, an incident issue, and revocation of the live tokens minted for
 * that repository. Tokens the App mints act as the App's bot, so its own bot counts as an agent.
 */
export async function handlePush(context: Context<'push'>, deps: PushDeps): Promise<void> {
  const { payload } = context;
  if (payload.deleted || !payload.ref.startsWith('refs/heads/')) return;
  const branch = payload.ref.slice('refs/heads/'.length);
  const { owner, repo } = context.repo();
  const config = await deps.config(context, owner, repo);
  if (!isProtectedBranch(config, branch, payload.repository.default_branch)) return;
  const agents = new Set([...config.agents, `${await deps.appSlug()}[bot]`].map((a) => a.toLowerCase()));
  const identities = [payload.sender?.login, payload.pusher.name, payload.head_commit?.committer.username, payload.head_commit?.author.username]
    .filter((x): x is string => typeof x === 'string');
  const agent = identities.find((id) => agents.has(id.toLowerCase()));
  if (!agent) return;

  const live = (await deps.tokens.ledger.live(deps.tokens.clock())).filter((t) => t.repositoryId === payload.repository.id);
  let revoked = 0;
  for (const entry of live) {
    const token = await deps.tokens.ledger.reveal(entry.id);
    if (!token) continue;
    try {
      await revokeEntry(deps.tokens, entry, token, `agent push by ${agent} to ${branch}`);
      revoked++;
    } catch (error) {
      context.log.error({ token_id: entry.id, err: { message: (error as Error).message } }, 'could not revoke a token after an agent push');
    }
  }
  await deps.tokens.audit({ kind: 'block', actor: `github:${agent}`, subject: `${payload.repository.full_name}@${branch}`, data: { sha: payload.after, before: payload.before, revoked_tokens: revoked, delivery: context.id } });
  const summary = [
    `**${agent}** pushed \`${payload.after.slice(0, 12)}\` directly to the protected branch \`${branch}\`.`,
    '',
    'Agents may change protected branches only through a pull request that passes the Airlock gate.',
    `Revoked ${revoked} live token(s) minted for this repository.`,
    '',
    '**How to fix:** revert this commit (or reset the branch to `' + payload.before.slice(0, 12) + '`), then open a pull request from a branch.',
  ].join('\n');
  await context.octokit.request('POST /repos/{owner}/{repo}/check-runs', context.repo({
    name: 'Airlock',
    head_sha: payload.after,
    status: 'completed' as const,
    conclusion: 'failure' as const,
    output: { title: `Agent push to protected branch ${branch} blocked`, summary },
  }));
  await context.octokit.request('POST /repos/{owner}/{repo}/issues', context.repo({
    title: `Airlock incident: ${agent} pushed to protected branch ${branch}`,
    body: summary,
    labels: ['airlock', 'incident'],
  }));
  context.log.warn({ agent, branch, sha: payload.after, revoked }, 'agent push to protected branch');
}
