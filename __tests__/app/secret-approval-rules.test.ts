import { describe, expect, it } from '@jest/globals';
import { deciderRefusals, type DeciderRules } from '../../app/approvals/approval-eligibility.js';
import { approvedOutcome, requestOutcome } from '../../app/approvals/approval-outcome.js';
import { renderApprovalCheck } from '../../app/approvals/approval-report.js';
import { MAX_TIMEOUT_SECONDS, parseApprovalRequest } from '../../app/approvals/approval-request.js';
import { judgeSecrets, secretsPolicyInput, type PolicyApproval } from '../../app/approvals/secrets-policy.js';
import { parseGateCommand } from '../../app/gate/gate-command.js';
import { loadPolicyModules, policyDir } from '../../src/policy/policy-modules.js';
import type { ApprovalRun, RequestedSecret, SecretApproval } from '../../src/store/secret-approval-store.js';

const ID = '6f1c0b1e-0c39-4a53-9d0e-2f5a7c1b9e42';
const SHA = 'd'.repeat(40);
const run: ApprovalRun = { sha: SHA, actor: 'alice', repository: 'acme/widgets', repositoryId: '100004', runId: '7000001', workflowRef: 'acme/widgets/.github/workflows/agent.yml@refs/heads/main', eventName: 'workflow_dispatch', ref: 'refs/heads/main' };
const NPM: RequestedSecret = { path: 'kv/data/ci/npm', key: 'token', env: 'NPM_TOKEN', approval: 'policy' };
const destination = { method: 'PUT', host: 'registry.npmjs.org', path: '/pkg' };

describe('deciderRefusals', () => {
  const rules = (over: Partial<DeciderRules> = {}): DeciderRules => ({ verb: 'approve', runActor: 'alice', appBot: 'airlock[bot]', agents: ['agent-smith[bot]', 'dave'], ...over });
  const refusals = (login: string, permission: 'admin' | 'write' | 'read' | 'none', over: Partial<DeciderRules> = {}, userType = 'User') => deciderRefusals({ login, userType, permission }, rules(over));

  it('lets a human writer, maintainer or admin who did not start the run decide', () => {
    expect(refusals('bob', 'write')).toEqual([]);
    expect(refusals('Carol', 'admin')).toEqual([]);
  });

  it("refuses the run's actor (to approve only), bots, this App's bot, agents and readers", () => {
    expect(refusals('ALICE', 'admin')).toEqual([expect.stringContaining("someone other than the run's actor must approve")]);
    expect(refusals('alice', 'admin', { verb: 'deny' })).toEqual([]);
    expect(refusals('renovate[bot]', 'write').join()).toContain('bots cannot approve');
    expect(refusals('helper', 'write', {}, 'Bot').join()).toContain('bots cannot approve');
    expect(refusals('Airlock[bot]', 'admin').join()).toContain("this App's own bot");
    expect(refusals('dave', 'write')).toEqual(['dave is an agent identity']);
    expect(refusals('carol', 'read')).toEqual(['carol has read access; deciding needs write, maintain or admin']);
    expect(refusals('mallory', 'none', { verb: 'deny' })).toEqual([expect.stringContaining('mallory has none access')]);
  });
});

describe('the answer to a request, from airlock.secrets', () => {
  const judge = async (secrets: RequestedSecret[], approval: PolicyApproval = { approved: false }, source?: string) => {
    const modules = await loadPolicyModules(policyDir());
    const set = source ? modules.map((m) => (m.file.endsWith('/secrets.rego') ? { ...m, source: `${m.source}\n${source}\n` } : m)) : modules;
    return judgeSecrets(set, secretsPolicyInput(secrets, destination, run, approval));
  };
  const WAIVE = 'approval_required := false if not approval_requested';

  it('asks a human for a well-formed request under the shipped policy', async () => {
    expect(requestOutcome(await judge([NPM]), false)).toMatchObject({ status: 'pending', message: expect.stringContaining('needs a human approval of commit') });
  });

  it('refuses what no approval fixes, without the missing-approval message', async () => {
    const outcome = requestOutcome(await judge([{ ...NPM, env: 'GITHUB_TOKEN' }]), false);
    expect(outcome.status).toBe('denied');
    expect(outcome.message).toContain('env must be a plain variable name');
    expect(outcome.message).not.toContain('needs a human approval');
  });

  it('approves at once only when the policy waives the approval and the workflow did not ask for one', async () => {
    expect(requestOutcome(await judge([NPM], { approved: false }, WAIVE), false)).toMatchObject({ status: 'approved' });
    const marked = await judge([{ ...NPM, approval: 'required' }], { approved: false }, WAIVE);
    expect(requestOutcome(marked, true)).toMatchObject({ status: 'pending' });
    // Even a policy that waives regardless of the mark is overruled by the App.
    const reckless = await judge([{ ...NPM, approval: 'required' }], { approved: false }, 'approval_required := false');
    expect(reckless.waived).toBe(true);
    expect(requestOutcome(reckless, true).status).toBe('pending');
  });

  it('denies on a policy error, and never reads a missing rule as a waiver', async () => {
    const broken = await judge([NPM], { approved: false }, 'allow if {');
    expect(requestOutcome(broken, false)).toMatchObject({ status: 'denied', message: expect.stringContaining('could not decide') });
    expect((await judge([NPM])).waived).toBe(false);
  });

  it("judges a human's approval again: bound to the run's commit, never the actor or a bot", async () => {
    expect(approvedOutcome(await judge([NPM], { approved: true, by: 'bob', sha: SHA }), 'bob')).toEqual({ status: 'approved', message: 'approved by bob' });
    expect(approvedOutcome(await judge([NPM], { approved: true, by: 'alice', sha: SHA }), 'alice')).toMatchObject({ status: 'denied', message: expect.stringContaining('alice approved their own run') });
    expect(approvedOutcome(await judge([NPM], { approved: true, by: 'x[bot]', sha: SHA }), 'x[bot]').status).toBe('denied');
  });
});

describe('parseApprovalRequest', () => {
  const body = (over: Record<string, unknown> = {}) => ({ identity: 'agent', secrets: [NPM], destination, ...over });

  it('reads the request, normalising method and host, and caps the wait at an hour (default 15 min)', () => {
    expect(parseApprovalRequest(body({ destination: { method: 'put', host: 'Registry.NPMjs.org:443', path: '/pkg' }, timeout_seconds: 99_999 }))).toEqual({ identity: 'agent', secrets: [NPM], destination: { method: 'PUT', host: 'registry.npmjs.org:443', path: '/pkg' }, timeoutSeconds: MAX_TIMEOUT_SECONDS });
    expect(parseApprovalRequest(body()).timeoutSeconds).toBe(900);
  });

  it.each([
    ['no secrets', body({ secrets: [] }), 'secrets must be a list'],
    ['an unknown approval mode', body({ secrets: [{ ...NPM, approval: 'yes' }] }), 'secrets[0].approval must be'],
    ['an unknown field (run facts never come from the body)', body({ run: { actor: 'bob' } }), 'body has unknown field(s) run'],
    ['a control character', body({ secrets: [{ ...NPM, env: 'A\nB' }] }), 'secrets[0].env must be'],
    ['a host with a path', body({ destination: { ...destination, host: 'evil.example/x' } }), 'destination.host must be a host name'],
    ['a relative path', body({ destination: { ...destination, path: 'pkg' } }), 'destination.path must start with /'],
    ['a fractional timeout', body({ timeout_seconds: 1.5 }), 'timeout_seconds must be'],
  ])('refuses %s', (_name, value, message) => {
    expect(() => parseApprovalRequest(value)).toThrow(message);
  });
});

describe('the check run', () => {
  const approval = (over: Partial<SecretApproval> = {}): SecretApproval => ({ id: ID, status: 'pending', installationId: 1, repositoryId: 100004, repository: 'acme/widgets', identity: 'agent', run, secrets: [{ ...NPM, path: 'kv/data/**evil**', env: 'A_B' }], destination, refused: [], createdAt: 0, expiresAt: 900_000, message: 'waiting', ...over });

  it("offers two buttons within GitHub's limits while pending, none once decided", () => {
    const pending = renderApprovalCheck(approval());
    expect(pending).toMatchObject({ status: 'in_progress', actions: [{ identifier: 'approve-secret' }, { identifier: 'deny-secret' }] });
    for (const a of pending.actions) expect([a.label.length <= 20, a.description.length <= 40, a.identifier.length <= 20]).toEqual([true, true, true]);
    expect(pending.summary).toContain(`/airlock approve-secret ${ID}`);
    // Request values cannot inject markup.
    expect(pending.summary).toContain('kv/data/\\*\\*evil\\*\\*#token');
    expect(renderApprovalCheck(approval({ status: 'approved', decidedBy: 'bob', decidedAt: 1 }))).toMatchObject({ status: 'completed', conclusion: 'success', actions: [], title: 'Secrets approved by bob' });
    expect(renderApprovalCheck(approval({ status: 'expired', decidedAt: 1 })).conclusion).toBe('timed_out');
    expect(renderApprovalCheck(approval({ status: 'cancelled', decidedAt: 1 })).conclusion).toBe('cancelled');
    expect(renderApprovalCheck(approval({ status: 'denied', decidedAt: 1 })).conclusion).toBe('failure');
  });
});

describe('one comment command parser for the gate and secret approvals', () => {
  it('parses approve-secret and deny-secret with a full approval id; the gate verbs are unchanged', () => {
    expect(parseGateCommand(`ok\n/airlock approve-secret ${ID.toUpperCase()}`)).toEqual({ kind: 'approve-secret', id: ID });
    expect(parseGateCommand(`/airlock deny-secret ${ID}`)).toEqual({ kind: 'deny-secret', id: ID });
    expect(parseGateCommand('/airlock approve-secret 6f1c0b1e')?.kind).toBe('invalid');
    expect(parseGateCommand(`> /airlock approve-secret ${ID}`)).toBeUndefined();
    expect(parseGateCommand(`/airlock approve ${SHA}`)).toEqual({ kind: 'approve', sha: SHA });
  });
});
