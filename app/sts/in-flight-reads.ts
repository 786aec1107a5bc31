/**
 * GitHub reads shared by exchanges running at the same time. Each exchange reads the repository,
 * its trust policy and the org ceiling as they are now (conditionally: app/gate/conditional-cache.ts);
 * when a read of the same resource is already on its way to GitHub and was sent after this exchange
 * arrived (`since`), its answer is GitHub's state at a moment inside this exchange, as fresh as a
 * read of its own (the rule of a linearizable read), so the exchange waits for that answer instead
 * of sending another request. A read sent before the exchange arrived never serves it: a policy
 * changed before an exchange arrives always counts for it.
 * A shared read that fails (its own request's deadline, a GitHub error) is not an answer for the
 * others: each then sends its own, unless its own request is over.
 */
export class InFlightReads {
  private readonly reads = new Map<string, { sentAt: number; answer: Promise<unknown> }>();

  /** `now`: a monotonic clock in ms, the one `since` is taken from (performance.now()). */
  constructor(private readonly now: () => number = () => performance.now()) {}

  /** The answer of `send()`, or of the same read (`key`) sent at or after `since` and not yet answered. */
  async read<T>(key: string, since: number | undefined, signal: AbortSignal | undefined, send: () => Promise<T>): Promise<T> {
    const shared = this.reads.get(key);
    if (shared && since !== undefined && shared.sentAt >= since) {
      try {
        return (await shared.answer) as T;
      } catch (error) {
        if (signal?.aborted) throw error;
      }
    }
    const entry = { sentAt: this.now(), answer: send() };
    this.reads.set(key, entry);
    const done = () => {
      if (this.reads.get(key) === entry) this.reads.delete(key);
    };
    entry.answer.then(done, done);
    return entry.answer;
  }
}
