import type { Decision } from '../../src/policy/policy-backend.js';
import type { RunSummary } from '../telemetry/run-event-store.js';
import { hostLabel, kindTotals } from '../telemetry/run-timeline.js';
import type { JudgedApproval } from './approvals.js';
import type { AttestationCheck } from './attestation-status.js';

/** Everything the `Airlock` check run of one head commit says. */
export interface GateReportFacts {
  number: number;
  headSha: string;
  /** Why this pull request is gated, e.g. "opened by the agent agent-smith[bot]". */
  gatedBecause: string;
  /** An agent opened or changed it: its run's attestation is required (a human's pull request needs none). */
  agentPr: boolean;
  /** The pull request's changeset (path, head blob or null), shown when its attestation is missing so the run's can be compared. */
  changeset?: readonly { path: string; blob: string | null }[];
  decision: Decision;
  judged: JudgedApproval[];
  requiredApprovals: number;
  /** Other open pull requests whose head is the same commit (THREATS.md §E 29). */
  duplicates: number[];
  override: { login: string; reason: string } | null;
  agents: string[];
  approverUsers: string[];
  approverTeams: string[];
  solo: boolean;
  attestation?: AttestationCheck;
  /** The key the App signs its verdict with, when it signs one (shown so readers can pin it). */
  verdictKeyId?: string;
}

export interface GateReport {
  conclusion: 'success' | 'failure';
  title: string;
  /** The agent run the attestation names, for the check run's details link. */
  detailsUrl?: string;
  /** Markdown; at most ~60 000 characters (GitHub's limit for a check run summary is 65 535). */
  summary: string;
}

const SUMMARY_LIMIT = 60_000;

/** Logins, paths, reasons and policy messages carry user-chosen text: no markup may pass. */
export const escapeMarkdown = (text: string): string => text.replace(/[\\`*_{}[\]()#+!|<>~&]/g, '\\$&').replace(/\r?\n/g, ' ');

const mark = (ok: boolean) => (ok ? '✅' : '❌');

const CHANGESET_SHOWN = 50;

function attestationSection(a: AttestationCheck, files: GateReportFacts['changeset']): string[] {
  const lines = ['### Attestation of the agent run', ''];
  const changeset = a.changesetDigest ? ` Changeset \`sha256:${a.changesetDigest.slice(0, 16)}…\` (computed by the App from this pull request's files).` : '';
  if (a.status === 'verified' && !a.verified) lines.push(`✅ **Verified**.${changeset}`);
  else if (a.status === 'verified' && a.verified) {
    const p = a.verified.statement.predicate;
    const revoked = p.credentials.filter((c) => c.revokedAt).length;
    lines.push(
      `✅ **Verified**: signed by \`${escapeMarkdown(a.verified.signer.subject)}\` (issuer ${escapeMarkdown(a.verified.signer.issuer)}${a.verified.signer.runnerEnvironment ? `, ${escapeMarkdown(a.verified.signer.runnerEnvironment)} runner` : ''}).${changeset}`,
      `   - Run ${escapeMarkdown(a.verified.signer.runInvocationUri ?? `${p.run.repository} run ${p.run.runId}`)}; agent exit code ${p.agent.exitCode}; sandbox ${escapeMarkdown(p.sandbox.backend)}; ${p.credentials.length} credential(s), ${revoked} revoked at the end.`,
    );
    if (p.changes.needsApproval.length) lines.push(`   - Changed files that always need approval: ${p.changes.needsApproval.map(escapeMarkdown).join(', ')}`);
  } else {
    const label = { missing: 'Missing', invalid: 'Does not verify', unknown: 'Not checked', verified: 'Verified' }[a.status];
    lines.push(`${mark(false)} **${label}**: ${escapeMarkdown(a.reason ?? 'no details')}.${changeset}`);
    if (a.status === 'missing' && files?.length) {
      // What the digest was computed from: the run's `patch-path` and `changeset-digest` outputs show what it signed.
      lines.push('', `The digest covers these ${files.length} file(s) of this pull request (head blob, or deleted). An attestation exists only for the exact files an Airlock run handed back: compare them with that run's \`patch-path\` output; any other commit on the branch changes the digest.`, '');
      for (const f of files.slice(0, CHANGESET_SHOWN)) lines.push(`- \`${escapeMarkdown(f.path)}\` ${f.blob ? `\`${f.blob.slice(0, 12)}\`` : '(deleted)'}`);
      if (files.length > CHANGESET_SHOWN) lines.push(`- … and ${files.length - CHANGESET_SHOWN} more`);
    }
  }
  return lines;
}

/** `label (n), label (n)`, or `none`: hosts and credential ids from a checked batch, escaped all the same. */
const listed = (items: readonly { label: string; count: number }[]): string => (items.length ? items.map((i) => `${escapeMarkdown(i.label)} (${i.count})`).join(', ') : 'none');

/** The attested run's telemetry, in short: `airlock runs show` has the whole timeline. */
function timelineSection(t: RunSummary): string[] {
  const events = Object.values(t.counts).reduce((n, c) => n + c, 0);
  const dlp = t.dlpHosts.map((h) => ({ label: h.host, count: h.count }));
  return [
    '### Run timeline',
    '',
    `Run ${t.runId} attempt ${t.runAttempt} reported ${events} event(s) in ${t.batches} batch(es)${t.dropped ? ` (${t.dropped} more dropped by the Action)` : ''}: ${kindTotals(t.counts)}.`,
    `- ${mark(t.refusedHosts.length === 0)} Refused hosts: ${listed(t.refusedHosts.map((h) => ({ label: hostLabel(h.host), count: h.count })))}`,
    `- ${mark(t.counts.dlp_block === 0)} DLP blocks: ${t.counts.dlp_block}${dlp.length ? ` (${listed(dlp)})` : ''}`,
    `- ${mark(t.counts.placeholder_misuse === 0)} Placeholder misuse: ${listed(t.misuse.map((m) => ({ label: `${m.credential} to ${m.host}`, count: m.count })))}`,
    '',
    // Owner/name and a numeric run id (from the run's verified OIDC token): nothing to escape in a code span.
    `The whole timeline: \`airlock runs show ${t.repository} ${t.runId} --attempt ${t.runAttempt}\`.`,
  ];
}

/** A pure rendering of the gate's verdict: the conclusion and Markdown that explains it. */
export function renderGateReport(f: GateReportFacts): GateReport {
  const sha = f.headSha;
  const counted = new Set(f.judged.filter((j) => j.counts).map((j) => j.claim.login.toLowerCase()));
  const approvalsOk = counted.size >= Math.max(1, f.requiredApprovals);
  const unique = f.duplicates.length === 0;
  const passed = f.decision.allow && unique;
  // The policy's low-risk lane (policies/pr.rego, off by default) approved it without a human.
  const lane = f.decision.allow && f.decision.documents?.low_risk_lane === true && !approvalsOk;
  const conclusion = passed || f.override ? 'success' : 'failure';
  // The rules shown below, each one line: the title counts those, not the policy's messages.
  const rules = [approvalsOk || lane, unique, f.decision.allow];
  const failing = rules.filter((ok) => !ok).length;
  const title = f.override
    ? `Overridden by ${f.override.login}`
    : passed
      ? lane
        ? `Passed without a human: the low-risk lane approved ${sha.slice(0, 12)}`
        : `Passed: ${counted.size} approval(s) on ${sha.slice(0, 12)}`
      : `Blocked: ${failing} of ${rules.length} rules fail on ${sha.slice(0, 12)}`;

  const lines: string[] = [];
  lines.push(`Pull request #${f.number} is gated because it was ${escapeMarkdown(f.gatedBecause)}. Head commit: \`${sha}\`.`, '');
  if (f.override) {
    lines.push(`> **Break-glass override** by **${escapeMarkdown(f.override.login)}** (repository admin): ${escapeMarkdown(f.override.reason)}`, '> The rules below were not met; the override is recorded in the Airlock audit log.', '');
  }
  lines.push('### Rules', '');
  lines.push(
    lane
      ? `✅ **Human approval on the head commit**: not needed: the low-risk lane of policy \`airlock.pr\` approved this change (below); ${counted.size} given`
      : `${mark(approvalsOk)} **Human approval on the head commit**: ${counted.size} of ${Math.max(1, f.requiredApprovals)} required`,
  );
  for (const j of f.judged) {
    const who = `${escapeMarkdown(j.claim.login)} (${j.claim.via})`;
    lines.push(j.counts ? `   - ✅ ${who} counts` : `   - ❌ ${who} does not count: ${j.reasons.map(escapeMarkdown).join('; ')}`);
  }
  lines.push(`${mark(unique)} **Head commit not shared with another open pull request**${unique ? '' : `: also the head of ${f.duplicates.map((n) => `#${n}`).join(', ')}`}`);
  lines.push(`${mark(f.decision.allow)} **Policy \`airlock.pr\`**${f.decision.allow ? ' allows' : ' denies:'}`);
  for (const message of f.decision.deny) lines.push(`   - ${escapeMarkdown(message)}`);
  lines.push('');

  if (lane) {
    lines.push(
      '### Approved by the low-risk lane',
      '',
      "**No human approved this pull request.** The organisation's policy enables the low-risk lane (`low_risk_lane_enabled` in `airlock.pr`), and this change meets it: a verified attestation of an agent run in a sandbox that refused and redacted nothing, exited 0 and ended every credential, changing only files the lane allows (`low_risk_globs`) and none that always need approval; the secret scan is clean. A new push is judged again; anyone may still review.",
      '',
    );
  }
  // A human's pull request needs no attestation: say nothing unless one was found.
  if (f.attestation && (f.agentPr || f.attestation.status === 'verified')) lines.push(...attestationSection(f.attestation, f.changeset), '');
  if (f.attestation?.verified && f.attestation.timeline) lines.push(...timelineSection(f.attestation.timeline), '');
  lines.push('### Who can approve, and how', '');
  const excluded = ['the author', 'an agent', 'a bot'];
  if (f.solo) excluded[0] = 'the author (unless solo mode applies: a human author may approve)';
  const listed = [...f.approverUsers.map((u) => `@${escapeMarkdown(u)}`), ...f.approverTeams.map((t) => `team @${escapeMarkdown(t)}`)];
  lines.push(
    listed.length
      ? `One of ${listed.join(', ')} (with write, maintain or admin access), and not ${excluded.join(', ')}; they were asked to review.`
      : `Someone with write, maintain or admin access, and not ${excluded.join(', ')}. Name approvers in \`.github/airlock.yml\` (\`approvers: { users: [...], teams: [...] }\`) to have them asked here.`,
    `Agents: ${f.agents.map(escapeMarkdown).join(', ') || 'none configured'}. Approvals count only for commit \`${sha}\`; a new push needs a new approval.`,
    '',
  );
  lines.push(`- Approve the pull request in a review of this commit, or`, `- comment \`/airlock approve ${sha}\`, or`, `- press **Approve** on this check run.`, '');

  if (conclusion === 'failure') {
    lines.push('### How to fix', '');
    if (!approvalsOk) lines.push('- Ask an approver (above) to review the changes on this exact commit and approve it.');
    if (!unique) lines.push(`- Close the other pull request(s) with the same head commit (${f.duplicates.map((n) => `#${n}`).join(', ')}), or push a new commit here: one approved commit must not pass two pull requests.`);
    if (f.decision.deny.length) lines.push('- Policy: each message above says what is missing and how to supply it.');
    lines.push('- In an emergency a repository admin can comment `/airlock override <reason>`; it is audited.', '');
  }
  if (f.verdictKeyId) {
    lines.push('### Signed verdict', '');
    lines.push(
      `This decision is signed by the Airlock App as an in-toto verification summary (key \`${f.verdictKeyId.slice(0, 16)}\`, public key at \`/airlock/v1/keys\`); the Sigstore bundle is in this check run's details.`,
      'To verify before a release: `gh api repos/{owner}/{repo}/check-runs/{id} --jq .output.text > verdict.md`, then `airlock verify <agent-run bundle> verdict.md --app-key app-key.pem --repository {owner}/{repo} --workflow <workflow ref> --commit <sha>`.',
      '',
    );
  }
  lines.push(`<sub>Policy digest \`${f.decision.policy_digest.slice(0, 16)}\`, input digest \`${f.decision.input_digest.slice(0, 16)}\`.</sub>`);
  let summary = lines.join('\n');
  if (summary.length > SUMMARY_LIMIT) summary = `${summary.slice(0, SUMMARY_LIMIT)}\n\n… (truncated)`;
  const run = f.attestation?.verified?.signer.runInvocationUri;
  return { conclusion, title, summary, ...(run?.startsWith('https://') ? { detailsUrl: run } : {}) };
}
