/**
 * The broker's exchanges still running in this process, including what runs on after a request
 * was answered (a mint answered late, then revoked). A draining shutdown waits for them before it
 * closes the store: a mint already sent then ends recorded, or revoked and settled, instead of
 * leaving a live token with a pending intent behind.
 */
export interface BrokerWork {
  /** Counts `work` until it settles; returns it unchanged. */
  track<T>(work: Promise<T>): Promise<T>;
  /** Resolves once nothing is running or after `ms`, with how many are still running. */
  settled(ms: number): Promise<number>;
}

export function brokerWork(): BrokerWork {
  const running = new Set<Promise<unknown>>();
  return {
    track(work) {
      const tracked = work.then(
        () => undefined,
        () => undefined,
      );
      running.add(tracked);
      void tracked.then(() => running.delete(tracked));
      return work;
    },
    async settled(ms) {
      let timer: NodeJS.Timeout | undefined;
      const gaveUp = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, ms);
        timer.unref();
      });
      // Work tracked while waiting (a late mint's revocation) is waited for too.
      while (running.size > 0) {
        const outcome = await Promise.race([Promise.all([...running]).then(() => 'done' as const), gaveUp.then(() => 'timeout' as const)]);
        if (outcome === 'timeout') break;
      }
      clearTimeout(timer);
      return running.size;
    },
  };
}
