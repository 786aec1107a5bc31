import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);
import {
  compileRegex,
  globToRegex,
  regexBuiltins
} from "./chunk-CVMGJIUD.js";
import "./chunk-4K734NMA.js";
import "./chunk-CYCRHJBL.js";
import "./chunk-WLT2JI5U.js";
export {
  compileRegex,
  globToRegex,
  regexBuiltins
};
