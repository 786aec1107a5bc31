/** A JSON Schema node as GitHub's OpenAPI description writes them (OpenAPI 3.0 dialect). */
export interface SchemaNode {
  $ref?: string;
  type?: string | string[];
  nullable?: boolean;
  enum?: unknown[];
  format?: string;
  properties?: Record<string, SchemaNode>;
  required?: string[];
  items?: SchemaNode;
  allOf?: SchemaNode[];
  oneOf?: SchemaNode[];
  anyOf?: SchemaNode[];
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const EPOCH = '2026-01-01T00:00:00Z';

/**
 * Completes `value` so it satisfies `schema`: every required property the stand-in does not model
 * gets a neutral value of the documented type. The stand-in sets what Airlock reads; this makes the
 * rest of each response as complete as GitHub's, so clients meet GitHub's real shapes.
 */
export function fillToSchema(schema: SchemaNode, value: unknown, resolve: (ref: string) => SchemaNode): Json {
  const s = schema.$ref ? resolve(schema.$ref) : schema;
  if (value === null) return null;
  if (s.allOf) return s.allOf.reduce<unknown>((acc, part) => fillToSchema(part, acc, resolve), value) as Json;
  const branches = s.oneOf ?? s.anyOf;
  if (branches) {
    const branch = branches.find((b) => matchesType(b.$ref ? resolve(b.$ref) : b, value)) ?? branches[0]!;
    return fillToSchema(branch, value, resolve);
  }
  if (value === undefined) {
    if (s.nullable) return null;
    if (s.enum) return s.enum[0] as Json;
  }
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  if (type === 'object' || (!type && s.properties)) {
    const source = (value ?? {}) as Record<string, unknown>;
    const out: Record<string, Json> = {};
    for (const [key, v] of Object.entries(source)) {
      const prop = s.properties?.[key];
      out[key] = prop ? fillToSchema(prop, v, resolve) : (v as Json);
    }
    for (const key of s.required ?? []) {
      if (!(key in out) && s.properties?.[key]) out[key] = fillToSchema(s.properties[key], undefined, resolve);
    }
    return out;
  }
  if (type === 'array') {
    return ((value ?? []) as unknown[]).map((item) => (s.items ? fillToSchema(s.items, item, resolve) : (item as Json)));
  }
  if (value !== undefined) return value as Json;
  switch (type) {
    case 'string':
      return s.format === 'date-time' ? EPOCH : s.format === 'uri' ? 'https://github.test/' : s.format === 'email' ? 'nobody@github.test' : '';
    case 'integer':
    case 'number':
      return 0;
    case 'boolean':
      return false;
    default:
      return null;
  }
}

function matchesType(schema: SchemaNode, value: unknown): boolean {
  if (value === undefined) return !schema.nullable;
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (value === null) return schema.nullable === true;
  if (Array.isArray(value)) return type === 'array';
  if (typeof value === 'object') return type === 'object' || (!type && !!schema.properties);
  if (typeof value === 'number') return type === 'integer' || type === 'number';
  return type === typeof value;
}
