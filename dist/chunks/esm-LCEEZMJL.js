import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);
import {
  Client,
  Connection,
  DatabaseError,
  Pool,
  Query,
  Result,
  TypeOverrides,
  defaults,
  escapeIdentifier,
  escapeLiteral,
  esm_default,
  types
} from "./chunk-DND65OVS.js";
import "./chunk-QY2KPWDF.js";
import "./chunk-WLT2JI5U.js";
export {
  Client,
  Connection,
  DatabaseError,
  Pool,
  Query,
  Result,
  TypeOverrides,
  esm_default as default,
  defaults,
  escapeIdentifier,
  escapeLiteral,
  types
};
