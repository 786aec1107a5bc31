import type { GraphQLSchema } from 'graphql';
import { builtinError, typeError, type BuiltinTable } from '../builtin.js';
import { decodeQueryDocument, decodeSchemaDocument, GqlDecodeError } from '../graphql/gql-ast-decode.js';
import { astToValue } from '../graphql/gql-ast-value.js';
import type { QueryDocument, SchemaDocument } from '../graphql/gql-ast.js';
import { GqlParseError, parseQueryDocument, parseSchemaDocument } from '../graphql/gql-parser.js';
import { buildSchema, GqlSchemaError } from '../graphql/gql-schema.js';
import { toGraphqlJsSchema, validateQuery } from '../graphql/gql-validate-query.js';
import { RObject, typeName, type Value } from '../value.js';

/**
 * graphql.parse, graphql.parse_and_verify, graphql.parse_query, graphql.parse_schema,
 * graphql.is_valid and graphql.schema_is_valid with OPA's semantics and messages
 * (https://www.openpolicyagent.org/docs/policy-reference/#graphql and topdown/graphql.go):
 * gqlparser's grammar and AST shape, the prelude merged before a schema is checked, a query
 * checked against the schema, errors reported as "<message> in GraphQL string at location L:C".
 * Schemas are parsed and compiled once per distinct text (OPA caches them per query too).
 */

/** gqlerror's `input:L:C: message` (or `input: message` without a position). */
const gqlErrorString = (message: string, line?: number, column?: number): string =>
  line === undefined ? `input: ${message}` : `input:${line}:${column}: ${message}`;

/** OPA's rewording of a gqlparser error string: split on the first three colons (topdown/graphql.go). */
const opaMessage = (errorString: string, trimPeriod: boolean): string => {
  const parts = errorString.split(':');
  if (parts.length < 4) return errorString;
  let msg = parts.slice(3).join(':').replace(/^ +/, '');
  if (trimPeriod && msg.endsWith('.\n')) msg = msg.slice(0, -2);
  return `${msg} in GraphQL string at location ${parts[1]}:${parts[2]}`;
};

const parseFailure = (e: unknown): never => {
  if (e instanceof GqlParseError) throw builtinError(opaMessage(gqlErrorString(e.detail.message, e.detail.line, e.detail.column), false));
  if (e instanceof GqlDecodeError) throw builtinError(e.message);
  throw e;
};

const queryDocument = (v: Value): QueryDocument => {
  try {
    if (typeof v === 'string') return parseQueryDocument(v);
    if (v instanceof RObject) return decodeQueryDocument(v);
  } catch (e) {
    return parseFailure(e);
  }
  throw typeError(`operand 0 must be one of {string, object} but got ${typeName(v)}`);
};

interface SchemaEntry {
  doc: SchemaDocument;
  ast: RObject;
  /** The compiled schema, or the conversion error's message; built on first use. */
  compiled?: GraphQLSchema | string;
}

const MAX_CACHED = 100;
const schemaCache = new Map<string, SchemaEntry>();

/** A schema operand parsed (strings cached by text), with its AST value taken before any validation. */
const schemaEntry = (v: Value, pos: number): SchemaEntry => {
  if (typeof v === 'string') {
    const hit = schemaCache.get(v);
    if (hit) return hit;
  }
  let doc: SchemaDocument;
  try {
    if (typeof v === 'string') doc = parseSchemaDocument(v);
    else if (v instanceof RObject) doc = decodeSchemaDocument(v);
    else throw typeError(`operand ${pos} must be one of {string, object} but got ${typeName(v)}`);
  } catch (e) {
    return parseFailure(e);
  }
  const entry: SchemaEntry = { doc, ast: astToValue(doc) };
  if (typeof v === 'string') {
    if (schemaCache.size >= MAX_CACHED) schemaCache.clear();
    schemaCache.set(v, entry);
  }
  return entry;
};

/** convertSchema: the prelude merged in and the whole checked; a failure is OPA's wrapped message. */
const compiledSchema = (entry: SchemaEntry): GraphQLSchema => {
  if (entry.compiled === undefined) {
    try {
      entry.compiled = toGraphqlJsSchema(buildSchema(entry.doc));
    } catch (e) {
      if (!(e instanceof GqlSchemaError)) throw e;
      const p = e.position;
      entry.compiled = `Error in gqlparser SchemaDocument to Schema conversion: ${gqlErrorString(e.detail, p?.Line, p?.Column)}`;
    }
  }
  if (typeof entry.compiled === 'string') throw builtinError(entry.compiled);
  return entry.compiled;
};

/** validateQuery: every error joined as gqlerror.List prints it, then reworded as OPA does. */
const checkQuery = (schema: GraphQLSchema, doc: QueryDocument): void => {
  const errors = validateQuery(schema, doc);
  if (errors.length === 0) return;
  const listString = errors.map((e) => `${gqlErrorString(e.message, e.position?.Line, e.position?.Column)}\n`).join('');
  throw builtinError(opaMessage(listString, true));
};

/** [query AST, schema AST] of a query valid against its schema; throws OPA's error otherwise. */
const parseAndCheck = (q: Value, s: Value): [RObject, RObject] => {
  const query = queryDocument(q);
  const entry = schemaEntry(s, 1);
  const schema = compiledSchema(entry);
  const queryAst = astToValue(query);
  checkQuery(schema, query);
  return [queryAst, entry.ast];
};

/** The answer of a builtin that reports failure as a value rather than an error. */
const orElse = <T>(fn: () => T, fallback: T): T => {
  try {
    return fn();
  } catch {
    return fallback;
  }
};

export const graphqlBuiltins: BuiltinTable = {
  'graphql.parse': { arity: 2, fn: ([q, s]) => parseAndCheck(q!, s!) },
  'graphql.parse_and_verify': {
    arity: 2,
    fn: ([q, s]) => orElse<Value>(() => [true, ...parseAndCheck(q!, s!)], [false, new RObject(), new RObject()]),
  },
  'graphql.parse_query': {
    arity: 1,
    fn: ([q]) => {
      if (typeof q !== 'string') throw typeError(`operand 1 must be string but got ${typeName(q!)}`);
      return astToValue(queryDocument(q));
    },
  },
  'graphql.parse_schema': {
    arity: 1,
    fn: ([s]) => {
      if (typeof s !== 'string') throw typeError(`operand 1 must be string but got ${typeName(s!)}`);
      return schemaEntry(s, 1).ast;
    },
  },
  'graphql.is_valid': {
    arity: 2,
    fn: ([q, s]) =>
      orElse(() => {
        const query = queryDocument(q!);
        checkQuery(compiledSchema(schemaEntry(s!, 1)), query);
        return true;
      }, false),
  },
  'graphql.schema_is_valid': {
    arity: 1,
    fn: ([s]) =>
      orElse(() => {
        compiledSchema(schemaEntry(s!, 0));
        return true;
      }, false),
  },
};
