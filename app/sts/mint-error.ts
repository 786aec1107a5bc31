/**
 * How a mint request ended without a token:
 * - `not_sent`: the request never left (its deadline passed, or the client left, first);
 * - `refused`: GitHub answered with a 4xx, so it minted nothing;
 * - `uncertain`: it was sent but no answer says whether GitHub minted (connection reset, timeout,
 *   5xx): a token may exist that the broker never saw.
 */
export type MintFailure = 'not_sent' | 'refused' | 'uncertain';

export class MintError extends Error {
  constructor(
    readonly outcome: MintFailure,
    readonly status: number | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'MintError';
  }
}

/**
 * What an operator can do about an uncertain mint. GitHub has no endpoint that lists an
 * installation's tokens (https://docs.github.com/en/rest/apps/apps), and revoking one takes the
 * token itself (https://docs.github.com/en/rest/apps/installations#revoke-an-installation-access-token),
 * so the broker cannot find or revoke a token it never saw. The token, if it exists, expires an
 * hour after it was minted; suspending the installation blocks the App's access to the account,
 * this token's included, until it is unsuspended
 * (https://docs.github.com/en/rest/apps/apps#suspend-an-app-installation).
 */
export const UNCERTAIN_MINT_ADVICE =
  'the token, if GitHub minted it, expires an hour after the intent; the broker handed it to nobody, and only its holder could revoke it (DELETE /installation/token); to cut that hour short, suspend the installation (PUT /app/installations/{installation_id}/suspended) and unsuspend it after the hour';
