/** Who an incident issue is about: an agent identity in one repository, and which part. */
export interface IncidentSubject {
  repositoryId: number;
  agent: string;
  part: number;
}

/** How an incident issue is found again (after a crash between creating it and recording it). */
export function incidentMarker(subject: IncidentSubject): string {
  return `<!-- airlock-incident repository=${subject.repositoryId} agent=${subject.agent.toLowerCase()} part=${subject.part} -->`;
}

export function incidentTitle(subject: IncidentSubject): string {
  return `Airlock incident: ${subject.agent} pushed to protected branches or published${subject.part > 1 ? ` (part ${subject.part})` : ''}`;
}

// GitHub refuses issue bodies over 65,536 characters; an entry is bounded so a part always fits.
export const ENTRY_LIMIT = 2_400;
export const PUSHES_PER_ISSUE = 25;

/** One push's section: cut to ENTRY_LIMIT with a note, never dropped. */
export function boundedEntry(entry: string): string {
  return entry.length <= ENTRY_LIMIT ? entry : `${entry.slice(0, ENTRY_LIMIT - 40)}\n\n… (cut; the audit log has the rest)`;
}

/** The issue body: every push of the part, oldest first, and the marker. */
export function renderIncident(subject: IncidentSubject, entries: readonly string[]): string {
  const head = `**${subject.agent}** pushed directly to protected branches or published (a tag, a release) ${entries.length === 1 ? 'once' : `${entries.length} times`}${subject.part > 1 ? ` (continued from part ${subject.part - 1})` : ''}. Each push is listed below once; Airlock updates this issue in place rather than opening one per push.`;
  return [incidentMarker(subject), head, ...entries.map((entry, i) => `---\n\n#### Push ${i + 1}\n\n${entry}`)].join('\n\n');
}
