import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);
import {
  scanCommand
} from "./chunk-HK7WKCZC.js";
import "./chunk-PQVB355W.js";
import "./chunk-IW66ZKD5.js";
import "./chunk-NE6BZOQP.js";
import "./chunk-C3TMJJTJ.js";
import "./chunk-FYVUDRBW.js";
import "./chunk-XTMBT247.js";
import "./chunk-JQPFFBDJ.js";
import "./chunk-WLT2JI5U.js";
export {
  scanCommand
};
