import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);
import {
  EAGER_BUILTINS,
  RegoProgram
} from "./chunk-MTKISNN6.js";
import {
  graphqlBuiltins
} from "./chunk-4X2DLEFX.js";
import {
  regexBuiltins
} from "./chunk-CVMGJIUD.js";
import {
  jsonSchemaBuiltins
} from "./chunk-SBJAVVPF.js";

// src/policy/rego/builtins/builtin-registry.ts
var BUILTINS = {
  ...EAGER_BUILTINS,
  ...regexBuiltins,
  ...jsonSchemaBuiltins,
  ...graphqlBuiltins
};

// src/policy/rego/rego-policy.ts
var isBuiltin = (name) => name in BUILTINS;
var RegoPolicy = class _RegoPolicy extends RegoProgram {
  /** Parse and compile modules; throws `RegoError` (`rego_parse_error` with `file:line:col`, or a compile error). */
  static compile(modules) {
    return new _RegoPolicy(RegoProgram.compileSources(modules, isBuiltin), BUILTINS);
  }
};

export {
  RegoPolicy
};
