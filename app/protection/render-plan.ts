import type { EnforcementMode } from '../config/airlock-config.js';
import type { ProtectionPlan } from './plan-protection.js';

export const DRIFT_ISSUE_TITLE = 'Airlock: branch protection drift';

const VERB = {
  create: 'Create ruleset',
  update: 'Update ruleset',
  none: 'Nothing to change for ruleset',
} as const;

/**
 * The plan as a Markdown dry run: what is wrong, how to fix it by hand, and the exact request
 * Airlock sends in `fix` mode. The same text goes to logs, the drift issue and the audit log.
 */
export function renderPlan(
  repository: string,
  plan: ProtectionPlan,
  mode: EnforcementMode,
): string {
  const lines = [
    `### Branch protection plan for \`${repository}\` (dry run, mode \`${mode}\`)`,
    '',
  ];
  if (!plan.drift.length)
    lines.push("No drift: the protected branches and tags are covered by Airlock's rulesets.", '');
  else
    lines.push(
      '**What is missing or weakened, and how to fix it by hand:**',
      '',
      ...plan.drift.map((d) => `- ${d}`),
      '',
    );
  for (const action of plan.actions) {
    if (action.kind === 'none') continue;
    const request =
      action.kind === 'create'
        ? `POST /repos/${repository}/rulesets`
        : `PUT /repos/${repository}/rulesets/${action.ruleset_id}`;
    lines.push(
      `**${VERB[action.kind]}${action.ruleset_id ? ` ${action.ruleset_id}` : ''}:** \`${request}\``,
      '',
      '```json',
      JSON.stringify(action.body, null, 2),
      '```',
      '',
    );
  }
  if (plan.drift.length)
    lines.push(
      mode === 'fix'
        ? 'Airlock applies this plan because `mode: fix` is set.'
        : 'Airlock has not changed anything. To let it apply this plan, set `mode: fix` in `.github/airlock.yml`.',
    );
  return lines.join('\n').trimEnd() + '\n';
}
