import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);
import {
  require_undici
} from "./chunk-T2PD7Y6U.js";
import "./chunk-WLT2JI5U.js";
export default require_undici();
