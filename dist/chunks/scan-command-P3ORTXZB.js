import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);
import {
  scanCommand
} from "./chunk-CXRU245Q.js";
import "./chunk-DACKHC6T.js";
import "./chunk-VTMLRQRL.js";
import "./chunk-IW66ZKD5.js";
import "./chunk-G2FI5GTP.js";
import "./chunk-AISXWLAK.js";
import "./chunk-FYVUDRBW.js";
import "./chunk-XTMBT247.js";
import "./chunk-WLT2JI5U.js";
export {
  scanCommand
};
