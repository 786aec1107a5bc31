import {
  CHECK_CONTEXT,
  REQUIRED_RULES,
  type BypassActor,
  type CurrentRuleset,
  type RulesetBody,
  type RulesetRule,
} from './desired-ruleset.js';

/** One step of a protection plan: data, shown as a dry run before anything is applied. */
export interface ProtectionAction {
  kind: 'create' | 'update' | 'none';
  ruleset_id?: number;
  /** The POST (create) or PUT (update) body for /repos/{owner}/{repo}/rulesets. */
  body?: RulesetBody;
  /** Why, in words a maintainer can act on. */
  reasons: string[];
}

export interface ProtectionPlan {
  actions: ProtectionAction[];
  /** Each way the repository's protection falls short of Airlock's ruleset, with the manual fix. */
  drift: string[];
}

export const SETTINGS = 'Settings → Rules → Rulesets';
/** Bypass actor types that are machines: an agent holding one of them skips every rule. */
export const MACHINE_ACTORS: ReadonlySet<string> = new Set(['Integration', 'DeployKey']);

const ruleOf = (rules: RulesetRule[], type: string) => rules.find((r) => r.type === type);
const param = <T>(rule: RulesetRule | undefined, name: string): T | undefined =>
  rule?.parameters?.[name] as T | undefined;

interface StatusCheck {
  context: string;
  integration_id?: number;
}

export function describeActor(actor: BypassActor): string {
  return actor.actor_type === 'OrganizationAdmin' || actor.actor_type === 'DeployKey'
    ? actor.actor_type
    : `${actor.actor_type} ${actor.actor_id ?? '?'}`;
}

/** What is missing or weaker in `current` than in `desired`, each with how to fix it by hand. */
function findDrift(current: CurrentRuleset, desired: RulesetBody): string[] {
  const where = `${SETTINGS} → ${current.name}`;
  const drift: string[] = [];
  if (current.enforcement !== 'active')
    drift.push(
      `The ruleset's enforcement is \`${current.enforcement}\`, so none of its rules is enforced. Fix by hand: ${where} → Enforcement status: Active.`,
    );
  if ((current.target ?? 'branch') !== 'branch')
    drift.push(
      `The ruleset targets \`${current.target}\` instead of branches. Fix by hand: recreate it as a branch ruleset.`,
    );

  const include = current.conditions?.ref_name?.include ?? [];
  const exclude = current.conditions?.ref_name?.exclude ?? [];
  if (!include.includes('~ALL'))
    for (const pattern of desired.conditions.ref_name.include)
      if (!include.includes(pattern))
        drift.push(
          `The ruleset no longer covers \`${pattern}\`, so that branch can be changed without a pull request. Fix by hand: ${where} → Target branches → Add target \`${pattern}\`.`,
        );
  for (const pattern of exclude)
    drift.push(
      `The ruleset excludes \`${pattern}\`, which narrows the protected branches. Fix by hand: ${where} → Target branches → remove the exclusion \`${pattern}\`.`,
    );

  const rules = current.rules ?? [];
  const names: Record<(typeof REQUIRED_RULES)[number], string> = {
    pull_request: 'Require a pull request before merging',
    required_status_checks: 'Require status checks to pass',
    non_fast_forward: 'Block force pushes',
    deletion: 'Restrict deletions',
  };
  for (const type of REQUIRED_RULES)
    if (!ruleOf(rules, type))
      drift.push(
        `The rule \`${type}\` was removed. Fix by hand: ${where} → enable "${names[type]}".`,
      );

  const pr = ruleOf(rules, 'pull_request');
  const wantPr = ruleOf(desired.rules, 'pull_request')!;
  if (pr) {
    const count = param<number>(pr, 'required_approving_review_count') ?? 0;
    const want = param<number>(wantPr, 'required_approving_review_count')!;
    if (count < want)
      drift.push(
        `Pull requests need ${count} approving review(s); the configuration asks for ${want}. Fix by hand: ${where} → Require a pull request → Required approvals: ${want}.`,
      );
    if (param<boolean>(pr, 'dismiss_stale_reviews_on_push') !== true)
      drift.push(
        `Approvals survive new pushes, so a pull request can change after it was approved. Fix by hand: ${where} → Require a pull request → Dismiss stale pull request approvals when new commits are pushed.`,
      );
    if (param<boolean>(pr, 'require_last_push_approval') !== true)
      drift.push(
        `The last push need not be approved by someone else, so whoever pushes last can approve their own change. Fix by hand: ${where} → Require a pull request → Require approval of the most recent reviewable push.`,
      );
  }

  const checks = ruleOf(rules, 'required_status_checks');
  const wantCheck = param<StatusCheck[]>(
    ruleOf(desired.rules, 'required_status_checks'),
    'required_status_checks',
  )![0]!;
  if (checks) {
    const ours = (param<StatusCheck[]>(checks, 'required_status_checks') ?? []).filter(
      (c) => c.context === CHECK_CONTEXT,
    );
    if (!ours.length)
      drift.push(
        `The \`${CHECK_CONTEXT}\` check is no longer required, so pull requests can merge without the Airlock gate. Fix by hand: ${where} → Require status checks to pass → add \`${CHECK_CONTEXT}\` from the Airlock app.`,
      );
    else if (!ours.some((c) => c.integration_id === wantCheck.integration_id))
      drift.push(
        `The \`${CHECK_CONTEXT}\` check is required from ${ours[0]!.integration_id === undefined ? 'any source' : `integration ${ours[0]!.integration_id}`} instead of the Airlock app (integration ${wantCheck.integration_id}), so a status or check named \`${CHECK_CONTEXT}\` from another app or a user could satisfy it. Fix by hand: ${where} → Require status checks to pass → set the source of \`${CHECK_CONTEXT}\` to the Airlock app.`,
      );
  }

  for (const actor of current.bypass_actors ?? []) {
    const who = describeActor(actor);
    drift.push(
      MACHINE_ACTORS.has(actor.actor_type) || actor.actor_type === 'User'
        ? `${who} may bypass the ruleset; an app, deploy key or account that may bypass can land code with no pull request, review or Airlock check (tokens from the Airlock broker act as the Airlock app, so not even Airlock may bypass). Fix by hand: ${where} → Bypass list → remove ${who}.`
        : `${who} may bypass the ruleset. Airlock's ruleset has no bypass; keep a human break-glass path in a ruleset of your own, where it does not exempt from this one. Fix by hand: ${where} → Bypass list → remove ${who}.`,
    );
  }
  return drift;
}

/** Refs others added stay covered; no exclusion survives (it narrows what Airlock protects). */
export function repairedConditions(
  current: CurrentRuleset,
  desired: RulesetBody,
): RulesetBody['conditions'] {
  return {
    ref_name: {
      include: [
        ...new Set([
          ...desired.conditions.ref_name.include,
          ...(current.conditions?.ref_name?.include ?? []),
        ]),
      ],
      exclude: [],
    },
  };
}

/** `current`, strengthened to `desired`: rules and branches others added are kept, nothing weaker survives. */
function repairedBody(current: CurrentRuleset, desired: RulesetBody): RulesetBody {
  const rules = current.rules ?? [];
  const pr = ruleOf(rules, 'pull_request');
  const wantPr = ruleOf(desired.rules, 'pull_request')!;
  const checks = ruleOf(rules, 'required_status_checks');
  const wantChecks = ruleOf(desired.rules, 'required_status_checks')!;
  const otherChecks = (param<StatusCheck[]>(checks, 'required_status_checks') ?? []).filter(
    (c) => c.context !== CHECK_CONTEXT,
  );
  const merged: RulesetRule[] = [
    {
      type: 'pull_request',
      parameters: {
        ...wantPr.parameters,
        ...pr?.parameters,
        required_approving_review_count: Math.max(
          param<number>(pr, 'required_approving_review_count') ?? 0,
          param<number>(wantPr, 'required_approving_review_count')!,
        ),
        dismiss_stale_reviews_on_push: true,
        require_last_push_approval: true,
      },
    },
    {
      type: 'required_status_checks',
      parameters: {
        ...wantChecks.parameters,
        ...checks?.parameters,
        required_status_checks: [
          ...param<StatusCheck[]>(wantChecks, 'required_status_checks')!,
          ...otherChecks,
        ],
      },
    },
    ...desired.rules.filter(
      (r) => r.type !== 'pull_request' && r.type !== 'required_status_checks',
    ),
    ...rules.filter((r) => !(REQUIRED_RULES as readonly string[]).includes(r.type)),
  ];
  return {
    ...desired,
    conditions: repairedConditions(current, desired),
    rules: merged,
  };
}

/**
 * Compares the repository's rulesets (as GET /repos/{owner}/{repo}/rulesets/{id} returns them)
 * with the ruleset Airlock wants, and says what to do: create it, repair it, or nothing. Only a
 * repository-level ruleset with Airlock's name counts as Airlock's; others are left alone.
 */
export function planProtection(current: CurrentRuleset[], desired: RulesetBody): ProtectionPlan {
  const ours = current.find(
    (r) => r.name === desired.name && (r.source_type ?? 'Repository') === 'Repository',
  );
  if (!ours) {
    const drift = [
      `The ruleset \`${desired.name}\` does not exist, so agents and people with write access can push to ${desired.conditions.ref_name.include.map((p) => `\`${p}\``).join(', ')} directly. Fix by hand: ${SETTINGS} → New branch ruleset \`${desired.name}\` with the body below, or set \`mode: fix\` in .github/airlock.yml.`,
    ];
    return { actions: [{ kind: 'create', body: desired, reasons: drift }], drift };
  }
  const drift = findDrift(ours, desired);
  if (!drift.length)
    return {
      actions: [
        {
          kind: 'none',
          ruleset_id: ours.id,
          reasons: [
            `Ruleset ${ours.id} (\`${ours.name}\`) already enforces everything Airlock requires.`,
          ],
        },
      ],
      drift,
    };
  return {
    actions: [
      { kind: 'update', ruleset_id: ours.id, body: repairedBody(ours, desired), reasons: drift },
    ],
    drift,
  };
}
