import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);
import {
  auditCommand,
  openFromEnv,
  withInputErrors
} from "./chunk-SXLVTRAJ.js";
import "./chunk-6NOTVFOX.js";
import "./chunk-QITJAKBK.js";
import "./chunk-CAVPNZVC.js";
import "./chunk-5XH3EV2N.js";
import "./chunk-EZT4DIDZ.js";
import "./chunk-IW66ZKD5.js";
import "./chunk-WLT2JI5U.js";
export {
  auditCommand,
  openFromEnv,
  withInputErrors
};
