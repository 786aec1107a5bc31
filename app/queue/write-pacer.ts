import type { Database } from '../../src/store/database.js';
import { WriteDeferred } from './write-deferred.js';
import { nextWriteSlot, type PacingLimits } from './write-slot.js';

export interface WritePacer {
  /**
   * Reserves the next write slot of an installation, shared by every replica on the database, and
   * resolves to its time; throws WriteDeferred when that is further than the caller may wait.
   */
  reserve(installationId: number, creating: boolean): Promise<number>;
}

const HOUR = 3_600_000;

/** Per-installation write pacing kept in the database (`installation_pacing`, `installation_creations`). */
export function writePacer(db: Database, options: { clock: () => number; limits: PacingLimits; maxWaitMs: number }): WritePacer {
  const { clock, limits, maxWaitMs } = options;
  return {
    reserve: (installationId, creating) =>
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO installation_pacing (installation_id, last_write_at) VALUES ($1, $2) ON CONFLICT DO NOTHING', [installationId, new Date(0).toISOString()]);
        // The row lock orders reservations of one installation across replicas.
        const { rows } = await tx.query<{ last_write_at: Date }>('SELECT last_write_at FROM installation_pacing WHERE installation_id = $1 FOR UPDATE', [installationId]);
        const now = clock();
        const recent = creating
          ? (await tx.query<{ at: Date }>('SELECT at FROM installation_creations WHERE installation_id = $1 AND at > $2 ORDER BY at', [installationId, new Date(now - HOUR).toISOString()])).rows.map((r) => r.at.getTime())
          : [];
        const slot = nextWriteSlot({ now, lastWriteAt: rows[0]!.last_write_at.getTime(), creations: recent, creating, limits });
        if (slot - now > maxWaitMs) throw new WriteDeferred(installationId, slot);
        await tx.query('UPDATE installation_pacing SET last_write_at = $2 WHERE installation_id = $1', [installationId, new Date(slot).toISOString()]);
        if (creating) await tx.query('INSERT INTO installation_creations (installation_id, at) VALUES ($1, $2)', [installationId, new Date(slot).toISOString()]);
        return slot;
      }),
  };
}
