import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);
import {
  scanBatch
} from "./chunks/chunk-G2FI5GTP.js";
import {
  AllowList
} from "./chunks/chunk-AISXWLAK.js";
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
  port.postMessage({ answers: scanBatch(batch.jobs, allowList, scratch) });
});
