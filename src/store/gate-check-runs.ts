import type { JoinedWrite } from '../audit/delivery-done.js';
import type { Queryable } from './database.js';

/** One `Airlock` check run of the PR gate: the repository (by id), the head commit and the run's name. */
export interface GateCheckKey {
  repositoryId: number;
  headSha: string;
  name: string;
}

/** What the App recorded about a gate check run: the delivery that claimed it (its `external_id`) and, once GitHub answered 201, its id. */
export interface GateCheckRecord {
  deliveryId: string;
  checkRunId: number | null;
}

/**
 * The gate check run recorded for a head commit, if any. A record with no id is a claim whose
 * create may or may not have reached GitHub (a crash between the claim and GitHub's answer): the
 * caller must look the run up on GitHub before creating one.
 */
export async function findGateCheckRecord(db: Queryable, key: GateCheckKey): Promise<GateCheckRecord | undefined> {
  const { rows } = await db.query<{ delivery_id: string; check_run_id: number | null }>(
    'SELECT delivery_id, check_run_id FROM gate_check_runs WHERE repository_id = $1 AND head_sha = $2 AND name = $3',
    [key.repositoryId, key.headSha, key.name],
  );
  const row = rows[0];
  return row ? { deliveryId: row.delivery_id, checkRunId: row.check_run_id === null ? null : Number(row.check_run_id) } : undefined;
}

/**
 * For a head commit just pushed (a `synchronize`), what the gate reads of it from the database in
 * one statement instead of two: its recorded run (findGateCheckRecord) and whether a review event
 * of its pull request reached the gate (reviewSeen in gate-review-marks.ts). The gate needs the
 * second exactly when the first finds nothing (app/gate/gate-reviews.ts).
 *
 * With `claim` (a gate that will write the head's run whatever it decides), the same statement
 * also claims the run (claimGateCheck): `claimed` is true when it did. The record read is the one
 * from before the claim: none and `claimed` means the run is this delivery's to create; not
 * `claimed` means a record was there (or came meanwhile) and the run may exist on GitHub.
 */
export async function findFreshHeadRecords(
  db: Queryable,
  key: GateCheckKey,
  pullNumber: number,
  claim?: { deliveryId: string; at: number },
): Promise<{ record: GateCheckRecord | undefined; reviewSeen: boolean; claimed: boolean }> {
  const read = `SELECT r.delivery_id, r.check_run_id, EXISTS (SELECT 1 FROM gate_review_marks WHERE repository_id = $1 AND pull_number = $4) AS review_seen`;
  const from = 'FROM (VALUES (1)) AS one (x) LEFT JOIN gate_check_runs r ON r.repository_id = $1 AND r.head_sha = $2 AND r.name = $3';
  const { rows } = await db.query<{ delivery_id: string | null; check_run_id: number | null; review_seen: boolean; claimed: boolean }>(
    claim
      ? // The SELECT sees the table as it was before the WITH item's insert (one snapshot), https://www.postgresql.org/docs/current/queries-with.html#QUERIES-WITH-MODIFYING
        `WITH claim AS (INSERT INTO gate_check_runs (repository_id, head_sha, name, delivery_id, claimed_at) VALUES ($1, $2, $3, $5, $6) ON CONFLICT DO NOTHING RETURNING 1)
         ${read}, EXISTS (SELECT 1 FROM claim) AS claimed ${from}`
      : `${read}, false AS claimed ${from}`,
    [key.repositoryId, key.headSha, key.name, pullNumber, ...(claim ? [claim.deliveryId, new Date(claim.at).toISOString()] : [])],
  );
  // Always one row (the LEFT JOIN keeps the VALUES row). Were there none, the cautious answer:
  // a claim not ours (the gate then asks GitHub for the run) and a review seen (it reads the reviews).
  const row = rows[0] ?? { delivery_id: '', check_run_id: null, review_seen: true, claimed: false };
  return {
    record: row.delivery_id === null ? undefined : { deliveryId: row.delivery_id, checkRunId: row.check_run_id === null ? null : Number(row.check_run_id) },
    reviewSeen: row.review_seen === true,
    claimed: row.claimed === true,
  };
}

/**
 * Claims the right to create the head commit's check run, before asking GitHub to: written first,
 * so a crash after GitHub's 201 leaves a claim that sends the next attempt to look the run up
 * instead of creating a second one. True when this call claimed it; false when a record was
 * already there (created, or claimed by an attempt that may have created it).
 */
export async function claimGateCheck(db: Queryable, key: GateCheckKey, deliveryId: string, at: number): Promise<boolean> {
  const { rows } = await db.query<{ claimed: boolean }>(
    'INSERT INTO gate_check_runs (repository_id, head_sha, name, delivery_id, claimed_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING true AS claimed',
    [key.repositoryId, key.headSha, key.name, deliveryId, new Date(at).toISOString()],
  );
  return rows.length === 1;
}

/** Records the id GitHub gave the head commit's check run (created now, or found after a claim). */
export async function recordGateCheckId(db: Queryable, key: GateCheckKey, checkRunId: number): Promise<void> {
  await db.query('UPDATE gate_check_runs SET check_run_id = $4 WHERE repository_id = $1 AND head_sha = $2 AND name = $3', [key.repositoryId, key.headSha, key.name, checkRunId]);
}

/**
 * recordGateCheckId written with the delivery's done mark and decision record (appendAuditOnce in
 * src/audit/delivery-done.ts): as a WITH item that reads `head`, so the id goes in exactly when the
 * record does, or on the slow way's transaction.
 */
export function gateCheckIdChange(key: GateCheckKey, checkRunId: number): JoinedWrite {
  return {
    ctes: (n) => ({
      sql: `recorded AS (UPDATE gate_check_runs SET check_run_id = $${n + 3}::bigint WHERE repository_id = $${n}::bigint AND head_sha = $${n + 1}::text AND name = $${n + 2}::text AND EXISTS (SELECT 1 FROM head))`,
      params: [key.repositoryId, key.headSha, key.name, checkRunId],
    }),
    run: (tx) => recordGateCheckId(tx, key, checkRunId),
  };
}
