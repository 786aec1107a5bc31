import { createHash, randomUUID } from 'node:crypto';
import type { Queryable } from './database.js';

/** Where an approval stands; only `pending` ever changes, and only once. */
export type ApprovalStatus = 'pending' | 'approved' | 'denied' | 'expired' | 'cancelled';

/** One secret the Action wants resolved: where it lives and the variable the agent knows it by. */
export interface RequestedSecret {
  path: string;
  key: string;
  env: string;
  /** `required`: the workflow marked it as needing approval; `policy`: `airlock.secrets` decides. */
  approval: 'required' | 'policy';
}

/** The request the egress proxy holds until the secrets are resolved. */
export interface Destination {
  method: string;
  host: string;
  path: string;
}

/** Facts of the run, all from its verified OIDC token (never from the request body). */
export interface ApprovalRun {
  sha: string;
  actor: string;
  repository: string;
  repositoryId: string;
  runId: string;
  workflowRef: string;
  eventName: string;
  ref: string;
}

/** Someone who tried to decide and was refused, shown on the check run. */
export interface RefusedAttempt {
  login: string;
  via: 'button' | 'comment';
  reason: string;
  at: string;
}

export interface SecretApproval {
  id: string;
  status: ApprovalStatus;
  installationId: number;
  repositoryId: number;
  /** owner/name at the time of the request. */
  repository: string;
  identity: string;
  run: ApprovalRun;
  secrets: RequestedSecret[];
  destination: Destination;
  checkRunId?: number;
  refused: RefusedAttempt[];
  createdAt: number;
  expiresAt: number;
  decidedAt?: number;
  decidedBy?: string;
  message: string;
}

export type NewSecretApproval = Omit<SecretApproval, 'id' | 'refused' | 'checkRunId' | 'decidedAt' | 'decidedBy' | 'createdAt'>;

export interface SecretApprovalStore {
  /** Records a request; resolves to it with its id. The poll token is kept only as its sha256. */
  create(approval: NewSecretApproval, pollToken: string): Promise<SecretApproval>;
  findById(id: string): Promise<SecretApproval | undefined>;
  /** The approval, only if `pollToken` is the one issued for it. */
  findByPollToken(id: string, pollToken: string): Promise<SecretApproval | undefined>;
  setCheckRun(id: string, checkRunId: number): Promise<void>;
  /**
   * Moves a pending approval to its final status; undefined if it was no longer pending (another
   * replica, a click and a comment at once): a decision is taken once.
   */
  decide(id: string, decision: { status: Exclude<ApprovalStatus, 'pending'>; by?: string; message: string }): Promise<SecretApproval | undefined>;
  /** Expires every pending approval whose `expires_at` has passed; resolves to those it expired. */
  expireDue(message: string): Promise<SecretApproval[]>;
  /** Remembers a refused attempt on a pending approval (the last MAX_REFUSED are kept). */
  addRefused(id: string, attempt: RefusedAttempt): Promise<SecretApproval | undefined>;
}

const MAX_REFUSED = 20;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface ApprovalRow {
  id: string;
  status: ApprovalStatus;
  installation_id: number;
  repository_id: number;
  repository: string;
  identity: string;
  run: ApprovalRun;
  secrets: RequestedSecret[];
  destination: Destination;
  check_run_id: number | null;
  refused: RefusedAttempt[];
  created_at: Date;
  expires_at: Date;
  decided_at: Date | null;
  decided_by: string | null;
  message: string;
}

const COLUMNS = 'id, status, installation_id, repository_id, repository, identity, run, secrets, destination, check_run_id, refused, created_at, expires_at, decided_at, decided_by, message';
const iso = (ms: number): string => new Date(ms).toISOString();
export const pollTokenHash = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

function toApproval(row: ApprovalRow): SecretApproval {
  return {
    id: row.id,
    status: row.status,
    installationId: row.installation_id,
    repositoryId: row.repository_id,
    repository: row.repository,
    identity: row.identity,
    run: row.run,
    secrets: row.secrets,
    destination: row.destination,
    ...(row.check_run_id === null ? {} : { checkRunId: row.check_run_id }),
    refused: row.refused,
    createdAt: row.created_at.getTime(),
    expiresAt: row.expires_at.getTime(),
    ...(row.decided_at === null ? {} : { decidedAt: row.decided_at.getTime() }),
    ...(row.decided_by === null ? {} : { decidedBy: row.decided_by }),
    message: row.message,
  };
}

/** Approvals of secret resolution on PostgreSQL or PGlite, shared by every App replica. */
export function secretApprovalStore(db: Queryable, options: { clock: () => number }): SecretApprovalStore {
  const { clock } = options;
  const one = async (sql: string, params: (string | number | null)[]): Promise<SecretApproval | undefined> => {
    const { rows } = await db.query<ApprovalRow>(sql, params);
    return rows[0] ? toApproval(rows[0]) : undefined;
  };
  return {
    async create(approval, pollToken) {
      const created = await one(
        `INSERT INTO secret_approvals (id, poll_token_hash, status, installation_id, repository_id, repository, identity, run, secrets, destination, created_at, expires_at, decided_at, decided_by, message)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb, $10::jsonb, $11, $12, $13, $14, $15) RETURNING ${COLUMNS}`,
        [
          randomUUID(),
          pollTokenHash(pollToken),
          approval.status,
          approval.installationId,
          approval.repositoryId,
          approval.repository,
          approval.identity,
          JSON.stringify(approval.run),
          JSON.stringify(approval.secrets),
          JSON.stringify(approval.destination),
          iso(clock()),
          iso(approval.expiresAt),
          approval.status === 'pending' ? null : iso(clock()),
          null,
          approval.message,
        ],
      );
      return created!;
    },
    findById: (id) => (UUID.test(id) ? one(`SELECT ${COLUMNS} FROM secret_approvals WHERE id = $1`, [id]) : Promise.resolve(undefined)),
    findByPollToken: (id, pollToken) =>
      UUID.test(id) ? one(`SELECT ${COLUMNS} FROM secret_approvals WHERE id = $1 AND poll_token_hash = $2`, [id, pollTokenHash(pollToken)]) : Promise.resolve(undefined),
    async setCheckRun(id, checkRunId) {
      await db.query('UPDATE secret_approvals SET check_run_id = $2 WHERE id = $1', [id, checkRunId]);
    },
    decide: (id, decision) =>
      one(`UPDATE secret_approvals SET status = $2, decided_at = $3, decided_by = $4, message = $5 WHERE id = $1 AND status = 'pending' RETURNING ${COLUMNS}`, [
        id,
        decision.status,
        iso(clock()),
        decision.by ?? null,
        decision.message,
      ]),
    async expireDue(message) {
      const now = iso(clock());
      const { rows } = await db.query<ApprovalRow>(
        `UPDATE secret_approvals SET status = 'expired', decided_at = $1, message = $2 WHERE status = 'pending' AND expires_at <= $1 RETURNING ${COLUMNS}`,
        [now, message],
      );
      return rows.map(toApproval);
    },
    addRefused: (id, attempt) =>
      // `- 0` drops the oldest entry once the list is full: the check run shows the latest ones.
      one(
        `UPDATE secret_approvals SET refused = (CASE WHEN jsonb_array_length(refused) >= ${MAX_REFUSED} THEN refused - 0 ELSE refused END) || $2::jsonb WHERE id = $1 AND status = 'pending' RETURNING ${COLUMNS}`,
        [id, JSON.stringify([attempt])],
      ),
  };
}
