import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { BuiltinError, builtinError, operandError, type BuiltinTable } from '../builtin.js';
import { parseJSONLossless } from '../parse-json.js';
import { fromJS, RObject, toJS, type Value } from '../value.js';

/**
 * json.verify_schema and json.match_schema. OPA validates with gojsonschema (topdown/jsonschema.go);
 * we validate with ajv and report in gojsonschema's shape ({error, type, field, desc}, its type
 * names and English descriptions) for the keywords policies use; other keywords keep ajv's text.
 * https://www.openpolicyagent.org/docs/policy-reference/#builtin-json-jsonmatch_schema
 */

const PRIMITIVES = ['array', 'boolean', 'integer', 'number', 'null', 'object', 'string'];

/** gojsonschema refuses an unknown primitive type before anything else; ajv's strict mode differs. */
const checkTypes = (schema: unknown): void => {
  if (Array.isArray(schema)) {
    schema.forEach(checkTypes);
    return;
  }
  if (typeof schema !== 'object' || schema === null) return;
  for (const [k, v] of Object.entries(schema)) {
    if (k === 'type') {
      for (const t of Array.isArray(v) ? v : [v]) {
        if (typeof t !== 'string' || !PRIMITIVES.includes(t)) {
          throw new Error(`has a primitive type that is NOT VALID -- given: /${String(t)}/ Expected valid values are:[${PRIMITIVES.join(' ')}]`);
        }
      }
    } else if (k !== 'enum' && k !== 'const' && k !== 'default' && k !== 'examples') checkTypes(v);
  }
};

const ajv = new Ajv({ allErrors: true, strict: false, validateSchema: true });
const compiled = new Map<string, ValidateFunction>();

const schemaOf = (v: Value, pos: number): unknown => {
  if (typeof v === 'string') {
    try {
      return toJS(parseJSONLossless(v));
    } catch (e) {
      throw builtinError(`operand ${pos}: the schema is not valid JSON: ${(e as Error).message}`);
    }
  }
  if (v instanceof RObject || typeof v === 'boolean') return toJS(v);
  throw operandError(pos, 'one of {string, object, boolean}', v);
};

/** Compile (cached by text); an invalid schema throws an Error with gojsonschema's or ajv's message. */
const compile = (schema: unknown): ValidateFunction => {
  const key = JSON.stringify(schema);
  let fn = compiled.get(key);
  if (fn) return fn;
  checkTypes(schema);
  fn = ajv.compile(schema as object);
  if (compiled.size >= 200) compiled.clear();
  compiled.set(key, fn);
  return fn;
};

const typeOf = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'number' || typeof v === 'bigint' ? (Number.isInteger(Number(v)) ? 'integer' : 'number') : typeof v;

const field = (path: string): string => (path === '' ? '(root)' : path.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')).join('.'));

/** gojsonschema's error type and English description for an ajv error. */
const describe = (e: ErrorObject, doc: unknown): { type: string; field: string; desc: string } => {
  const p = e.params as Record<string, unknown>;
  const at = field(e.instancePath);
  const valueAt = e.instancePath.split('/').slice(1).reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
  switch (e.keyword) {
    case 'type':
      return { type: 'invalid_type', field: at, desc: `Invalid type. Expected: ${String(p.type).replace(/,/g, ', ')}, given: ${typeOf(valueAt)}` };
    case 'required':
      return { type: 'required', field: at, desc: `${String(p.missingProperty)} is required` };
    case 'enum':
      return { type: 'enum', field: at, desc: `${at} must be one of the following: ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` };
    case 'const':
      return { type: 'const', field: at, desc: `${at} does not match: ${JSON.stringify(p.allowedValue)}` };
    case 'additionalProperties':
      return { type: 'additional_property_not_allowed', field: at, desc: `Additional property ${String(p.additionalProperty)} is not allowed` };
    case 'minimum':
      return { type: 'number_gte', field: at, desc: `Must be greater than or equal to ${String(p.limit)}` };
    case 'maximum':
      return { type: 'number_lte', field: at, desc: `Must be less than or equal to ${String(p.limit)}` };
    case 'minLength':
      return { type: 'string_gte', field: at, desc: `String length must be greater than or equal to ${String(p.limit)}` };
    case 'maxLength':
      return { type: 'string_lte', field: at, desc: `String length must be less than or equal to ${String(p.limit)}` };
    case 'pattern':
      return { type: 'pattern', field: at, desc: `Does not match pattern '${String(p.pattern)}'` };
    case 'minItems':
      return { type: 'array_min_items', field: at, desc: `Array must have at least ${String(p.limit)} items` };
    case 'maxItems':
      return { type: 'array_max_items', field: at, desc: `Array must have at most ${String(p.limit)} items` };
    default:
      return { type: e.keyword, field: at, desc: e.message ?? e.keyword };
  }
};

const matchSchema = (docV: Value, schemaV: Value): Value => {
  const schema = schemaOf(schemaV, 2);
  let doc: unknown;
  if (typeof docV === 'string') {
    try {
      doc = toJS(parseJSONLossless(docV));
    } catch (e) {
      throw builtinError(`operand 1: the document is not valid JSON: ${(e as Error).message}`);
    }
  } else doc = toJS(docV);
  let validate: ValidateFunction;
  try {
    validate = compile(schema);
  } catch (e) {
    throw builtinError((e as Error).message);
  }
  if (validate(doc)) return [true, []];
  const errors = (validate.errors ?? []).map((e) => {
    const d = describe(e, doc);
    return fromJS({ error: `${d.field}: ${d.desc}`, type: d.type, field: d.field, desc: d.desc });
  });
  return [false, errors];
};

const verifySchema = (schemaV: Value): Value => {
  let schema: unknown;
  try {
    schema = schemaOf(schemaV, 1);
    compile(schema);
  } catch (e) {
    if (e instanceof BuiltinError) throw e;
    return [false, `jsonschema: ${(e as Error).message}`];
  }
  return [true, null];
};

export const jsonSchemaBuiltins: BuiltinTable = {
  'json.verify_schema': { arity: 1, fn: ([s]) => verifySchema(s!) },
  'json.match_schema': { arity: 2, fn: ([d, s]) => matchSchema(d!, s!) },
};
