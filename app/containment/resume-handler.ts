import type { Context, Probot } from 'probot';
import type { AuditInput } from '../../src/audit/audit-record.js';
import type { AppStore } from '../app-store.js';
import type { ConfigReader } from '../config/read-config.js';
import { parseGateCommand } from '../gate/gate-command.js';
import { lookupCollaborators } from '../gate/gate-facts.js';
import { escapeMarkdown } from '../gate/gate-report.js';
import { runOncePerDelivery } from '../once-per-delivery.js';
import type { IdentitySuspensions } from './identity-suspensions.js';
import { resumeRefusals } from './resume-eligibility.js';

export interface ResumeHandlerDeps {
  suspensions: IdentitySuspensions;
  store: Pick<AppStore, 'deliveryDone' | 'markDeliveryDone'>;
  appSlug: () => Promise<string>;
  config: ConfigReader;
  audit: (input: AuditInput) => Promise<void>;
  clock: () => number;
}

/**
 * `/airlock resume <identity>` as the first command line of a new comment on any issue or pull
 * request of the repository: a human with write access resumes an identity containment (or the
 * kill switch) suspended there. Edited comments never count (only `created` is handled); each
 * delivery runs once under its own key, since the gate handles the same comment deliveries.
 * https://docs.github.com/en/webhooks/webhook-events-and-payloads#issue_comment
 */
export function registerResume(app: Probot, deps: ResumeHandlerDeps): void {
  app.on('issue_comment.created', async (context) => {
    const command = parseGateCommand(context.payload.comment.body ?? '');
    if (command?.kind !== 'resume') return;
    await runOncePerDelivery(deps.store, { id: `${context.id}:resume`, log: context.log }, () => resume(context, deps, command.identity));
  });
}

async function resume(context: Context<'issue_comment.created'>, deps: ResumeHandlerDeps, identity: string): Promise<void> {
  const p = context.payload;
  const { owner, repo } = context.repo();
  const repository = `${owner}/${repo}`;
  const author = p.comment.user ?? p.sender;
  const ownBot = `${await deps.appSlug()}[bot]`;
  const config = await deps.config(context, owner, repo);
  const person = (await lookupCollaborators(context.octokit, { owner, repo }, [author.login])).get(author.login.toLowerCase());
  const refusals = resumeRefusals(
    // The account type GitHub reports wins over what the event said.
    { login: author.login, userType: person?.userType === 'Bot' ? 'Bot' : (author.type ?? 'User'), permission: person?.permission ?? 'none' },
    { appBot: ownBot, agents: [...config.agents, ownBot] },
  );
  const record = (data: Record<string, unknown>): AuditInput => ({ kind: 'containment', actor: `github:${author.login}`, subject: repository, data: { action: 'resume', identity, repository_id: Number(p.repository.id), via: 'comment', delivery: context.id, ...data } });
  let answer: string;
  if (refusals.length) {
    await deps.audit(record({ accepted: false, reasons: refusals }));
    answer = `${escapeMarkdown(author.login)} cannot resume identity \`${identity}\`: ${escapeMarkdown(refusals.join('; '))}. Nothing changed.`;
  } else {
    const resumed = await deps.suspensions.resume({ repositoryId: Number(p.repository.id), identity, by: `github:${author.login}`, at: deps.clock(), audit: record({ accepted: true, resumed: true }) });
    if (!resumed) await deps.audit(record({ accepted: true, resumed: false, reason: 'not suspended' }));
    answer = resumed ? `Identity \`${identity}\` is resumed in ${escapeMarkdown(repository)}: the broker grants it tokens again.` : `Identity \`${identity}\` is not suspended in ${escapeMarkdown(repository)}; nothing changed.`;
  }
  context.log.info({ repository, identity, login: author.login, refused: refusals.length > 0 }, 'resume attempt');
  // Never answer this App's own bot (no reply loops); the answer never starts a line with a command.
  if (author.login.toLowerCase() === ownBot.toLowerCase()) return;
  try {
    await context.octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { owner, repo, issue_number: p.issue.number, body: answer });
  } catch (error) {
    context.log.warn({ err: { message: (error as Error).message } }, 'could not answer a resume comment');
  }
}
