import type { Database } from '../../src/store/database.js';

/** One agent push to a protected branch, as its incident issue lists it. */
export interface AgentPush {
  deliveryId: string;
  repositoryId: number;
  agent: string;
  /** The push's section of the incident issue (markdown). */
  entry: string;
}

/** A part of an agent's incident issue in one repository that GitHub does not show up to date. */
export interface IncidentPart {
  part: number;
  issueNumber: number | null;
  /** Every push of the part, oldest first. */
  entries: string[];
}

export interface IncidentLog {
  /** Records a push once per delivery, however often its handler runs. */
  record(push: AgentPush): Promise<void>;
  /** Files unlisted pushes into parts of at most `partSize` and returns the parts GitHub lags behind. */
  pending(repositoryId: number, agent: string): Promise<IncidentPart[]>;
  /** The part's issue now shows its first `count` pushes. */
  synced(repositoryId: number, agent: string, part: number, issueNumber: number, count: number): Promise<void>;
}

/**
 * Agent pushes and the incident issues that list them (`agent_pushes`, `incident_issues`): one
 * issue per agent identity and repository, updated in place, so a burst of pushes costs one
 * content creation instead of one per push; a part holds `partSize` pushes (GitHub's issue body
 * is bounded) and the next part is a new issue. Every push is listed in exactly one part.
 */
export function incidentLog(db: Database, options: { clock: () => number; partSize: number }): IncidentLog {
  const key = (agent: string) => agent.toLowerCase();
  return {
    async record(push) {
      await db.query('INSERT INTO agent_pushes (delivery_id, repository_id, agent, entry, recorded_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (delivery_id) DO NOTHING', [
        push.deliveryId,
        push.repositoryId,
        key(push.agent),
        push.entry,
        new Date(options.clock()).toISOString(),
      ]);
    },

    pending: (repositoryId, agent) =>
      db.transaction(async (tx) => {
        const who = key(agent);
        await tx.query('INSERT INTO incident_issues (repository_id, agent, part) VALUES ($1, $2, 1) ON CONFLICT DO NOTHING', [repositoryId, who]);
        const parts = (await tx.query<{ part: number }>('SELECT part FROM incident_issues WHERE repository_id = $1 AND agent = $2 ORDER BY part FOR UPDATE', [repositoryId, who])).rows;
        let current = parts[parts.length - 1]!.part;
        const counted = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM agent_pushes WHERE repository_id = $1 AND agent = $2 AND part = $3', [repositoryId, who, current]);
        let room = options.partSize - counted.rows[0]!.n;
        const unlisted = await tx.query<{ delivery_id: string }>('SELECT delivery_id FROM agent_pushes WHERE repository_id = $1 AND agent = $2 AND part IS NULL ORDER BY recorded_at, delivery_id', [repositoryId, who]);
        for (const { delivery_id } of unlisted.rows) {
          if (room <= 0) {
            current++;
            room = options.partSize;
            await tx.query('INSERT INTO incident_issues (repository_id, agent, part) VALUES ($1, $2, $3)', [repositoryId, who, current]);
          }
          await tx.query('UPDATE agent_pushes SET part = $2 WHERE delivery_id = $1', [delivery_id, current]);
          room--;
        }
        const lagging = await tx.query<{ part: number; issue_number: number | null }>(
          `SELECT i.part, i.issue_number FROM incident_issues i
           WHERE i.repository_id = $1 AND i.agent = $2
             AND (SELECT count(*) FROM agent_pushes p WHERE p.repository_id = i.repository_id AND p.agent = i.agent AND p.part = i.part) NOT IN (0, i.synced)
           ORDER BY i.part`,
          [repositoryId, who],
        );
        const result: IncidentPart[] = [];
        for (const row of lagging.rows) {
          const entries = await tx.query<{ entry: string }>('SELECT entry FROM agent_pushes WHERE repository_id = $1 AND agent = $2 AND part = $3 ORDER BY recorded_at, delivery_id', [repositoryId, who, row.part]);
          result.push({ part: row.part, issueNumber: row.issue_number, entries: entries.rows.map((e) => e.entry) });
        }
        return result;
      }),

    async synced(repositoryId, agent, part, issueNumber, count) {
      await db.query('UPDATE incident_issues SET issue_number = $4, synced = GREATEST(synced, $5) WHERE repository_id = $1 AND agent = $2 AND part = $3', [repositoryId, key(agent), part, issueNumber, count]);
    },
  };
}
