/**
 * A request body handed to an InspectBody hook as it arrives: an async iterable the hook reads at
 * its own pace while the proxy keeps receiving. `pending` says how many bytes wait for the hook,
 * so the proxy can stop reading the client (backpressure) instead of queueing a whole upload;
 * `onDrain` is called when the hook has caught up. A hook that stops reading early (its verdict
 * taken) makes later pushes no-ops.
 */
export class BodyFeed implements AsyncIterable<Buffer> {
  readonly #queue: Buffer[] = [];
  #pending = 0;
  #ended = false;
  #closed = false;
  #wake: (() => void) | undefined;
  #drained: (() => void) | undefined;

  get pending(): number {
    return this.#pending;
  }

  push(chunk: Buffer): void {
    if (this.#closed || this.#ended) return;
    this.#queue.push(chunk);
    this.#pending += chunk.length;
    this.#wakeReader();
  }

  end(): void {
    this.#ended = true;
    this.#wakeReader();
  }

  /** The hook is done (its verdict taken): nothing more is kept for it. */
  close(): void {
    this.#closed = true;
    this.#queue.length = 0;
    this.#pending = 0;
    this.#wakeReader();
    this.#settle();
  }

  /** Calls `drained` once (the next time) nothing waits for the hook. */
  onDrain(drained: () => void): void {
    if (this.#pending === 0) return drained();
    this.#drained = drained;
  }

  #wakeReader(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  #settle(): void {
    if (this.#pending > 0) return;
    const drained = this.#drained;
    this.#drained = undefined;
    drained?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Buffer> {
    try {
      for (;;) {
        const chunk = this.#queue.shift();
        if (chunk !== undefined) {
          this.#pending -= chunk.length;
          this.#settle();
          yield chunk;
          continue;
        }
        if (this.#ended || this.#closed) return;
        await new Promise<void>((resolve) => (this.#wake = resolve));
      }
    } finally {
      // The hook left the loop (done, or a verdict before the end).
      this.close();
    }
  }
}
