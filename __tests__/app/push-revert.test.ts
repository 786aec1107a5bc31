import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { AuditRecord } from '../../src/audit/audit-record.js';
import { readAuditLog } from '../../src/audit/read-audit-log.js';
import { startStack, type Stack } from '../../src/demo/start-stack.js';
import { addRepo } from '../../src/world/github/seed-world.js';
import { commitFiles, type WorldRepo } from '../../src/world/github/world-state.js';
import { testBackends } from '../support/test-databases.js';

const AGENT = 'agent-smith[bot]';
const AGENT_CHANGE = { 'src/index.js': 'export const answer = 43;\n', 'src/agent.js': 'export const planted = true;\n' };

describe.each(testBackends)('an agent push to a protected branch, reverted by mode ($name)', (backend) => {
  // One App and world for the suite (starting them dominates the run); each test gets a
  // repository of its own in the installation, so tests share no pulls, issues or checks.
  let stack: Stack;
  let repo: WorldRepo;
  let name: string;
  let tests = 0;

  beforeAll(async () => {
    stack = await startStack({ database: await backend.target() });
  });
  afterAll(() => stack.close());
  beforeEach(() => {
    name = `revert-${++tests}`;
    repo = addRepo(stack.world.state, stack.world.user('acme'), name, { 'README.md': `# ${name}\n`, 'src/index.js': 'export const answer = 42;\n' });
  });
  afterEach(() => {
    // Every request and response of the test matched GitHub's OpenAPI description.
    expect(stack.world.state.violations).toEqual([]);
  });

  /** Sets `.github/airlock.yml` on the default branch without a webhook, as a human commit. */
  const configure = (mode: 'log' | 'issue' | 'fix') =>
    commitFiles(repo, 'main', { files: { '.github/airlock.yml': `agents:\n  - ${AGENT}\nmode: ${mode}\n` }, message: 'Configure Airlock', author: { name: 'alice', email: 'alice@acme.test', login: 'alice' } });
  const pulls = () => stack.world.state.pulls.filter((p) => p.repoId === repo.id);
  const issues = () => stack.world.state.issues.filter((i) => i.repoId === repo.id);
  const checkRuns = () => stack.world.state.checkRuns.filter((r) => r.repoId === repo.id);

  const audit = async (): Promise<AuditRecord[]> => {
    const records: AuditRecord[] = [];
    await readAuditLog(stack.app.store.db, (r) => void records.push(r));
    return records;
  };
  const ofRepo = async () => (await audit()).filter((r) => r.subject.startsWith(`acme/${name}@`));
  const revertRecords = async () => (await ofRepo()).filter((r) => r.data.concern === 'agent_push_revert');

  /** A push webhook for a change already on the branch, as GitHub would redeliver it. */
  const pushPayload = (fields: { before: string; after: string; forced?: boolean; sender?: string }) =>
    stack.world.payload('push', {
      repo,
      sender: stack.world.user(fields.sender ?? AGENT),
      fields: { ref: 'refs/heads/main', before: fields.before, after: fields.after, created: false, deleted: false, forced: fields.forced ?? false, head_commit: null, commits: [], pusher: { name: fields.sender ?? AGENT, email: 'agent@acme.test' } },
    });

  const revertRefs = () => [...repo.refs.keys()].filter((r) => r.startsWith('heads/airlock/revert-'));

  it('fix mode: opens a revert pull request whose head has the tree from before the push, and audits it', async () => {
    configure('fix');
    const push = await stack.world.push({ repo: `acme/${name}`, branch: 'main', pusher: AGENT, files: AGENT_CHANGE, message: 'agent: change answer' });
    expect(push.delivery.status).toBe(202);

    expect(pulls()).toHaveLength(1);
    const pull = pulls()[0]!;
    expect(pull).toMatchObject({ headRef: `airlock/revert-${push.sha.slice(0, 12)}`, baseRef: 'main', state: 'open', user: { login: 'airlock[bot]' } });
    const head = repo.commits.get(repo.refs.get(`heads/${pull.headRef}`)!)!;
    expect(head.parents).toEqual([push.sha]);
    expect(head.files).toEqual(repo.commits.get(push.before)!.files);
    expect(head.files.has('src/agent.js')).toBe(false);
    expect(pull.body).toContain('rather than resetting the branch');
    expect(pull.body).toContain(push.before.slice(0, 12));
    // The branch itself is not rewritten: the revert waits for review.
    expect(repo.refs.get('heads/main')).toBe(push.sha);

    expect(checkRuns().filter((r) => r.headSha === push.sha).map((r) => [r.name, r.headSha, r.conclusion])).toEqual([['Airlock', push.sha, 'failure']]);
    // GitHub sends pull_request.opened for the revert too; the App's own bot counts as an agent, so the
    // revert is gated like any agent pull request and waits for a human.
    for (let i = 0; i < 50 && !checkRuns().some((r) => r.headSha === head.sha); i++) await new Promise((r) => setTimeout(r, 100));
    expect(checkRuns().filter((r) => r.headSha === head.sha).map((r) => [r.name, r.conclusion])).toEqual([['Airlock', 'failure']]);
    expect(issues()).toHaveLength(1);
    expect(issues()[0]!.number).not.toBe(pull.number);
    expect(issues()[0]!.body).toContain(`Opened: #${pull.number}`);
    expect(issues()[0]!.body).toContain('never by resetting the branch');

    const [record] = await revertRecords();
    expect(record).toMatchObject({ kind: 'block', actor: 'app:airlock', subject: `acme/${name}@main`, data: { mode: 'fix', sha: push.sha, before: push.before, outcome: { status: 'opened', pull: pull.number }, delivery: push.delivery.id } });
  });

  it.each(['issue', 'log'] as const)('%s mode: reverts nothing, shows the planned writes and audits the dry run', async (mode) => {
    configure(mode);
    const push = await stack.world.push({ repo: `acme/${name}`, branch: 'main', pusher: AGENT, files: AGENT_CHANGE });
    expect(push.delivery.status).toBe(202);
    expect(pulls()).toEqual([]);
    expect(revertRefs()).toEqual([]);
    expect(checkRuns().map((r) => r.conclusion)).toEqual(['failure']);
    expect(issues()[0]!.body).toContain(`In \`fix\` mode Airlock would open a revert pull request from \`airlock/revert-${push.sha.slice(0, 12)}\``);
    const [record] = await revertRecords();
    expect(record).toMatchObject({ kind: 'decision', data: { mode, outcome: { status: 'dry_run' } } });
  });

  it('fix mode: a human push is not reverted', async () => {
    configure('fix');
    const push = await stack.world.push({ repo: `acme/${name}`, branch: 'main', pusher: 'alice', files: { 'README.md': '# widgets, by alice\n' } });
    expect(push.delivery.status).toBe(202);
    expect(pulls()).toEqual([]);
    expect(revertRefs()).toEqual([]);
    expect(checkRuns()).toEqual([]);
    expect(issues()).toEqual([]);
    expect(await revertRecords()).toEqual([]);
  });

  it('fix mode: a redelivery of the same push opens no second revert, under the same or a new delivery id', async () => {
    configure('fix');
    const before = repo.refs.get('heads/main')!;
    const after = commitFiles(repo, 'main', { files: AGENT_CHANGE, message: 'agent: change answer', author: { name: AGENT, email: 'agent@acme.test', login: AGENT } }).sha;
    const payload = pushPayload({ before, after });
    const first = await stack.world.deliver('push', payload);
    const sameId = await stack.world.deliver('push', payload, { deliveryId: first.id });
    const newId = await stack.world.deliver('push', payload);
    expect([first.status, sameId.status, newId.status]).toEqual([202, 202, 202]);

    expect(pulls()).toHaveLength(1);
    expect(revertRefs()).toHaveLength(1);
    expect((await revertRecords()).map((r) => (r.data.outcome as { status: string }).status)).toEqual(['opened', 'reused']);
    expect(issues().at(-1)!.body).toContain(`Already open: #${pulls()[0]!.number}`);
  });

  it('fix mode: when GitHub refuses the revert, the failing check and the incident still stand, and the failure is audited', async () => {
    configure('fix');
    // A forced push whose previous head GitHub no longer has: get-commit answers 404.
    const gone = 'f'.repeat(40);
    const after = commitFiles(repo, 'main', { files: AGENT_CHANGE, message: 'agent: rewrite', author: { name: AGENT, email: 'agent@acme.test', login: AGENT } }).sha;
    const delivery = await stack.world.deliver('push', pushPayload({ before: gone, after, forced: true }));
    expect(delivery.status).toBe(202);

    expect(pulls()).toEqual([]);
    expect(revertRefs()).toEqual([]);
    expect(checkRuns().map((r) => [r.headSha, r.conclusion])).toEqual([[after, 'failure']]);
    expect(issues()).toHaveLength(1);
    expect(issues()[0]!.body).toContain('Airlock could not open the revert pull request');
    expect(issues()[0]!.body).toContain(`commit ${gone} is not available from GitHub`);
    const records = await ofRepo();
    expect(records.find((r) => r.kind === 'block' && r.data.sha === after)).toBeDefined();
    expect(records.find((r) => r.data.concern === 'agent_push_revert')).toMatchObject({ kind: 'decision', data: { outcome: { status: 'failed' } } });
  });

  it('fix mode: a revert branch someone else prepared under the same name is not proposed', async () => {
    configure('fix');
    const before = repo.refs.get('heads/main')!;
    const after = commitFiles(repo, 'main', { files: AGENT_CHANGE, message: 'agent: change answer', author: { name: AGENT, email: 'agent@acme.test', login: AGENT } }).sha;
    // The agent squats the branch name with content of its own, hoping Airlock opens it as "the revert".
    const squat = commitFiles(repo, `airlock/revert-${after.slice(0, 12)}`, { files: { 'src/backdoor.js': 'evil();\n' }, message: 'revert', author: { name: AGENT, email: 'agent@acme.test', login: AGENT } }).sha;
    const delivery = await stack.world.deliver('push', pushPayload({ before, after }));
    expect(delivery.status).toBe(202);

    expect(pulls()).toEqual([]);
    expect(repo.refs.get(`heads/airlock/revert-${after.slice(0, 12)}`)).toBe(squat);
    expect(issues()[0]!.body).toContain('already exists and its head is not the revert Airlock would make');
    expect((await revertRecords())[0]).toMatchObject({ kind: 'decision', data: { outcome: { status: 'failed' } } });
  });

  it('fix mode: a push that created a protected branch is reported, not deleted', async () => {
    configure('fix');
    const push = await stack.world.push({ repo: `acme/${name}`, branch: 'release/9.9', pusher: AGENT, files: AGENT_CHANGE });
    expect(push.before).toBe('0'.repeat(40));
    expect(repo.refs.get('heads/release/9.9')).toBe(push.sha);
    expect(pulls()).toEqual([]);
    expect(issues()[0]!.body).toContain('Airlock does not delete branches');
    expect((await revertRecords())[0]).toMatchObject({ kind: 'decision', data: { outcome: { status: 'not_possible' } } });
  });
});
