import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readAppSettings, SettingsError } from '../../app/app-settings.js';
import { startStack, type Stack } from '../../src/demo/start-stack.js';
import { readPolicyBackendSetting } from '../../src/policy/backends/policy-backend-setting.js';
import { loadPolicyModules, policyDir } from '../../src/policy/policy-modules.js';
import { openPull, submitReview } from '../../src/world/pull-requests.js';
import { commitFiles } from '../../src/world/github/world-state.js';
import { startOpaRestTestServer, type OpaRestTestServer } from './opa-rest-test-server.js';

describe('AIRLOCK_POLICY_BACKEND', () => {
  it('reads embedded (the default), opa-rest:<url> and wasm:<path>, and refuses anything else in one line', async () => {
    expect(readPolicyBackendSetting(undefined, '/')).toEqual({ kind: 'embedded' });
    expect(readPolicyBackendSetting('embedded', '/')).toEqual({ kind: 'embedded' });
    expect(readPolicyBackendSetting('opa-rest:http://127.0.0.1:8181', '/')).toEqual({ kind: 'opa-rest', url: 'http://127.0.0.1:8181' });
    const dir = await mkdtemp(join(tmpdir(), 'airlock-wasm-'));
    await writeFile(join(dir, 'policy.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d]));
    await writeFile(join(dir, 'data.json'), '{"k": 1}');
    expect(readPolicyBackendSetting('wasm:policy.wasm', dir)).toMatchObject({ kind: 'wasm', path: join(dir, 'policy.wasm'), data: { k: 1 } });
    expect(() => readPolicyBackendSetting('opa-rest:ftp://x', '/')).toThrow(/must be http or https/);
    expect(() => readPolicyBackendSetting('opa-rest:nope', '/')).toThrow(/is not a URL/);
    expect(() => readPolicyBackendSetting('wasm:missing.wasm', dir)).toThrow(/cannot read .*missing\.wasm/);
    expect(() => readPolicyBackendSetting('opa', '/')).toThrow(/unknown backend; expected embedded, opa-rest:.* or wasm:/);
    const env = { APP_ID: '1', WEBHOOK_SECRET: 's', PRIVATE_KEY: 'unused', AIRLOCK_POLICY_BACKEND: 'nope' };
    expect(() => readAppSettings(env, dir)).toThrow(SettingsError);
  });
});

// The App's gate and broker decisions go to an OPA server (here a stand-in speaking OPA's REST
// Data API over real HTTP); when it is down they deny, naming why.
describe('the App with an OPA server as its policy backend', () => {
  let opa: OpaRestTestServer;
  let stack: Stack;
  beforeAll(async () => {
    opa = await startOpaRestTestServer(await loadPolicyModules(policyDir()));
    stack = await startStack({ policyBackend: { kind: 'opa-rest', url: opa.url } });
    commitFiles(stack.world.repo('acme/widgets'), 'main', { files: { '.github/airlock.yml': 'agents:\n  - agent-smith[bot]\n' }, message: 'config', author: { name: 'alice', email: 'a@x' } });
  });
  afterAll(async () => {
    await stack.close();
    await opa.close().catch(() => undefined);
  });

  const gateCheck = (sha: string) => stack.world.state.checkRuns.filter((r) => r.name === 'Airlock' && r.headSha === sha).at(-1);
  const approvedPull = async (head: string) => {
    const { pull, sha } = await openPull(stack.world, { repo: 'acme/widgets', head, author: 'bob', files: { [`src/${head}.js`]: 'export const x = 1;\n' }, title: head });
    await submitReview(stack.world, pull, { user: 'alice', state: 'APPROVED', commitId: sha });
    return gateCheck(sha);
  };
  const exchange = async () => {
    const res = await fetch(`${stack.app.url}/airlock/v1/token`, { method: 'POST', headers: { authorization: `Bearer ${await stack.world.oidc.mint({})}`, 'content-type': 'application/json' }, body: JSON.stringify({ identity: 'agent', permissions: { contents: 'read' } }) });
    return (await res.json()) as { token?: string; error?: { code: string; message: string } };
  };

  it('decides the gate (airlock.pr) and the token exchange (airlock.sts) through the server', async () => {
    expect((await approvedPull('bob-up'))?.conclusion).toBe('success');
    expect(opa.requests).toContain('/v1/data/airlock/pr');
    expect((await exchange()).token).toMatch(/^ghs_/);
    expect(opa.requests).toContain('/v1/data/airlock/sts');
  });

  it('denies both when the server is down, saying it is unreachable', async () => {
    await opa.close();
    const seen = opa.requests.length;
    const refused = await exchange();
    expect(refused.token).toBeUndefined();
    expect(refused.error?.code).toBe('policy_error');
    expect(refused.error?.message).toMatch(/backend_unreachable/);
    const check = await approvedPull('bob-down');
    expect(check?.conclusion).toBe('failure');
    // The summary is Markdown, so the code reads backend\_unreachable there.
    expect(check?.output?.summary).toContain('policy error \\(backend\\_unreachable\\): cannot reach the OPA server');
    expect(opa.requests.length).toBe(seen);
  });
});
