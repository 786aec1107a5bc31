import {
  buildASTSchema,
  FieldsOnCorrectTypeRule,
  FragmentsOnCompositeTypesRule,
  GraphQLError,
  Kind,
  KnownArgumentNamesRule,
  KnownDirectivesRule,
  KnownFragmentNamesRule,
  KnownTypeNamesRule,
  LoneAnonymousOperationRule,
  MaxIntrospectionDepthRule,
  NoFragmentCyclesRule,
  NoUndefinedVariablesRule,
  NoUnusedFragmentsRule,
  NoUnusedVariablesRule,
  OverlappingFieldsCanBeMergedRule,
  PossibleFragmentSpreadsRule,
  ProvidedRequiredArgumentsRule,
  ScalarLeafsRule,
  SingleFieldSubscriptionsRule,
  UniqueArgumentNamesRule,
  UniqueDirectivesPerLocationRule,
  UniqueFragmentNamesRule,
  UniqueInputFieldNamesRule,
  UniqueOperationNamesRule,
  UniqueVariableNamesRule,
  validate,
  ValuesOfCorrectTypeRule,
  VariablesAreInputTypesRule,
  VariablesInAllowedPositionRule,
  type ArgumentNode,
  type ASTNode,
  type ConstDirectiveNode,
  type DefinitionNode,
  type DirectiveNode,
  type DocumentNode,
  type FieldDefinitionNode,
  type GraphQLSchema,
  type InputValueDefinitionNode,
  type NameNode,
  type NamedTypeNode,
  type SelectionNode,
  type SelectionSetNode,
  type TypeNode,
  type ValidationContext,
  type ValidationRule,
  type ValueNode,
  type VariableDefinitionNode,
} from 'graphql';
import {
  ValueKind,
  type Argument,
  type ArgumentDefinition,
  type Definition,
  type Directive,
  type FieldDefinition,
  type GqlType,
  type GqlValue,
  type Position,
  type QueryDocument,
  type Selection,
} from './gql-ast.js';
import type { GqlSchema } from './gql-schema.js';

/**
 * Validating a query against a schema. OPA runs gqlparser's validator, whose rules are ports of
 * graphql-js's specified rules tested against graphql-js's own suite
 * (https://github.com/vektah/gqlparser/tree/master/validator/imported); we run graphql-js itself
 * on the same documents: the gqlparser schema and query are translated to graphql-js ASTs, the
 * rules run in gqlparser's order (rule names sorted, validator.go), and gqlparser's one extra
 * rule, KnownRootType, is added. Errors come back with gqlparser's positions.
 */

export interface GqlValidationError {
  message: string;
  position: Position | undefined;
}

/** Positions of the graphql-js nodes built from a gqlparser query, for error locations. */
type Positions = Map<ASTNode, Position | undefined>;

const at = <T extends ASTNode>(positions: Positions | undefined, node: T, pos: Position | undefined): T => {
  positions?.set(node, pos);
  return node;
};

/**
 * The field or directive an argument belongs to: gqlparser reports an unknown argument there
 * (known_argument_names.go), graphql-js at the argument.
 */
const argumentOwner = new WeakMap<ASTNode, Position | undefined>();

/** A name; in a query it takes the position gqlparser gives its node (names have none of their own there). */
const name = (value: string, positions?: Positions, pos?: Position): NameNode => at(positions, { kind: Kind.NAME, value }, pos);

const named = (value: string, positions?: Positions, pos?: Position): NamedTypeNode => at(positions, { kind: Kind.NAMED_TYPE, name: name(value, positions, pos) }, pos);

const typeNode = (t: GqlType | null, positions?: Positions, pos?: Position): TypeNode => {
  if (!t) return named('', positions, pos);
  const inner: TypeNode = t.NamedType !== '' || !t.Elem ? named(t.NamedType, positions, pos) : at(positions, { kind: Kind.LIST_TYPE, type: typeNode(t.Elem, positions, pos) }, pos);
  return t.NonNull ? at(positions, { kind: Kind.NON_NULL_TYPE, type: inner as NamedTypeNode }, pos) : inner;
};

const valueNode = (v: GqlValue | null, positions?: Positions): ValueNode => {
  if (!v) return { kind: Kind.NULL };
  let node: ValueNode;
  switch (v.Kind) {
    case ValueKind.Variable:
      node = { kind: Kind.VARIABLE, name: name(v.Raw, positions, v.Position) };
      break;
    case ValueKind.IntValue:
      node = { kind: Kind.INT, value: v.Raw };
      break;
    case ValueKind.FloatValue:
      node = { kind: Kind.FLOAT, value: v.Raw };
      break;
    case ValueKind.StringValue:
    case ValueKind.BlockValue:
      node = { kind: Kind.STRING, value: v.Raw, block: v.Kind === ValueKind.BlockValue };
      break;
    case ValueKind.BooleanValue:
      node = { kind: Kind.BOOLEAN, value: v.Raw === 'true' };
      break;
    case ValueKind.NullValue:
      node = { kind: Kind.NULL };
      break;
    case ValueKind.EnumValue:
      node = { kind: Kind.ENUM, value: v.Raw };
      break;
    case ValueKind.ListValue:
      node = { kind: Kind.LIST, values: (v.Children ?? []).map((c) => valueNode(c.Value, positions)) };
      break;
    default:
      node = {
        kind: Kind.OBJECT,
        fields: (v.Children ?? []).map((c) => at(positions, { kind: Kind.OBJECT_FIELD, name: name(c.Name, positions, c.Position), value: valueNode(c.Value, positions) }, c.Position)),
      };
  }
  return at(positions, node, v.Position);
};

const argumentNodes = (args: Argument[] | null, positions?: Positions, owner?: Position): ArgumentNode[] =>
  (args ?? []).map((a) => {
    const node = at(positions, { kind: Kind.ARGUMENT, name: name(a.Name, positions, a.Position), value: valueNode(a.Value, positions) }, a.Position);
    if (positions) argumentOwner.set(node, owner);
    return node;
  });

const directiveNodes = (dirs: Directive[] | null, positions?: Positions): DirectiveNode[] =>
  (dirs ?? []).map((d) =>
    at(positions, { kind: Kind.DIRECTIVE, name: name(d.Name, positions, d.Position), arguments: argumentNodes(d.Arguments, positions, d.Position) }, d.Position),
  );

// ---- the schema ----

const inputValue = (a: ArgumentDefinition | FieldDefinition): InputValueDefinitionNode => ({
  kind: Kind.INPUT_VALUE_DEFINITION,
  name: name(a.Name),
  type: typeNode(a.Type),
  ...(a.DefaultValue ? { defaultValue: valueNode(a.DefaultValue) as InputValueDefinitionNode['defaultValue'] } : {}),
  directives: directiveNodes(a.Directives) as ConstDirectiveNode[],
});

const fieldDefinition = (f: FieldDefinition): FieldDefinitionNode => ({
  kind: Kind.FIELD_DEFINITION,
  name: name(f.Name),
  arguments: (f.Arguments ?? []).map(inputValue),
  type: typeNode(f.Type),
  directives: directiveNodes(f.Directives) as ConstDirectiveNode[],
});

const typeDefinition = (d: Definition): DefinitionNode => {
  const common = { name: name(d.Name), directives: directiveNodes(d.Directives) as ConstDirectiveNode[] };
  switch (d.Kind) {
    case 'SCALAR':
      return { kind: Kind.SCALAR_TYPE_DEFINITION, ...common };
    case 'OBJECT':
    case 'INTERFACE':
      return {
        kind: d.Kind === 'OBJECT' ? Kind.OBJECT_TYPE_DEFINITION : Kind.INTERFACE_TYPE_DEFINITION,
        ...common,
        interfaces: (d.Interfaces ?? []).map((n) => named(n)),
        // gqlparser lists __schema and __type on the query type; graphql-js adds its meta fields itself.
        fields: (d.Fields ?? []).filter((f) => !f.Name.startsWith('__')).map(fieldDefinition),
      };
    case 'UNION':
      return { kind: Kind.UNION_TYPE_DEFINITION, ...common, types: (d.Types ?? []).map((n) => named(n)) };
    case 'ENUM':
      return {
        kind: Kind.ENUM_TYPE_DEFINITION,
        ...common,
        values: (d.EnumValues ?? []).map((v) => ({ kind: Kind.ENUM_VALUE_DEFINITION, name: name(v.Name), directives: directiveNodes(v.Directives) as ConstDirectiveNode[] })),
      };
    default:
      return { kind: Kind.INPUT_OBJECT_TYPE_DEFINITION, ...common, fields: (d.Fields ?? []).map(inputValue) };
  }
};

/** The graphql-js schema for a validated gqlparser schema (its checks already passed, so graphql-js's are skipped). */
export const toGraphqlJsSchema = (schema: GqlSchema): GraphQLSchema => {
  const definitions: DefinitionNode[] = [...schema.types.values()].map(typeDefinition);
  for (const d of schema.directives.values()) {
    definitions.push({
      kind: Kind.DIRECTIVE_DEFINITION,
      name: name(d.Name),
      arguments: (d.Arguments ?? []).map(inputValue),
      repeatable: d.IsRepeatable,
      locations: (d.Locations ?? []).map((n) => name(n)),
    });
  }
  const roots = (
    [
      ['query', schema.query],
      ['mutation', schema.mutation],
      ['subscription', schema.subscription],
    ] as const
  ).filter(([, def]) => def);
  definitions.push({
    kind: Kind.SCHEMA_DEFINITION,
    operationTypes: roots.map(([operation, def]) => ({ kind: Kind.OPERATION_TYPE_DEFINITION, operation: operation as never, type: named(def!.Name) })),
  });
  return buildASTSchema({ kind: Kind.DOCUMENT, definitions }, { assumeValid: true, assumeValidSDL: true });
};

// ---- the query ----

const selectionSet = (sels: Selection[] | null, positions: Positions): SelectionSetNode => ({
  kind: Kind.SELECTION_SET,
  selections: (sels ?? []).map((s): SelectionNode => {
    const directives = directiveNodes(s.Directives, positions);
    if (s.kind === 'FragmentSpread') return at(positions, { kind: Kind.FRAGMENT_SPREAD, name: name(s.Name, positions, s.Position), directives }, s.Position);
    if (s.kind === 'InlineFragment') {
      return at(
        positions,
        {
          kind: Kind.INLINE_FRAGMENT,
          ...(s.TypeCondition !== '' ? { typeCondition: named(s.TypeCondition, positions, s.Position) } : {}),
          directives,
          selectionSet: selectionSet(s.SelectionSet, positions),
        },
        s.Position,
      );
    }
    return at(
      positions,
      {
        kind: Kind.FIELD,
        ...(s.Alias !== '' && s.Alias !== s.Name ? { alias: name(s.Alias, positions, s.Position) } : {}),
        name: name(s.Name, positions, s.Position),
        arguments: argumentNodes(s.Arguments, positions, s.Position),
        directives,
        ...(s.SelectionSet ? { selectionSet: selectionSet(s.SelectionSet, positions) } : {}),
      },
      s.Position,
    );
  }),
});

const OPERATIONS = new Set(['query', 'mutation', 'subscription']);

const toGraphqlJsDocument = (doc: QueryDocument, positions: Positions): DocumentNode => {
  const definitions: DefinitionNode[] = [];
  for (const op of doc.Operations ?? []) {
    const variableDefinitions = (op.VariableDefinitions ?? []).map(
      (v): VariableDefinitionNode =>
        at(
          positions,
          {
            kind: Kind.VARIABLE_DEFINITION,
            variable: at(positions, { kind: Kind.VARIABLE, name: name(v.Variable, positions, v.Position) }, v.Position),
            type: typeNode(v.Type, positions, v.Position),
            ...(v.DefaultValue ? { defaultValue: valueNode(v.DefaultValue, positions) as VariableDefinitionNode['defaultValue'] } : {}),
            directives: directiveNodes(v.Directives, positions) as ConstDirectiveNode[],
          },
          v.Position,
        ),
    );
    definitions.push(
      at(
        positions,
        {
          kind: Kind.OPERATION_DEFINITION,
          // gqlparser's KnownRootType treats an empty operation as a query.
          operation: (op.Operation === '' ? 'query' : op.Operation) as never,
          ...(op.Name !== '' ? { name: name(op.Name, positions, op.Position) } : {}),
          variableDefinitions,
          directives: directiveNodes(op.Directives, positions),
          selectionSet: selectionSet(op.SelectionSet, positions),
        },
        op.Position,
      ),
    );
  }
  for (const f of doc.Fragments ?? []) {
    definitions.push(
      at(
        positions,
        {
          kind: Kind.FRAGMENT_DEFINITION,
          name: name(f.Name, positions, f.Position),
          typeCondition: named(f.TypeCondition, positions, f.Position),
          directives: directiveNodes(f.Directives, positions),
          selectionSet: selectionSet(f.SelectionSet, positions),
        },
        f.Position,
      ),
    );
  }
  return { kind: Kind.DOCUMENT, definitions };
};

/** gqlparser's KnownRootType (validator/rules/known_root_type.go): graphql-js leaves this to execution. */
const knownRootType: ValidationRule = (context: ValidationContext) => ({
  OperationDefinition(node) {
    if (!context.getSchema().getRootType(node.operation)) {
      context.reportError(new GraphQLError(`Schema does not support operation type "${node.operation}"`, { nodes: node }));
    }
  },
});

const INT64 = { min: -(2n ** 63n), max: 2n ** 63n - 1n };

/**
 * ValuesOfCorrectType as gqlparser applies it (values_of_correct_type.go): an Int literal only
 * has to fit in 64 bits (graphql-js's Int wants 32), so graphql-js's out-of-range error for a
 * literal within int64 is dropped.
 */
const valuesOfCorrectType: ValidationRule = (context: ValidationContext) => {
  const filtered = Object.create(context, {
    reportError: {
      value: (error: GraphQLError) => {
        const m = /^Int cannot represent non 32-bit signed integer value: (-?\d+)$/.exec(error.message);
        if (m && BigInt(m[1]!) >= INT64.min && BigInt(m[1]!) <= INT64.max) return;
        context.reportError(error);
      },
    },
  }) as ValidationContext;
  return ValuesOfCorrectTypeRule(filtered);
};

/**
 * gqlparser's default rules in its order (validator/rules/rules.go NewDefaultRules, run sorted by
 * name), each as graphql-js implements it. ExecutableDefinitions cannot fail on a parsed query
 * document, so gqlparser has none.
 */
const RULES: ValidationRule[] = [
  FieldsOnCorrectTypeRule,
  FragmentsOnCompositeTypesRule,
  KnownArgumentNamesRule,
  KnownDirectivesRule,
  KnownFragmentNamesRule,
  knownRootType,
  KnownTypeNamesRule,
  LoneAnonymousOperationRule,
  MaxIntrospectionDepthRule,
  NoFragmentCyclesRule,
  NoUndefinedVariablesRule,
  NoUnusedFragmentsRule,
  NoUnusedVariablesRule,
  OverlappingFieldsCanBeMergedRule,
  PossibleFragmentSpreadsRule,
  ProvidedRequiredArgumentsRule,
  ScalarLeafsRule,
  SingleFieldSubscriptionsRule,
  UniqueArgumentNamesRule,
  UniqueDirectivesPerLocationRule,
  UniqueFragmentNamesRule,
  UniqueInputFieldNamesRule,
  UniqueOperationNamesRule,
  UniqueVariableNamesRule,
  valuesOfCorrectType,
  VariablesAreInputTypesRule,
  VariablesInAllowedPositionRule,
];

/**
 * graphql-js's wording where gqlparser's differs: gqlparser's ScalarLeafs names no fix
 * (validator/rules/scalar_leafs.go), graphql-js appends ` Did you mean "f { ... }"?`.
 */
const gqlparserMessage = (message: string): string => message.replace(/^(Field "[^"]*" of type "[^"]*" must have a selection of subfields\.) Did you mean "[^"]*"\?$/, '$1');

/**
 * Where gqlparser reports an error: mostly at the node graphql-js names first, but an unknown
 * argument at its field or directive, a variable in a wrong position at its use
 * (variables_in_allowed_position.go) and a duplicate at the repeat, where graphql-js names the
 * definition or the first occurrence first.
 */
const gqlparserPosition = (e: GraphQLError, positions: Positions): Position | undefined => {
  const nodes = e.nodes ?? [];
  // Duplicates: gqlparser reports the repeat (unique_*.go), graphql-js names the first one first.
  if (/^(Variable "\$[^"]*" of type "|There can be only one |The directive "@[^"]*" can only be used once)/.test(e.message) && nodes[1]) return positions.get(nodes[1]);
  if (e.message.startsWith('Unknown argument ') && nodes[0]) return argumentOwner.get(nodes[0]);
  return nodes[0] ? positions.get(nodes[0]) : undefined;
};

/** Every validation error, in order, each with the gqlparser position of the node it names. */
export const validateQuery = (schema: GraphQLSchema, doc: QueryDocument): GqlValidationError[] => {
  for (const op of doc.Operations ?? []) {
    if (op.Operation !== '' && !OPERATIONS.has(op.Operation)) return [{ message: `got unknown operation type "${op.Operation}"`, position: op.Position }];
  }
  const positions: Positions = new Map();
  const errors = validate(schema, toGraphqlJsDocument(doc, positions), RULES, { maxErrors: 1000 });
  return errors.map((e) => ({ message: gqlparserMessage(e.message), position: gqlparserPosition(e, positions) }));
};
