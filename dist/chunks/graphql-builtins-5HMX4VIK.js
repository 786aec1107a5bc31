import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);
import {
  graphqlBuiltins
} from "./chunk-Z5LGGBV5.js";
import "./chunk-EUJLSU46.js";
import "./chunk-WLT2JI5U.js";
export {
  graphqlBuiltins
};
