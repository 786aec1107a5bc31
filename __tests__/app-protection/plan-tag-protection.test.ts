import { describe, expect, it } from '@jest/globals';
import type { CurrentRuleset } from '../../app/protection/desired-ruleset.js';
import { desiredTagRuleset, TAG_RULESET_NAME } from '../../app/protection/desired-tag-ruleset.js';
import { planTagProtection } from '../../app/protection/plan-tag-protection.js';

const desired = desiredTagRuleset();
/** Airlock's tag ruleset as GitHub returns it after a create, with `change` applied. */
const current = (change: (r: CurrentRuleset) => void = () => {}): CurrentRuleset => {
  const r: CurrentRuleset = { id: 31, source_type: 'Repository', ...structuredClone(desired) };
  change(r);
  return r;
};

describe('planTagProtection (publishing needs a human)', () => {
  it('creates the tag ruleset when there is none, ignoring a same-named org ruleset and the branch ruleset', () => {
    const org = { ...current(), source_type: 'Organization' };
    const plan = planTagProtection(
      [org, { id: 1, name: 'Airlock protected branches', target: 'branch', enforcement: 'active' }],
      desired,
    );
    expect(plan.actions).toEqual([{ kind: 'create', body: desired, reasons: plan.drift }]);
    expect(plan.drift[0]).toContain(`\`${TAG_RULESET_NAME}\` does not exist`);
    expect(desired).toMatchObject({
      target: 'tag',
      conditions: { ref_name: { include: ['~ALL'], exclude: [] } },
    });
    expect(desired.rules.map((r) => r.type)).toEqual([
      'creation',
      'update',
      'deletion',
      'non_fast_forward',
    ]);
  });

  it('leaves a compliant ruleset alone, including people added to the bypass list', () => {
    const withTeam = current((r) =>
      r.bypass_actors!.push({ actor_id: 9, actor_type: 'Team', bypass_mode: 'always' }),
    );
    expect(planTagProtection([withTeam], desired).actions[0]!.kind).toBe('none');
  });

  it('repairs in place what lets an agent publish: disabled, an exclusion, a removed rule, an app or deploy key bypass', () => {
    const weakened = current((r) => {
      r.enforcement = 'evaluate';
      r.conditions = { ref_name: { include: ['~ALL'], exclude: ['refs/tags/nightly-*'] } };
      r.rules = r
        .rules!.filter((x) => x.type !== 'creation')
        .concat({ type: 'required_signatures' });
      r.bypass_actors = [
        ...r.bypass_actors!,
        { actor_id: 4242, actor_type: 'Integration', bypass_mode: 'always' },
        { actor_id: 7, actor_type: 'DeployKey', bypass_mode: 'always' },
        { actor_id: 11, actor_type: 'Team', bypass_mode: 'always' },
      ];
    });
    const plan = planTagProtection([weakened], desired);
    expect(plan.drift).toHaveLength(5);
    expect(plan.drift.join('\n')).toMatch(
      /evaluate[\s\S]*nightly-\*[\s\S]*`creation` was removed[\s\S]*Integration 4242[\s\S]*DeployKey/,
    );
    const [action] = plan.actions;
    expect(action).toMatchObject({ kind: 'update', ruleset_id: 31 });
    expect(action!.body!.enforcement).toBe('active');
    expect(action!.body!.conditions.ref_name.exclude).toEqual([]);
    expect(action!.body!.rules.map((r) => r.type)).toEqual([
      'creation',
      'update',
      'deletion',
      'non_fast_forward',
      'required_signatures',
    ]);
    expect(action!.body!.bypass_actors.map((a) => `${a.actor_type}:${a.actor_id}`)).toEqual([
      'RepositoryRole:2',
      'RepositoryRole:5',
      'Team:11',
    ]);
    const repaired: CurrentRuleset = { id: 31, source_type: 'Repository', ...action!.body! };
    expect(planTagProtection([repaired], desired).actions[0]!.kind).toBe('none');
  });

  it("flags a ruleset with Airlock's tag name that targets branches", () => {
    const plan = planTagProtection([current((r) => (r.target = 'branch'))], desired);
    expect(plan.drift.join('\n')).toContain('targets `branch` instead of tags');
  });
});
