import { RObject, typeName as regoTypeName, type Value } from '../value.js';
import type { QueryDocument, SchemaDocument } from './gql-ast.js';

/**
 * An AST object given to graphql.parse, graphql.is_valid and friends, read back into gqlparser's
 * structs the way OPA does it: encoding/json.Unmarshal into ast.QueryDocument / ast.SchemaDocument
 * (topdown/graphql.go objectToQueryDocument). So keys match field names case-insensitively,
 * unknown keys are ignored, null leaves the zero value, a wrong JSON type is an error, and
 * selection sets go through gqlparser's ast/decode.go: each item is tried as a Field first, which
 * accepts any object, with exact-case keys and no `Comment`.
 * https://pkg.go.dev/encoding/json#Unmarshal
 */

export class GqlDecodeError extends Error {}

type FieldType = 'string' | 'bool' | 'int' | 'selections' | { struct: string } | { list: FieldType };

interface StructSpec {
  fields: Record<string, FieldType>;
  /** Decoded by a hand-written UnmarshalJSON (ast/decode.go): exact keys, these fields only. */
  exact?: string[];
  kind?: string;
}

const comment: FieldType = { struct: 'CommentGroup' };
const directives: FieldType = { list: { struct: 'Directive' } };
const value: FieldType = { struct: 'Value' };
const type: FieldType = { struct: 'Type' };

const SPECS: Record<string, StructSpec> = {
  QueryDocument: { fields: { Operations: { list: { struct: 'OperationDefinition' } }, Fragments: { list: { struct: 'FragmentDefinition' } }, Comment: comment } },
  OperationDefinition: {
    fields: { Operation: 'string', Name: 'string', VariableDefinitions: { list: { struct: 'VariableDefinition' } }, Directives: directives, SelectionSet: 'selections', Comment: comment },
    exact: ['Operation', 'Name', 'VariableDefinitions', 'Directives', 'SelectionSet'],
  },
  FragmentDefinition: {
    fields: { Name: 'string', VariableDefinition: { list: { struct: 'VariableDefinition' } }, TypeCondition: 'string', Directives: directives, SelectionSet: 'selections', Comment: comment },
    exact: ['Name', 'VariableDefinition', 'TypeCondition', 'Directives', 'SelectionSet'],
  },
  Field: {
    kind: 'Field',
    fields: { Alias: 'string', Name: 'string', Arguments: { list: { struct: 'Argument' } }, Directives: directives, SelectionSet: 'selections', Comment: comment },
    exact: ['Alias', 'Name', 'Arguments', 'Directives', 'SelectionSet'],
  },
  FragmentSpread: { kind: 'FragmentSpread', fields: { Name: 'string', Directives: directives, Comment: comment } },
  InlineFragment: {
    kind: 'InlineFragment',
    fields: { TypeCondition: 'string', Directives: directives, SelectionSet: 'selections', Comment: comment },
    exact: ['TypeCondition', 'Directives', 'SelectionSet'],
  },
  VariableDefinition: { fields: { Variable: 'string', Type: type, DefaultValue: value, Directives: directives, Comment: comment, Used: 'bool' } },
  Argument: { fields: { Name: 'string', Value: value, Comment: comment } },
  Directive: { fields: { Name: 'string', Arguments: { list: { struct: 'Argument' } }, Location: 'string' } },
  Value: { fields: { Raw: 'string', Children: { list: { struct: 'ChildValue' } }, Kind: 'int', Comment: comment, ExpectedTypeHasDefault: 'bool' } },
  ChildValue: { fields: { Name: 'string', Value: value, Comment: comment } },
  Type: { fields: { NamedType: 'string', Elem: type, NonNull: 'bool' } },
  CommentGroup: { fields: { List: { list: { struct: 'Comment' } } } },
  Comment: { fields: { Value: 'string' } },
  SchemaDocument: {
    fields: {
      Schema: { list: { struct: 'SchemaDefinition' } },
      SchemaExtension: { list: { struct: 'SchemaDefinition' } },
      Directives: { list: { struct: 'DirectiveDefinition' } },
      Definitions: { list: { struct: 'Definition' } },
      Extensions: { list: { struct: 'Definition' } },
      Comment: comment,
    },
  },
  SchemaDefinition: {
    fields: {
      Description: 'string',
      Directives: directives,
      OperationTypes: { list: { struct: 'OperationTypeDefinition' } },
      BeforeDescriptionComment: comment,
      AfterDescriptionComment: comment,
      EndOfDefinitionComment: comment,
    },
  },
  OperationTypeDefinition: { fields: { Operation: 'string', Type: 'string', Comment: comment } },
  DirectiveDefinition: {
    fields: {
      Description: 'string',
      Name: 'string',
      Arguments: { list: { struct: 'ArgumentDefinition' } },
      Locations: { list: 'string' },
      IsRepeatable: 'bool',
      BeforeDescriptionComment: comment,
      AfterDescriptionComment: comment,
    },
  },
  Definition: {
    fields: {
      Kind: 'string',
      Description: 'string',
      Name: 'string',
      Directives: directives,
      Interfaces: { list: 'string' },
      Fields: { list: { struct: 'FieldDefinition' } },
      Types: { list: 'string' },
      EnumValues: { list: { struct: 'EnumValueDefinition' } },
      BuiltIn: 'bool',
      BeforeDescriptionComment: comment,
      AfterDescriptionComment: comment,
      EndOfDefinitionComment: comment,
    },
  },
  FieldDefinition: {
    fields: {
      Description: 'string',
      Name: 'string',
      Arguments: { list: { struct: 'ArgumentDefinition' } },
      DefaultValue: value,
      Type: type,
      Directives: directives,
      BeforeDescriptionComment: comment,
      AfterDescriptionComment: comment,
    },
  },
  ArgumentDefinition: {
    fields: { Description: 'string', Name: 'string', DefaultValue: value, Type: type, Directives: directives, BeforeDescriptionComment: comment, AfterDescriptionComment: comment },
  },
  EnumValueDefinition: { fields: { Description: 'string', Name: 'string', Directives: directives, BeforeDescriptionComment: comment, AfterDescriptionComment: comment } },
};

const jsonType = (v: Value): string => {
  const t = regoTypeName(v);
  return t === 'null' ? 'null' : t === 'boolean' ? 'bool' : t === 'set' ? 'array' : t;
};

const zero = (t: FieldType): unknown => (t === 'string' ? '' : t === 'bool' ? false : t === 'int' ? 0 : null);

const mismatch = (v: Value, where: string, goType: string): GqlDecodeError =>
  new GqlDecodeError(`json: cannot unmarshal ${jsonType(v)} into Go struct field ${where} of type ${goType}`);

const decodeField = (t: FieldType, v: Value, where: string): unknown => {
  if (v === null) return zero(t);
  if (t === 'string') {
    if (typeof v !== 'string') throw mismatch(v, where, 'string');
    return v;
  }
  if (t === 'bool') {
    if (typeof v !== 'boolean') throw mismatch(v, where, 'bool');
    return v;
  }
  if (t === 'int') {
    const n = typeof v === 'bigint' ? Number(v) : v;
    if (typeof n !== 'number' || !Number.isInteger(n)) throw mismatch(v, where, 'int');
    return n;
  }
  if (t === 'selections') return decodeSelections(v, where);
  if ('list' in t) {
    if (!Array.isArray(v)) throw mismatch(v, where, 'slice');
    return v.map((e) => decodeField(t.list, e, where));
  }
  return decodeStruct(t.struct, v, where);
};

const decodeStruct = (name: string, v: Value, where = name): Record<string, unknown> => {
  const spec = SPECS[name]!;
  const out: Record<string, unknown> = spec.kind ? { kind: spec.kind } : {};
  for (const [f, t] of Object.entries(spec.fields)) out[f] = zero(t);
  if (v === null) return out;
  if (!(v instanceof RObject)) throw mismatch(v, where, `ast.${name}`);
  const names = spec.exact ?? Object.keys(spec.fields);
  for (const [k, fv] of v.pairs()) {
    if (typeof k !== 'string') continue;
    const f = spec.exact ? (names.includes(k) ? k : undefined) : (names.find((n) => n === k) ?? names.find((n) => n.toLowerCase() === k.toLowerCase()));
    if (f === undefined) continue;
    out[f] = decodeField(spec.fields[f]!, fv, `${name}.${f}`);
  }
  return out;
};

/** ast.UnmarshalSelectionSet: each item as a Field, else a FragmentSpread, else an InlineFragment, else dropped. */
const decodeSelections = (v: Value, where: string): unknown[] => {
  if (!Array.isArray(v)) throw mismatch(v, where, 'ast.SelectionSet');
  const out: unknown[] = [];
  for (const item of v) {
    for (const kind of ['Field', 'FragmentSpread', 'InlineFragment']) {
      try {
        out.push(decodeStruct(kind, item));
        break;
      } catch (e) {
        if (!(e instanceof GqlDecodeError)) throw e;
      }
    }
  }
  return out;
};

export const decodeQueryDocument = (v: RObject): QueryDocument => decodeStruct('QueryDocument', v) as unknown as QueryDocument;

export const decodeSchemaDocument = (v: RObject): SchemaDocument => decodeStruct('SchemaDocument', v) as unknown as SchemaDocument;
