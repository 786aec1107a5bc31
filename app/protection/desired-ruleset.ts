import type { AirlockConfig } from '../config/airlock-config.js';

/**
 * The subset of a repository ruleset (GET /repos/{owner}/{repo}/rulesets/{id}) that Airlock reads
 * and writes. https://docs.github.com/en/rest/repos/rules
 */
export interface RulesetRule {
  type: string;
  parameters?: Record<string, unknown>;
}

export interface BypassActor {
  actor_id?: number | null;
  actor_type: string;
  bypass_mode?: string;
}

/** The request body of POST/PUT /repos/{owner}/{repo}/rulesets (OpenAPI `repos/create-repo-ruleset`). */
export interface RulesetBody {
  name: string;
  target: 'branch' | 'tag';
  enforcement: 'active';
  bypass_actors: BypassActor[];
  conditions: { ref_name: { include: string[]; exclude: string[] } };
  rules: RulesetRule[];
}

/** A ruleset as GitHub returns it: the body's fields, possibly absent or weaker, plus its id. */
export interface CurrentRuleset {
  id: number;
  name: string;
  target?: string;
  source_type?: string;
  enforcement: string;
  bypass_actors?: BypassActor[];
  conditions?: { ref_name?: { include?: string[]; exclude?: string[] } } | null;
  rules?: RulesetRule[];
}

export const RULESET_NAME = 'Airlock protected branches';
/** The check run the PR gate creates; required here from this App's integration id only. */
export const CHECK_CONTEXT = 'Airlock';
/** The rule types Airlock's ruleset must carry. */
export const REQUIRED_RULES = [
  'pull_request',
  'required_status_checks',
  'non_fast_forward',
  'deletion',
] as const;

/**
 * Config branch patterns (`main`, `release/*`, `~DEFAULT_BRANCH`) as ruleset ref patterns, which
 * are full ref names with fnmatch globs (`*` within a segment, `**` across, like the config's).
 * https://docs.github.com/en/repositories/configuring-branches-and-merges-in-your-repository/managing-rulesets/creating-rulesets-for-a-repository#using-fnmatch-syntax
 */
export function rulesetRefPattern(pattern: string): string {
  if (pattern.startsWith('~') || pattern.startsWith('refs/')) return pattern;
  return `refs/heads/${pattern}`;
}

/**
 * The ruleset Airlock wants on every protected branch:
 * - changes only through pull requests, with `approvers.required` approving reviews that are
 *   dismissed by a new push and must come after the last push (an agent cannot push after approval);
 * - the `Airlock` check required from this App's integration id, so a commit status or a check run
 *   named `Airlock` from any other app or user does not satisfy it (policy-bot's statuses can be
 *   forged by anyone with write access);
 * - no force push, no deletion;
 * - no bypass actors at all. Tokens the broker mints act as this App's installation, so even this
 *   App must not bypass. Org admins who want a human break-glass path keep it in a ruleset of their
 *   own: GitHub evaluates every ruleset and a bypass only exempts from the ruleset that lists it,
 *   so it never weakens this one. Bypass actors added to this ruleset are reported as drift.
 */
export function desiredRuleset(
  config: Pick<AirlockConfig, 'protectedBranches' | 'approvers'>,
  integrationId: number,
): RulesetBody {
  return {
    name: RULESET_NAME,
    target: 'branch',
    enforcement: 'active',
    bypass_actors: [],
    conditions: {
      ref_name: {
        include: [...new Set(config.protectedBranches.map(rulesetRefPattern))],
        exclude: [],
      },
    },
    rules: [
      {
        type: 'pull_request',
        parameters: {
          required_approving_review_count: config.approvers.required,
          dismiss_stale_reviews_on_push: true,
          require_last_push_approval: true,
          require_code_owner_review: false,
          required_review_thread_resolution: false,
        },
      },
      {
        type: 'required_status_checks',
        parameters: {
          required_status_checks: [{ context: CHECK_CONTEXT, integration_id: integrationId }],
          // The gate's check is bound to the head SHA already; requiring branches to be up to date
          // adds merge friction without adding a guarantee.
          strict_required_status_checks_policy: false,
          do_not_enforce_on_create: false,
        },
      },
      { type: 'non_fast_forward' },
      { type: 'deletion' },
    ],
  };
}
