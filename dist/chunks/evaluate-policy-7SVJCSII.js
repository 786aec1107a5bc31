import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);
import {
  EmbeddedPolicyBackend,
  evaluatePolicy,
  inputDigest,
  policyDigest
} from "./chunk-6RNUAQVR.js";
import "./chunk-EZT4DIDZ.js";
import "./chunk-HKOWZUST.js";
import {
  verdictOf
} from "./chunk-5BDBOWHC.js";
import "./chunk-2ZCGAJUC.js";
import "./chunk-VJTT6KNH.js";
import "./chunk-SPRYJVQL.js";
import "./chunk-Z5LGGBV5.js";
import "./chunk-BLNHIPTQ.js";
import "./chunk-4K734NMA.js";
import "./chunk-M3D7NQYH.js";
import "./chunk-5AA5OQFX.js";
import "./chunk-M5SG437F.js";
import "./chunk-EUJLSU46.js";
import "./chunk-WLT2JI5U.js";
export {
  EmbeddedPolicyBackend,
  evaluatePolicy,
  inputDigest,
  policyDigest,
  verdictOf
};
