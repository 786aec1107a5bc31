import { Worker } from 'node:worker_threads';
import type { AllowListConfig } from '../scan/allow-list.js';
import type { FileScan } from './scan-file-bytes.js';

/** One file for a scan worker: its bytes (transferred when they own their memory) and names. */
export interface ScanJob {
  readonly id: number;
  readonly bytes: Uint8Array;
  readonly shown: string | undefined;
  readonly label: string;
}

export type ScanJobAnswer = { readonly id: number; readonly result: FileScan } | { readonly id: number; readonly error: string };

interface PoolWorker {
  readonly worker: Worker;
  /** Bytes sent and not yet answered: a job goes to the worker with the fewest. */
  queued: number;
}

interface Waiting {
  readonly resolve: (scan: FileScan) => void;
  readonly reject: (error: Error) => void;
  readonly owner: PoolWorker;
  readonly size: number;
}

/**
 * Worker threads that scan files for `airlock scan`, so every core scans while the CLI's own
 * thread reads the next files (https://nodejs.org/api/worker_threads.html). Each runs `script`
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

  /** Scans `bytes` on the least busy worker. `bytes` is unusable afterwards when it owns its memory (moved, not copied). */
  scan(bytes: Buffer, shown: string | undefined, label: string): Promise<FileScan> {
    if (this.#failure) return Promise.reject(this.#failure);
    const owner = this.#workers.reduce((a, b) => (b.queued < a.queued ? b : a));
    const id = this.#nextId++;
    const job: ScanJob = { id, bytes, shown, label };
    const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer;
    return new Promise<FileScan>((resolve, reject) => {
      this.#waiting.set(id, { resolve, reject, owner, size: bytes.length });
      owner.queued += bytes.length;
      owner.worker.postMessage(job, whole ? [bytes.buffer as ArrayBuffer] : []);
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
    waiting.owner.queued -= waiting.size;
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
