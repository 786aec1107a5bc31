import { describe, expect, it } from '@jest/globals';
import { DEFAULT_CONFIG } from '../../app/config/airlock-config.js';
import {
  desiredRuleset,
  RULESET_NAME,
  type CurrentRuleset,
  type RulesetRule,
} from '../../app/protection/desired-ruleset.js';
import { planProtection } from '../../app/protection/plan-protection.js';
import { renderPlan } from '../../app/protection/render-plan.js';

const APP_ID = 4242;
const desired = desiredRuleset(DEFAULT_CONFIG, APP_ID);

/** Airlock's ruleset as GitHub would return it after a create, with `change` applied. */
function current(change: (r: CurrentRuleset) => void = () => undefined): CurrentRuleset {
  const r: CurrentRuleset = { id: 77, source_type: 'Repository', ...structuredClone(desired) };
  change(r);
  return r;
}
const rule = (r: CurrentRuleset, type: string): RulesetRule =>
  r.rules!.find((x) => x.type === type)!;

describe('desiredRuleset', () => {
  it('covers the configured branches as ruleset ref patterns and requires the Airlock check from this App only', () => {
    expect(desired.name).toBe(RULESET_NAME);
    expect(desired.enforcement).toBe('active');
    expect(desired.bypass_actors).toEqual([]);
    expect(desired.conditions.ref_name.include).toEqual([
      '~DEFAULT_BRANCH',
      'refs/heads/release/*',
    ]);
    expect(desired.rules.map((r) => r.type)).toEqual([
      'pull_request',
      'required_status_checks',
      'non_fast_forward',
      'deletion',
    ]);
    expect(desired.rules[1]!.parameters!.required_status_checks).toEqual([
      { context: 'Airlock', integration_id: APP_ID },
    ]);
  });

  it('takes the required approvals from the configuration', () => {
    const two = desiredRuleset(
      {
        ...DEFAULT_CONFIG,
        approvers: { users: [], teams: [], required: 2 },
        protectedBranches: ['main', 'refs/heads/prod'],
      },
      APP_ID,
    );
    expect(two.rules[0]!.parameters).toMatchObject({
      required_approving_review_count: 2,
      dismiss_stale_reviews_on_push: true,
      require_last_push_approval: true,
    });
    expect(two.conditions.ref_name.include).toEqual(['refs/heads/main', 'refs/heads/prod']);
  });
});

describe('planProtection', () => {
  it('creates the ruleset when it is missing, and leaves other rulesets alone', () => {
    const other: CurrentRuleset = {
      id: 5,
      name: 'team rules',
      enforcement: 'active',
      source_type: 'Repository',
    };
    const plan = planProtection([other], desired);
    expect(plan.actions).toEqual([{ kind: 'create', body: desired, reasons: plan.drift }]);
    expect(plan.drift[0]).toMatch(/does not exist/);
  });

  it('does not mistake an org ruleset with the same name for its own', () => {
    const org = current((r) => (r.source_type = 'Organization'));
    expect(planProtection([org], desired).actions[0]!.kind).toBe('create');
  });

  it('plans nothing for a compliant ruleset', () => {
    const plan = planProtection([current()], desired);
    expect(plan).toEqual({
      actions: [
        { kind: 'none', ruleset_id: 77, reasons: [expect.stringMatching(/already enforces/)] },
      ],
      drift: [],
    });
  });

  it('accepts stronger settings and extra rules as compliant', () => {
    const stronger = current((r) => {
      rule(r, 'pull_request').parameters!.required_approving_review_count = 3;
      r.conditions!.ref_name!.include!.push('refs/heads/prod');
      r.rules!.push({ type: 'required_signatures' });
    });
    expect(planProtection([stronger], desired).actions[0]!.kind).toBe('none');
  });

  it.each([
    ['disabled', (r: CurrentRuleset) => (r.enforcement = 'disabled'), /enforcement is `disabled`/],
    ['evaluate', (r: CurrentRuleset) => (r.enforcement = 'evaluate'), /enforcement is `evaluate`/],
  ])('repairs a %s ruleset', (_name, change, message) => {
    const plan = planProtection([current(change)], desired);
    expect(plan.drift).toEqual([expect.stringMatching(message)]);
    expect(plan.actions[0]).toMatchObject({ kind: 'update', ruleset_id: 77 });
    expect(plan.actions[0]!.body!.enforcement).toBe('active');
  });

  it.each(['pull_request', 'required_status_checks', 'non_fast_forward', 'deletion'])(
    'restores the removed rule %s',
    (type) => {
      const plan = planProtection(
        [current((r) => (r.rules = r.rules!.filter((x) => x.type !== type)))],
        desired,
      );
      expect(plan.drift).toEqual([expect.stringContaining(`\`${type}\` was removed`)]);
      expect(plan.actions[0]!.body!.rules.map((r) => r.type)).toContain(type);
    },
  );

  it.each([
    [
      'fewer approvals',
      (r: CurrentRuleset) =>
        (rule(r, 'pull_request').parameters!.required_approving_review_count = 0),
      /need 0 approving/,
    ],
    [
      'stale approvals kept',
      (r: CurrentRuleset) =>
        (rule(r, 'pull_request').parameters!.dismiss_stale_reviews_on_push = false),
      /survive new pushes/,
    ],
    [
      'last push self-approved',
      (r: CurrentRuleset) =>
        (rule(r, 'pull_request').parameters!.require_last_push_approval = false),
      /last push/,
    ],
  ])('repairs a weakened pull request rule: %s', (_name, change, message) => {
    const plan = planProtection([current(change)], desired);
    expect(plan.drift).toEqual([expect.stringMatching(message)]);
    expect(plan.actions[0]!.body!.rules[0]!.parameters).toMatchObject({
      required_approving_review_count: 1,
      dismiss_stale_reviews_on_push: true,
      require_last_push_approval: true,
    });
  });

  it('keeps a stronger approval count while repairing something else', () => {
    const plan = planProtection(
      [
        current(
          (r) => (
            (r.enforcement = 'disabled'),
            (rule(r, 'pull_request').parameters!.required_approving_review_count = 4)
          ),
        ),
      ],
      desired,
    );
    expect(plan.actions[0]!.body!.rules[0]!.parameters!.required_approving_review_count).toBe(4);
  });

  it.each([
    ['another integration', 999, /from integration 999 instead of the Airlock app/],
    ['any source', undefined, /from any source instead of the Airlock app/],
  ])(
    'binds the Airlock check back to this App when it is required from %s',
    (_name, integrationId, message) => {
      const plan = planProtection(
        [
          current(
            (r) =>
              (rule(r, 'required_status_checks').parameters!.required_status_checks = [
                { context: 'Airlock', ...(integrationId ? { integration_id: integrationId } : {}) },
                { context: 'ci/build' },
              ]),
          ),
        ],
        desired,
      );
      expect(plan.drift).toEqual([expect.stringMatching(message)]);
      expect(plan.actions[0]!.body!.rules[1]!.parameters!.required_status_checks).toEqual([
        { context: 'Airlock', integration_id: APP_ID },
        { context: 'ci/build' },
      ]);
    },
  );

  it('restores the Airlock check when only other checks remain', () => {
    const plan = planProtection(
      [
        current(
          (r) =>
            (rule(r, 'required_status_checks').parameters!.required_status_checks = [
              { context: 'ci/build' },
            ]),
        ),
      ],
      desired,
    );
    expect(plan.drift).toEqual([expect.stringMatching(/`Airlock` check is no longer required/)]);
  });

  it.each([
    [
      'a foreign Integration',
      { actor_id: 31, actor_type: 'Integration', bypass_mode: 'always' },
      /Integration 31 may bypass.*not even Airlock/,
    ],
    [
      'this App itself (its broker tokens act as it)',
      { actor_id: APP_ID, actor_type: 'Integration', bypass_mode: 'always' },
      /Integration 4242 may bypass/,
    ],
    [
      'a deploy key',
      { actor_id: null, actor_type: 'DeployKey', bypass_mode: 'always' },
      /DeployKey may bypass/,
    ],
    [
      'an org admin',
      { actor_id: 1, actor_type: 'OrganizationAdmin', bypass_mode: 'always' },
      /OrganizationAdmin may bypass.*ruleset of your own/,
    ],
  ])('reports and removes a bypass actor: %s', (_name, actor, message) => {
    const plan = planProtection([current((r) => (r.bypass_actors = [actor]))], desired);
    expect(plan.drift).toEqual([expect.stringMatching(message)]);
    expect(plan.actions[0]!.body!.bypass_actors).toEqual([]);
  });

  it('restores narrowed branch patterns and drops exclusions, keeping branches others added', () => {
    const plan = planProtection(
      [
        current(
          (r) =>
            (r.conditions = {
              ref_name: {
                include: ['~DEFAULT_BRANCH', 'refs/heads/prod'],
                exclude: ['refs/heads/main'],
              },
            }),
        ),
      ],
      desired,
    );
    expect(plan.drift).toEqual([
      expect.stringMatching(/no longer covers `refs\/heads\/release\/\*`/),
      expect.stringMatching(/excludes `refs\/heads\/main`/),
    ]);
    expect(plan.actions[0]!.body!.conditions).toEqual({
      ref_name: {
        include: ['~DEFAULT_BRANCH', 'refs/heads/release/*', 'refs/heads/prod'],
        exclude: [],
      },
    });
  });

  it('treats ~ALL as covering every branch', () => {
    expect(
      planProtection(
        [current((r) => (r.conditions = { ref_name: { include: ['~ALL'], exclude: [] } }))],
        desired,
      ).drift,
    ).toEqual([]);
  });

  it('a repaired ruleset plans to nothing (the fix converges)', () => {
    const broken = current((r) => {
      r.enforcement = 'evaluate';
      r.bypass_actors = [{ actor_id: 9, actor_type: 'Integration' }];
      r.rules = [
        {
          type: 'required_status_checks',
          parameters: {
            required_status_checks: [{ context: 'Airlock' }],
            strict_required_status_checks_policy: true,
          },
        },
        { type: 'required_linear_history' },
      ];
      r.conditions = { ref_name: { include: [], exclude: [] } };
    });
    const first = planProtection([broken], desired);
    expect(first.drift.length).toBeGreaterThanOrEqual(6);
    const repaired: CurrentRuleset = {
      id: 77,
      source_type: 'Repository',
      ...first.actions[0]!.body!,
    };
    expect(planProtection([repaired], desired).actions[0]!.kind).toBe('none');
    expect(repaired.rules!.map((r) => r.type)).toContain('required_linear_history');
    expect(repaired.rules![1]!.parameters!.strict_required_status_checks_policy).toBe(true);
  });
});

describe('renderPlan', () => {
  it('shows drift, the manual fix and the exact request as a dry run', () => {
    const text = renderPlan('acme/widgets', planProtection([], desired), 'issue');
    expect(text).toContain('dry run');
    expect(text).toContain('Fix by hand');
    expect(text).toContain('POST /repos/acme/widgets/rulesets');
    expect(text).toContain('"integration_id": 4242');
    expect(text).toContain('set `mode: fix`');
  });

  it('says there is nothing to do for a compliant repository', () => {
    const text = renderPlan('acme/widgets', planProtection([current()], desired), 'fix');
    expect(text).toContain('No drift');
    expect(text).not.toContain('PUT ');
  });
});
