import type { AgentRunPredicate } from '../attest/agent-run-statement.js';
import type { TelemetryReport } from '../telemetry/run-event-sink.js';
import type { CredentialRecord } from './credential-record.js';
import { escapeHtml } from './shown-text.js';

/** What one run did, as the job summary shows it. */
export interface SummaryFacts {
  identity: string;
  agent: string;
  exitCode?: number;
  timedOut: boolean;
  sandbox?: AgentRunPredicate['sandbox'];
  egress?: AgentRunPredicate['egress'];
  /** The egress proxy's one-line account (request counts, refused destinations), already redacted. */
  egressLine?: string;
  attestation?: { changesetDigest: string; url?: string };
  pullRequest?: { number: number; url: string };
  /** Run telemetry to the App, when it was on: what was delivered and what containment decided. */
  telemetry?: TelemetryReport;
  records: CredentialRecord[];
}

const short = (r: CredentialRecord) => (r.kind === 'vault-lease' ? r.id : r.id.slice(0, 8));

/** A table cell: no pipe, newline or markup from a value can break the row. */
const cell = (text: string) => escapeHtml(text).replace(/\r?\n/g, ' ');

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

function sandboxText(f: SummaryFacts): string {
  if (!f.sandbox) return 'not started';
  if (f.sandbox.backend === 'none') return '**none** (unsandboxed, no credential)';
  // An image reference has only [a-z0-9._/:@-]: safe inside a code span.
  const image = f.sandbox.image ? ` (\`${f.sandbox.image.reference}\`, image ${f.sandbox.image.id.slice(0, 19)}…${f.sandbox.image.pinned ? ', pinned by digest' : ''}${f.sandbox.engine ? `, ${f.sandbox.engine.name} ${f.sandbox.engine.version}` : ''})` : '';
  return `${f.sandbox.backend}${image}, network: ${f.sandbox.network === 'proxy' ? "Airlock's egress proxy only" : (f.sandbox.network ?? 'none')}`;
}

function egressText(f: SummaryFacts): string {
  const e = f.egress;
  if (!e) return '';
  if (e.mode !== 'proxy') return e.mode === 'none' ? 'no network' : 'unrestricted';
  const resolved = Object.entries(e.resolutions ?? {}).map(([id, n]) => `${cell(id)} ×${n}`);
  return [`${e.requests ?? 0} request(s), ${e.blocked ?? 0} refused`, ...(e.enforcement === 'audit' ? [`**audit mode**: ${e.wouldBlock ?? 0} request(s) the allow-list would refuse went through`] : []), ...(resolved.length ? [`real credentials put in by the proxy: ${resolved.join(', ')}`] : []), ...(e.policy ? [`egress policy: ${e.policy.resolved} resolved, ${e.policy.allowed} allowed, ${e.policy.denied} denied`] : [])].join('; ');
}

/**
 * The job summary, in GitHub's Markdown (CommonMark with GitHub's tables): every block separated
 * by a blank line, since a table that follows a heading or text without one is shown as text
 * (https://github.github.com/gfm/#tables-extension-). Values the agent or a server chose are escaped.
 */
export function jobSummary(f: SummaryFacts): string {
  const outcome = f.timedOut ? 'stopped at timeout-minutes' : f.exitCode === undefined ? 'did not run' : `exit ${f.exitCode}`;
  const facts: [string, string][] = [
    ['Agent', `\`${cell(f.identity)}\` (${cell(f.agent)}), ${outcome}`],
    ['Sandbox', sandboxText(f)],
  ];
  const egress = egressText(f);
  if (egress) facts.push(['Egress', egress]);
  if (f.egressLine) facts.push(['Proxy log', cell(f.egressLine)]);
  if (f.attestation) facts.push(['Attestation', `changeset \`sha256:${f.attestation.changesetDigest}\`${f.attestation.url ? `, [on GitHub](${f.attestation.url})` : ', not uploaded'}`]);
  if (f.pullRequest) facts.push(['Pull request', `[#${f.pullRequest.number}](${f.pullRequest.url})`]);
  if (f.telemetry) facts.push(...telemetryRows(f.telemetry));
  const blocks = ['### Airlock', table(['', ''], facts)];
  if (f.records.length) blocks.push('#### Credentials', credentialsTable(f.records));
  return blocks.join('\n\n') + '\n';
}

/** Run telemetry's rows: delivery counts, and containment when the App decided any. */
function telemetryRows(t: TelemetryReport): [string, string][] {
  const rows: [string, string][] = [['Telemetry', `${t.sent} event(s) sent to the App in ${t.batches} batch(es)${t.dropped ? `, **${t.dropped} not delivered**` : ''}${t.failedBatches ? `, ${t.failedBatches} batch(es) failed` : ''}`]];
  const why = t.reasons.length ? `: ${cell(t.reasons.join('; '))}` : '';
  if (t.revoked) rows.push(['Containment', `**credentials revoked by the App**; the proxy and the gateway stopped resolving placeholders (revoked-by-containment)${why}`]);
  if (t.suspended) rows.push(['Identity', `**suspended by the App** until a human resumes it${t.revoked ? '' : why}`]);
  if (!t.revoked && !t.suspended && t.actions.length) rows.push(['Containment', `${cell(t.actions.join(', '))}${why}`]);
  return rows;
}

/** Every credential the run minted, and when it died: main's summary and post's. */
export function credentialsTable(records: readonly CredentialRecord[]): string {
  return table(
    ['Credential', 'Scope', 'Expires', 'Minted at', 'Revoked at'],
    records.map((r) => [`${r.kind} \`${cell(short(r))}\``, cell(r.scope), r.expiresAt, r.mintedAt, r.revokedAt ?? (r.revocable === false ? `cannot be revoked (${r.kind === 'aws-sts' ? 'STS' : 'access token'}); not resolved after ${r.resolvingStoppedAt ?? 'the step'}` : '**not revoked**')]),
  );
}
