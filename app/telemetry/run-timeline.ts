import { RUN_EVENT_KINDS, type RunEvent } from '../../src/telemetry/run-event.js';
import type { RunSummary, StoredRunEvent } from './run-event-store.js';

/** A host as shown: a refused request whose target did not parse has none. */
export const hostLabel = (host: string): string => host || '(target did not parse)';

const bytes = (n: number): string => (n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1024 / 1024).toFixed(1)} MiB`);

/**
 * One line per event. Every string in it passed parse-run-event-batch.ts (identifiers, canonical
 * hosts, printable ASCII), so nothing here can carry a terminal escape or markup.
 */
export function eventLine(e: RunEvent): string {
  switch (e.kind) {
    case 'egress':
      return `${e.decision === 'deny' ? 'REFUSED' : 'allowed'} ${e.method} ${hostLabel(e.host)} (${e.pathClass}), ${bytes(e.bytesOut)} out, ${bytes(e.bytesIn)} in${e.reason ? `: ${e.reason}` : ''}`;
    case 'placeholder_misuse':
      return `placeholder of ${e.credential} sent to ${e.host}, where it is not bound`;
    case 'dlp_block':
      return `body to ${e.host} blocked by DLP (${e.rules.join(', ') || 'no rule named'})`;
    case 'gateway_call':
      return `${e.provider} ${e.model}: ${e.inputTokens} tokens in, ${e.outputTokens} out (${e.decision})`;
    case 'resolution':
      return `${e.credential} resolved for ${e.host}`;
    case 'approval':
      return `approval ${e.approvalId}: ${e.status}`;
    case 'sandbox_exit':
      return `sandbox ${e.backend} exited ${e.signal ? `on ${e.signal}` : `with code ${e.exitCode ?? 'unknown'}`}`;
    case 'patch_scan':
      return `patch scan: ${e.findings} finding(s)${e.rules.length ? ` (${e.rules.join(', ')})` : ''}`;
  }
}

/** `kind n, kind n` for the kinds present, in contract order; `none` when there are none. */
export function kindTotals(counts: RunSummary['counts']): string {
  return RUN_EVENT_KINDS.filter((k) => counts[k] > 0).map((k) => `${k} ${counts[k]}`).join(', ') || 'none';
}

/** The timeline of one run as `airlock runs show` prints it: a header, one line per event, totals. */
export function renderTimelineText(summary: RunSummary, events: readonly StoredRunEvent[]): string {
  const total = RUN_EVENT_KINDS.reduce((n, k) => n + summary.counts[k], 0);
  const width = Math.max(4, ...events.map((e) => e.kind.length));
  const lines = [
    `Run ${summary.runId} attempt ${summary.runAttempt} of ${summary.repository} (identity ${summary.identities.join(', ')}, commit ${summary.sha.slice(0, 12)}, workflow ${summary.workflowRef})`,
    `${summary.batches} batch(es), ${total} event(s)${summary.dropped ? `, ${summary.dropped} dropped by the Action before sending` : ''}`,
    '',
    ...events.map((e) => `${e.at}  ${e.kind.padEnd(width)}  ${eventLine(e)}`),
    ...(events.length ? [''] : []),
    `Totals: ${kindTotals(summary.counts)}`,
    `Refused hosts: ${summary.refusedHosts.map((h) => `${hostLabel(h.host)} (${h.count})`).join(', ') || 'none'}`,
  ];
  if (summary.misuse.length) lines.push(`Placeholder misuse: ${summary.misuse.map((m) => `${m.credential} to ${m.host} (${m.count})`).join(', ')}`);
  if (summary.dlpHosts.length) lines.push(`DLP blocks: ${summary.dlpHosts.map((h) => `${h.host} (${h.count})`).join(', ')}`);
  return `${lines.join('\n')}\n`;
}
