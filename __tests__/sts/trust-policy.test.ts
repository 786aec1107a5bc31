import { describe, expect, it } from '@jest/globals';
import { decideGrant } from '../../src/sts/decide-grant.js';
import { StsError } from '../../src/sts/sts-error.js';
import { parseTrustPolicy, trustPolicyPath } from '../../src/sts/trust-policy.js';
import type { VerifiedClaims } from '../../src/sts/verify-oidc-token.js';

const ISSUER = 'https://token.actions.githubusercontent.com';
const repo = { id: 10, ownerId: 20, owner: 'acme', name: 'widgets' };

function claims(over: Partial<Record<string, string>> = {}): VerifiedClaims {
  const all: Record<string, string> = { iss: ISSUER, sub: 'repo:acme/widgets:ref:refs/heads/main', event_name: 'push', ref: 'refs/heads/main', job_workflow_ref: 'acme/widgets/.github/workflows/a.yml@refs/heads/main', run_id: '1', ...over };
  return { sub: all.sub!, jti: 'j', exp: 0, repository: 'acme/widgets', repositoryId: Number(all.repository_id ?? 10), repositoryOwner: 'acme', repositoryOwnerId: Number(all.repository_owner_id ?? 20), eventName: all.event_name!, ref: all.ref!, all };
}

const policy = (extra: string) => parseTrustPolicy('agent', `issuer: ${ISSUER}\n${extra}`);
const code = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    if (error instanceof StsError) return error.code;
    throw error;
  }
  return 'granted';
};

describe('trust policy parsing', () => {
  it.each([
    ['unknown field', 'subject: s\npermissions: {contents: read}\nbypass: true', /unknown field\(s\) bypass/],
    ['both subject and pattern', 'subject: s\nsubject_pattern: s\npermissions: {contents: read}', /exactly one of subject or subject_pattern/],
    ['organization permission', 'subject: s\npermissions: {members: read}', /members is not a repository permission/],
    ['organization_* permission', 'subject: s\npermissions: {organization_administration: write}', /not a repository permission/],
    ['admin level', 'subject: s\npermissions: {contents: admin}', /must be read or write/],
    ['lifetime of an hour', 'subject: s\npermissions: {contents: read}\nmax_lifetime: 1h', /max_lifetime must be between 1m and 59m/],
    ['bad regex', 'subject_pattern: "(("\npermissions: {contents: read}', /not a valid RE2/],
    ['YAML aliases', 'subject: &a s\nsubject_pattern: *a\npermissions: {contents: read}', /not valid YAML/],
  ])('refuses %s with a message naming the file and the fix', (_name, body, message) => {
    expect(() => policy(body)).toThrow(message);
    expect(() => policy(body)).toThrow(/\.github\/airlock\/agent\.sts\.yaml/);
  });

  it('reads max_lifetime as a duration (s, m or h) or seconds, and refuses it outside 1m-59m on one line', () => {
    const lifetime = (value: string) => policy(`subject: s\npermissions: {contents: read}\nmax_lifetime: ${value}`).maxLifetimeSeconds;
    expect(policy('subject: s\npermissions: {contents: read}').maxLifetimeSeconds).toBe(900);
    expect(lifetime('15m')).toBe(900);
    expect(lifetime('900s')).toBe(900);
    expect(lifetime('1200')).toBe(1200);
    expect(lifetime('59m')).toBe(3540);
    for (const bad of ['59s', '60m', '2h']) {
      expect(() => lifetime(bad)).toThrow(/^trust policy \.github\/airlock\/agent\.sts\.yaml[^\n]*max_lifetime must be between 1m and 59m[^\n]*$/);
    }
    expect(() => lifetime('3600')).toThrow(/^trust policy \.github\/airlock\/agent\.sts\.yaml:\d+:\d+: max_lifetime: must be from 60 to 3599, not 3600$/);
  });

  it('refuses identities that could walk the tree', () => {
    expect(trustPolicyPath('agent')).toBe('.github/airlock/agent.sts.yaml');
    for (const bad of ['../x', 'a/b', 'A', '', 'x'.repeat(65), 3]) expect(code(() => trustPolicyPath(bad))).toBe('request_invalid');
  });
});

describe('grant decision', () => {
  const base = 'subject: repo:acme/widgets:ref:refs/heads/main\npermissions: {contents: write, issues: read}';

  it('narrows to the policy repository by default and to the requested permissions', () => {
    const grant = decideGrant(claims(), policy(base), repo, { permissions: { contents: 'read' } });
    expect(grant).toEqual({ permissions: { contents: 'read' }, repositories: ['widgets'], lifetimeSeconds: 900 });
  });

  it('grants the policy permissions when none are requested, never more', () => {
    expect(decideGrant(claims(), policy(base), repo, {}).permissions).toEqual({ contents: 'write', issues: 'read' });
    expect(code(() => decideGrant(claims(), policy(base), repo, { permissions: { issues: 'write' } }))).toBe('permission_not_allowed');
    expect(code(() => decideGrant(claims(), policy(base), repo, { permissions: { actions: 'read' } }))).toBe('permission_not_allowed');
  });

  it('refuses other repositories unless the policy lists them, and never grants owner-wide', () => {
    expect(code(() => decideGrant(claims(), policy(base), repo, { repositories: ['gadgets'] }))).toBe('repository_not_allowed');
    expect(code(() => decideGrant(claims(), policy(base), repo, { repositories: [] }))).toBe('request_invalid');
    const wide = policy(`${base}\nrepositories: [widgets, gadgets]`);
    expect(decideGrant(claims(), wide, repo, { repositories: ['gadgets'] }).repositories).toEqual(['gadgets']);
  });

  it('binds on numeric ids, not names', () => {
    expect(code(() => decideGrant(claims({ repository_id: '11' }), policy(base), repo, {}))).toBe('repository_mismatch');
    expect(code(() => decideGrant(claims({ repository_owner_id: '21' }), policy(base), repo, {}))).toBe('repository_mismatch');
  });

  it('anchors subject patterns: no prefix, suffix or look-alike matches', () => {
    const p = policy('subject_pattern: repo:acme/widgets:ref:refs/heads/(main|release/.*)\npermissions: {contents: read}');
    expect(code(() => decideGrant(claims({ sub: 'repo:acme/widgets:ref:refs/heads/release/1.0' }), p, repo, {}))).toBe('granted');
    for (const sub of ['repo:acme/widgets:ref:refs/heads/main-evil', 'xrepo:acme/widgets:ref:refs/heads/main', 'repo:acme/widgets-evil:ref:refs/heads/main', 'repo:acme/widgets:ref:refs/heads/main\n']) {
      expect([sub, code(() => decideGrant(claims({ sub }), p, repo, {}))]).toEqual([sub, 'policy_subject_mismatch']);
    }
  });

  it('binds events (untrusted triggers off by default), refs, workflows and claim patterns', () => {
    expect(code(() => decideGrant(claims({ event_name: 'pull_request_target' }), policy(base), repo, {}))).toBe('event_not_allowed');
    const opted = policy(`${base}\nevent_name: [pull_request_target]`);
    expect(code(() => decideGrant(claims({ event_name: 'pull_request_target' }), opted, repo, {}))).toBe('granted');
    const refs = policy(`${base}\nref: [refs/heads/main]\njob_workflow_ref: acme/widgets/.github/workflows/a.yml@refs/heads/main`);
    expect(code(() => decideGrant(claims({ ref: 'refs/heads/dev' }), refs, repo, {}))).toBe('ref_not_allowed');
    expect(code(() => decideGrant(claims({ job_workflow_ref: 'evil/x/.github/workflows/a.yml@refs/heads/main' }), refs, repo, {}))).toBe('workflow_not_allowed');
    const pattern = policy(`${base}\nclaim_pattern:\n  actor: (alice|bob)`);
    expect(code(() => decideGrant(claims({ actor: 'alice' }), pattern, repo, {}))).toBe('granted');
    expect(code(() => decideGrant(claims({ actor: 'alicex' }), pattern, repo, {}))).toBe('policy_claim_mismatch');
    expect(code(() => decideGrant(claims(), pattern, repo, {}))).toBe('policy_claim_mismatch');
  });

  it('refuses tokens from an issuer the policy does not name', () => {
    const other = parseTrustPolicy('agent', `issuer: https://ghe.example.com/_services/token\n${base}`);
    expect(code(() => decideGrant(claims(), other, repo, {}))).toBe('policy_issuer_mismatch');
  });
});
