import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);
import {
  RUN_EVENT_LIMITS
} from "./chunk-EPLYF327.js";

// src/telemetry/screen-run-event.ts
var REDACTED_FIELD = "[airlock:redacted]";
function screenRunEvent(event, carries) {
  const text = (value) => carries(value) ? REDACTED_FIELD : value.slice(0, RUN_EVENT_LIMITS.stringLength);
  const screened = Object.fromEntries(
    Object.entries(event).map(([name, value]) => [
      name,
      typeof value === "string" ? text(value) : Array.isArray(value) ? value.slice(0, RUN_EVENT_LIMITS.rulesPerEvent).map(text) : value
    ])
  );
  return screened;
}

export {
  REDACTED_FIELD,
  screenRunEvent
};
