import type { MintedToken } from './broker-client.js';

export interface TokenLeaseDeps {
  /** Mints a replacement (the broker, with a fresh OIDC token each time). */
  mint: () => Promise<MintedToken>;
  /** Revokes a replaced token at once; a failure is left for the end-of-step revocation. */
  revoke: (token: MintedToken) => Promise<void>;
  /** Called for every token minted here, before it is used. */
  onMinted: (token: MintedToken) => void;
  onRevoked: (token: MintedToken) => void;
  onError: (message: string) => void;
  now: () => number;
}

/**
 * When to replace a token: a quarter of its remaining life before it expires, but at least 10 s and
 * at most 5 minutes before (a 1-minute token at 45 s, a 15-minute one at 11¼ minutes), and never
 * sooner than 5 s from now, so a token that arrives nearly expired cannot start a minting loop.
 */
export function refreshDelayMs(token: MintedToken, now: number): number {
  const left = Date.parse(token.expires_at) - now;
  const margin = Math.min(5 * 60_000, Math.max(10_000, left / 4));
  return Math.max(5_000, left - margin);
}

const RETRY_MS = 15_000;

/**
 * The run's GitHub token, kept alive for as long as the agent runs: replaced with a freshly minted
 * one before it expires (the trust policy's `max_lifetime` limits each token, not the run), the
 * old one revoked as soon as the new one is in place. The agent never notices: it holds a
 * placeholder, and the proxy asks `current()` at every request.
 */
export class GithubTokenLease {
  #current: MintedToken;
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;
  #refreshing: Promise<void> | undefined;

  constructor(
    first: MintedToken,
    private readonly deps: TokenLeaseDeps,
  ) {
    this.#current = first;
  }

  /** The real token to put in a request now. */
  current(): string {
    return this.#current.token;
  }

  start(): void {
    this.#schedule(refreshDelayMs(this.#current, this.deps.now()));
  }

  /** Stops refreshing; waits for a refresh in flight so no token is minted after the step moved on. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#refreshing;
  }

  /** Replaces the token now (the timer's job; public so a run can be tested without waiting). */
  refresh(): Promise<void> {
    return (this.#refreshing ??= this.#replace().finally(() => (this.#refreshing = undefined)));
  }

  #schedule(ms: number): void {
    if (this.#stopped) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.refresh(), ms);
    this.#timer.unref();
  }

  async #replace(): Promise<void> {
    if (this.#stopped) return;
    let next: MintedToken;
    try {
      next = await this.deps.mint();
    } catch (error) {
      const left = Date.parse(this.#current.expires_at) - this.deps.now();
      this.deps.onError(`could not re-mint the GitHub token (${(error as Error).message}); ${left > 0 ? `retrying, the current one expires in ${Math.round(left / 1000)} s` : 'the current one has expired'}`);
      if (left > 0) this.#schedule(Math.min(RETRY_MS, left));
      return;
    }
    this.deps.onMinted(next);
    const old = this.#current;
    this.#current = next;
    if (this.#stopped) return;
    this.#schedule(refreshDelayMs(next, this.deps.now()));
    try {
      await this.deps.revoke(old);
      this.deps.onRevoked(old);
    } catch (error) {
      this.deps.onError(`could not revoke the replaced GitHub token ${old.token_id.slice(0, 8)} (${(error as Error).message}); it is revoked again when the step ends`);
    }
  }
}
