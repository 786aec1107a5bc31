import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);
import {
  auditCommand,
  openFromEnv,
  withInputErrors
} from "./chunk-UNM7CDKE.js";
import "./chunk-XTJUC3WF.js";
import "./chunk-QITJAKBK.js";
import "./chunk-CAVPNZVC.js";
import "./chunk-LMARXLSP.js";
import "./chunk-PAXC3LI5.js";
import "./chunk-IW66ZKD5.js";
import "./chunk-WLT2JI5U.js";
export {
  auditCommand,
  openFromEnv,
  withInputErrors
};
