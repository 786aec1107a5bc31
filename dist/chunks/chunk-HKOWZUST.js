import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);
import {
  EAGER_BUILTINS,
  RegoProgram
} from "./chunk-2ZCGAJUC.js";
import {
  graphqlBuiltins
} from "./chunk-Z5LGGBV5.js";
import {
  regexBuiltins
} from "./chunk-BLNHIPTQ.js";
import {
  jsonSchemaBuiltins
} from "./chunk-M3D7NQYH.js";

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
