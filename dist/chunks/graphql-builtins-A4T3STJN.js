import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);
import {
  graphqlBuiltins
} from "./chunk-4X2DLEFX.js";
import "./chunk-CYCRHJBL.js";
import "./chunk-WLT2JI5U.js";
export {
  graphqlBuiltins
};
