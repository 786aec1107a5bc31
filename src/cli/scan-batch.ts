import type { AllowList } from '../scan/allow-list.js';
import type { ReadScratch } from './read-scan-file.js';
import { scanFileAt, scanFileBytes } from './scan-file-bytes.js';
import type { ScanJob, ScanJobAnswer } from './scan-pool.js';

/**
 * Reads and scans one batch of `airlock scan` jobs, one at a time and to the end, so each file
 * is read into the same `scratch` buffer. The same in a scan worker (scan-worker.ts) and on the
 * CLI's own thread when it scans beside the workers (ScanPool's local runner). An error is
 * answered with the job's id: the pool fails the scan on it.
 */
export function scanBatch(jobs: readonly ScanJob[], allowList: AllowList, scratch: ReadScratch): ScanJobAnswer[] {
  return jobs.map((job): ScanJobAnswer => {
    try {
      const result =
        'abs' in job
          ? scanFileAt(job.abs, job.shown, allowList, scratch)
          : scanFileBytes(Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength), job.shown, job.label, allowList);
      return { id: job.id, result };
    } catch (error) {
      return { id: job.id, error: (error as Error).message };
    }
  });
}
