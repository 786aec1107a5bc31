import type { Caller } from './route-types.js';
import type { WorldRepo, WorldState } from './world-state.js';

export interface RulesetBody {
  target?: string;
  enforcement?: string;
  conditions?: { ref_name?: { include?: string[]; exclude?: string[] } };
  rules?: { type: string }[];
  bypass_actors?: { actor_id?: number | null; actor_type: string }[];
}

/** fnmatch-style ref pattern as rulesets use it (`*` within a segment, `**` across). */
export function refMatches(pattern: string, ref: string, repo: WorldRepo): boolean {
  if (pattern === '~ALL') return true;
  if (pattern === '~DEFAULT_BRANCH') return ref === `refs/heads/${repo.defaultBranch}`;
  const regex = new RegExp(
    '^' + pattern.split('**').map((p) => p.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*')).join('.*') + '$',
  );
  return regex.test(ref);
}

/**
 * Which active ruleset rule (or classic protection) a ref update breaks, as GitHub would refuse it.
 * https://docs.github.com/en/repositories/configuring-branches-and-merges-in-your-repository/managing-rulesets/available-rules-for-rulesets
 */
export function refUpdateViolation(
  state: WorldState,
  repo: WorldRepo,
  ref: string,
  change: { fastForward: boolean; actor: Caller },
): string | undefined {
  const fullRef = `refs/${ref}`;
  for (const ruleset of state.rulesets.filter((r) => r.repoId === repo.id)) {
    const body = ruleset.body as RulesetBody;
    if ((body.target ?? 'branch') !== 'branch' || body.enforcement !== 'active') continue;
    const include = body.conditions?.ref_name?.include ?? [];
    const exclude = body.conditions?.ref_name?.exclude ?? [];
    if (!include.some((p) => refMatches(p, fullRef, repo)) || exclude.some((p) => refMatches(p, fullRef, repo))) continue;
    const bypass = (body.bypass_actors ?? []).some(
      (b) => b.actor_type === 'Integration' && b.actor_id === state.app.id && change.actor.kind === 'installation',
    );
    if (bypass) continue;
    for (const rule of body.rules ?? []) {
      if (rule.type === 'pull_request') return `- Changes must be made through a pull request. (ruleset ${ruleset.id})`;
      if (rule.type === 'update') return `- Cannot update this protected ref. (ruleset ${ruleset.id})`;
      if (rule.type === 'non_fast_forward' && !change.fastForward) return `- Cannot force-push to this branch. (ruleset ${ruleset.id})`;
    }
  }
  const classic = state.branchProtections.get(`${repo.owner.login}/${repo.name}:${ref.replace(/^heads\//, '')}`.toLowerCase());
  if (classic?.required_pull_request_reviews) return '- Changes must be made through a pull request. (branch protection)';
  return undefined;
}

/** What a ref update does to a tag, in the words of the tag rules that govern it. */
export type TagChange = 'create' | 'update' | 'delete';

/**
 * The active tag rulesets that bind `actor` (tag rulesets, `target: tag`): only an Integration
 * bypass for this App exempts an installation token; role, team and admin bypasses are for people.
 * https://docs.github.com/en/repositories/configuring-branches-and-merges-in-your-repository/managing-rulesets/available-rules-for-rulesets
 */
export function bindingTagRulesets(state: WorldState, repo: WorldRepo, actor: Caller): { id: number; body: RulesetBody }[] {
  return state.rulesets
    .filter((r) => r.repoId === repo.id)
    .map((r) => ({ id: r.id, body: r.body as RulesetBody }))
    .filter(({ body }) => body.target === 'tag' && body.enforcement === 'active')
    .filter(({ body }) => !(body.bypass_actors ?? []).some((b) => b.actor_type === 'Integration' && b.actor_id === state.app.id && actor.kind === 'installation'));
}

/** The rule a tag change breaks (`creation`, `update`, `deletion`, `non_fast_forward`), as GitHub would refuse it. */
export function tagUpdateViolation(state: WorldState, repo: WorldRepo, ref: string, change: { kind: TagChange; fastForward: boolean; actor: Caller }): string | undefined {
  const fullRef = `refs/${ref}`;
  for (const { id, body } of bindingTagRulesets(state, repo, change.actor)) {
    const include = body.conditions?.ref_name?.include ?? [];
    const exclude = body.conditions?.ref_name?.exclude ?? [];
    if (!include.some((p) => refMatches(p, fullRef, repo)) || exclude.some((p) => refMatches(p, fullRef, repo))) continue;
    for (const rule of body.rules ?? []) {
      if (rule.type === 'creation' && change.kind === 'create') return `- Cannot create ref due to creations being restricted. (ruleset ${id})`;
      if (rule.type === 'update' && change.kind === 'update') return `- Cannot update this protected ref. (ruleset ${id})`;
      if (rule.type === 'deletion' && change.kind === 'delete') return `- Cannot delete this protected ref. (ruleset ${id})`;
      if (rule.type === 'non_fast_forward' && change.kind === 'update' && !change.fastForward) return `- Cannot force-push to this ref. (ruleset ${id})`;
    }
  }
  return undefined;
}
