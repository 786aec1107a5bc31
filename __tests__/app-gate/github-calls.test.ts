import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { pino } from 'pino';
import { createProbot } from 'probot';
import { configReader } from '../../app/config/read-config.js';
import { conditionalGet, ConditionalCache } from '../../app/gate/conditional-cache.js';
import { listPullsHeadedBy } from '../../app/gate/gate-facts.js';
import { commitFiles } from '../../src/world/github/world-state.js';
import { openPull, pushToPull } from '../../src/world/pull-requests.js';
import { startGateHarness, type GateHarness } from './gate-harness.js';

// What the PR gate asks GitHub (issue 16 item 1): the pull requests of the head commit instead of
// every open pull request, the file list once, the previous head's check only when it can matter,
// and configuration and reviews by ETag (a 304 does not count against the rate limit).

let h: GateHarness;
let octokit: Awaited<ReturnType<ReturnType<typeof createProbot>['auth']>>;
let installationId: number;

beforeAll(async () => {
  h = await startGateHarness();
  h.inputs.attestation = { status: 'verified' };
  h.inputs.secrets = { status: 'clean' };
  const { state } = h.world;
  installationId = [...state.installations.values()].find((i) => i.account.login === 'acme')!.id;
  const probot = createProbot({ overrides: { appId: state.app.id, privateKey: state.app.privateKeyPem, secret: state.app.webhookSecret, baseUrl: h.world.githubApiUrl, log: pino({ level: 'silent' }) } });
  octokit = await probot.auth(installationId);
});
afterAll(() => h.close());

const acme = { owner: 'acme', repo: 'widgets' };
let branch = 0;
const agentPull = () => openPull(h.world, { repo: 'acme/widgets', head: `agent/calls-${++branch}`, author: 'agent-smith[bot]', files: { 'src/calls.js': `export const n = ${branch};\n` } });

describe('GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls in the world', () => {
  it('lists the open pull requests that contain the commit, with their heads; none for a default-branch commit; 422 for an unknown one', async () => {
    const { pull, sha } = await agentPull();
    const first = await listPullsHeadedBy(octokit, acme, sha);
    expect(first.map((p) => p.number)).toEqual([pull.number]);
    expect(first[0]).toMatchObject({ state: 'open', author: 'agent-smith[bot]', headSha: sha, baseRef: 'main', defaultBranch: 'main' });
    // An older commit of the pull request is associated with it, but no longer heads it.
    const { sha: next } = await pushToPull(h.world, pull, { pusher: 'agent-smith[bot]', files: { 'src/calls.js': 'export const n = -1;\n' } });
    const { data } = await octokit.request('GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls', { ...acme, commit_sha: sha });
    expect(data.map((p) => [p.number, p.head.sha])).toEqual([[pull.number, next]]);
    expect(await listPullsHeadedBy(octokit, acme, sha)).toEqual([]);
    const main = h.world.repo('acme/widgets').refs.get('heads/main')!;
    expect((await octokit.request('GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls', { ...acme, commit_sha: main })).data).toEqual([]);
    await expect(octokit.request('GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls', { ...acme, commit_sha: 'f'.repeat(40) })).rejects.toMatchObject({ status: 422 });
    expect(await listPullsHeadedBy(octokit, acme, 'f'.repeat(40))).toEqual([]);
  });
});

describe('conditional requests', () => {
  it('reuse an unchanged answer on a 304 and take a changed one at once', async () => {
    const cache = new ConditionalCache();
    const read = () => conditionalGet(octokit, cache, { installationId, route: 'GET /repos/{owner}/{repo}/contents/{path}', params: { ...acme, path: 'README.md' }, keep: (data) => (data as { sha: string }).sha });
    const first = await read();
    const again = await read();
    expect(again).toMatchObject({ notModified: true, value: first.value });
    expect(first.notModified).toBe(false);
    commitFiles(h.world.repo('acme/widgets'), 'main', { files: { 'README.md': '# widgets, changed\n' }, message: 'README', author: { name: 'alice', email: 'alice@example.test' } });
    const changed = await read();
    expect(changed.notModified).toBe(false);
    expect(changed.value).not.toBe(first.value);
  });

  it('keep configuration per installation and by blob: an edited file takes effect on the next read', async () => {
    const config = configReader({ conditional: new ConditionalCache() });
    const context = { octokit, payload: { installation: { id: installationId } } } as unknown as Parameters<typeof config>[0];
    const before = await config(context, 'acme', 'widgets');
    expect(before.agents).toContain('agent-smith[bot]');
    expect(await config(context, 'acme', 'widgets')).toEqual(before);
    commitFiles(h.world.repo('acme/widgets'), 'main', { files: { '.github/airlock.yml': 'agents:\n  - agent-smith[bot]\nsolo: true\n' }, message: 'config', author: { name: 'alice', email: 'alice@example.test' } });
    expect(await config(context, 'acme', 'widgets')).toMatchObject({ solo: true });
  });
});

describe('a synchronize by the agent', () => {
  it('asks GitHub for the head commit\'s pull requests, the files once, and neither every open pull request nor the previous head\'s check', async () => {
    const { pull } = await agentPull();
    const from = h.world.state.requests.length;
    const { sha, before } = await pushToPull(h.world, pull, { pusher: 'agent-smith[bot]', files: { 'src/calls.js': 'export const n = 0;\n' } });
    const calls = h.world.state.requests.slice(from).filter((r) => r.auth.kind === 'installation').map((r) => `${r.method} ${r.path.replace(/^\/api\/v3/, '')}`);
    const base = '/repos/acme/widgets';
    expect(calls).toContain(`GET ${base}/commits/${sha}/pulls`);
    expect(calls.filter((c) => c === `GET ${base}/pulls`)).toEqual([]);
    expect(calls.filter((c) => c === `GET ${base}/pulls/${pull.number}/files`)).toHaveLength(1);
    expect(calls.filter((c) => c.startsWith(`GET ${base}/commits/${before}/check-runs`))).toEqual([]);
    expect(calls.filter((c) => c.startsWith(`GET ${base}/pulls/${pull.number}`) && !c.endsWith('/files') && !c.endsWith('/reviews'))).toEqual([]);
    expect(calls).toHaveLength(7);
    const run = h.world.state.checkRuns.find((r) => r.headSha === sha && r.name === 'Airlock');
    expect(run?.conclusion).toBe('failure');
    expect(run?.output?.summary).toContain('opened by the agent agent-smith');
  });
});
