import type { EnforcementMode } from '../config/airlock-config.js';
import type { RevertResult } from './apply-revert.js';

/** What became of the revert of one agent push: the incident and the audit record say it. */
export type RevertOutcome =
  | RevertResult
  | { status: 'dry_run'; branch: string; writes: string[] }
  | { status: 'not_possible'; reason: string }
  | { status: 'failed'; error: string };

/** The incident issue's section on the revert: what was done or would be, and why this way. */
export function renderRevert(mode: EnforcementMode, outcome: RevertOutcome): string {
  const why = 'Airlock reverts through a pull request, never by resetting the branch: a reset rewrites history, drops anything pushed after the agent, and is a force-push the branch ruleset blocks.';
  const lines = ['### Revert', ''];
  switch (outcome.status) {
    case 'opened':
    case 'reused':
      lines.push(`${outcome.status === 'opened' ? 'Opened' : 'Already open'}: #${outcome.pull} (\`${outcome.branch}\`) restores the branch's content from before the push. Review and merge it to undo the push, or close it to keep the change.`);
      break;
    case 'nothing_to_revert':
      lines.push('Nothing to revert: the branch already has the content it had before the push.');
      break;
    case 'not_possible':
      lines.push(outcome.reason);
      break;
    case 'failed':
      lines.push(`**Airlock could not open the revert pull request:** ${outcome.error}`, '', 'Revert the push by hand: open a pull request that restores the content from before the push.');
      break;
    case 'dry_run':
      lines.push(`Mode \`${mode}\`: nothing was reverted. In \`fix\` mode Airlock would open a revert pull request from \`${outcome.branch}\`:`, '', ...outcome.writes.map((w) => `- \`${w}\``));
      break;
  }
  lines.push('', why);
  return lines.join('\n');
}
