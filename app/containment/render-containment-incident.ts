import { escapeMarkdown } from '../gate/gate-report.js';
import { boundedEntry, incidentMarker, type IncidentSubject } from '../push/render-incident.js';
import type { ContainmentAction } from './decide-containment.js';
import type { ContainmentRun } from './containment-input.js';

/**
 * Containment incidents share the push incidents' tables and sync (app/push/incident-log.ts,
 * sync-incident.ts): one issue per identity and repository, updated in place. Their key in those
 * tables is `identity:<name>`, which no GitHub login can be (logins have no ':').
 */
export const incidentAgentKey = (identity: string): string => `identity:${identity}`;

const identityOf = (subject: IncidentSubject): string => subject.agent.replace(/^identity:/, '');

export function containmentIncidentTitle(subject: IncidentSubject): string {
  return `Airlock containment: identity ${identityOf(subject)} contained${subject.part > 1 ? ` (part ${subject.part})` : ''}`;
}

/** The issue body: every containment of the part, oldest first, and the marker. */
export function renderContainmentIncident(subject: IncidentSubject, entries: readonly string[]): string {
  const identity = identityOf(subject);
  const head = [
    `Airlock's containment acted on identity **${escapeMarkdown(identity)}** ${entries.length === 1 ? 'once' : `${entries.length} times`}${subject.part > 1 ? ` (continued from part ${subject.part - 1})` : ''}. Each time is listed below; Airlock updates this issue in place.`,
    `While the identity is suspended the broker refuses it (\`identity_suspended\`). A person with write access resumes it with a comment \`/airlock resume ${identity}\` on any issue of this repository, or \`airlock identity resume <owner/repo> ${identity}\`.`,
  ].join('\n\n');
  return [incidentMarker(subject), head, ...entries.map((entry, i) => `---\n\n#### Containment ${i + 1}\n\n${entry}`)].join('\n\n');
}

/** One containment's section: the run, when, what was done and why (metadata only, never a credential). */
export function containmentEntry(run: ContainmentRun, at: number, seq: number, actions: Partial<Record<ContainmentAction, string[]>>): string {
  const reasons = [...new Set(Object.values(actions).flat())];
  return boundedEntry(
    [
      `- Run: ${escapeMarkdown(run.runId)} (batch ${seq}), actor ${escapeMarkdown(run.actor)}, at ${new Date(at).toISOString()}`,
      `- Actions: ${Object.keys(actions).join(', ')}`,
      '- Why:',
      ...reasons.map((r) => `  - ${escapeMarkdown(r)}`),
    ].join('\n'),
  );
}
