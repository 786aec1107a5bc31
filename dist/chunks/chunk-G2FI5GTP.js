import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);
import {
  scanBuffer,
  utf16Column
} from "./chunk-AISXWLAK.js";

// src/cli/read-scan-file.ts
import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";
function readScanFile(path, maxBytes, scratch) {
  let fd;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    return { error: error.code ?? error.message };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { error: "EINVAL" };
    if (st.size > maxBytes) return { tooLarge: true };
    let bytes = scratch !== void 0 && scratch.buffer.length > st.size ? scratch.buffer : Buffer.allocUnsafeSlow(st.size + 1);
    let length = 0;
    for (; ; ) {
      if (length === bytes.length) {
        if (length > maxBytes) return { tooLarge: true };
        const larger = Buffer.allocUnsafeSlow(Math.min(2 * bytes.length, maxBytes + 1));
        bytes.copy(larger, 0, 0, length);
        bytes = larger;
      }
      const n = readSync(fd, bytes, length, bytes.length - length, null);
      if (n === 0) break;
      length += n;
    }
    if (scratch !== void 0 && bytes.length > scratch.buffer.length) scratch.buffer = bytes;
    return { bytes: bytes.subarray(0, length) };
  } catch (error) {
    return { error: error.code ?? error.message };
  } finally {
    closeSync(fd);
  }
}

// src/cli/scan-file-bytes.ts
var MAX_FILE_BYTES = 50 * 1024 * 1024;
var FILE_TIME_BUDGET_MS = 3e4;
var BINARY_HEAD = 8e3;
function scanFileBytes(bytes, shown, label, allowList) {
  if (bytes.subarray(0, BINARY_HEAD).includes(0)) return { files: 0, bytes: 0, skipped: [{ file: label, reason: "binary" }], found: [] };
  const r = scanBuffer(bytes, { file: shown, timeBudgetMs: FILE_TIME_BUDGET_MS, allowList });
  const skipped = [];
  if (r.skipped) skipped.push({ file: label, reason: "allow-list" });
  if (r.truncated === "time") skipped.push({ file: label, reason: "time-budget" });
  const found = r.findings.map((f) => ({ finding: { ...f, column: utf16Column(bytes, f.start) }, match: bytes.toString("latin1", f.start, f.end) }));
  return { files: 1, bytes: bytes.length, skipped, found };
}
function scanFileAt(abs, shown, allowList, scratch) {
  const read = readScanFile(abs, MAX_FILE_BYTES, scratch);
  if ("error" in read) return { readError: read.error };
  if ("tooLarge" in read) return { files: 0, bytes: 0, skipped: [{ file: shown, reason: "too-large" }], found: [] };
  return scanFileBytes(read.bytes, shown, shown, allowList);
}

// src/cli/scan-batch.ts
function scanBatch(jobs, allowList, scratch) {
  return jobs.map((job) => {
    try {
      const result = "abs" in job ? scanFileAt(job.abs, job.shown, allowList, scratch) : scanFileBytes(Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength), job.shown, job.label, allowList);
      return { id: job.id, result };
    } catch (error) {
      return { id: job.id, error: error.message };
    }
  });
}

export {
  MAX_FILE_BYTES,
  scanFileBytes,
  scanFileAt,
  scanBatch
};
