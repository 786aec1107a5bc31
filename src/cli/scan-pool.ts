import { Worker } from 'node:worker_threads';
import type { AllowListConfig } from '../scan/allow-list.js';
import { CliError } from './parse-command-args.js';
import type { FileScan, ReadFailure } from './scan-file-bytes.js';

/** One file for a scan worker: its path (the worker reads it), or bytes read already (stdin, a FIFO). */
export type ScanJob =
  | { readonly id: number; readonly abs: string; readonly shown: string }
  | { readonly id: number; readonly bytes: Uint8Array; readonly shown: string | undefined; readonly label: string };

export type ScanJobAnswer = { readonly id: number; readonly result: FileScan | ReadFailure } | { readonly id: number; readonly error: string };

/** What the pool posts to a worker: several jobs at once; the worker answers them in one message. */
export interface ScanBatch {
  readonly jobs: readonly ScanJob[];
}
export interface ScanBatchAnswer {
  readonly answers: readonly ScanJobAnswer[];
}

/**
 * Jobs per message: a source tree is mostly files of a few KB, for which a message each way and
 * the thread wake-ups cost more than reading and scanning them.
 */
const BATCH_JOBS = 32;
/** Bytes per message, for jobs carrying bytes. */
const BATCH_BYTES = 1024 * 1024;
/** Batches a worker holds at once: it starts the next while its last answer travels. */
const BATCHES_PER_WORKER = 2;
/**
 * Work (estimated bytes still to scan) per worker before one is started beside the pool's own
 * thread. A worker's start and JIT warm-up cost about 0.15 + 0.5 CPU-seconds here (measured,
 * issue #16), and it needs some 0.1-0.3 s to start: on less than this it only adds CPU time.
 */
export const WORKER_MIN_BYTES = 32 * 1024 * 1024;
/** Jobs per batch for the pool's own thread while workers may still be started: an early estimate. */
const PROBE_JOBS = 8;

/** How many jobs the scan will send in all, so the pool can estimate the work left. */
export interface PoolGrowth {
  readonly jobs: number;
  /** Default WORKER_MIN_BYTES. */
  readonly minBytesPerWorker?: number;
}

/**
 * Workers worth running for what is left: the mean size of the jobs answered so far times the
 * jobs left, WORKER_MIN_BYTES (or `minBytesPerWorker`) each, at most `max`; none before any
 * job is answered (nothing to estimate from).
 */
export function workersWanted(max: number, growth: PoolGrowth, answeredJobs: number, answeredBytes: number): number {
  if (answeredJobs === 0) return 0;
  const left = Math.max(0, growth.jobs - answeredJobs);
  const estimate = (answeredBytes / answeredJobs) * left;
  return Math.min(max, Math.floor(estimate / (growth.minBytesPerWorker ?? WORKER_MIN_BYTES)));
}

/** Runs a batch on the pool's own thread: scanBatch with that thread's allow-list and read buffer. */
export type LocalScan = (jobs: readonly ScanJob[]) => ScanJobAnswer[];

/** Somewhere a batch can go: a worker thread, or the pool's own thread (the local runner). */
interface PoolWorker {
  readonly post: (batch: ScanBatch) => void;
  /** Batches sent and not yet answered. */
  batches: number;
}

interface Waiting {
  readonly resolve: (scan: FileScan | ReadFailure) => void;
  readonly reject: (error: Error) => void;
  owner: PoolWorker | undefined;
}

/**
 * Worker threads that read and scan files for `airlock scan`, so every core reads and scans
 * while the CLI's own thread only walks and reports (https://nodejs.org/api/worker_threads.html).
 * Files are sent by path: no file's bytes cross threads. Jobs wait in the pool and go out in
 * batches to whichever worker has room, so a worker that drew large files does not hold back
 * the others. Each worker runs `script` (dist/scan-worker.js). A worker that fails or exits fails
 * every job not yet answered and the pool: the scan stops with an error rather than report files
 * it did not scan.
 *
 * With `local`, the pool's own thread takes batches too, one per event-loop turn (so answers
 * and hand-outs still flow between them): N scanning threads cost N - 1 worker start-ups, and a
 * thread that has scanned before (the CLI's, in a long-lived process) is already warm. Workers
 * come first in the hand-out order, so they get work while they start. With `growth` too, the
 * pool's own thread starts alone and workers are started as the estimated work left warrants
 * (workersWanted): a small scan never pays a worker's start and warm-up.
 */
export class ScanPool {
  readonly #workers: PoolWorker[] = [];
  readonly #threads: Worker[] = [];
  readonly #waiting = new Map<number, Waiting>();
  readonly #pending: ScanJob[] = [];
  #pumping = false;
  #nextId = 0;
  #failure: Error | undefined;
  #closing = false;
  readonly #script: URL;
  readonly #allowList: AllowListConfig;
  readonly #size: number;
  /** Set while workers are started on demand (local runner and growth given). */
  readonly #growth: PoolGrowth | undefined;
  #answeredJobs = 0;
  #answeredBytes = 0;

  /**
   * Up to `size` worker threads running `script`, and the pool's own thread when `local` is
   * given: all started now, or with `growth` (and `local`) as the work left warrants.
   */
  constructor(script: URL, size: number, allowList: AllowListConfig, local?: LocalScan, growth?: PoolGrowth) {
    this.#script = script;
    this.#allowList = allowList;
    this.#size = size;
    this.#growth = local !== undefined ? growth : undefined;
    if (this.#growth === undefined) for (let i = 0; i < size; i++) this.#startWorker();
    if (local !== undefined) {
      const owner: PoolWorker = {
        // setImmediate: after the answers and messages already waiting, never inside #pump.
        post: (batch) =>
          setImmediate(() => {
            if (this.#failure === undefined) this.#answer(owner, { answers: local(batch.jobs) });
          }),
        batches: 0,
      };
      this.#workers.push(owner);
    }
  }

  #startWorker(): void {
    const worker = new Worker(this.#script, { workerData: { allowList: this.#allowList } });
    const owner: PoolWorker = { post: (batch) => worker.postMessage(batch), batches: 0 };
    worker.on('message', (answer: ScanBatchAnswer) => this.#answer(owner, answer));
    worker.on('error', (error) => this.#fail(`a scan worker failed: ${error.message}`));
    worker.on('exit', (code) => {
      if (!this.#closing) this.#fail(`a scan worker exited (code ${code}) before the scan ended`);
    });
    // First in the hand-out order: it gets work while it starts.
    this.#workers.unshift(owner);
    this.#threads.push(worker);
  }

  /** Whether more workers may still be started on demand. */
  get #growing(): boolean {
    return this.#growth !== undefined && this.#threads.length < this.#size;
  }

  /** Reads and scans the file at `abs` on a worker. */
  scanFile(abs: string, shown: string): Promise<FileScan | ReadFailure> {
    return this.#send({ id: this.#nextId++, abs, shown });
  }

  /** Scans bytes read already (copied to the worker). */
  scanBytes(bytes: Buffer, shown: string | undefined, label: string): Promise<FileScan> {
    return this.#send({ id: this.#nextId++, bytes, shown, label }) as Promise<FileScan>;
  }

  #send(job: ScanJob): Promise<FileScan | ReadFailure> {
    if (this.#failure) return Promise.reject(this.#failure);
    return new Promise((resolve, reject) => {
      this.#waiting.set(job.id, { resolve, reject, owner: undefined });
      this.#pending.push(job);
      // Jobs asked for in one go (the caller queues many at once) leave in as few batches as fit.
      if (!this.#pumping) {
        this.#pumping = true;
        queueMicrotask(() => {
          this.#pumping = false;
          this.#pump();
        });
      }
    });
  }

  /** Hands pending jobs to workers with room, spread evenly over them. */
  #pump(): void {
    for (;;) {
      if (this.#pending.length === 0 || this.#failure) return;
      const owner = this.#workers.reduce((a, b) => (b.batches < a.batches ? b : a));
      if (owner.batches >= BATCHES_PER_WORKER) return;
      const share = Math.ceil(this.#pending.length / this.#workers.length);
      const jobs: ScanJob[] = [];
      let bytes = 0;
      const most = Math.min(this.#growing ? PROBE_JOBS : BATCH_JOBS, share);
      while (this.#pending.length > 0 && jobs.length < most && bytes < BATCH_BYTES) {
        const job = this.#pending.shift()!;
        if ('bytes' in job) bytes += job.bytes.byteLength;
        this.#waiting.get(job.id)!.owner = owner;
        jobs.push(job);
      }
      owner.batches++;
      owner.post({ jobs } satisfies ScanBatch);
    }
  }

  /** Stops every worker. */
  async close(): Promise<void> {
    this.#closing = true;
    await Promise.all(this.#threads.map((w) => w.terminate()));
  }

  #answer(owner: PoolWorker, batch: ScanBatchAnswer): void {
    owner.batches--;
    for (const answer of batch.answers) {
      this.#answeredJobs++;
      if ('result' in answer && 'bytes' in answer.result) this.#answeredBytes += answer.result.bytes;
      const waiting = this.#waiting.get(answer.id);
      if (waiting === undefined) continue;
      this.#waiting.delete(answer.id);
      if ('error' in answer) waiting.reject(new CliError('input', `a scan worker failed: ${answer.error}`));
      else waiting.resolve(answer.result);
    }
    if (this.#growing && this.#failure === undefined && !this.#closing) {
      const wanted = workersWanted(this.#size, this.#growth!, this.#answeredJobs, this.#answeredBytes);
      while (this.#threads.length < wanted) this.#startWorker();
    }
    this.#pump();
  }

  /**
   * Fails every job not yet answered, and every later one: which worker held a job no longer
   * matters once the scan has failed. A CliError: the scan ends with one line and exit 2, never
   * exit 1, which says findings.
   */
  #fail(message: string): void {
    this.#failure ??= new CliError('input', message);
    this.#pending.length = 0;
    for (const [id, waiting] of this.#waiting) {
      this.#waiting.delete(id);
      waiting.reject(this.#failure);
    }
  }
}
