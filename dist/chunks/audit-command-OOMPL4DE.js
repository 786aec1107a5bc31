import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);
import {
  auditCommand,
  openFromEnv,
  withInputErrors
} from "./chunk-4H6QXJJG.js";
import "./chunk-FIAW2HJF.js";
import "./chunk-QITJAKBK.js";
import "./chunk-CAVPNZVC.js";
import "./chunk-GZAF2HUO.js";
import "./chunk-IW66ZKD5.js";
import "./chunk-AMCDVPVA.js";
import "./chunk-WLT2JI5U.js";
export {
  auditCommand,
  openFromEnv,
  withInputErrors
};
