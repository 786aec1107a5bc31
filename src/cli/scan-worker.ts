import { parentPort, workerData } from 'node:worker_threads';
import { AllowList, type AllowListConfig } from '../scan/allow-list.js';
import type { ReadScratch } from './read-scan-file.js';
import { scanBatch } from './scan-batch.js';
import type { ScanBatch, ScanBatchAnswer } from './scan-pool.js';

/*
 * A scan worker of `airlock scan`: its own entry point (dist/scan-worker.js, started by
 * scan-pool.ts). Reads and scans the files of each batch it is sent (or scans the bytes, for
 * stdin), one job at a time (scanBatch), and posts back what each came to in one message; an
 * error is posted back with the job's id and the scan fails on it.
 */
const port = parentPort;
if (port === null) throw new Error('scan-worker.js runs as a worker thread of airlock scan; run airlock scan instead');
const allowList = new AllowList((workerData as { allowList: AllowListConfig }).allowList);
/** Jobs run one at a time, to the end, so each file is read into the same buffer. */
const scratch: ReadScratch = { buffer: Buffer.alloc(0) };
port.on('message', (batch: ScanBatch) => {
  port.postMessage({ answers: scanBatch(batch.jobs, allowList, scratch) } satisfies ScanBatchAnswer);
});
