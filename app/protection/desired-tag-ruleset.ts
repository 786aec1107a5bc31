import type { BypassActor, RulesetBody } from './desired-ruleset.js';

export const TAG_RULESET_NAME = 'Airlock release tags';

/** The rule types Airlock's tag ruleset must carry: no tag is created, moved or deleted by an agent. */
export const TAG_RULES = ['creation', 'update', 'deletion', 'non_fast_forward'] as const;

/**
 * Repository roles that may still publish: `actor_id` 2 is Maintain and 5 is Admin in the
 * ruleset API (https://docs.github.com/en/rest/repos/rules#create-a-repository-ruleset, "bypass
 * actors"; the same people who could create protected tags under GitHub's retired tag protection
 * rules). A role bypass applies to people holding the role, never to a GitHub App's installation
 * token, so tokens the broker mints (which act as this App) cannot create tags.
 * https://docs.github.com/en/repositories/configuring-branches-and-merges-in-your-repository/managing-rulesets/creating-rulesets-for-a-repository#granting-bypass-permissions-for-your-ruleset
 */
export const TAG_PUBLISHERS: readonly BypassActor[] = [
  { actor_id: 2, actor_type: 'RepositoryRole', bypass_mode: 'always' },
  { actor_id: 5, actor_type: 'RepositoryRole', bypass_mode: 'always' },
];

/**
 * The tag ruleset Airlock wants (issue 19 item 3, "publishing needs a human"): every tag
 * (`~ALL`), since a tag is what release workflows and package registries publish from; creating,
 * moving and deleting tags is left to people with Maintain or Admin. Agents that need a release
 * open a pull request, and a human tags the merge.
 */
export function desiredTagRuleset(): RulesetBody {
  return {
    name: TAG_RULESET_NAME,
    target: 'tag',
    enforcement: 'active',
    bypass_actors: TAG_PUBLISHERS.map((a) => ({ ...a })),
    conditions: { ref_name: { include: ['~ALL'], exclude: [] } },
    rules: TAG_RULES.map((type) => ({ type })),
  };
}
