import type { Queryable } from './database.js';

/**
 * Records that a `pull_request_review` event of a pull request reached the gate, before the gate
 * evaluates it: a later `synchronize` of that pull request must then read its reviews (see
 * app/gate/gate-reviews.ts). Idempotent: a redelivered event changes nothing.
 */
export async function markReviewSeen(db: Queryable, mark: { repositoryId: number; pullNumber: number; at: number }): Promise<void> {
  await db.query('INSERT INTO gate_review_marks (repository_id, pull_number, seen_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [mark.repositoryId, mark.pullNumber, new Date(mark.at).toISOString()]);
}

/** True when a review event of the pull request reached the gate. */
export async function reviewSeen(db: Queryable, mark: { repositoryId: number; pullNumber: number }): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM gate_review_marks WHERE repository_id = $1 AND pull_number = $2', [mark.repositoryId, mark.pullNumber]);
  return rows.length > 0;
}
