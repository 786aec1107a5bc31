import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { mapInOrder } from '../../src/cli/map-in-order.js';
import { ScanPool, type ScanJob, type ScanJobAnswer, WORKER_MIN_BYTES, workersWanted } from '../../src/cli/scan-pool.js';
import { CliError } from '../../src/cli/parse-command-args.js';

// The pool fails closed: a worker that dies or errors fails the scan, never reports a file as
// clean. Real worker threads, running small scripts in place of dist/scan-worker.js.
const dir = mkdtempSync(join(tmpdir(), 'airlock-scan-pool-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const script = (name: string, onMessage: string): URL => {
  const path = join(dir, name);
  // The pool's protocol: a batch of jobs in, one message of answers out.
  writeFileSync(path, `import { parentPort, threadId } from 'node:worker_threads';\nparentPort.on('message', (batch) => { const answers = []; const answer = (a) => answers.push(a); for (const job of batch.jobs) { ${onMessage} } parentPort.postMessage({ answers }); });\n`);
  return pathToFileURL(path);
};

describe('ScanPool', () => {
  it('answers every job with its own result, spread over the workers', async () => {
    const pool = new ScanPool(script('echo.mjs', "answer({ id: job.id, result: { files: 1, bytes: job.abs.length, skipped: [], found: [] } });"), 2, {});
    try {
      const results = await Promise.all(['a', 'bb', 'ccc', 'dddd', 'eeeee'].map((p) => pool.scanFile(p, p)));
      expect(results.map((r) => ('bytes' in r ? r.bytes : -1))).toEqual([1, 2, 3, 4, 5]);
    } finally {
      await pool.close();
    }
  });

  it('jobs asked for at once are shared between the workers, each answered once', async () => {
    // Each answer names the worker thread that scanned it (in the skipped list, as plain data).
    const pool = new ScanPool(script('which.mjs', "answer({ id: job.id, result: { files: 1, bytes: Number(job.abs), skipped: [{ file: String(threadId), reason: 'binary' }], found: [] } });"), 2, {});
    try {
      const results = await Promise.all(Array.from({ length: 200 }, (_x, i) => pool.scanFile(String(i), String(i))));
      expect(results.map((r) => ('bytes' in r ? r.bytes : -1))).toEqual(Array.from({ length: 200 }, (_x, i) => i));
      const threads = new Set(results.map((r) => ('skipped' in r ? r.skipped[0]!.file : '')));
      expect(threads.size).toBe(2);
    } finally {
      await pool.close();
    }
  });

  it("the pool's own thread takes batches beside the worker: each job answered once, by one of them, in the order asked", async () => {
    // The local runner answers like a worker, naming the thread as 'local'.
    const local = (jobs: readonly ScanJob[]): ScanJobAnswer[] => jobs.map((job) => ({ id: job.id, result: { files: 1, bytes: Number('abs' in job ? job.abs : -1), skipped: [{ file: 'local', reason: 'binary' }], found: [] } }));
    const pool = new ScanPool(script('which-local.mjs', "answer({ id: job.id, result: { files: 1, bytes: Number(job.abs), skipped: [{ file: String(threadId), reason: 'binary' }], found: [] } });"), 1, {}, local);
    try {
      const results = await Promise.all(Array.from({ length: 300 }, (_x, i) => pool.scanFile(String(i), String(i))));
      expect(results.map((r) => ('bytes' in r ? r.bytes : -1))).toEqual(Array.from({ length: 300 }, (_x, i) => i));
      const by = results.map((r) => ('skipped' in r ? r.skipped[0]!.file : ''));
      expect(by).toContain('local');
      expect(by.some((t) => t !== 'local')).toBe(true);
    } finally {
      await pool.close();
    }
  });

  it("an error on the pool's own thread fails that job with its message, as a worker's does", async () => {
    const pool = new ScanPool(script('echo-local.mjs', "answer({ id: job.id, result: { files: 1, bytes: 1, skipped: [], found: [] } });"), 1, {}, (jobs) => jobs.map((job) => ({ id: job.id, error: 'bad allow-list' })));
    try {
      const results = await Promise.allSettled(Array.from({ length: 200 }, (_x, i) => pool.scanFile(String(i), String(i))));
      const failed = results.filter((r) => r.status === 'rejected');
      expect(failed.length).toBeGreaterThan(0);
      expect(failed.length).toBeLessThan(200);
      for (const r of failed) expect((r as PromiseRejectedResult).reason).toEqual(new CliError('input', 'a scan worker failed: bad allow-list'));
    } finally {
      await pool.close();
    }
  });

  it('a worker that exits fails its jobs and every later one', async () => {
    const pool = new ScanPool(script('exit.mjs', 'process.exit(3);'), 1, {});
    try {
      // A CliError: `airlock scan` says it in one line and exits 2, not 1 (findings).
      await expect(pool.scanFile('a', 'a')).rejects.toMatchObject({ name: 'CliError', code: 'input', message: 'a scan worker exited (code 3) before the scan ended' });
      await expect(pool.scanFile('b', 'b')).rejects.toThrow('a scan worker exited (code 3)');
    } finally {
      await pool.close();
    }
  });

  it('an error in a worker fails that job with its message', async () => {
    const pool = new ScanPool(script('error.mjs', "answer({ id: job.id, error: 'rule compilation failed' });"), 1, {});
    try {
      await expect(pool.scanBytes(Buffer.from('x'), undefined, '-')).rejects.toMatchObject({ name: 'CliError', code: 'input', message: 'a scan worker failed: rule compilation failed' });
    } finally {
      await pool.close();
    }
  });
});

describe('ScanPool started on demand (growth): workers only when the work left warrants them', () => {
  /** The local runner answers each job as `bytes` bytes, naming the thread as 'local'. */
  const localOf = (bytes: number) => (jobs: readonly ScanJob[]): ScanJobAnswer[] => jobs.map((job) => ({ id: job.id, result: { files: 1, bytes, skipped: [{ file: 'local', reason: 'binary' }], found: [] } }));
  const byThread = "answer({ id: job.id, result: { files: 1, bytes: 1, skipped: [{ file: String(threadId), reason: 'binary' }], found: [] } });";

  it('workersWanted: none before an answer, then the estimated bytes left per WORKER_MIN_BYTES, at most max', () => {
    expect(workersWanted(1, { jobs: 1000 }, 0, 0)).toBe(0);
    // 10 answered of 1000, 1 MiB each: 990 MiB left.
    expect(workersWanted(1, { jobs: 1000 }, 10, 10 * 2 ** 20)).toBe(1);
    expect(workersWanted(64, { jobs: 1000 }, 10, 10 * 2 ** 20)).toBe(Math.floor((990 * 2 ** 20) / WORKER_MIN_BYTES));
    expect(workersWanted(8, { jobs: 1000 }, 10, 10 * 2 ** 20)).toBe(8);
    // 64 KiB files, 300 of them: under 20 MiB in all.
    expect(workersWanted(1, { jobs: 300 }, 8, 8 * 65_536)).toBe(0);
    expect(workersWanted(1, { jobs: 8 }, 8, 8 * 2 ** 30)).toBe(0);
    expect(workersWanted(3, { jobs: 100, minBytesPerWorker: 10 }, 50, 500)).toBe(3);
  });

  it('little work: every job on the pool\'s own thread, and no worker started (this one would fail the scan)', async () => {
    const pool = new ScanPool(script('never.mjs', 'process.exit(3);'), 1, {}, localOf(100), { jobs: 300 });
    try {
      const results = await Promise.all(Array.from({ length: 300 }, (_x, i) => pool.scanFile(String(i), String(i))));
      expect(results.every((r) => 'skipped' in r && r.skipped[0]!.file === 'local')).toBe(true);
    } finally {
      await pool.close();
    }
  });

  it('much work: a worker is started once the first answers show it, and takes jobs beside the pool\'s own thread', async () => {
    const pool = new ScanPool(script('grow.mjs', byThread), 1, {}, localOf(1000), { jobs: 2000, minBytesPerWorker: 10_000 });
    try {
      const results = await Promise.all(Array.from({ length: 2000 }, (_x, i) => pool.scanFile(String(i), String(i))));
      const by = results.map((r) => ('skipped' in r ? r.skipped[0]!.file : ''));
      // The first answers come from the pool's own thread: nothing to estimate from before them.
      expect(by[0]).toBe('local');
      expect(by.some((t) => t !== 'local')).toBe(true);
      expect(results).toHaveLength(2000);
    } finally {
      await pool.close();
    }
  });

  it('a worker started on demand that exits fails the scan, as one started at once does', async () => {
    const pool = new ScanPool(script('grow-exit.mjs', 'process.exit(3);'), 1, {}, localOf(1000), { jobs: 2000, minBytesPerWorker: 10_000 });
    try {
      const results = await Promise.allSettled(Array.from({ length: 2000 }, (_x, i) => pool.scanFile(String(i), String(i))));
      const failed = results.filter((r) => r.status === 'rejected');
      expect(failed.length).toBeGreaterThan(0);
      for (const r of failed) expect((r as PromiseRejectedResult).reason).toMatchObject({ name: 'CliError', message: 'a scan worker exited (code 3) before the scan ended' });
      await expect(pool.scanFile('later', 'later')).rejects.toThrow('a scan worker exited (code 3)');
    } finally {
      await pool.close();
    }
  });
});

describe('mapInOrder', () => {
  const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it('hands results over in item order whatever order they finish in, at most `limit` at once', async () => {
    let running = 0;
    let most = 0;
    const taken: [number, number][] = [];
    await mapInOrder([30, 5, 20, 1, 10, 0], 3, async (ms) => {
      most = Math.max(most, ++running);
      await delay(ms);
      running--;
      return ms;
    }, (r, i) => taken.push([i, r]));
    expect(taken).toEqual([[0, 30], [1, 5], [2, 20], [3, 1], [4, 10], [5, 0]]);
    expect(most).toBe(3);
  });

  it('stops at the first failing item in order: earlier results taken, its error thrown, nothing later started', async () => {
    const started: number[] = [];
    const taken: number[] = [];
    const run = mapInOrder([0, 1, 2, 3, 4, 5, 6], 2, async (n) => {
      started.push(n);
      await delay(n === 3 ? 1 : 5);
      if (n === 3 || n === 4) throw new Error(`item ${n}`);
      return n;
    }, (r) => taken.push(r));
    await expect(run).rejects.toThrow('item 3');
    expect(taken).toEqual([0, 1, 2]);
    expect(Math.max(...started)).toBeLessThanOrEqual(4);
  });
});
