import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startStack, type Stack } from '../../src/demo/start-stack.js';
import { checkCeiling, defaultCeiling, parseCeiling } from '../../src/sts/org-ceiling.js';
import { parseTrustPolicy } from '../../src/sts/trust-policy.js';
import { commitFiles, headOf } from '../../src/world/github/world-state.js';

const ISSUER = 'https://token.actions.githubusercontent.com';
const policy = parseTrustPolicy('agent', `issuer: ${ISSUER}\nsubject: s\npermissions: {contents: write, administration: write}`);
const grant = (permissions: Record<string, 'read' | 'write'>) => ({ permissions, repositories: ['widgets'], lifetimeSeconds: 600 });

describe('org ceiling (pure)', () => {
  it('by default allows ordinary writes but not the sensitive permissions', () => {
    expect(() => checkCeiling(grant({ contents: 'write' }), policy, defaultCeiling(ISSUER))).not.toThrow();
    for (const p of ['administration', 'secrets', 'workflows', 'repository_hooks', 'environments', 'packages']) {
      expect(() => checkCeiling(grant({ [p]: 'read' }), policy, defaultCeiling(ISSUER))).toThrow(/beyond the org ceiling/);
    }
  });

  it('caps permissions and writes, and pins issuers', () => {
    const ceiling = parseCeiling(`allowed_issuers: [${ISSUER}]\nmax_permissions: {contents: write, administration: read}\nrepository_writes: false`);
    expect(() => checkCeiling(grant({ contents: 'read', administration: 'read' }), policy, ceiling)).not.toThrow();
    expect(() => checkCeiling(grant({ contents: 'write' }), policy, ceiling)).toThrow(/contents: write is beyond the org ceiling/);
    expect(() => checkCeiling(grant({ issues: 'read' }), policy, ceiling)).toThrow(/issues: read is beyond/);
    const other = parseCeiling('allowed_issuers: [https://ghe.example.com/_services/token]\nmax_permissions: {contents: read}');
    expect(() => checkCeiling(grant({ contents: 'read' }), policy, other)).toThrow(/does not allow issuer/);
  });

  it('refuses a malformed ceiling rather than ignoring it', () => {
    expect(() => parseCeiling('max_permissions: {contents: read}')).toThrow(/allowed_issuers/);
    expect(() => parseCeiling(`allowed_issuers: [${ISSUER}]\nmax_permissions: {members: read}`)).toThrow(/members is not a repository permission/);
    expect(() => parseCeiling(`allowed_issuers: [${ISSUER}]\nmax_permissions: {}\nextra: 1`)).toThrow(/unknown field/);
  });
});

describe('org ceiling through the broker', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
    const widgets = stack.world.repo('acme/widgets');
    const path = '.github/airlock/agent.sts.yaml';
    commitFiles(widgets, 'main', { files: { [path]: headOf(widgets).files.get(path)!.replace('contents: read', 'contents: write') }, message: 'allow writes', author: { name: 'alice', email: 'a@x' } });
  });
  afterAll(() => stack.close());

  const exchange = async (permissions: Record<string, string>) => {
    const token = await stack.world.oidc.mint({}, 'airlock');
    const res = await fetch(`${stack.app.url}/airlock/v1/token`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ identity: 'agent', permissions }) });
    const json = (await res.json()) as { error?: { code: string }; token?: string };
    if (json.token) await fetch(`${stack.app.url}/airlock/v1/token`, { method: 'DELETE', headers: { authorization: `token ${json.token}` } });
    return json.error?.code ?? 'granted';
  };

  it('grants a write the repository policy allows when the org sets no ceiling', async () => {
    expect(await exchange({ contents: 'write' })).toBe('granted');
  });

  it('refuses it once the org ceiling forbids repository writes, and refuses a broken ceiling', async () => {
    const org = stack.world.repo('acme/.github');
    const ceiling = `allowed_issuers: [${stack.world.oidc.issuer}]\nmax_permissions: {contents: write, metadata: read}\nrepository_writes: false\n`;
    commitFiles(org, 'main', { files: { '.github/airlock/ceiling.yaml': ceiling }, message: 'ceiling', author: { name: 'alice', email: 'a@x' } });
    expect(await exchange({ contents: 'write' })).toBe('permission_not_allowed');
    expect(await exchange({ contents: 'read' })).toBe('granted');
    commitFiles(org, 'main', { files: { '.github/airlock/ceiling.yaml': 'allowed_issuers: [' }, message: 'broken', author: { name: 'alice', email: 'a@x' } });
    expect(await exchange({ contents: 'read' })).toBe('policy_invalid');
  });
});
