import type { BypassActor, CurrentRuleset, RulesetBody } from './desired-ruleset.js';
import { TAG_RULES } from './desired-tag-ruleset.js';
import {
  describeActor,
  MACHINE_ACTORS,
  repairedConditions,
  SETTINGS,
  type ProtectionPlan,
} from './plan-protection.js';

const RULE_NAMES: Record<(typeof TAG_RULES)[number], string> = {
  creation: 'Restrict creations',
  update: 'Restrict updates',
  deletion: 'Restrict deletions',
  non_fast_forward: 'Block force pushes',
};

/** A bypass that lets a machine (an app, a deploy key) or one account publish tags with no human. */
const opensToMachines = (actor: BypassActor) =>
  MACHINE_ACTORS.has(actor.actor_type) || actor.actor_type === 'User';

function findTagDrift(current: CurrentRuleset, desired: RulesetBody): string[] {
  const where = `${SETTINGS} → ${current.name}`;
  const drift: string[] = [];
  if (current.enforcement !== 'active')
    drift.push(
      `The tag ruleset's enforcement is \`${current.enforcement}\`, so agents can create tags. Fix by hand: ${where} → Enforcement status: Active.`,
    );
  if (current.target !== 'tag')
    drift.push(
      `The ruleset \`${current.name}\` targets \`${current.target ?? 'branch'}\` instead of tags. Fix by hand: recreate it as a tag ruleset.`,
    );
  const include = current.conditions?.ref_name?.include ?? [];
  for (const pattern of desired.conditions.ref_name.include)
    if (!include.includes(pattern))
      drift.push(
        `The tag ruleset no longer covers \`${pattern}\`, so some tags can be created by agents. Fix by hand: ${where} → Target tags → Add target "All tags".`,
      );
  for (const pattern of current.conditions?.ref_name?.exclude ?? [])
    drift.push(
      `The tag ruleset excludes \`${pattern}\`, so agents can create those tags. Fix by hand: ${where} → Target tags → remove the exclusion \`${pattern}\`.`,
    );
  const rules = new Set((current.rules ?? []).map((r) => r.type));
  for (const type of TAG_RULES)
    if (!rules.has(type))
      drift.push(
        `The tag rule \`${type}\` was removed. Fix by hand: ${where} → enable "${RULE_NAMES[type]}".`,
      );
  for (const actor of current.bypass_actors ?? [])
    if (opensToMachines(actor)) {
      const who = describeActor(actor);
      drift.push(
        `${who} may bypass the tag ruleset, so it can publish a release with no human (tokens from the Airlock broker act as the Airlock app, so not even Airlock may bypass). Fix by hand: ${where} → Bypass list → remove ${who}.`,
      );
    }
  return drift;
}

/** `current`, strengthened: people's bypasses and rules others added are kept; machine bypasses and exclusions go. */
function repairedTagBody(current: CurrentRuleset, desired: RulesetBody): RulesetBody {
  const humans = (current.bypass_actors ?? []).filter((a) => !opensToMachines(a));
  const key = (a: BypassActor) => `${a.actor_type}:${a.actor_id ?? ''}`;
  const bypass = [
    ...desired.bypass_actors,
    ...humans.filter((a) => !desired.bypass_actors.some((d) => key(d) === key(a))),
  ];
  return {
    ...desired,
    bypass_actors: bypass,
    conditions: repairedConditions(current, desired),
    rules: [
      ...desired.rules,
      ...(current.rules ?? []).filter((r) => !(TAG_RULES as readonly string[]).includes(r.type)),
    ],
  };
}

/**
 * The tag half of the protection plan (issue 19 item 3): create Airlock's tag ruleset, repair it
 * in place, or nothing. As for branches, only a repository-level ruleset with Airlock's name counts.
 */
export function planTagProtection(current: CurrentRuleset[], desired: RulesetBody): ProtectionPlan {
  const ours = current.find(
    (r) => r.name === desired.name && (r.source_type ?? 'Repository') === 'Repository',
  );
  if (!ours) {
    const drift = [
      `The ruleset \`${desired.name}\` does not exist, so an agent holding a broker token with \`contents: write\` can create a tag, and a release workflow can publish it with no human. Fix by hand: ${SETTINGS} → New tag ruleset \`${desired.name}\` with the body below, or set \`mode: fix\` in .github/airlock.yml.`,
    ];
    return { actions: [{ kind: 'create', body: desired, reasons: drift }], drift };
  }
  const drift = findTagDrift(ours, desired);
  if (!drift.length)
    return {
      actions: [
        {
          kind: 'none',
          ruleset_id: ours.id,
          reasons: [`Ruleset ${ours.id} (\`${ours.name}\`) already keeps tags for people.`],
        },
      ],
      drift,
    };
  return {
    actions: [
      { kind: 'update', ruleset_id: ours.id, body: repairedTagBody(ours, desired), reasons: drift },
    ],
    drift,
  };
}
