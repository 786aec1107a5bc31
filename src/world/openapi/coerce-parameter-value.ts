/**
 * Turns the text of a path or query parameter into the JSON value its schema describes, the way
 * GitHub reads it, so the schema can then be checked: `per_page=50` is the integer 50,
 * `draft=true` a boolean, and an array is comma separated (OpenAPI 3.0 `style: form`,
 * `explode: false`) or repeated (`explode: true`). Text that does not look like the type is
 * left as text, so validation reports it.
 * Spec: https://spec.openapis.org/oas/v3.0.3#style-values
 *
 * `resolve` follows `$ref`s of the description the schema comes from.
 */
export function coerceParameterValue(
  values: readonly string[],
  schema: unknown,
  resolve: (schema: unknown) => unknown,
): unknown {
  const resolved = resolve(schema);
  if (typeOf(resolved) === 'array') {
    const items = resolve((resolved as { items?: unknown }).items);
    return values
      .flatMap((value) => value.split(','))
      .map((value) => coerceScalar(value, typeOf(items)));
  }
  return coerceScalar(values[values.length - 1] ?? '', typeOf(resolved));
}

function typeOf(schema: unknown): unknown {
  return schema !== null && typeof schema === 'object'
    ? (schema as { type?: unknown }).type
    : undefined;
}

function coerceScalar(value: string, type: unknown): unknown {
  if ((type === 'integer' || type === 'number') && /^-?\d+(?:\.\d+)?$/.test(value))
    return Number(value);
  if (type === 'boolean' && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}
