import type { BuiltinTable } from '../builtin.js';
import { EAGER_BUILTINS } from './eager-builtins.js';
import { graphqlBuiltins } from './graphql-builtins.js';
import { jsonSchemaBuiltins } from './json-schema-builtins.js';
import { regexBuiltins } from './regex-builtins.js';

/**
 * Every builtin the embedded evaluator provides, loaded at once (https://www.openpolicyagent.org/docs/latest/policy-reference/#built-in-functions).
 * The Action's egress decision starts on EAGER_BUILTINS and loads the rest only when its policy
 * calls them (on-demand-builtins.ts).
 */
export const BUILTINS: BuiltinTable = {
  ...EAGER_BUILTINS,
  ...regexBuiltins,
  ...jsonSchemaBuiltins,
  ...graphqlBuiltins,
};
