import type { Logger } from 'pino';
import type { IncidentLog } from './incident-log.js';
import { incidentMarker, incidentTitle, renderIncident, type IncidentSubject } from './render-incident.js';

/** What a sync needs of an installation's Octokit. */
export interface IssueWriter {
  request(route: string, parameters?: Record<string, unknown>): Promise<{ data: unknown }>;
}

/** How an incident issue reads: the push incidents' by default; containment has its own (app/containment/). */
export interface IncidentRenderer {
  title(subject: IncidentSubject): string;
  body(subject: IncidentSubject, entries: readonly string[]): string;
}

/** An agent's incident issues in one repository. */
export interface IncidentTarget {
  installationId: number;
  repositoryId: number;
  owner: string;
  repo: string;
  agent: string;
}

/**
 * The issue carrying the subject's marker that an earlier run created but did not record. Only an
 * issue this App's bot opened counts: anyone, the agent included, can open one with the marker,
 * and Airlock must not report into an issue its author can edit or delete.
 */
async function findIssue(octokit: IssueWriter, target: IncidentTarget, subject: IncidentSubject, bot: string): Promise<number | undefined> {
  const marker = incidentMarker(subject);
  for (let page = 1; page <= 10; page++) {
    const { data } = await octokit.request('GET /repos/{owner}/{repo}/issues', { owner: target.owner, repo: target.repo, state: 'all', creator: bot, labels: 'airlock,incident', per_page: 100, page });
    const issues = data as { number: number; body?: string | null; user?: { login?: string } | null; pull_request?: unknown }[];
    const found = issues.find((issue) => issue.user?.login === bot && !issue.pull_request && issue.body?.startsWith(marker));
    if (found) return found.number;
    if (issues.length < 100) return undefined;
  }
  return undefined;
}

/**
 * Brings an agent's incident issues up to date with its recorded pushes: creates a part's issue
 * the first time (found again by its marker if a run died after creating it), else edits its body
 * in place; a body is a function of the recorded pushes, so running this again changes nothing.
 * https://docs.github.com/en/rest/issues/issues#update-an-issue
 */
export async function syncIncident(target: IncidentTarget, deps: { octokit: IssueWriter; incidents: IncidentLog; bot: string; log: Logger; render?: IncidentRenderer }): Promise<void> {
  const render = deps.render ?? { title: incidentTitle, body: renderIncident };
  for (const part of await deps.incidents.pending(target.repositoryId, target.agent)) {
    const subject = { repositoryId: target.repositoryId, agent: target.agent, part: part.part };
    const body = render.body(subject, part.entries);
    const repo = { owner: target.owner, repo: target.repo };
    let number = part.issueNumber ?? (await findIssue(deps.octokit, target, subject, deps.bot));
    if (number === undefined) {
      const { data } = await deps.octokit.request('POST /repos/{owner}/{repo}/issues', { ...repo, title: render.title(subject), body, labels: ['airlock', 'incident'] });
      number = (data as { number: number }).number;
    } else {
      await deps.octokit.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', { ...repo, issue_number: number, body });
    }
    await deps.incidents.synced(target.repositoryId, target.agent, part.part, number, part.entries.length);
    deps.log.info({ repository: `${target.owner}/${target.repo}`, agent: target.agent, issue: number, pushes: part.entries.length }, 'incident issue updated');
  }
}
