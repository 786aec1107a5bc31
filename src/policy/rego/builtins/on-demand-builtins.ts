import type { BuiltinTable } from '../builtin.js';

/**
 * Builtins whose implementations pull in a large dependency (graphql, re2js, ajv: together about
 * a third of what the Action's bundle would otherwise parse at start), named here so a policy
 * compiles against them without loading them; `onDemandBuiltins` imports the groups a compiled
 * policy calls. scripts/build.js splits what is reached only through `import()` into its own chunk
 * (https://esbuild.github.io/api/#splitting). The names must be exactly the group's table's keys
 * (on-demand-builtins.test.ts checks them).
 */
export const ON_DEMAND_GROUPS: readonly { readonly names: readonly string[]; readonly load: () => Promise<BuiltinTable> }[] = [
  {
    names: ['graphql.parse', 'graphql.parse_and_verify', 'graphql.parse_query', 'graphql.parse_schema', 'graphql.is_valid', 'graphql.schema_is_valid'],
    load: async () => (await import('./graphql-builtins.js')).graphqlBuiltins,
  },
  {
    names: ['regex.match', 're_match', 'regex.is_valid', 'regex.split', 'regex.find_n', 'regex.find_all_string_submatch_n', 'regex.replace', 'regex.template_match', 'glob.match', 'glob.quote_meta'],
    load: async () => (await import('./regex-builtins.js')).regexBuiltins,
  },
  {
    names: ['json.verify_schema', 'json.match_schema'],
    load: async () => (await import('./json-schema-builtins.js')).jsonSchemaBuiltins,
  },
];

const ON_DEMAND_NAMES = new Set(ON_DEMAND_GROUPS.flatMap((g) => g.names));

export const isOnDemandBuiltin = (name: string): boolean => ON_DEMAND_NAMES.has(name);

/** The builtins of every group that provides one of `names` (the others are not loaded). */
export async function onDemandBuiltins(names: Iterable<string>): Promise<BuiltinTable> {
  const wanted = new Set(names);
  const tables = await Promise.all(ON_DEMAND_GROUPS.filter((g) => g.names.some((n) => wanted.has(n))).map((g) => g.load()));
  return Object.assign({}, ...tables) as BuiltinTable;
}
