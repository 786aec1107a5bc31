import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);
import {
  scanFileAt,
  scanFileBytes
} from "./chunks/chunk-NE6BZOQP.js";
import {
  AllowList
} from "./chunks/chunk-C3TMJJTJ.js";
import "./chunks/chunk-FYVUDRBW.js";
import "./chunks/chunk-XTMBT247.js";
import "./chunks/chunk-WLT2JI5U.js";

// src/cli/scan-worker.ts
import { parentPort, workerData } from "node:worker_threads";
var port = parentPort;
if (port === null) throw new Error("scan-worker.js runs as a worker thread of airlock scan; run airlock scan instead");
var allowList = new AllowList(workerData.allowList);
var scratch = { buffer: Buffer.alloc(0) };
port.on("message", (batch) => {
  const answers = batch.jobs.map((job) => {
    try {
      const result = "abs" in job ? scanFileAt(job.abs, job.shown, allowList, scratch) : scanFileBytes(Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength), job.shown, job.label, allowList);
      return { id: job.id, result };
    } catch (error) {
      return { id: job.id, error: error.message };
    }
  });
  port.postMessage({ answers });
});
