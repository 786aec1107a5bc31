import type { Logger } from 'pino';
import type { GithubGateway } from '../sts/github-gateway.js';
import { revokeEntry, type TokenServiceDeps } from '../sts/token-service.js';

/** What revoking needs: the ledger, GitHub's revocation, a clock and a log (the CLI has no App). */
export type RevokerDeps = Pick<TokenServiceDeps, 'ledger' | 'clock'> & { github: Pick<GithubGateway, 'revokeToken'>; log: Pick<Logger, 'info' | 'error'> };

export interface RevokeReport {
  /** Revoked at GitHub and marked. */
  revoked: number;
  /** GitHub did not confirm: made due, so the App's next sweep tries again. */
  leftToSweep: number;
}

/**
 * Revokes every live broker token of one identity in one repository (by numeric id): each at
 * GitHub, then marked in the ledger with its `token_revoked` record (app/sts/token-service.ts
 * revokeEntry). A token GitHub does not confirm is made due, never forgotten.
 */
export async function revokeIdentityTokens(deps: RevokerDeps, target: { repositoryId: number; identity: string }, reason: string): Promise<RevokeReport> {
  const live = (await deps.ledger.live(deps.clock())).filter((t) => t.repositoryId === target.repositoryId && t.identity === target.identity);
  const report: RevokeReport = { revoked: 0, leftToSweep: 0 };
  for (const entry of live) {
    try {
      // Undefined or a throw: this process cannot unseal it (another encryption key), so GitHub
      // cannot be asked here; the App's sweep, which holds the key, revokes it.
      const token = await deps.ledger.reveal(entry.id);
      if (!token) throw new Error('the token cannot be unsealed with this encryption key');
      await revokeEntry(deps, entry, token, reason);
      report.revoked++;
    } catch (error) {
      report.leftToSweep++;
      await deps.ledger.markDue(entry.id, deps.clock()).catch(() => undefined);
      deps.log.error({ token_id: entry.id, err: { message: (error as Error).message } }, `could not revoke a token (${reason}); the next sweep retries`);
    }
  }
  return report;
}
