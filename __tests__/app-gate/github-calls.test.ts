import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { pino } from 'pino';
import { createProbot } from 'probot';
import { configReader } from '../../app/config/read-config.js';
import { conditionalGet, ConditionalCache } from '../../app/gate/conditional-cache.js';
import { CONFIG_TTL_MS, configInvalidation, PUSH_COMMITS_LISTED, type PushFacts } from '../../app/gate/cached-config.js';
import { listPullsHeadedBy } from '../../app/gate/gate-facts.js';
import { redeliverWebhook } from '../../src/world/github/webhook-sender.js';
import { commitFiles } from '../../src/world/github/world-state.js';
import { deliverPull, openPull, pushToPull, submitReview } from '../../src/world/pull-requests.js';
import { startGateHarness, type GateHarness } from './gate-harness.js';

// What the PR gate asks GitHub (issue 16 item 1): the pull requests of the head commit instead of
// every open pull request, the file list once, the previous head's check only when it can matter,
// configuration kept until a push to a default branch changes it (or its time to live ends), no
// check-run lookup for a head the App recorded no run for, and reviews only when one can count.

let h: GateHarness;
let octokit: Awaited<ReturnType<ReturnType<typeof createProbot>['auth']>>;
let installationId: number;
/** Added to the gate's clock: a test moves it past the configuration's time to live. */
let shift = 0;

beforeAll(async () => {
  h = await startGateHarness({ clock: () => Date.now() + shift });
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

const base = '/repos/acme/widgets';

/** The installation's calls to GitHub while `act` runs, as `METHOD /path`. */
async function callsDuring<T>(act: () => Promise<T>): Promise<{ calls: string[]; result: T }> {
  const from = h.world.state.requests.length;
  const result = await act();
  const calls = h.world.state.requests.slice(from).filter((r) => r.auth.kind === 'installation').map((r) => `${r.method} ${r.path.replace(/^\/api\/v3/, '')}`);
  return { calls, result };
}

const gateRuns = (sha: string) => h.world.state.checkRuns.filter((r) => r.headSha === sha && r.name === 'Airlock');
const configReads = (calls: string[]) => calls.filter((c) => c.includes('/contents/.github%2Fairlock.yml') || c.includes('/contents/.github/airlock.yml'));
const setConfig = (repo: string, text: string, branchName = 'main') => h.world.push({ repo, branch: branchName, pusher: 'alice', files: { '.github/airlock.yml': text } });

describe('a synchronize by the agent', () => {
  it('asks GitHub for the head commit\'s pull requests, the files and the check run it creates: nothing else', async () => {
    const { pull } = await agentPull();
    const { calls, result } = await callsDuring(() => pushToPull(h.world, pull, { pusher: 'agent-smith[bot]', files: { 'src/calls.js': 'export const n = 0;\n' } }));
    const { sha } = result;
    // No configuration (kept since the pull request opened), no check-run lookup (none recorded
    // for the fresh head), no reviews (no review event was about the head), no previous head's check.
    expect(calls).toEqual([`GET ${base}/commits/${sha}/pulls`, `GET ${base}/pulls/${pull.number}/files`, `POST ${base}/check-runs`]);
    const runs = gateRuns(sha);
    expect(runs).toHaveLength(1);
    expect(runs[0]!.conclusion).toBe('failure');
    expect(runs[0]!.output?.summary).toContain('opened by the agent agent-smith');
    expect(runs[0]!.externalId).toBe(result.delivery.id);
  });

  it('reads the reviews when a review of the new head reached the gate before the synchronize did', async () => {
    // A person's pull request the agent pushes to: the review alone does not gate it, so no run is recorded before the synchronize.
    await setConfig('acme/widgets', 'agents:\n  - agent-smith[bot]\ngate_all_pull_requests: false\n');
    const { pull } = await openPull(h.world, { repo: 'acme/widgets', head: `carol/calls-${++branch}`, author: 'carol', files: { 'src/calls.js': `export const n = ${branch};\n` } });
    const repo = h.world.repo('acme/widgets');
    const before = repo.refs.get(`heads/${pull.headRef}`)!;
    const sha = commitFiles(repo, pull.headRef, { files: { 'src/calls.js': 'export const n = 7;\n' }, message: 'agent change', author: { name: 'agent-smith[bot]', email: 'agent@example.test', login: 'agent-smith[bot]' } }).sha;
    await submitReview(h.world, pull, { user: 'bob', commitId: sha });
    expect(gateRuns(sha)).toEqual([]);
    const { calls } = await callsDuring(() => deliverPull(h.world, repo, pull, 'synchronize', h.world.user('agent-smith[bot]'), { before, after: sha }));
    expect(calls).toContain(`GET ${base}/pulls/${pull.number}/reviews`);
    expect(gateRuns(sha).map((r) => r.conclusion)).toEqual(['success']);
  });
});

describe('the configuration the gate keeps', () => {
  const approvalsNeeded = (sha: string) => /needs (\d+) approval/.exec(gateRuns(sha)[0]?.output?.summary ?? '')?.[1];
  const agentPush = async (pull: Awaited<ReturnType<typeof agentPull>>['pull']) => callsDuring(() => pushToPull(h.world, pull, { pusher: 'agent-smith[bot]', files: { 'src/calls.js': `export const n = ${Math.random()};\n` } }));

  it('is read again after a push to the default branch changes it, and the next synchronize decides with it', async () => {
    const { pull } = await agentPull();
    expect(approvalsNeeded((await agentPush(pull)).result.sha)).toBe('1');
    await setConfig('acme/widgets', 'agents:\n  - agent-smith[bot]\napprovers:\n  required: 2\n');
    const { calls, result } = await agentPush(pull);
    expect(configReads(calls)).toHaveLength(2);
    expect(approvalsNeeded(result.sha)).toBe('2');
    // Kept again: the synchronize after asks nothing about it.
    expect(configReads((await agentPush(pull)).calls)).toEqual([]);
  });

  it('is kept when the file changes on another branch', async () => {
    const { pull } = await agentPull();
    await agentPush(pull);
    await setConfig('acme/widgets', 'agents:\n  - agent-smith[bot]\napprovers:\n  required: 5\n', 'feature/config');
    const { calls, result } = await agentPush(pull);
    expect(configReads(calls)).toEqual([]);
    expect(approvalsNeeded(result.sha)).toBe('2');
  });

  it('is read again for every repository of the org after a push to the org\'s .github repository', async () => {
    const { pull } = await agentPull();
    await agentPush(pull);
    await setConfig('acme/.github', 'locked:\n  - approvers\napprovers:\n  required: 3\n');
    const { calls, result } = await agentPush(pull);
    expect(configReads(calls)).toHaveLength(2);
    expect(approvalsNeeded(result.sha)).toBe('3');
  });

  it('is read again once its time to live has passed', async () => {
    const { pull } = await agentPull();
    expect(configReads((await agentPush(pull)).calls)).toEqual([]);
    shift += CONFIG_TTL_MS + 1;
    expect(configReads((await agentPush(pull)).calls)).toHaveLength(2);
    expect(configReads((await agentPush(pull)).calls)).toEqual([]);
  });

  it('is made stale by a push only when the push may have changed it', () => {
    const push = (fields: Partial<PushFacts> & { files?: string[] }): PushFacts => ({
      ref: 'refs/heads/main',
      before: 'a'.repeat(40),
      after: 'b'.repeat(40),
      repository: { name: 'widgets', owner: { login: 'acme' }, default_branch: 'main' },
      commits: [{ added: [], modified: fields.files ?? ['README.md'], removed: [] }],
      ...fields,
    });
    expect(configInvalidation(push({}))).toBeUndefined();
    expect(configInvalidation(push({ files: ['.github/airlock.yml'] }))).toEqual({ scope: 'repository', owner: 'acme', repo: 'widgets' });
    expect(configInvalidation(push({ files: ['.github/airlock.yml'], ref: 'refs/heads/feature' }))).toBeUndefined();
    expect(configInvalidation(push({ files: ['.github/airlock.yml'], ref: 'refs/tags/main' }))).toBeUndefined();
    // The listed commits may not be all of the push: read again.
    const many = Array.from({ length: PUSH_COMMITS_LISTED }, () => ({ added: [], modified: ['README.md'], removed: [] }));
    expect(configInvalidation(push({ commits: many }))).toMatchObject({ scope: 'repository' });
    expect(configInvalidation(push({ forced: true }))).toMatchObject({ scope: 'repository' });
    expect(configInvalidation(push({ commits: [] }))).toMatchObject({ scope: 'repository' });
    expect(configInvalidation(push({ created: true }))).toMatchObject({ scope: 'repository' });
    expect(configInvalidation(push({ files: ['.github/airlock.yml'], repository: { name: '.github', owner: { login: 'acme' }, default_branch: 'main' } }))).toEqual({ scope: 'owner', owner: 'acme' });
  });
});

describe('a delivery processed twice', () => {
  const redeliver = async (id: string) => {
    const original = h.world.state.hookDeliveries.find((d) => d.guid === id)!;
    // As if the App died before recording the delivery as handled: the queue runs it again.
    await h.store.db.query('DELETE FROM webhook_deliveries WHERE delivery_id = $1', [id]);
    return redeliverWebhook(h.world.state, h.world.webhookUrl!, original);
  };

  it('creates its check run once when the App died after GitHub created it and before the id was recorded', async () => {
    const { pull } = await agentPull();
    const { sha, delivery } = await pushToPull(h.world, pull, { pusher: 'agent-smith[bot]', files: { 'src/calls.js': 'export const n = 11;\n' } });
    expect(gateRuns(sha)).toHaveLength(1);
    await h.store.db.query('UPDATE gate_check_runs SET check_run_id = NULL WHERE head_sha = $1', [sha]);
    const { calls } = await callsDuring(() => redeliver(delivery.id));
    // The claim sends it to GitHub to look, and it updates the run it finds.
    expect(calls.filter((c) => c.startsWith(`GET ${base}/commits/${sha}/check-runs`))).toHaveLength(1);
    expect(calls.filter((c) => c.startsWith('PATCH '))).toHaveLength(1);
    expect(calls.filter((c) => c === `POST ${base}/check-runs`)).toEqual([]);
    expect(gateRuns(sha)).toHaveLength(1);
    expect(gateRuns(sha)[0]!.externalId).toBe(delivery.id);
  });

  it('creates its check run once when the App died after claiming it and before GitHub created it', async () => {
    const { pull } = await agentPull();
    const { sha, delivery } = await pushToPull(h.world, pull, { pusher: 'agent-smith[bot]', files: { 'src/calls.js': 'export const n = 12;\n' } });
    // The create never reached GitHub: only the claim is left.
    h.world.state.checkRuns.splice(h.world.state.checkRuns.indexOf(gateRuns(sha)[0]!), 1);
    await h.store.db.query('UPDATE gate_check_runs SET check_run_id = NULL WHERE head_sha = $1', [sha]);
    await redeliver(delivery.id);
    expect(gateRuns(sha)).toHaveLength(1);
    await redeliver(delivery.id);
    expect(gateRuns(sha)).toHaveLength(1);
    expect(h.world.state.violations).toEqual([]);
  });
});
