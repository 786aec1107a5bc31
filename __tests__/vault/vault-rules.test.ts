import { describe, expect, it } from '@jest/globals';
import { grantedCapabilities, parsePolicyDocument, type AclPolicy } from '../../src/world/vault/vault-acl.js';
import { checkRoleBindings, parseJwtRole, type JwtRole } from '../../src/world/vault/jwt-role.js';
import { parseVaultDuration } from '../../src/world/vault/vault-duration.js';
import { vaultGlobMatch } from '../../src/world/vault/vault-glob.js';

const policy = (name: string, paths: Record<string, string[]>): AclPolicy => {
  const parsed = parsePolicyDocument(name, { path: Object.fromEntries(Object.entries(paths).map(([p, c]) => [p, { capabilities: c }])) });
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
};
const caps = (policies: AclPolicy[], path: string) => [...grantedCapabilities(policies, path)].sort();

describe("Vault's glob (go-glob) for bound_claims", () => {
  it.each([
    ['acme/*', 'acme/widgets', true],
    ['acme/*', 'acme/', true],
    ['acme/*', 'acme', false],
    ['*/widgets', 'acme/widgets', true],
    ['acme/*/.github/workflows/*.yml@refs/heads/main', 'acme/widgets/.github/workflows/agent.yml@refs/heads/main', true],
    ['acme/*/.github/workflows/*.yml@refs/heads/main', 'acme/widgets/.github/workflows/agent.yml@refs/heads/evil', false],
    ['repo:acme/*:ref:refs/heads/main', 'repo:acme/a/b:ref:refs/heads/main', true],
    ['a*b*b', 'abb', true],
    ['a*b*b', 'ab', false],
    ['refs/heads/ma?n', 'refs/heads/main', false],
    ['refs/heads/[m]ain', 'refs/heads/main', false],
    ['*', '', true],
    ['exact', 'exact', true],
    ['exact', 'exactly', false],
  ])('%s against %s → %s', (pattern, value, expected) => {
    expect(vaultGlobMatch(pattern, value)).toBe(expected);
  });
});

describe('ACL policies', () => {
  it('matches exact paths, trailing globs and + segments', () => {
    const p = policy('p', { 'secret/data/ci/*': ['read'], 'secret/data/exact': ['read', 'update'], 'database/creds/+/x': ['read'] });
    expect(caps([p], 'secret/data/ci/npm')).toEqual(['read']);
    expect(caps([p], 'secret/data/ci/a/b')).toEqual(['read']);
    expect(caps([p], 'secret/data/cix')).toEqual([]);
    expect(caps([p], 'secret/data/exact')).toEqual(['read', 'update']);
    expect(caps([p], 'secret/data/exact/more')).toEqual([]);
    expect(caps([p], 'database/creds/ci/x')).toEqual(['read']);
    expect(caps([p], 'database/creds/ci/y/x')).toEqual([]);
  });

  it('lets the most specific rule decide and deny win within it', () => {
    const broad = policy('broad', { 'secret/*': ['read', 'list'], 'secret/data/ci/prod': ['read'] });
    const narrow = policy('narrow', { 'secret/data/ci/*': ['deny'], 'secret/data/ci/prod': ['update'] });
    expect(caps([broad, narrow], 'secret/data/ci/dev')).toEqual([]);
    expect(caps([broad, narrow], 'secret/data/ci/prod')).toEqual(['read', 'update']);
    expect(caps([broad, narrow], 'secret/data/other')).toEqual(['list', 'read']);
  });

  it('refuses malformed policies', () => {
    expect(parsePolicyDocument('x', 'path "secret/*" { capabilities = ["read"] }')).toMatch(/only the JSON form/);
    expect(parsePolicyDocument('x', { path: { 'secret/*': { capabilities: ['reed'] } } })).toMatch(/invalid capability "reed"/);
    expect(parsePolicyDocument('x', { path: { 'secret/*/x': { capabilities: ['read'] } } })).toMatch(/only allowed at the end/);
  });
});

describe('JWT roles', () => {
  const role = (body: Record<string, unknown>): JwtRole => {
    const parsed = parseJwtRole({ role_type: 'jwt', user_claim: 'sub', ...body });
    if (typeof parsed === 'string') throw new Error(parsed);
    return parsed;
  };
  const claims = { sub: 'repo:acme/widgets:ref:refs/heads/main', aud: 'vault', repository: 'acme/widgets', ref: 'refs/heads/main', groups: ['a', 'b'] };

  it('splits comma lists and parses durations as Vault does', () => {
    const r = role({ bound_audiences: 'a, b', bound_claims: { repository: 'acme/widgets,acme/gadgets' }, token_policies: 'x,y', token_ttl: '1h30m', token_max_ttl: 7200 });
    expect(r.boundAudiences).toEqual(['a', 'b']);
    expect(r.boundClaims.repository).toEqual(['acme/widgets', 'acme/gadgets']);
    expect(r.tokenPolicies).toEqual(['x', 'y']);
    expect([r.tokenTtl, r.tokenMaxTtl]).toEqual([5400, 7200]);
    expect(role({ bound_audiences: 'a', bound_claims: { ref: 'a,b' }, disable_bound_claims_parsing: true }).boundClaims.ref).toEqual(['a,b']);
    expect(parseVaultDuration('10x')).toBeUndefined();
  });

  it('refuses roles Vault refuses', () => {
    expect(parseJwtRole({ role_type: 'jwt', user_claim: 'sub' })).toBe('must have at least one bound constraint when creating/updating a role');
    expect(parseJwtRole({ role_type: 'jwt', bound_audiences: 'a' })).toBe('a user claim must be defined on the role');
    expect(parseJwtRole({ role_type: 'jwt', user_claim: 'sub', bound_audiences: 'a', token_ttl: '2h', token_max_ttl: '1h' })).toBe('ttl should not be greater than max ttl');
  });

  it('checks audience, subject and every bound claim', () => {
    expect(checkRoleBindings(role({ bound_audiences: ['x', 'vault'] }), claims)).toBeUndefined();
    expect(checkRoleBindings(role({ bound_audiences: 'other' }), claims)).toMatch(/audience/);
    expect(checkRoleBindings(role({ bound_subject: 'repo:acme/widgets:ref:refs/heads/dev', bound_audiences: 'vault' }), claims)).toMatch(/subject/);
    expect(checkRoleBindings(role({ bound_subject: claims.sub }), claims)).toMatch(/audience claim found in JWT but no audiences bound/);
    const bound = role({ bound_audiences: 'vault', bound_claims: { repository: 'acme/widgets', groups: 'c,b' } });
    expect(checkRoleBindings(bound, claims)).toBeUndefined();
    expect(checkRoleBindings(bound, { ...claims, groups: ['c-not'] })).toBe('error validating claims: claim "groups" does not match any associated bound claim values');
    expect(checkRoleBindings(bound, { ...claims, repository: undefined })).toBe('error validating claims: claim "repository" is missing');
    // Without glob, a pattern is a literal.
    expect(checkRoleBindings(role({ bound_audiences: 'vault', bound_claims: { repository: 'acme/*' } }), claims)).toMatch(/does not match/);
    expect(checkRoleBindings(role({ bound_audiences: 'vault', user_claim: 'email' }), claims)).toBe('"email" claim not found in token');
  });
});
