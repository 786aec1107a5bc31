import { normalizeOpenApiSchema } from './normalize-openapi-schema.js';
import { tokensFromPointer, valueAtTokens } from './json-pointer.js';

/**
 * A JSON Schema view of an OpenAPI document, filled in on demand: only the schemas a validator
 * needs (and what they reference) are copied and normalized, so start-up does not pay for the
 * thousands of schemas a run never uses. Copies sit at the same pointers as in the original, so
 * the description's own `$ref`s (`#/components/schemas/...`) resolve unchanged.
 */
export interface NormalizedSchemaStore {
  /** The object to register with Ajv. It grows as schemas are materialized. */
  readonly root: Record<string, unknown>;
  /** Copies the schema at a local pointer (`#/...`) and every schema it references into `root`. */
  materialize(pointer: string): void;
}

export function createNormalizedSchemaStore(source: unknown): NormalizedSchemaStore {
  const root: Record<string, unknown> = {};
  const done = new Set<string>();
  /** Copies made by `materialize`; anything below one of them is already there. */
  const copies = new WeakSet<object>();

  function place(tokens: readonly string[]): void {
    const schema = valueAtTokens(source, tokens);
    if (schema === undefined || tokens.length === 0) return;
    let container = root;
    for (const token of tokens.slice(0, -1)) {
      const next = container[token];
      if (next !== null && typeof next === 'object' && copies.has(next)) return;
      if (next === null || typeof next !== 'object') container[token] = {};
      container = container[token] as Record<string, unknown>;
    }
    const copy = normalizeOpenApiSchema(schema, (ref) => pending.push(ref));
    if (copy !== null && typeof copy === 'object') copies.add(copy);
    container[tokens[tokens.length - 1]] = copy;
  }

  const pending: string[] = [];
  return {
    root,
    materialize(pointer) {
      pending.push(pointer);
      for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
        if (done.has(next)) continue;
        done.add(next);
        const tokens = tokensFromPointer(next);
        if (tokens) place(tokens);
      }
    },
  };
}
