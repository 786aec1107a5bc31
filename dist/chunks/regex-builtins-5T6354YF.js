import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);
import {
  compileRegex,
  globToRegex,
  regexBuiltins
} from "./chunk-BLNHIPTQ.js";
import "./chunk-4K734NMA.js";
import "./chunk-EUJLSU46.js";
import "./chunk-WLT2JI5U.js";
export {
  compileRegex,
  globToRegex,
  regexBuiltins
};
