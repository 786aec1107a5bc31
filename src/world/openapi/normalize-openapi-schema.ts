/**
 * Turns an OpenAPI 3.0 Schema Object into the JSON Schema dialect Ajv validates, without touching
 * the original (the GitHub stand-in shares the parsed description).
 *
 * - `nullable: true` (OpenAPI 3.0.3 §4.7.24.1) becomes `type: [T, "null"]` (and `null` joins an
 *   `enum`, which would otherwise still reject it). GitHub also writes `nullable: true` next to
 *   `allOf`/`anyOf`/`oneOf` without a `type` (e.g. `"milestone": {"nullable": true, "allOf": [...]}`)
 *   and answers `null` there, so that form becomes `anyOf: [<the schema>, {type: "null"}]`.
 * - `oneOf` becomes `anyOf`: GitHub's description has `oneOf`s whose alternatives overlap (the
 *   `validation-error` schema's `errors[].value` is a `oneOf` of three nullable types, so `null`
 *   matches all three and a strict `oneOf` would reject GitHub's own answers).
 *
 * Local `$ref`s are kept as they are and reported through `onRef`, so the caller can make the
 * referenced schema available too.
 * Spec: https://spec.openapis.org/oas/v3.0.3#schema-object
 */
export function normalizeOpenApiSchema(schema: unknown, onRef: (ref: string) => void): unknown {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return schema;
  const source = schema as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(source)) {
    switch (key) {
      case 'nullable':
        break;
      case '$ref':
        if (typeof value === 'string') onRef(value);
        out[key] = value;
        break;
      case 'properties':
      case 'patternProperties':
        out[key] = normalizeSchemaMap(value, onRef);
        break;
      case 'additionalProperties':
      case 'items':
      case 'not':
        out[key] = normalizeOpenApiSchema(value, onRef);
        break;
      case 'allOf':
      case 'anyOf':
        out[key] = normalizeSchemaList(value, onRef);
        break;
      case 'oneOf':
        out.anyOf = normalizeSchemaList(value, onRef);
        break;
      default:
        out[key] = value;
    }
  }
  return source.nullable === true ? allowNull(out) : out;
}

function allowNull(schema: Record<string, unknown>): Record<string, unknown> {
  if (typeof schema.type === 'string') {
    const enumValues =
      Array.isArray(schema.enum) && !schema.enum.includes(null)
        ? [...schema.enum, null]
        : schema.enum;
    return {
      ...schema,
      type: [schema.type, 'null'],
      ...(enumValues === undefined ? {} : { enum: enumValues }),
    };
  }
  const constrains = ['$ref', 'allOf', 'anyOf', 'not', 'enum', 'properties', 'items'].some(
    (key) => key in schema,
  );
  return constrains ? { anyOf: [schema, { type: 'null' }] } : schema;
}

function normalizeSchemaMap(value: unknown, onRef: (ref: string) => void): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([name, schema]) => [name, normalizeOpenApiSchema(schema, onRef)]),
  );
}

function normalizeSchemaList(value: unknown, onRef: (ref: string) => void): unknown {
  return Array.isArray(value)
    ? value.map((schema) => normalizeOpenApiSchema(schema, onRef))
    : value;
}
