import type { Database } from '../../src/store/database.js';

/**
 * Takes (or renews) the lease named `name` for `owner` until `now + ttlMs`, if it is free, expired
 * or already `owner`'s: work guarded by it runs on one replica at a time (`queue_leases`).
 */
export async function takeLease(db: Database, options: { name: string; owner: string; now: number; ttlMs: number }): Promise<boolean> {
  const { rows } = await db.query(
    `INSERT INTO queue_leases (name, owner, expires_at) VALUES ($1, $2, $3)
     ON CONFLICT (name) DO UPDATE SET owner = EXCLUDED.owner, expires_at = EXCLUDED.expires_at
     WHERE queue_leases.expires_at <= $4 OR queue_leases.owner = EXCLUDED.owner
     RETURNING 1`,
    [options.name, options.owner, new Date(options.now + options.ttlMs).toISOString(), new Date(options.now).toISOString()],
  );
  return rows.length === 1;
}

/** Gives the lease back once the work is done, so the next run (on any replica) need not wait for it to expire. */
export async function releaseLease(db: Database, options: { name: string; owner: string }): Promise<void> {
  await db.query('DELETE FROM queue_leases WHERE name = $1 AND owner = $2', [options.name, options.owner]);
}
