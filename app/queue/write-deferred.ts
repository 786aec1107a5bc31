/**
 * A write to GitHub the pacer would have to hold longer than a worker should wait: the delivery is
 * handed back to run at `retryAt` instead (app/queue/write-pacer.ts).
 */
export class WriteDeferred extends Error {
  constructor(
    readonly installationId: number,
    readonly retryAt: number,
  ) {
    super(`installation ${installationId}: GitHub writes are paced; next slot at ${new Date(retryAt).toISOString()}`);
    this.name = 'WriteDeferred';
  }
}
