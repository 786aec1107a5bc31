import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);
import {
  scanCommand
} from "./chunk-44VTFJEJ.js";
import "./chunk-DACKHC6T.js";
import "./chunk-W2YDTEEL.js";
import "./chunk-IW66ZKD5.js";
import "./chunk-XXKA3GSB.js";
import "./chunk-JPPTDCRJ.js";
import "./chunk-FYVUDRBW.js";
import "./chunk-XTMBT247.js";
import "./chunk-WLT2JI5U.js";
export {
  scanCommand
};
