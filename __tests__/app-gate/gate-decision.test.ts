import { describe, expect, it } from '@jest/globals';
import { judgeApproval, type Permission } from '../../app/gate/approvals.js';
import { buildGateInput, changedPaths, FILE_LIST_LIMIT, type GateInputFacts } from '../../app/gate/gate-input.js';
import { prPolicy } from '../../app/gate/gate-policy.js';
import { escapeMarkdown, renderGateReport, type GateReportFacts } from '../../app/gate/gate-report.js';
import { decodeGateState, EMPTY_GATE_STATE, encodeGateState, type GateState } from '../../app/gate/gate-state.js';
import type { Decision } from '../../src/policy/policy-backend.js';

const HEAD = 'c'.repeat(40);
const policy = prPolicy();

const facts = (over: Partial<GateInputFacts> = {}): GateInputFacts => ({
  number: 3,
  author: 'agent-smith[bot]',
  headSha: HEAD,
  baseRef: 'main',
  solo: false,
  isAgent: true,
  changedFiles: ['src/a.js'],
  changedFilesComplete: true,
  approvals: [],
  requiredApprovals: 1,
  approvalPaths: [],
  attestation: { status: 'verified' },
  secretFindings: { status: 'clean' },
  ...over,
});

const bob = judgeApproval(
  { login: 'bob', userType: 'User', sha: HEAD, via: 'review' },
  { headSha: HEAD, author: 'agent-smith[bot]', agents: ['agent-smith[bot]'], solo: false, approverUsers: [], approverTeamMembers: [], approverTeamsConfigured: false, permissions: new Map<string, Permission>([['bob', 'write']]) },
);

describe('the airlock.pr input the gate builds, decided by the shipped policy', () => {
  it('allows an agent pull request with a valid approval, a verified attestation and a clean scan', async () => {
    expect((await policy(buildGateInput(facts({ approvals: [bob.policy!] })))).allow).toBe(true);
  });

  it('denies without approval, and with an unknown attestation or scan (the defaults until they plug in)', async () => {
    expect((await policy(buildGateInput(facts()))).allow).toBe(false);
    expect((await policy(buildGateInput(facts({ approvals: [bob.policy!], attestation: { status: 'unknown' } })))).allow).toBe(false);
    expect((await policy(buildGateInput(facts({ approvals: [bob.policy!], secretFindings: { status: 'unknown' } })))).allow).toBe(false);
  });

  it('denies when the file list is cut short, even for a human pull request', async () => {
    const decision = await policy(buildGateInput(facts({ isAgent: false, author: 'carol', requiredApprovals: 0, changedFilesComplete: false })));
    expect(decision.allow).toBe(false);
    expect(decision.deny.join('\n')).toContain('list of changed files is incomplete');
  });

  it('lists both names of a renamed file and marks a list of 3000 files as incomplete', () => {
    expect(changedPaths([{ filename: 'b.js', previous_filename: '.github/workflows/a.yml' }])).toEqual({ paths: ['b.js', '.github/workflows/a.yml'], complete: true });
    expect(changedPaths(Array.from({ length: FILE_LIST_LIMIT }, (_, i) => ({ filename: `f${i}` }))).complete).toBe(false);
  });
});

describe('the gate state kept in the check run', () => {
  it('round-trips, including override reasons that would close an HTML comment', () => {
    const state: GateState = { agent: 'agent-smith[bot]', approvals: [{ login: 'bob', via: 'comment', commentId: 9 }, { login: 'alice', via: 'button' }], override: { login: 'alice', reason: 'x --> <b>y</b>' } };
    expect(decodeGateState(`summary text\n\n${encodeGateState(state)}`)).toEqual(state);
  });

  it('reads malformed or absent state as empty', () => {
    expect(decodeGateState(undefined)).toEqual(EMPTY_GATE_STATE);
    expect(decodeGateState('<!-- airlock-gate-state:bm90IGpzb24 -->')).toEqual(EMPTY_GATE_STATE);
    const junk = Buffer.from(JSON.stringify({ agent: 5, approvals: [{ login: '', via: 'comment' }, { login: 'x', via: 'telepathy' }], override: { login: 'a' } })).toString('base64url');
    expect(decodeGateState(`<!-- airlock-gate-state:${junk} -->`)).toEqual(EMPTY_GATE_STATE);
  });
});

describe('renderGateReport', () => {
  const allow: Decision = { allow: true, deny: [], policy_digest: 'p'.repeat(64), input_digest: 'i'.repeat(64), duration_ms: 1 };
  const deny: Decision = { ...allow, allow: false, deny: ['approval missing for `x` <img src=//evil>'] };
  const report = (over: Partial<GateReportFacts> = {}) =>
    renderGateReport({ number: 3, headSha: HEAD, gatedBecause: 'opened by the agent agent-smith[bot]', agentPr: true, decision: allow, judged: [bob], requiredApprovals: 1, duplicates: [], override: null, agents: ['agent-smith[bot]'], approverUsers: [], approverTeams: [], solo: false, ...over });

  it('passes only when the policy allows and no other open pull request shares the head', () => {
    expect(report().conclusion).toBe('success');
    expect(report({ duplicates: [4] })).toMatchObject({ conclusion: 'failure' });
    expect(report({ duplicates: [4] }).summary).toContain('also the head of #4');
    expect(report({ decision: deny }).conclusion).toBe('failure');
  });

  it('passes on an override and says so', () => {
    const r = report({ decision: deny, override: { login: 'alice', reason: 'outage' } });
    expect(r).toMatchObject({ conclusion: 'success', title: 'Overridden by alice' });
    expect(r.summary).toContain('Break-glass override');
  });

  it('says how to approve this commit and escapes text from users and paths', () => {
    const r = report({ decision: deny });
    expect(r.summary).toContain(`/airlock approve ${HEAD}`);
    expect(r.summary).toContain('\\<img src=//evil\\>');
    expect(r.summary).not.toMatch(/[^\\]<img/);
    expect(escapeMarkdown('[x](http://e) `c` <b>')).toBe('\\[x\\]\\(http://e\\) \\`c\\` \\<b\\>');
  });
});
