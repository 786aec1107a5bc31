import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);
import {
  require_ajv
} from "./chunk-5AA5OQFX.js";
import {
  parseJSONLossless
} from "./chunk-M5SG437F.js";
import {
  BuiltinError,
  RObject,
  builtinError,
  fromJS,
  operandError,
  toJS
} from "./chunk-EUJLSU46.js";
import {
  __toESM
} from "./chunk-WLT2JI5U.js";

// src/policy/rego/builtins/json-schema-builtins.ts
var import_ajv = __toESM(require_ajv(), 1);
var PRIMITIVES = ["array", "boolean", "integer", "number", "null", "object", "string"];
var checkTypes = (schema) => {
  if (Array.isArray(schema)) {
    schema.forEach(checkTypes);
    return;
  }
  if (typeof schema !== "object" || schema === null) return;
  for (const [k, v] of Object.entries(schema)) {
    if (k === "type") {
      for (const t of Array.isArray(v) ? v : [v]) {
        if (typeof t !== "string" || !PRIMITIVES.includes(t)) {
          throw new Error(`has a primitive type that is NOT VALID -- given: /${String(t)}/ Expected valid values are:[${PRIMITIVES.join(" ")}]`);
        }
      }
    } else if (k !== "enum" && k !== "const" && k !== "default" && k !== "examples") checkTypes(v);
  }
};
var ajv = new import_ajv.Ajv({ allErrors: true, strict: false, validateSchema: true });
var compiled = /* @__PURE__ */ new Map();
var schemaOf = (v, pos) => {
  if (typeof v === "string") {
    try {
      return toJS(parseJSONLossless(v));
    } catch (e) {
      throw builtinError(`operand ${pos}: the schema is not valid JSON: ${e.message}`);
    }
  }
  if (v instanceof RObject || typeof v === "boolean") return toJS(v);
  throw operandError(pos, "one of {string, object, boolean}", v);
};
var compile = (schema) => {
  const key = JSON.stringify(schema);
  let fn = compiled.get(key);
  if (fn) return fn;
  checkTypes(schema);
  fn = ajv.compile(schema);
  if (compiled.size >= 200) compiled.clear();
  compiled.set(key, fn);
  return fn;
};
var typeOf = (v) => v === null ? "null" : Array.isArray(v) ? "array" : typeof v === "number" || typeof v === "bigint" ? Number.isInteger(Number(v)) ? "integer" : "number" : typeof v;
var field = (path) => path === "" ? "(root)" : path.slice(1).split("/").map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~")).join(".");
var describe = (e, doc) => {
  const p = e.params;
  const at = field(e.instancePath);
  const valueAt = e.instancePath.split("/").slice(1).reduce((o, k) => o?.[k.replace(/~1/g, "/").replace(/~0/g, "~")], doc);
  switch (e.keyword) {
    case "type":
      return { type: "invalid_type", field: at, desc: `Invalid type. Expected: ${String(p.type).replace(/,/g, ", ")}, given: ${typeOf(valueAt)}` };
    case "required":
      return { type: "required", field: at, desc: `${String(p.missingProperty)} is required` };
    case "enum":
      return { type: "enum", field: at, desc: `${at} must be one of the following: ${p.allowedValues.map((v) => JSON.stringify(v)).join(", ")}` };
    case "const":
      return { type: "const", field: at, desc: `${at} does not match: ${JSON.stringify(p.allowedValue)}` };
    case "additionalProperties":
      return { type: "additional_property_not_allowed", field: at, desc: `Additional property ${String(p.additionalProperty)} is not allowed` };
    case "minimum":
      return { type: "number_gte", field: at, desc: `Must be greater than or equal to ${String(p.limit)}` };
    case "maximum":
      return { type: "number_lte", field: at, desc: `Must be less than or equal to ${String(p.limit)}` };
    case "minLength":
      return { type: "string_gte", field: at, desc: `String length must be greater than or equal to ${String(p.limit)}` };
    case "maxLength":
      return { type: "string_lte", field: at, desc: `String length must be less than or equal to ${String(p.limit)}` };
    case "pattern":
      return { type: "pattern", field: at, desc: `Does not match pattern '${String(p.pattern)}'` };
    case "minItems":
      return { type: "array_min_items", field: at, desc: `Array must have at least ${String(p.limit)} items` };
    case "maxItems":
      return { type: "array_max_items", field: at, desc: `Array must have at most ${String(p.limit)} items` };
    default:
      return { type: e.keyword, field: at, desc: e.message ?? e.keyword };
  }
};
var matchSchema = (docV, schemaV) => {
  const schema = schemaOf(schemaV, 2);
  let doc;
  if (typeof docV === "string") {
    try {
      doc = toJS(parseJSONLossless(docV));
    } catch (e) {
      throw builtinError(`operand 1: the document is not valid JSON: ${e.message}`);
    }
  } else doc = toJS(docV);
  let validate;
  try {
    validate = compile(schema);
  } catch (e) {
    throw builtinError(e.message);
  }
  if (validate(doc)) return [true, []];
  const errors = (validate.errors ?? []).map((e) => {
    const d = describe(e, doc);
    return fromJS({ error: `${d.field}: ${d.desc}`, type: d.type, field: d.field, desc: d.desc });
  });
  return [false, errors];
};
var verifySchema = (schemaV) => {
  let schema;
  try {
    schema = schemaOf(schemaV, 1);
    compile(schema);
  } catch (e) {
    if (e instanceof BuiltinError) throw e;
    return [false, `jsonschema: ${e.message}`];
  }
  return [true, null];
};
var jsonSchemaBuiltins = {
  "json.verify_schema": { arity: 1, fn: ([s]) => verifySchema(s) },
  "json.match_schema": { arity: 2, fn: ([d, s]) => matchSchema(d, s) }
};

export {
  jsonSchemaBuiltins
};
