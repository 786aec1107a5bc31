import type { KnownValue } from '../scan/known-values.js';
import type { TokenVault } from '../scan/token-vault.js';

/**
 * The real values behind a workspace's tokens, as known values for the gateway's body scan:
 * the agent sees only tokens, so a real value in a prompt came from somewhere it should not.
 * Labelled by token type only; the token itself is not a name worth printing either.
 */
export function tokenVaultValues(vault: TokenVault): KnownValue[] {
  return vault.tokens().flatMap((token) => {
    const value = vault.valueOf(token);
    const type = /^AIRLOCK_(.+)_[A-Za-z0-9]{20}$/.exec(token)?.[1] ?? 'TOKEN';
    return value === undefined ? [] : [{ value, label: `workspace-token:${type}` }];
  });
}
