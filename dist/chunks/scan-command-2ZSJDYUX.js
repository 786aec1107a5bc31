import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);
import {
  scanCommand
} from "./chunk-Z5NK7JB6.js";
import "./chunk-DACKHC6T.js";
import "./chunk-4PIISSJN.js";
import "./chunk-IW66ZKD5.js";
import "./chunk-L6QSAPZE.js";
import "./chunk-GQAWHVAO.js";
import "./chunk-FYVUDRBW.js";
import "./chunk-XTMBT247.js";
import "./chunk-WLT2JI5U.js";
export {
  scanCommand
};
