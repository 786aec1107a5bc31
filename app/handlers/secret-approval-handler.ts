import type { Context, Probot } from 'probot';
import type { AppStore } from '../app-store.js';
import { deciderRefusals } from '../approvals/approval-eligibility.js';
import { APPROVAL_CHECK_NAME, APPROVE_SECRET_ACTION, DENY_SECRET_ACTION } from '../approvals/approval-report.js';
import { decideAsHuman, type ApprovalServiceDeps, type AttemptResult } from '../approvals/approval-service.js';
import type { AirlockConfig } from '../config/airlock-config.js';
import { readAirlockConfig } from '../config/read-config.js';
import { parseGateCommand } from '../gate/gate-command.js';
import { lookupCollaborators } from '../gate/gate-facts.js';
import { escapeMarkdown } from '../gate/gate-report.js';
import { runOncePerDelivery } from '../once-per-delivery.js';

export interface SecretApprovalHandlerDeps {
  service: ApprovalServiceDeps;
  store: Pick<AppStore, 'deliveryDone' | 'markDeliveryDone'>;
  appSlug: () => Promise<string>;
  config?: (context: Context, owner: string, repo: string) => Promise<AirlockConfig>;
}

/** One decision attempt, whatever way it came in. */
interface Attempt {
  id: string;
  verb: 'approve' | 'deny';
  via: 'button' | 'comment';
  login: string;
  userType: string;
  /** The commit of the check run whose button was pressed: it must be the run's commit. */
  checkRunSha?: string;
  /** Where to answer a comment; buttons answer on the check run itself. */
  issueNumber?: number;
}

const lower = (s: string) => s.toLowerCase();

/**
 * Human decisions on secret approvals (issue 12 item 6, THREATS.md §F 35): the
 * `Airlock secret approval` check run's buttons (`check_run.requested_action`, the run's
 * `external_id` names the approval) and `/airlock approve-secret <id>` or
 * `/airlock deny-secret <id>` as the first command line of a new comment on any issue or pull
 * request of the run's repository. Edited comments never count (only `created` is handled).
 * Each delivery runs once, under its own claim: the gate handles the same comment deliveries.
 * https://docs.github.com/en/webhooks/webhook-events-and-payloads#check_run (requested_action
 * goes only to the App whose button was pressed)
 */
export function registerSecretApprovals(app: Probot, deps: SecretApprovalHandlerDeps): void {
  const once = (context: Context, run: () => Promise<void>) => runOncePerDelivery(deps.store, { id: `${context.id}:secret-approval`, log: context.log }, run);

  app.on('check_run.requested_action', async (context) => {
    const p = context.payload;
    const identifier = p.requested_action?.identifier;
    if (p.check_run.name !== APPROVAL_CHECK_NAME || (identifier !== APPROVE_SECRET_ACTION.identifier && identifier !== DENY_SECRET_ACTION.identifier)) return;
    // Only this App's own runs: any App with checks:write can create a run of the same name.
    if (p.check_run.app?.slug !== (await deps.appSlug())) return;
    const attempt: Attempt = { id: p.check_run.external_id ?? '', verb: identifier === APPROVE_SECRET_ACTION.identifier ? 'approve' : 'deny', via: 'button', login: p.sender.login, userType: p.sender.type, checkRunSha: p.check_run.head_sha };
    await once(context, () => handleAttempt(context, deps, attempt));
  });

  app.on('issue_comment.created', async (context) => {
    const p = context.payload;
    const command = parseGateCommand(p.comment.body ?? '');
    if (command?.kind !== 'approve-secret' && command?.kind !== 'deny-secret') return;
    const author = p.comment.user ?? p.sender;
    const attempt: Attempt = { id: command.id, verb: command.kind === 'approve-secret' ? 'approve' : 'deny', via: 'comment', login: author.login, userType: author.type ?? 'User', issueNumber: p.issue.number };
    await once(context, () => handleAttempt(context, deps, attempt));
  });
}

async function handleAttempt(context: Context<'check_run' | 'issue_comment'>, deps: SecretApprovalHandlerDeps, attempt: Attempt): Promise<void> {
  const { owner, repo } = context.repo();
  const slug = await deps.appSlug();
  const ownBot = `${slug}[bot]`;
  const approval = await deps.service.store.findById(attempt.id);
  // An approval belongs to one repository (bound by id) and, for a button, to a run of this App on
  // the run's commit. Not to one check run id: a click can arrive before the id is stored.
  if (!approval || approval.repositoryId !== Number(context.payload.repository.id) || (attempt.checkRunSha !== undefined && approval.run.sha !== attempt.checkRunSha)) {
    const reason = `no secret approval ${attempt.id || '(none named)'} in ${owner}/${repo}`;
    await deps.service.audit({ kind: 'approval', actor: `github:${attempt.login}`, subject: `${owner}/${repo}`, data: { policy: 'airlock.secrets', approval_id: attempt.id, verb: attempt.verb, via: attempt.via, accepted: false, reason, delivery: context.id } });
    await reply(context, attempt, ownBot, `No secret approval \`${attempt.id}\` is waiting in this repository; nothing changed.`);
    return;
  }
  const config = await (deps.config ?? readAirlockConfig)(context, owner, repo);
  const person = (await lookupCollaborators(context.octokit, { owner, repo }, [attempt.login])).get(lower(attempt.login));
  const refusals = deciderRefusals(
    // The account type GitHub reports wins over what the event said.
    { login: attempt.login, userType: person?.userType === 'Bot' ? 'Bot' : attempt.userType, permission: person?.permission ?? 'none' },
    { verb: attempt.verb, runActor: approval.run.actor, appBot: ownBot, agents: config.agents },
  );
  const result = await decideAsHuman(deps.service, approval, { login: attempt.login, verb: attempt.verb, via: attempt.via, refusals, delivery: context.id });
  context.log.info({ approval_id: approval.id, login: attempt.login, via: attempt.via, verb: attempt.verb, result: result.result }, 'secret approval attempt');
  await reply(context, attempt, ownBot, answer(attempt, result));
}

/** A short answer; it never starts a line with a command, so the App cannot trigger itself. */
function answer(attempt: Attempt, r: AttemptResult): string {
  const who = escapeMarkdown(attempt.login);
  const id = `\`${r.approval.id}\``;
  if (r.result === 'refused') return `${who} cannot ${attempt.verb} secret approval ${id}: ${escapeMarkdown(r.reason)}. Nothing changed.`;
  if (r.result === 'closed') return `Secret approval ${id} is already ${r.approval.status}; nothing changed.`;
  return `Secret approval ${id} is now **${r.approval.status}** (${escapeMarkdown(r.reason)}).`;
}

async function reply(context: Context<'check_run' | 'issue_comment'>, attempt: Attempt, ownBot: string, body: string): Promise<void> {
  // Buttons answer on the check run; and never answer this App's own bot (no reply loops).
  if (attempt.issueNumber === undefined || lower(attempt.login) === lower(ownBot)) return;
  const { owner, repo } = context.repo();
  try {
    await context.octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { owner, repo, issue_number: attempt.issueNumber, body });
  } catch (error) {
    // The decision (or refusal) is recorded and audited already; only the answer is lost.
    context.log.warn({ err: { message: (error as Error).message } }, 'could not answer a secret approval comment');
  }
}
