import { Worker } from 'node:worker_threads';
import type { AllowListConfig } from '../scan/allow-list.js';
import type { FileScan, ReadFailure } from './scan-file-bytes.js';

/** One file for a scan worker: its path (the worker reads it), or bytes read already (stdin, a FIFO). */
export type ScanJob =
  | { readonly id: number; readonly abs: string; readonly shown: string }
  | { readonly id: number; readonly bytes: Uint8Array; readonly shown: string | undefined; readonly label: string };

export type ScanJobAnswer = { readonly id: number; readonly result: FileScan | ReadFailure } | { readonly id: number; readonly error: string };

interface PoolWorker {
  readonly worker: Worker;
  /** Jobs sent and not yet answered: a job goes to the worker with the fewest. */
  queued: number;
}

interface Waiting {
  readonly resolve: (scan: FileScan | ReadFailure) => void;
  readonly reject: (error: Error) => void;
  readonly owner: PoolWorker;
}

/**
 * Worker threads that read and scan files for `airlock scan`, so every core reads and scans
 * while the CLI's own thread only walks and reports (https://nodejs.org/api/worker_threads.html).
 * Files are sent by path: no file's bytes cross threads. Each runs `script`
 * (dist/scan-worker.js). A worker that fails or exits fails every job it holds and the pool:
 * the scan stops with an error rather than report files it did not scan.
 */
export class ScanPool {
  readonly #workers: PoolWorker[] = [];
  readonly #waiting = new Map<number, Waiting>();
  #nextId = 0;
  #failure: Error | undefined;
  #closing = false;

  constructor(script: URL, size: number, allowList: AllowListConfig) {
    for (let i = 0; i < size; i++) {
      const worker = new Worker(script, { workerData: { allowList } });
      const owner: PoolWorker = { worker, queued: 0 };
      worker.on('message', (answer: ScanJobAnswer) => this.#answer(answer));
      worker.on('error', (error) => this.#fail(owner, `a scan worker failed: ${error.message}`));
      worker.on('exit', (code) => {
        if (!this.#closing) this.#fail(owner, `a scan worker exited (code ${code}) before the scan ended`);
      });
      this.#workers.push(owner);
    }
  }

  /** Reads and scans the file at `abs` on the least busy worker. */
  scanFile(abs: string, shown: string): Promise<FileScan | ReadFailure> {
    return this.#send({ id: this.#nextId++, abs, shown });
  }

  /** Scans bytes read already (copied to the worker). */
  scanBytes(bytes: Buffer, shown: string | undefined, label: string): Promise<FileScan> {
    return this.#send({ id: this.#nextId++, bytes, shown, label }) as Promise<FileScan>;
  }

  #send(job: ScanJob): Promise<FileScan | ReadFailure> {
    if (this.#failure) return Promise.reject(this.#failure);
    const owner = this.#workers.reduce((a, b) => (b.queued < a.queued ? b : a));
    return new Promise((resolve, reject) => {
      this.#waiting.set(job.id, { resolve, reject, owner });
      owner.queued++;
      owner.worker.postMessage(job);
    });
  }

  /** Stops every worker. */
  async close(): Promise<void> {
    this.#closing = true;
    await Promise.all(this.#workers.map((w) => w.worker.terminate()));
  }

  #answer(answer: ScanJobAnswer): void {
    const waiting = this.#waiting.get(answer.id);
    if (waiting === undefined) return;
    this.#waiting.delete(answer.id);
    waiting.owner.queued--;
    if ('error' in answer) waiting.reject(new Error(`a scan worker failed: ${answer.error}`));
    else waiting.resolve(answer.result);
  }

  #fail(owner: PoolWorker, message: string): void {
    this.#failure ??= new Error(message);
    for (const [id, waiting] of this.#waiting) {
      if (waiting.owner !== owner) continue;
      this.#waiting.delete(id);
      waiting.reject(this.#failure);
    }
  }
}
