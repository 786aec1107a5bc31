import type { Context } from 'probot';
import type { AuditInput } from '../../src/audit/audit-record.js';
import type { Decision } from '../../src/policy/policy-backend.js';
import type { AirlockConfig } from '../config/airlock-config.js';
import { escapeMarkdown } from '../gate/gate-report.js';
import { buildPushInput, type PushPolicyInput } from '../push/push-input.js';
import type { PushIncidents } from '../push/push-incidents.js';
import { boundedEntry } from '../push/render-incident.js';
import { revokeRepositoryTokens } from '../push/revoke-repository-tokens.js';
import type { TokenServiceDeps } from '../sts/token-service.js';

export interface ReleaseDeps {
  tokens: TokenServiceDeps;
  appSlug: () => Promise<string>;
  config: (context: Context<'release'>, owner: string, repo: string) => Promise<AirlockConfig>;
  /** Appends an audit record once per key, however often this handler runs for a delivery. */
  auditOnce: (key: string, input: AuditInput) => Promise<unknown>;
  incidents: PushIncidents;
  /** The `airlock.push` decision (a release is put to it as `ref_type: "release"`); an error denies. */
  policy: (input: PushPolicyInput) => Promise<Decision>;
}

/**
 * A release created or published (https://docs.github.com/en/webhooks/webhook-events-and-payloads#release:
 * `created` when a release is saved as a draft or published without one, `published` when it goes
 * out): publishing needs a human, so `airlock.push` denies a release whose author is an agent
 * identity (tokens the broker mints act as the App's bot, which counts as one). A denied release
 * is answered as an agent's push to a protected branch is: the repository's live tokens are
 * revoked, the release is audited and listed in the agent's incident issue. The release itself
 * is left for a person to keep, edit or delete. Idempotent per delivery, as the push handler is.
 */
export async function handleRelease(context: Context<'release'>, deps: ReleaseDeps): Promise<void> {
  const { payload } = context;
  const release = payload.release;
  const { owner, repo } = context.repo();
  const config = await deps.config(context, owner, repo);
  const slug = await deps.appSlug();
  const agents = new Set([...config.agents, `${slug}[bot]`].map((a) => a.toLowerCase()));
  const sender = payload.sender;
  const author = release.author?.login ?? sender?.login ?? '';
  const identities = [author, sender?.login].filter((x): x is string => typeof x === 'string' && x !== '');
  const input = buildPushInput({
    branch: release.tag_name,
    refType: 'release',
    protected: false,
    agent: identities.find((id) => agents.has(id.toLowerCase())),
    sender: { login: author, type: release.author?.type ?? sender?.type ?? 'User' },
    pusher: author,
    forced: false,
  });
  const decision = await deps.policy(input);
  if (decision.allow) return;
  const agent = input.actor.login;
  const revoked = await revokeRepositoryTokens(deps.tokens, payload.repository.id, `release ${release.tag_name} by ${agent}`, context.log);
  await deps.auditOnce(`${context.id}:release-block`, {
    kind: 'block',
    actor: `github:${agent}`,
    subject: `${payload.repository.full_name}@release:${release.tag_name}`,
    data: { concern: 'agent_release', action: payload.action, release_id: release.id, tag: release.tag_name, draft: release.draft, revoked_tokens: revoked, delivery: context.id, policy: 'airlock.push', deny: decision.deny, policy_digest: decision.policy_digest, input_digest: decision.input_digest },
  });
  const entry = [
    `**${escapeMarkdown(agent)}** ${payload.action === 'published' ? 'published' : 'created'} the ${release.draft ? 'draft ' : ''}release \`${escapeMarkdown(release.tag_name)}\` (${release.html_url}).`,
    '',
    'Policy `airlock.push` denied it:',
    ...decision.deny.map((message) => `- ${escapeMarkdown(message)}`),
    '',
    `Revoked ${revoked} live token(s) minted for this repository.`,
    '',
    '**How to fix:** a person decides whether the release stays: delete or unpublish it if no one meant to publish it, check what was built or published from it, and let a person publish the release.',
  ].join('\n');
  await deps.incidents.log.record({ deliveryId: context.id, repositoryId: payload.repository.id, agent, entry: boundedEntry(entry) });
  await deps.incidents.sync({ installationId: payload.installation!.id, repositoryId: payload.repository.id, owner, repo, agent });
  context.log.warn({ agent, release: release.tag_name, action: payload.action, revoked }, 'agent release');
}
