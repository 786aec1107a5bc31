import { randomUUID } from 'node:crypto';
import type { AuditInput } from '../../src/audit/audit-record.js';
import { auditedTransition } from '../../src/store/audited-transition.js';
import type { Database } from '../../src/store/database.js';

/** An identity (a trust policy name) suspended in one repository: the broker gives it nothing. */
export interface Suspension {
  repositoryId: number;
  /** owner/name when it was suspended. */
  repository: string;
  identity: string;
  suspendedAt: number;
  reason: string;
  /** `airlock` (containment) or `github:<login>` / `cli:<user>` (a person). */
  suspendedBy: string;
}

export interface SuspendRequest {
  repositoryId: number;
  repository: string;
  identity: string;
  reason: string;
  by: string;
  at: number;
  /** Appended in the same transaction, only when this call suspended it. */
  audit: AuditInput;
}

export interface ResumeRequest {
  repositoryId: number;
  identity: string;
  by: string;
  at: number;
  /** Appended in the same transaction, only when this call resumed it. */
  audit: AuditInput;
}

export interface IdentitySuspensions {
  /** The open suspension of (repository, identity), if any. */
  find(repositoryId: number, identity: string): Promise<Suspension | undefined>;
  /** Suspends once: true when this call did; false when it was suspended already (nothing written). */
  suspend(request: SuspendRequest): Promise<boolean>;
  /** Resumes once: true when this call did; false when it was not suspended (nothing written). */
  resume(request: ResumeRequest): Promise<boolean>;
  /** The repository id of `owner/name` as the broker last saw it (for the CLI, which has only the name). */
  repositoryIdOf(repository: string): Promise<number | undefined>;
}

interface Row {
  repository_id: string | number;
  repository: string;
  identity: string;
  suspended_at: Date | string;
  reason: string;
  suspended_by: string;
}

const fromRow = (row: Row): Suspension => ({
  repositoryId: Number(row.repository_id),
  repository: row.repository,
  identity: row.identity,
  suspendedAt: new Date(row.suspended_at).getTime(),
  reason: row.reason,
  suspendedBy: row.suspended_by,
});

/**
 * `identity_suspensions` (migration 6): a suspension and its audit record are written together
 * or not at all (src/store/audited-transition.ts), and the unique index on open rows makes a
 * second suspension of the same identity a no-op, however many batches or replicas race for it.
 */
export function identitySuspensions(db: Database, options: { clock: () => number }): IdentitySuspensions {
  return {
    async find(repositoryId, identity) {
      const { rows } = await db.query<Row>('SELECT repository_id, repository, identity, suspended_at, reason, suspended_by FROM identity_suspensions WHERE repository_id = $1 AND identity = $2 AND resumed_at IS NULL', [repositoryId, identity]);
      return rows[0] ? fromRow(rows[0]) : undefined;
    },

    suspend: (request) =>
      auditedTransition(
        db,
        async (tx) => {
          const { rows } = await tx.query<{ id: string }>(
            'INSERT INTO identity_suspensions (id, repository_id, repository, identity, suspended_at, reason, suspended_by) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (repository_id, identity) WHERE resumed_at IS NULL DO NOTHING RETURNING id',
            [randomUUID(), request.repositoryId, request.repository, request.identity, new Date(request.at).toISOString(), request.reason.slice(0, 2000), request.by],
          );
          return rows.length === 1;
        },
        request.audit,
        options.clock,
      ),

    resume: (request) =>
      auditedTransition(
        db,
        async (tx) => {
          const { rows } = await tx.query<{ id: string }>('UPDATE identity_suspensions SET resumed_at = $3, resumed_by = $4 WHERE repository_id = $1 AND identity = $2 AND resumed_at IS NULL RETURNING id', [
            request.repositoryId,
            request.identity,
            new Date(request.at).toISOString(),
            request.by,
          ]);
          return rows.length > 0;
        },
        request.audit,
        options.clock,
      ),

    async repositoryIdOf(repository) {
      const { rows } = await db.query<{ repository_id: string | number }>(
        `SELECT repository_id FROM (
           SELECT repository_id, created_at AS at FROM mint_intents WHERE lower(repository) = lower($1)
           UNION ALL SELECT repository_id, suspended_at AS at FROM identity_suspensions WHERE lower(repository) = lower($1)
         ) seen ORDER BY at DESC LIMIT 1`,
        [repository],
      );
      return rows[0] ? Number(rows[0].repository_id) : undefined;
    },
  };
}
