import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);
import {
  jsonSchemaBuiltins
} from "./chunk-SBJAVVPF.js";
import "./chunk-5AA5OQFX.js";
import "./chunk-4TJ73B54.js";
import "./chunk-CYCRHJBL.js";
import "./chunk-WLT2JI5U.js";
export {
  jsonSchemaBuiltins
};
