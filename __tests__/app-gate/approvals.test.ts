import { describe, expect, it } from '@jest/globals';
import { applyButtonApproval, applyCommentEvent, judgeApproval, reviewClaims, type ApprovalClaim, type ApprovalRules, type Permission } from '../../app/gate/approvals.js';
import { parseGateCommand } from '../../app/gate/gate-command.js';
import { EMPTY_GATE_STATE } from '../../app/gate/gate-state.js';

const HEAD = 'a'.repeat(40);
const OLD = 'b'.repeat(40);

const rules = (over: Partial<ApprovalRules> = {}): ApprovalRules => ({
  headSha: HEAD,
  author: 'agent-smith[bot]',
  agents: ['agent-smith[bot]', 'dave', 'airlock[bot]'],
  solo: false,
  approverUsers: [],
  approverTeamMembers: [],
  approverTeamsConfigured: false,
  permissions: new Map<string, Permission>([['bob', 'write'], ['alice', 'admin'], ['mia', 'maintain'], ['carol', 'read'], ['trish', 'triage'], ['dave', 'write'], ['renovate[bot]', 'write']]),
  ...over,
});
const claim = (login: string, over: Partial<ApprovalClaim> = {}): ApprovalClaim => ({ login, userType: 'User', sha: HEAD, via: 'review', ...over });

describe('judgeApproval', () => {
  it('counts write, maintain and admin on the head commit, case-insensitively', () => {
    for (const login of ['bob', 'Alice', 'mia']) expect(judgeApproval(claim(login), rules())).toMatchObject({ counts: true, reasons: [] });
  });

  it.each([
    ['an older commit', claim('bob', { sha: OLD }), 'not the head commit'],
    ['read access', claim('carol'), 'carol has read access'],
    ['triage access', claim('trish'), 'trish has triage access'],
    ['no access', claim('mallory'), 'mallory has none access'],
    ['a bot by type', claim('helper', { userType: 'Bot' }), 'bots cannot approve'],
    ['a [bot] login', claim('renovate[bot]'), 'bots cannot approve'],
    ['an agent', claim('DAVE'), 'agents cannot approve'],
  ])('refuses %s', (_name, c, reason) => {
    const judged = judgeApproval(c, rules());
    expect(judged.counts).toBe(false);
    expect(judged.reasons.join('; ')).toContain(reason);
    // The policy sees it too, with the facts that make it reject it.
    expect(judged.policy).toBeDefined();
  });

  it("refuses the author, and allows a human author in solo mode but never an agent author", () => {
    expect(judgeApproval(claim('bob'), rules({ author: 'bob' })).reasons).toEqual(['the author cannot approve their own pull request']);
    expect(judgeApproval(claim('bob'), rules({ author: 'bob', solo: true })).counts).toBe(true);
    expect(judgeApproval(claim('dave'), rules({ author: 'dave', solo: true })).reasons).toContain('the author cannot approve their own pull request');
  });

  it('with configured approvers, refuses others and keeps them from the policy', () => {
    const r = rules({ approverUsers: ['alice'], approverTeamMembers: ['mia'], approverTeamsConfigured: true });
    expect(judgeApproval(claim('alice'), r).counts).toBe(true);
    expect(judgeApproval(claim('mia'), r).counts).toBe(true);
    const bob = judgeApproval(claim('bob'), r);
    expect(bob.reasons).toEqual(['bob is not one of the configured approvers']);
    expect(bob.policy).toBeUndefined();
  });
});

describe('reviewClaims', () => {
  it("keeps each reviewer's latest decisive review; comments do not undo an approval", () => {
    const claims = reviewClaims([
      { login: 'bob', userType: 'User', state: 'APPROVED', commitId: OLD },
      { login: 'bob', userType: 'User', state: 'APPROVED', commitId: HEAD },
      { login: 'bob', userType: 'User', state: 'COMMENTED', commitId: HEAD },
      { login: 'alice', userType: 'User', state: 'APPROVED', commitId: HEAD },
      { login: 'alice', userType: 'User', state: 'CHANGES_REQUESTED', commitId: HEAD },
      { login: 'mia', userType: 'User', state: 'APPROVED', commitId: HEAD },
      { login: 'mia', userType: 'User', state: 'DISMISSED', commitId: HEAD },
    ]);
    expect(claims).toEqual([{ login: 'bob', userType: 'User', sha: HEAD, via: 'review' }]);
  });
});

describe('applyCommentEvent', () => {
  const event = { action: 'created' as const, commentId: 7, author: 'bob', sender: 'bob', body: `/airlock approve ${HEAD}`, headSha: HEAD };

  it('records an approval of the head commit by its author', () => {
    const { state, outcome } = applyCommentEvent(EMPTY_GATE_STATE, event);
    expect(state.approvals).toEqual([{ login: 'bob', via: 'comment', commentId: 7 }]);
    expect(outcome?.accepted).toBe(true);
  });

  it('refuses an approval naming another commit', () => {
    const { state, outcome } = applyCommentEvent(EMPTY_GATE_STATE, { ...event, body: `/airlock approve ${OLD}` });
    expect(state.approvals).toEqual([]);
    expect(outcome).toMatchObject({ accepted: false });
  });

  it('withdraws an approval when someone else edits the comment, even to the same text', () => {
    const approved = applyCommentEvent(EMPTY_GATE_STATE, event).state;
    const edited = applyCommentEvent(approved, { ...event, action: 'edited', sender: 'alice' });
    expect(edited.state.approvals).toEqual([]);
    expect(edited.outcome?.reason).toContain('edited by alice');
  });

  it('withdraws on deletion and on an edit by the author into anything else; re-approves on an edit back', () => {
    const approved = applyCommentEvent(EMPTY_GATE_STATE, event).state;
    expect(applyCommentEvent(approved, { ...event, action: 'deleted' }).state.approvals).toEqual([]);
    const changed = applyCommentEvent(approved, { ...event, action: 'edited', body: 'hm, no' }).state;
    expect(changed.approvals).toEqual([]);
    expect(applyCommentEvent(changed, { ...event, action: 'edited' }).state.approvals).toHaveLength(1);
  });

  it('ignores comments that are no approval, and only a line starting with the command counts', () => {
    expect(applyCommentEvent(EMPTY_GATE_STATE, { ...event, body: 'LGTM' })).toEqual({ state: EMPTY_GATE_STATE });
    expect(applyCommentEvent(EMPTY_GATE_STATE, { ...event, body: `> /airlock approve ${HEAD}` }).state.approvals).toEqual([]);
  });
});

describe('applyButtonApproval', () => {
  it("records the click on the head commit's run once per person, and refuses an older run's button", () => {
    const once = applyButtonApproval(EMPTY_GATE_STATE, { login: 'bob', sha: HEAD, headSha: HEAD }).state;
    expect(applyButtonApproval(once, { login: 'bob', sha: HEAD, headSha: HEAD }).state.approvals).toEqual([{ login: 'bob', via: 'button' }]);
    const old = applyButtonApproval(EMPTY_GATE_STATE, { login: 'bob', sha: OLD, headSha: HEAD });
    expect(old.state.approvals).toEqual([]);
    expect(old.outcome?.accepted).toBe(false);
  });
});

describe('parseGateCommand', () => {
  it('parses approve with a full SHA and override with a reason', () => {
    expect(parseGateCommand(`thanks\n/airlock approve ${HEAD.toUpperCase()}`)).toEqual({ kind: 'approve', sha: HEAD });
    expect(parseGateCommand('/airlock override prod is down')).toEqual({ kind: 'override', reason: 'prod is down' });
  });

  it('refuses abbreviated SHAs, a missing reason and unknown verbs; plain text is no command', () => {
    expect(parseGateCommand(`/airlock approve ${HEAD.slice(0, 12)}`)?.kind).toBe('invalid');
    expect(parseGateCommand('/airlock override')?.kind).toBe('invalid');
    expect(parseGateCommand('/airlock merge')?.kind).toBe('invalid');
    expect(parseGateCommand('please /airlock approve it')).toBeUndefined();
  });
});
