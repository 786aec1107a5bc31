import type { LedgerEntry, TokenLedger } from '../../app/sts/token-ledger.js';
import type { PurgeReport } from './pg-token-ledger.js';

export interface SweepOptions {
  ledger: TokenLedger & { purgeExpired?: (now: number) => Promise<PurgeReport> };
  /** Revokes at GitHub; true when GitHub confirmed. */
  revoke: (token: string, entry: LedgerEntry) => Promise<boolean>;
  clock: () => number;
}

export interface SweepReport {
  at: number;
  /** Revoked by this sweep. */
  revoked: string[];
  /** Revoked by someone else meanwhile (another replica's sweep, the Action's post step). */
  alreadyRevoked: string[];
  /** Still live; the next sweep retries them. */
  failed: { id: string; reason: string }[];
  purged?: PurgeReport;
}

/**
 * Revokes every live token past its `revoke_by` (the trust policy's `max_lifetime`, shorter than
 * GitHub's hour). Scheduling is the caller's; time comes from `clock`.
 */
export async function sweepExpiredTokens(options: SweepOptions): Promise<SweepReport> {
  const { ledger, revoke, clock } = options;
  const at = clock();
  const report: SweepReport = { at, revoked: [], alreadyRevoked: [], failed: [] };
  const due = (await ledger.live(at)).filter((entry) => entry.revokeBy <= at);
  for (const entry of due) {
    const token = await ledger.reveal(entry.id);
    if (token === undefined) {
      report.alreadyRevoked.push(entry.id);
      continue;
    }
    let confirmed: boolean;
    try {
      confirmed = await revoke(token, entry);
    } catch (error) {
      // The reason is logged by the caller: make sure it cannot carry the token along.
      report.failed.push({
        id: entry.id,
        reason: String(error instanceof Error ? error.message : error)
          .split(token)
          .join('[token]'),
      });
      continue;
    }
    if (confirmed) {
      await ledger.markRevoked(entry.id, clock());
      report.revoked.push(entry.id);
    } else if ((await ledger.findById(entry.id))?.revokedAt !== undefined) {
      report.alreadyRevoked.push(entry.id);
    } else {
      report.failed.push({ id: entry.id, reason: 'GitHub did not confirm the revocation' });
    }
  }
  if (ledger.purgeExpired) report.purged = await ledger.purgeExpired(at);
  return report;
}
