import { describe, expect, it } from '@jest/globals';
import MarkdownIt from 'markdown-it';
import { buildGateInput } from '../../app/gate/gate-input.js';
import { renderGateReport, type GateReportFacts } from '../../app/gate/gate-report.js';
import { evaluatePolicy } from '../../src/policy/evaluate-policy.js';
import { loadPolicyModules, policyDir } from '../../src/policy/policy-modules.js';

/*
 * Issue 15 item 6: the gate's check run as people read it, rendered as GitHub renders Markdown
 * (markdown-it: CommonMark with tables), for a human's pull request, an agent's missing its
 * approval, and an agent's missing its attestation, each decided by the shipped `airlock.pr`.
 */
const HEAD = 'c0ffee'.padEnd(40, '0');
const md = new MarkdownIt({ html: true });
const text = (html: string) => html.replace(/<[^>]+>/g, '').replace(/\n{3,}/g, '\n\n').trim();

async function report(over: { author: string; agentPr: boolean; files: string[]; attestation: 'verified' | 'missing'; approvals?: number }) {
  const modules = await loadPolicyModules(policyDir());
  const input = buildGateInput({
    number: 12,
    author: over.author,
    headSha: HEAD,
    baseRef: 'main',
    isAgent: over.agentPr,
    changedFiles: over.files,
    changedFilesComplete: true,
    solo: false,
    approvals: [],
    requiredApprovals: 1,
    approvalPaths: ['.github/**'],
    attestation: { status: over.attestation },
    secretFindings: { status: 'clean' },
  });
  const decision = evaluatePolicy({ modules, entrypoint: 'airlock.pr', input });
  const facts: GateReportFacts = {
    number: 12,
    headSha: HEAD,
    gatedBecause: over.agentPr ? `opened by the agent ${over.author}` : 'opened in a repository that gates every pull request (gate_all_pull_requests)',
    agentPr: over.agentPr,
    decision,
    judged: [],
    requiredApprovals: 1,
    duplicates: [],
    override: null,
    agents: ['agent-smith[bot]'],
    approverUsers: ['bob'],
    approverTeams: ['acme/maintainers'],
    solo: false,
    attestation: over.attestation === 'missing' ? { status: 'missing', reason: `no attestation has subject sha256:${'d'.repeat(64)}`, changesetDigest: 'd'.repeat(64) } : { status: 'verified', changesetDigest: 'e'.repeat(64) },
    ...(over.attestation === 'missing' ? { changeset: over.files.map((path) => ({ path, blob: 'b'.repeat(40) })) } : {}),
  };
  const r = renderGateReport(facts);
  return { ...r, rendered: text(md.render(r.summary)) };
}

describe('the gate check run, as rendered', () => {
  it("a human's pull request: no attestation line, named approvers, a title that counts rules", async () => {
    const r = await report({ author: 'alice', agentPr: false, files: ['.github/workflows/ci.yml', 'src/a.js'], attestation: 'missing' });
    expect(r.title).toBe(`Blocked: 2 of 3 rules fail on ${HEAD.slice(0, 12)}`);
    expect(r.rendered).not.toContain('Attestation');
    expect(r.rendered).toContain('One of @bob, team @acme/maintainers');
    // The workflow is under an approval_paths glob too: named once.
    expect(r.rendered.split('.github/workflows/ci.yml').length - 1).toBe(1);
  });

  it("an agent's pull request missing its approval", async () => {
    const r = await report({ author: 'agent-smith[bot]', agentPr: true, files: ['src/a.js'], attestation: 'verified' });
    expect(r.title).toBe(`Blocked: 2 of 3 rules fail on ${HEAD.slice(0, 12)}`);
    expect(r.rendered).toContain('✅ Verified');
    expect(r.rendered).toContain('was opened by an agent (agent-smith[bot]): it needs 1 approval(s)');
  });

  it("an agent's pull request missing its attestation: the files the digest covers are listed", async () => {
    const r = await report({ author: 'agent-smith[bot]', agentPr: true, files: ['src/a.js', 'README.md'], attestation: 'missing' });
    expect(r.rendered).toContain('❌ Missing');
    expect(r.rendered).toMatch(/The digest covers these 2 file\(s\)[\s\S]*src\/a\.js bbbbbbbbbbbb[\s\S]*README\.md bbbbbbbbbbbb/);
    expect(r.rendered).toContain('no attestation of the agent run was found for head commit');
  });
});
