import type { Logger } from 'pino';
import { revokeEntry, type TokenServiceDeps } from '../sts/token-service.js';

/**
 * Revokes every live broker token minted for a repository (the answer to an agent publishing or
 * pushing where only a person may): each is revoked at GitHub, then marked; one that GitHub does
 * not confirm is logged and left to the sweep. Returns how many were revoked.
 */
export async function revokeRepositoryTokens(tokens: TokenServiceDeps, repositoryId: number, reason: string, log: Pick<Logger, 'error'>): Promise<number> {
  const live = (await tokens.ledger.live(tokens.clock())).filter((t) => t.repositoryId === repositoryId);
  let revoked = 0;
  for (const entry of live) {
    const token = await tokens.ledger.reveal(entry.id);
    if (!token) continue;
    try {
      await revokeEntry(tokens, entry, token, reason);
      revoked++;
    } catch (error) {
      log.error({ token_id: entry.id, err: { message: (error as Error).message } }, `could not revoke a token (${reason})`);
    }
  }
  return revoked;
}
