import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);
import {
  EmbeddedPolicyBackend,
  evaluatePolicy,
  inputDigest,
  policyDigest
} from "./chunk-546KVZGO.js";
import "./chunk-AMCDVPVA.js";
import "./chunk-6HD22RCT.js";
import {
  verdictOf
} from "./chunk-MT6W6OMW.js";
import "./chunk-MTKISNN6.js";
import "./chunk-ZGJPIATM.js";
import "./chunk-SPRYJVQL.js";
import "./chunk-4X2DLEFX.js";
import "./chunk-CVMGJIUD.js";
import "./chunk-4K734NMA.js";
import "./chunk-SBJAVVPF.js";
import "./chunk-5AA5OQFX.js";
import "./chunk-4TJ73B54.js";
import "./chunk-CYCRHJBL.js";
import "./chunk-WLT2JI5U.js";
export {
  EmbeddedPolicyBackend,
  evaluatePolicy,
  inputDigest,
  policyDigest,
  verdictOf
};
