import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);
import {
  auditCommand,
  openFromEnv,
  withInputErrors
} from "./chunk-INEV7RA2.js";
import "./chunk-S6QM7Q2L.js";
import "./chunk-QITJAKBK.js";
import "./chunk-CAVPNZVC.js";
import "./chunk-A66XGWHS.js";
import "./chunk-CIX2NE3Q.js";
import "./chunk-IW66ZKD5.js";
import "./chunk-WLT2JI5U.js";
export {
  auditCommand,
  openFromEnv,
  withInputErrors
};
