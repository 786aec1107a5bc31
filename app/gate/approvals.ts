import { parseGateCommand } from './gate-command.js';
import type { GateState, RecordedApproval } from './gate-state.js';

/**
 * Which approvals count (THREATS.md §E 30). An approval counts only if it is bound to the
 * current head commit and given by a human with write, maintain or admin permission who is not
 * an agent, not the pull request's author (solo mode excepted, never for agents) and, when the
 * configuration names approvers, one of them. The policy (`airlock.pr`) checks the same rules
 * again on what the gate hands it; the gate alone knows about approver lists and comment edits.
 */

/** `role_name` of GET /repos/{owner}/{repo}/collaborators/{username}/permission. */
export type Permission = 'admin' | 'maintain' | 'write' | 'triage' | 'read' | 'none';

export interface ApprovalClaim {
  login: string;
  /** The approver's account type as GitHub reports it (`User`, `Bot`, ...). */
  userType: string;
  sha: string;
  via: 'review' | 'comment' | 'button';
}

export interface ApprovalRules {
  headSha: string;
  author: string;
  /** Agent identities, this App's bot included. */
  agents: string[];
  solo: boolean;
  /** Configured approvers; both empty means anyone with write access. */
  approverUsers: string[];
  /** Logins found to be members of a configured approver team. */
  approverTeamMembers: string[];
  approverTeamsConfigured: boolean;
  permissions: ReadonlyMap<string, Permission>;
}

/** One approval in the shape of the `airlock.pr` input (policies/schemas/pr-input.schema.json). */
export interface PolicyApproval {
  login: string;
  sha: string;
  permission: Permission;
  is_bot: boolean;
  is_author: boolean;
  is_agent: boolean;
}

export interface JudgedApproval {
  claim: ApprovalClaim;
  counts: boolean;
  /** Why it does not count (empty when it counts). */
  reasons: string[];
  /** Handed to the policy unless the gate alone refused it (approver list). */
  policy: PolicyApproval | undefined;
}

const WRITE: ReadonlySet<Permission> = new Set(['write', 'maintain', 'admin']);
const lower = (s: string) => s.toLowerCase();

export const isBotAccount = (login: string, userType: string): boolean => userType === 'Bot' || lower(login).endsWith('[bot]');

export function judgeApproval(claim: ApprovalClaim, rules: ApprovalRules): JudgedApproval {
  const login = lower(claim.login);
  const permission = rules.permissions.get(login) ?? 'none';
  const isBot = isBotAccount(claim.login, claim.userType);
  const isAgent = rules.agents.some((a) => lower(a) === login);
  const isAuthor = login === lower(rules.author);
  const reasons: string[] = [];
  if (claim.sha !== rules.headSha) reasons.push(`it is for commit ${claim.sha.slice(0, 12)}, not the head commit ${rules.headSha.slice(0, 12)}`);
  if (!WRITE.has(permission)) reasons.push(`${claim.login} has ${permission} access; approvals need write, maintain or admin`);
  if (isBot) reasons.push('bots cannot approve');
  if (isAgent) reasons.push('agents cannot approve');
  if (isAuthor && !(rules.solo && !isAgent && !isBot)) reasons.push('the author cannot approve their own pull request');
  let listed = true;
  if (rules.approverUsers.length || rules.approverTeamsConfigured) {
    listed = rules.approverUsers.some((u) => lower(u) === login) || rules.approverTeamMembers.some((u) => lower(u) === login);
    if (!listed) reasons.push(`${claim.login} is not one of the configured approvers`);
  }
  const policy: PolicyApproval | undefined = listed
    ? { login: claim.login, sha: claim.sha, permission, is_bot: isBot, is_author: isAuthor, is_agent: isAgent }
    : undefined;
  return { claim, counts: reasons.length === 0, reasons, policy };
}

/** Reviews as GET /repos/{owner}/{repo}/pulls/{n}/reviews lists them (oldest first). */
export interface ReviewFact {
  login: string;
  userType: string;
  state: string;
  commitId: string | null;
}

/**
 * Each reviewer's latest decisive review (APPROVED, CHANGES_REQUESTED or DISMISSED; comments do
 * not change a decision, as on GitHub): an approval only if that review approves.
 */
export function reviewClaims(reviews: ReviewFact[]): ApprovalClaim[] {
  const latest = new Map<string, ReviewFact>();
  for (const r of reviews) if (['APPROVED', 'CHANGES_REQUESTED', 'DISMISSED'].includes(r.state.toUpperCase())) latest.set(lower(r.login), r);
  return [...latest.values()]
    .filter((r) => r.state.toUpperCase() === 'APPROVED' && r.commitId)
    .map((r) => ({ login: r.login, userType: r.userType, sha: r.commitId!, via: 'review' as const }));
}

/**
 * Approvals recorded for the head commit (comment, button), as claims on that commit. The account
 * type is not recorded: the caller takes it from GitHub (`[bot]` logins count as bots regardless).
 */
export function recordedClaims(recorded: RecordedApproval[], headSha: string): ApprovalClaim[] {
  return recorded.map((r) => ({ login: r.login, userType: 'User', sha: headSha, via: r.via }));
}

export interface CommentEvent {
  action: 'created' | 'edited' | 'deleted';
  commentId: number;
  /** The comment's author. */
  author: string;
  /** Who sent the event: for `edited`, who made the edit. */
  sender: string;
  body: string;
  headSha: string;
}

export interface ApprovalChange {
  state: GateState;
  /** What happened to an approval, for the audit log; undefined when the comment is no approval. */
  outcome?: { accepted: boolean; reason: string };
}

/**
 * A comment created, edited or deleted. An edit or deletion withdraws the approval the comment
 * gave; an edited comment then approves again only as its current text and only if its author
 * made the edit (a maintainer can edit anyone's comment, and must not approve in their name).
 */
export function applyCommentEvent(state: GateState, event: CommentEvent): ApprovalChange {
  const kept = state.approvals.filter((a) => a.commentId !== event.commentId);
  const withdrew = kept.length !== state.approvals.length;
  const next: GateState = { ...state, approvals: kept };
  const command = event.action === 'deleted' ? undefined : parseGateCommand(event.body);
  if (command?.kind !== 'approve') {
    return withdrew ? { state: next, outcome: { accepted: false, reason: `the approval comment was ${event.action}; it no longer approves` } } : { state: next };
  }
  if (event.action === 'edited' && lower(event.sender) !== lower(event.author)) {
    return { state: next, outcome: { accepted: false, reason: `the comment by ${event.author} was edited by ${event.sender}; an approval counts only as written by its author` } };
  }
  if (command.sha !== event.headSha) {
    return { state: next, outcome: { accepted: false, reason: `it approves commit ${command.sha.slice(0, 12)}, but the head commit is ${event.headSha.slice(0, 12)}` } };
  }
  return { state: { ...next, approvals: [...kept, { login: event.author, via: 'comment', commentId: event.commentId }] }, outcome: { accepted: true, reason: `${event.author} approved ${event.headSha.slice(0, 12)} by comment` } };
}

/** The check run's Approve button, clicked on the run of commit `sha`. */
export function applyButtonApproval(state: GateState, click: { login: string; sha: string; headSha: string }): ApprovalChange {
  if (click.sha !== click.headSha) {
    return { state, outcome: { accepted: false, reason: `the button belongs to the check of commit ${click.sha.slice(0, 12)}, but the head commit is ${click.headSha.slice(0, 12)}` } };
  }
  const others = state.approvals.filter((a) => !(a.via === 'button' && lower(a.login) === lower(click.login)));
  return { state: { ...state, approvals: [...others, { login: click.login, via: 'button' }] }, outcome: { accepted: true, reason: `${click.login} approved ${click.sha.slice(0, 12)} with the button` } };
}
