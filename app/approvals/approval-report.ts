import type { ApprovalStatus, SecretApproval } from '../../src/store/secret-approval-store.js';
import { escapeMarkdown } from '../gate/gate-report.js';

export const APPROVAL_CHECK_NAME = 'Airlock secret approval';

/**
 * The check run's buttons. GitHub's limits: at most three actions; label and identifier at most
 * 20 characters, description at most 40.
 * https://docs.github.com/en/rest/checks/runs#create-a-check-run (`actions`)
 * https://docs.github.com/en/rest/guides/using-the-rest-api-to-interact-with-checks#check-runs-and-requested-actions
 */
export const APPROVE_SECRET_ACTION = { label: 'Approve secrets', description: 'Resolve these secrets for this run', identifier: 'approve-secret' } as const;
export const DENY_SECRET_ACTION = { label: 'Deny secrets', description: 'Refuse these secrets to this run', identifier: 'deny-secret' } as const;

export interface ApprovalCheckContent {
  status: 'in_progress' | 'completed';
  conclusion?: 'success' | 'failure' | 'timed_out' | 'cancelled';
  title: string;
  summary: string;
  actions: (typeof APPROVE_SECRET_ACTION | typeof DENY_SECRET_ACTION)[];
}

/** GitHub caps `output.summary` at 65535 characters. */
const MAX_SUMMARY = 60_000;

const CONCLUSION: Record<Exclude<ApprovalStatus, 'pending'>, NonNullable<ApprovalCheckContent['conclusion']>> = {
  approved: 'success',
  denied: 'failure',
  expired: 'timed_out',
  cancelled: 'cancelled',
};

const count = (n: number) => `${n} secret${n === 1 ? '' : 's'}`;

function title(a: SecretApproval): string {
  switch (a.status) {
    case 'pending':
      return `Waiting for a human to approve ${count(a.secrets.length)}`;
    case 'approved':
      return a.decidedBy ? `Secrets approved by ${a.decidedBy}` : 'Secrets approved by policy';
    case 'denied':
      return a.decidedBy ? `Secrets denied (${a.decidedBy})` : 'Secrets denied';
    case 'expired':
      return 'Nobody approved in time: secrets refused';
    case 'cancelled':
      return 'Cancelled: the run stopped waiting';
  }
}

/**
 * Pure: what the check run says about one approval. It names secrets by path, key and variable,
 * never by value (the App never holds one), and every value from the request is escaped.
 */
export function renderApprovalCheck(a: SecretApproval): ApprovalCheckContent {
  const e = escapeMarkdown;
  const lines = [
    `Workflow run **${e(a.run.runId)}** of **${e(a.repository)}** asks to resolve ${count(a.secrets.length)}:`,
    '',
    '| Secret | Into | Approval |',
    '| --- | --- | --- |',
    ...a.secrets.map((s) => `| ${e(s.path)}#${e(s.key)} | ${e(s.env)} | ${s.approval === 'required' ? 'marked by the workflow' : 'asked by policy'} |`),
    '',
    `for the request the egress proxy holds: **${e(a.destination.method)}** ${e(a.destination.host)}${e(a.destination.path)}`,
    '',
    `- Workflow: ${e(a.run.workflowRef)} (event ${e(a.run.eventName)}, ref ${e(a.run.ref)})`,
    `- Run ${e(a.run.runId)}, started by ${e(a.run.actor)}, at commit \`${a.run.sha}\`; identity ${e(a.identity)}`,
    `- Approval id \`${a.id}\`, requested ${new Date(a.createdAt).toISOString()}, waits until ${new Date(a.expiresAt).toISOString()}`,
    '',
  ];
  if (a.status === 'pending') {
    lines.push(
      `**To approve**, press **${APPROVE_SECRET_ACTION.label}** above, or comment \`/airlock approve-secret ${a.id}\` on any issue or pull request of this repository. **To refuse**, press **${DENY_SECRET_ACTION.label}** or comment \`/airlock deny-secret ${a.id}\`.`,
      '',
      `Who may decide: someone with write, maintain or admin access who is not ${e(a.run.actor)} (the run's actor), not a bot and not an agent. Without a decision by ${new Date(a.expiresAt).toISOString()} the secrets are refused.`,
    );
  } else {
    lines.push(`**Decision: ${a.status}**${a.decidedBy ? ` by ${e(a.decidedBy)}` : ''}${a.decidedAt ? ` at ${new Date(a.decidedAt).toISOString()}` : ''}. ${e(a.message)}`);
  }
  if (a.refused.length) {
    lines.push('', '### Refused attempts', '', ...a.refused.map((r) => `- ${e(r.login)} (${r.via}, ${r.at}): ${e(r.reason)}`));
  }
  let summary = lines.join('\n');
  if (summary.length > MAX_SUMMARY) summary = `${summary.slice(0, MAX_SUMMARY)}\n\n(truncated)`;
  return a.status === 'pending'
    ? { status: 'in_progress', title: title(a), summary, actions: [APPROVE_SECRET_ACTION, DENY_SECRET_ACTION] }
    : { status: 'completed', conclusion: CONCLUSION[a.status], title: title(a), summary, actions: [] };
}
