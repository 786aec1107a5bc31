import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);

// src/telemetry/run-event.ts
var RUN_EVENT_KINDS = [
  "egress",
  "placeholder_misuse",
  "dlp_block",
  "gateway_call",
  "resolution",
  "approval",
  "sandbox_exit",
  "patch_scan"
];
var RUN_EVENT_LIMITS = { eventsPerBatch: 200, batchesPerRun: 2e3, stringLength: 256, rulesPerEvent: 20 };

export {
  RUN_EVENT_KINDS,
  RUN_EVENT_LIMITS
};
