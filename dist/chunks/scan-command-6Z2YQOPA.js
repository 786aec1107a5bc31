import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);
import {
  scanCommand
} from "./chunk-NJFT652E.js";
import "./chunk-PQVB355W.js";
import "./chunk-IW66ZKD5.js";
import "./chunk-BLZCPKWE.js";
import "./chunk-C3TMJJTJ.js";
import "./chunk-FYVUDRBW.js";
import "./chunk-XTMBT247.js";
import "./chunk-5RDU5O2J.js";
import "./chunk-WLT2JI5U.js";
export {
  scanCommand
};
