import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SignJWT } from 'jose';
import { requestSecretApproval, type ApprovalSecret } from '../../src/action/approval-client.js';
import type { AuditRecord } from '../../src/audit/audit-record.js';
import { readAuditLog } from '../../src/audit/read-audit-log.js';
import { startStack, type Stack } from '../../src/demo/start-stack.js';
import { policyDir } from '../../src/policy/policy-modules.js';
import { renderIssue, renderUser } from '../../src/world/github/github-objects.js';
import type { WorldCheckRun, WorldIssue } from '../../src/world/github/world-state.js';
import { commentOnPull, openPull, requestAction } from '../../src/world/pull-requests.js';

// Issue 12 item 6, THREATS.md §F 35: a secret that needs approval is resolved only after a human
// with write access, who is not the run's actor, not a bot and not an agent, approves it through
// the App; refusal, timeout and cancellation deny; every step is in the audit log.

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());

interface Answer {
  status: number;
  json: Record<string, unknown> & { error?: { code: string; message: string } };
}

const mainSha = () => stack.world.repo('acme/widgets').refs.get('heads/main')!;
const token = (claims: Record<string, string> = {}) => stack.world.oidc.mint({ sha: mainSha(), ...claims });
const NPM: ApprovalSecret = { path: 'kv/data/ci/npm', key: 'token', env: 'NPM_TOKEN', approval: 'required' };
const requestBody = (over: Record<string, unknown> = {}) => ({ identity: 'agent', secrets: [NPM], destination: { method: 'PUT', host: 'registry.npmjs.org', path: '/pkg' }, timeout_seconds: 600, ...over });

async function call(method: string, path: string, auth: string | undefined, body?: unknown, base = stack.app.url): Promise<Answer> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...(auth ? { authorization: `Bearer ${auth}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: (await res.json()) as Answer['json'] };
}

/** A pending approval, as the Action would open it. */
async function pending(over: Record<string, unknown> = {}): Promise<{ id: string; pollToken: string; check: WorldCheckRun; json: Answer['json'] }> {
  const { status, json } = await call('POST', '/airlock/v1/approvals', await token(), requestBody(over));
  expect({ status, json }).toMatchObject({ status: 202, json: { status: 'pending' } });
  const id = json.id as string;
  return { id, pollToken: json.poll_token as string, check: checkOf(id)!, json };
}

const poll = (id: string, pollToken: string) => call('GET', `/airlock/v1/approvals/${id}`, pollToken);
const checkOf = (id: string) => stack.world.state.checkRuns.find((r) => r.externalId === id);

async function audit(): Promise<AuditRecord[]> {
  const records: AuditRecord[] = [];
  await readAuditLog(stack.app.store.db, (r) => {
    records.push(r);
  });
  return records;
}
const auditOf = async (id: string) => (await audit()).filter((r) => r.data.approval_id === id);

/** An open issue of acme/widgets, and comments on it delivered as GitHub delivers them. */
function newIssue(): WorldIssue {
  const repo = stack.world.repo('acme/widgets');
  const taken = [...stack.world.state.issues, ...stack.world.state.pulls].filter((x) => x.repoId === repo.id).map((x) => x.number);
  const issue: WorldIssue = { number: Math.max(0, ...taken) + 1, id: stack.world.state.nextId(), repoId: repo.id, title: 'Release', body: '', labels: [], user: stack.world.user('alice'), state: 'open', comments: [], createdAt: new Date().toISOString() };
  stack.world.state.issues.push(issue);
  return issue;
}

async function comment(issue: WorldIssue, login: string, body: string, action: 'created' | 'edited' = 'created') {
  const repo = stack.world.repo('acme/widgets');
  const user = stack.world.user(login);
  const payload = stack.world.payload('issue_comment', { action, repo, sender: user });
  const id = stack.world.state.nextId();
  const now = new Date().toISOString();
  payload.issue = { ...(payload.issue as object), ...renderIssue(stack.world.state, repo, issue), author_association: 'OWNER', pull_request: undefined };
  delete (payload.issue as Record<string, unknown>).pull_request;
  payload.comment = { ...(payload.comment as object), id, node_id: `IC_${id}`, body, user: renderUser(stack.world.state, user), created_at: now, updated_at: now, author_association: 'COLLABORATOR', performed_via_github_app: null };
  if (action === 'edited') payload.changes = { body: { from: 'looks fine' } };
  const delivery = await stack.world.deliver('issue_comment', payload);
  expect(delivery.status).toBe(202);
  return delivery;
}

const clickOn = async (check: WorldCheckRun, user: string, identifier = 'approve-secret') => {
  const delivery = await requestAction(stack.world, check, { user, identifier });
  expect(delivery.status).toBe(202);
};

describe('POST /airlock/v1/approvals', () => {
  it('asks a human on a check run of the run commit, and a click on Approve by a writer approves', async () => {
    const { id, pollToken, check, json } = await pending();
    expect(json).toEqual({ id, status: 'pending', poll_token: pollToken, expires_at: expect.any(String), approve_command: `/airlock approve-secret ${id}`, check_run_url: expect.stringContaining(`/acme/widgets/runs/${check.id}`), message: expect.any(String) });
    expect(check).toMatchObject({ name: 'Airlock secret approval', headSha: mainSha(), status: 'in_progress', conclusion: null, externalId: id });
    expect((check.actions as { identifier: string }[]).map((a) => a.identifier)).toEqual(['approve-secret', 'deny-secret']);
    const summary = check.output?.summary ?? '';
    for (const fact of ['kv/data/ci/npm#token', 'NPM\\_TOKEN', 'registry.npmjs.org/pkg', '7000001', 'alice', `/airlock approve-secret ${id}`, `/airlock deny-secret ${id}`, json.expires_at as string]) expect(summary).toContain(fact);
    expect((await poll(id, pollToken)).json).toMatchObject({ id, status: 'pending' });

    await clickOn(check, 'bob');
    expect((await poll(id, pollToken))).toEqual({ status: 200, json: { id, status: 'approved', decided_by: 'bob', message: 'approved by bob' } });
    expect(checkOf(id)).toMatchObject({ status: 'completed', conclusion: 'success', actions: [] });
    const records = await auditOf(id);
    expect(records.map((r) => [r.kind, r.actor, r.data.decision ?? r.data.accepted])).toEqual([
      ['decision', 'github:alice', 'pending'],
      ['approval', 'github:bob', true],
      ['decision', 'github:bob', 'approved'],
    ]);
    expect(records[0]!.data).toMatchObject({ secrets: [{ path: 'kv/data/ci/npm', key: 'token', env: 'NPM_TOKEN', approval: 'required' }], destination: { method: 'PUT', host: 'registry.npmjs.org', path: '/pkg' }, sha: mainSha() });
  });

  it('refuses what an approval cannot fix with 403 secrets_denied, creating nothing', async () => {
    const before = stack.world.state.checkRuns.length;
    const { status, json } = await call('POST', '/airlock/v1/approvals', await token(), requestBody({ secrets: [{ ...NPM, env: 'LD_PRELOAD' }] }));
    expect(status).toBe(403);
    expect(json.error?.code).toBe('secrets_denied');
    expect(json.error?.message).toContain('env must be a plain variable name');
    expect(json.error?.message).not.toContain('needs a human approval');
    expect(stack.world.state.checkRuns.length).toBe(before);
    expect((await audit()).at(-1)).toMatchObject({ kind: 'decision', data: { policy: 'airlock.secrets', decision: 'deny', code: 'secrets_denied' } });
  });

  it('refuses forged, replayed and untrusted OIDC tokens with their codes, creating nothing', async () => {
    const rows = async () => (await stack.app.store.db.query<{ n: number }>('SELECT count(*)::bigint AS n FROM secret_approvals')).rows[0]!.n;
    const before = { checks: stack.world.state.checkRuns.length, rows: await rows() };
    const claims = JSON.parse(Buffer.from((await token()).split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
    const kid = (JSON.parse(Buffer.from((await token()).split('.')[0]!, 'base64url').toString()) as { kid: string }).kid;
    const forged = await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid }).sign(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey);
    const replayed = await token();
    await call('POST', '/airlock/v1/approvals', replayed, requestBody({ identity: 'no-such-identity' }));
    const cases: [string | undefined, unknown, number, string][] = [
      [undefined, requestBody(), 401, 'oidc_token_missing'],
      [forged, requestBody(), 401, 'oidc_bad_signature'],
      [replayed, requestBody(), 401, 'oidc_replayed'],
      [await stack.world.oidc.mint({ sha: mainSha() }, 'not-airlock'), requestBody(), 401, 'oidc_wrong_audience'],
      [await token({ event_name: 'pull_request_target' }), requestBody(), 403, 'event_not_allowed'],
      [await token({ repository_id: '999999' }), requestBody(), 403, 'repository_mismatch'],
      [await token(), requestBody({ secrets: [{ ...NPM, approval: 'maybe' }] }), 400, 'request_invalid'],
    ];
    for (const [jwt, body, status, code] of cases) {
      const answer = await call('POST', '/airlock/v1/approvals', jwt, body);
      expect({ code, status: answer.status, got: answer.json.error?.code }).toEqual({ code, status, got: code });
    }
    expect({ checks: stack.world.state.checkRuns.length, rows: await rows() }).toEqual(before);
  });
});

describe('who can decide', () => {
  it('approves through /airlock approve-secret on a pull request, which the gate leaves alone', async () => {
    const { id, pollToken } = await pending();
    const { pull } = await openPull(stack.world, { repo: 'acme/widgets', head: 'feature/docs', author: 'bob', files: { 'docs/x.md': '# x\n' }, title: 'docs' });
    const { delivery } = await commentOnPull(stack.world, pull, { user: 'bob', body: `Fine by me.\n/airlock approve-secret ${id}` });
    expect(delivery.status).toBe(202);
    expect((await poll(id, pollToken)).json).toMatchObject({ status: 'approved', decided_by: 'bob' });
    expect(checkOf(id)?.conclusion).toBe('success');
    expect((await auditOf(id)).find((r) => r.kind === 'approval')?.data).toMatchObject({ via: 'comment', accepted: true });
  });

  it('refuses with /airlock deny-secret on an issue, and says so there', async () => {
    const { id, pollToken } = await pending();
    const issue = newIssue();
    await comment(issue, 'bob', `/airlock deny-secret ${id}`);
    expect((await poll(id, pollToken)).json).toMatchObject({ status: 'denied', decided_by: 'bob', message: 'bob refused to resolve these secrets' });
    expect(checkOf(id)).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(issue.comments.at(-1)?.body).toContain('is now **denied**');
    expect((await auditOf(id)).at(-1)).toMatchObject({ kind: 'decision', actor: 'github:bob', data: { decision: 'denied' } });
  });

  it("does not count the run's actor, bots, this App's bot, agents or readers: pending stays, each attempt audited", async () => {
    const { id, pollToken, check } = await pending();
    const issue = newIssue();
    await clickOn(check, 'alice');
    await clickOn(check, 'airlock[bot]');
    await comment(issue, 'renovate[bot]', `/airlock approve-secret ${id}`);
    await comment(issue, 'agent-smith[bot]', `/airlock approve-secret ${id}`);
    await comment(issue, 'carol', `/airlock approve-secret ${id}`);
    await comment(issue, 'airlock[bot]', `/airlock approve-secret ${id}`);
    expect((await poll(id, pollToken)).json.status).toBe('pending');
    const attempts = (await auditOf(id)).filter((r) => r.kind === 'approval');
    expect(attempts.map((r) => [r.actor, r.data.via, r.data.accepted])).toEqual([
      ['github:alice', 'button', false],
      ['github:airlock[bot]', 'button', false],
      ['github:renovate[bot]', 'comment', false],
      ['github:agent-smith[bot]', 'comment', false],
      ['github:carol', 'comment', false],
      ['github:airlock[bot]', 'comment', false],
    ]);
    expect(attempts.map((r) => r.data.reason)).toEqual([
      expect.stringContaining("started the run; someone other than the run's actor must approve"),
      expect.stringContaining("this App's own bot"),
      expect.stringContaining('bots cannot approve'),
      expect.stringContaining('agent-smith[bot] is an agent identity'),
      expect.stringContaining('carol has read access'),
      expect.stringContaining("this App's own bot"),
    ]);
    // Visible on the check run and answered in the issue, but never an answer to its own bot.
    const summary = checkOf(id)?.output?.summary ?? '';
    expect(summary).toContain('Refused attempts');
    expect(summary).toContain('carol');
    expect(checkOf(id)?.status).toBe('in_progress');
    expect(issue.comments.map((c) => c.body)).toEqual([
      expect.stringContaining('renovate\\[bot\\] cannot approve'),
      expect.stringContaining('agent-smith\\[bot\\] cannot approve'),
      expect.stringContaining('carol cannot approve'),
    ]);
    expect(issue.comments.every((c) => c.body.includes('Nothing changed'))).toBe(true);
  });

  it('counts neither an approval of another id nor an edited comment', async () => {
    const first = await pending();
    const second = await pending();
    const issue = newIssue();
    await comment(issue, 'bob', `/airlock approve-secret ${second.id}`);
    await comment(issue, 'bob', `/airlock approve-secret ${randomUUID()}`);
    await comment(issue, 'bob', `/airlock approve-secret ${first.id}`, 'edited');
    expect((await poll(first.id, first.pollToken)).json.status).toBe('pending');
    expect((await poll(second.id, second.pollToken)).json.status).toBe('approved');
    expect(issue.comments.at(-1)?.body).toContain('is waiting in this repository; nothing changed');
    // A button on another approval's check run names that approval, not this one.
    await clickOn(second.check, 'bob');
    expect((await poll(first.id, first.pollToken)).json.status).toBe('pending');
    expect((await auditOf(first.id)).filter((r) => r.kind === 'approval')).toEqual([]);
  });
});

describe('polling, cancelling and expiry', () => {
  it('answers a wrong poll token and an unknown id alike with 404', async () => {
    const { id } = await pending();
    for (const [path, auth] of [[`/airlock/v1/approvals/${id}`, 'not-the-token'], [`/airlock/v1/approvals/${id}`, undefined], [`/airlock/v1/approvals/${randomUUID()}`, 'not-the-token']] as const) {
      const answer = await call('GET', path, auth);
      expect({ status: answer.status, code: answer.json.error?.code }).toEqual({ status: 404, code: 'approval_not_found' });
      expect((await call('DELETE', path, auth)).status).toBe(404);
    }
    expect(checkOf(id)?.status).toBe('in_progress');
    // Only the hash of the poll token is stored.
    const { rows } = await stack.app.store.db.query<Record<string, unknown>>('SELECT * FROM secret_approvals');
    expect(JSON.stringify(rows)).not.toContain((await pending()).pollToken);
  });

  it('cancels on DELETE: the check run completes cancelled and a later click changes nothing', async () => {
    const { id, pollToken, check } = await pending();
    expect(await call('DELETE', `/airlock/v1/approvals/${id}`, pollToken)).toMatchObject({ status: 200, json: { id, status: 'cancelled' } });
    expect(checkOf(id)).toMatchObject({ status: 'completed', conclusion: 'cancelled' });
    await clickOn(check, 'bob');
    expect((await poll(id, pollToken)).json.status).toBe('cancelled');
    expect((await auditOf(id)).map((r) => [r.kind, r.data.decision ?? r.data.reason])).toEqual([
      ['decision', 'pending'],
      ['decision', 'cancelled'],
      ['approval', `secret approval ${id} is already cancelled`],
    ]);
  });

  it('expires at its deadline, read or swept, never as a yes', async () => {
    const read = await pending({ timeout_seconds: 1 });
    const swept = await pending({ timeout_seconds: 1 });
    await new Promise((resolve) => setTimeout(resolve, Date.parse(swept.json.expires_at as string) - Date.now() + 50));
    await clickOn(read.check, 'bob');
    expect((await poll(read.id, read.pollToken)).json).toMatchObject({ status: 'expired' });
    expect(checkOf(read.id)).toMatchObject({ status: 'completed', conclusion: 'timed_out' });
    await stack.app.sweep();
    expect(checkOf(swept.id)).toMatchObject({ status: 'completed', conclusion: 'timed_out' });
    expect((await auditOf(swept.id)).at(-1)).toMatchObject({ actor: 'airlock', data: { decision: 'expired' } });
  });
});

describe('the Action client against the App', () => {
  const clientOptions = (over: Partial<Parameters<typeof requestSecretApproval>[0]> = {}) => ({
    brokerUrl: stack.app.url,
    idToken: () => token(),
    identity: 'agent',
    secrets: [NPM],
    destination: { method: 'PUT', host: 'registry.npmjs.org', path: '/pkg' },
    timeoutMs: 60_000,
    pollIntervalMs: 50,
    ...over,
  });

  it('returns approved once a human clicks Approve while it polls', async () => {
    const seen = new Set(stack.world.state.checkRuns.map((r) => r.id));
    const result = requestSecretApproval(clientOptions());
    let check: WorldCheckRun | undefined;
    while (!(check = stack.world.state.checkRuns.find((r) => !seen.has(r.id) && r.name === 'Airlock secret approval'))) await new Promise((resolve) => setTimeout(resolve, 20));
    await clickOn(check, 'bob');
    expect(await result).toEqual({ status: 'approved', by: 'bob' });
  });

  it('returns expired at its own deadline and cancels the request on the App', async () => {
    const seen = new Set(stack.world.state.checkRuns.map((r) => r.id));
    const result = await requestSecretApproval(clientOptions({ timeoutMs: 1_000 }));
    expect(result).toMatchObject({ status: 'expired' });
    const check = stack.world.state.checkRuns.find((r) => !seen.has(r.id) && r.name === 'Airlock secret approval');
    expect(check).toMatchObject({ status: 'completed', conclusion: 'cancelled' });
  });
});

describe('a policy that waives the approval', () => {
  let waiving: Stack;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'airlock-policies-'));
    const shipped = await readFile(join(policyDir(), 'secrets.rego'), 'utf8');
    // An org policy: no human needed unless the workflow marked a secret as needing one.
    await writeFile(join(dir, 'secrets.rego'), `${shipped}\napproval_required := false if not approval_requested\n`);
    waiving = await startStack({ policyDir: dir });
  });
  afterAll(async () => {
    await waiving.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('approves at once with 200, yet still asks a human for a secret the workflow marked', async () => {
    const sha = waiving.world.repo('acme/widgets').refs.get('heads/main')!;
    const post = async (approval: string) => call('POST', '/airlock/v1/approvals', await waiving.world.oidc.mint({ sha }), requestBody({ secrets: [{ ...NPM, approval }] }), waiving.app.url);
    const now = await post('policy');
    expect(now).toEqual({ status: 200, json: { id: expect.any(String), status: 'approved', message: expect.stringContaining('without a human approval') } });
    expect(waiving.world.state.checkRuns.filter((r) => r.name === 'Airlock secret approval')).toEqual([]);
    expect((await post('required')).json.status).toBe('pending');
  });
});
