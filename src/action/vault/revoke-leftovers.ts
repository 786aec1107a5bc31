import { revokeAll, vaultLogin, type RevocationItem, type RevocationReport, type VaultLoginOptions, type VaultSession } from './vault-client.js';
import { VaultError } from './vault-error.js';
import { isInvalidToken, vaultRequest, vaultSaid } from './vault-request.js';

/** What main may hand post through GITHUB_STATE: identifiers only, never the token or a value. */
export interface VaultLeftovers {
  accessor: string;
  leaseIds: string[];
}

/** The not-yet-revoked part of a session, as identifiers. */
export function leftoversOf(session: VaultSession): VaultLeftovers {
  return {
    accessor: session.tokenRevokedAt ? '' : session.accessor,
    leaseIds: session.tokenRevokedAt ? [] : session.leases.filter((l) => !l.revokedAt).map((l) => l.leaseId),
  };
}

/**
 * The post step's backstop: main's token is gone from memory, so log in again with a fresh
 * OIDC token of the same run, revoke main's leases by id (`sys/leases/revoke`) and main's token
 * by accessor (`auth/token/revoke-accessor`, which also revokes its remaining leases), then
 * revoke this helper session. The role's policy needs `update` on both paths; without them the
 * report says so and the leftovers expire by their TTL. Never throws.
 */
export async function revokeLeftovers(login: VaultLoginOptions, leftovers: VaultLeftovers): Promise<RevocationReport> {
  if (!leftovers.accessor && leftovers.leaseIds.length === 0) return { ok: true, items: [] };
  let helper: VaultSession;
  try {
    helper = await vaultLogin(login);
  } catch (error) {
    const message = `could not log in to revoke: ${(error as Error).message}`;
    const items: RevocationItem[] = [
      ...leftovers.leaseIds.map((id): RevocationItem => ({ kind: 'lease', id, outcome: 'failed', message })),
      ...(leftovers.accessor ? [{ kind: 'token', id: leftovers.accessor, outcome: 'failed', message } satisfies RevocationItem] : []),
    ];
    return { ok: false, items };
  }
  const call = async (method: string, path: string, body: unknown) => {
    try {
      return await vaultRequest(helper.endpoint, method, path, { token: helper.token, body });
    } catch (error) {
      return error as VaultError;
    }
  };

  const leaseItems: RevocationItem[] = [];
  const pending: Array<{ index: number; reason: string }> = [];
  for (const id of leftovers.leaseIds) {
    const result = await call('PUT', 'sys/leases/revoke', { lease_id: id });
    if (!(result instanceof VaultError) && (result.status === 204 || result.status === 200)) {
      leaseItems.push({ kind: 'lease', id, outcome: 'revoked', message: 'revoked in post' });
    } else {
      pending.push({ index: leaseItems.length, reason: result instanceof VaultError ? result.message : vaultSaid(result) });
      leaseItems.push({ kind: 'lease', id, outcome: 'failed', message: '' });
    }
  }

  let tokenItem: RevocationItem | undefined;
  if (leftovers.accessor) {
    const item = (outcome: RevocationItem['outcome'], message: string): RevocationItem => ({ kind: 'token', id: leftovers.accessor, outcome, message });
    const result = await call('POST', 'auth/token/revoke-accessor', { accessor: leftovers.accessor });
    if (result instanceof VaultError) tokenItem = item('failed', result.message);
    else if (result.status === 204 || result.status === 200) tokenItem = item('revoked', 'revoked by accessor in post');
    // Vault no longer knows the accessor: the token expired or was revoked, with its leases.
    else if (result.status === 400 && result.errors.some((e) => /invalid accessor/.test(e))) tokenItem = item('token-already-invalid', 'the token had already expired or been revoked');
    else if (result.status === 403 && !isInvalidToken(result)) {
      tokenItem = item('failed', `permission denied on auth/token/revoke-accessor: grant "update" on it (and on sys/leases/revoke) in the Vault policy of role "${login.role}", or keep token_ttl short`);
    } else tokenItem = item('failed', `revoke-accessor refused: ${vaultSaid(result)}`);
  }
  const tokenDead = tokenItem === undefined || tokenItem.outcome !== 'failed';
  for (const { index, reason } of pending) {
    const id = leftovers.leaseIds[index]!;
    leaseItems[index] = tokenDead && leftovers.accessor
      ? { kind: 'lease', id, outcome: 'revoked-with-token', message: `direct revocation failed (${reason}); revoked with its token` }
      : { kind: 'lease', id, outcome: 'failed', message: reason };
  }
  const own = await revokeAll(helper);
  const items = [...leaseItems, ...(tokenItem ? [tokenItem] : []), ...own.items];
  return { ok: items.every((i) => i.outcome !== 'failed'), items };
}
