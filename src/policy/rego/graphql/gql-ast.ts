/**
 * The GraphQL AST that OPA's graphql.* builtins expose to policies. OPA parses with its internal
 * copy of vektah/gqlparser and hands policies that library's Go structs marshalled to JSON
 * (https://github.com/vektah/gqlparser/tree/master/ast), so nodes here carry the Go field names
 * (`Name`, `SelectionSet`, `Kind`, ...) and zero values (`""`, `false`) exactly where Go has them.
 * `Position` is kept for error locations and dropped when marshalled, as OPA drops it.
 */

export interface Position {
  /** Rune offsets and 1-based line/column, as gqlparser counts them (lexer.go). */
  Start: number;
  End: number;
  Line: number;
  Column: number;
}

export interface Comment {
  Value: string;
  Position?: Position;
}

export interface CommentGroup {
  List: Comment[];
}

/** gqlparser's ValueKind (ast/value.go): the number OPA's `Kind` field holds. */
export const ValueKind = {
  Variable: 0,
  IntValue: 1,
  FloatValue: 2,
  StringValue: 3,
  BlockValue: 4,
  BooleanValue: 5,
  NullValue: 6,
  EnumValue: 7,
  ListValue: 8,
  ObjectValue: 9,
} as const;

export interface GqlValue {
  Raw: string;
  Children: ChildValue[] | null;
  Kind: number;
  Position?: Position;
  Comment: CommentGroup | null;
  ExpectedTypeHasDefault: boolean;
}

export interface ChildValue {
  Name: string;
  Value: GqlValue | null;
  Position?: Position;
  Comment: CommentGroup | null;
}

export interface GqlType {
  NamedType: string;
  Elem: GqlType | null;
  NonNull: boolean;
  Position?: Position;
}

export interface Argument {
  Name: string;
  Value: GqlValue | null;
  Position?: Position;
  Comment: CommentGroup | null;
}

export interface Directive {
  Name: string;
  Arguments: Argument[] | null;
  Position?: Position;
  Location: string;
}

export interface Field {
  kind: 'Field';
  Alias: string;
  Name: string;
  Arguments: Argument[] | null;
  Directives: Directive[] | null;
  SelectionSet: Selection[] | null;
  Position?: Position;
  Comment: CommentGroup | null;
}

export interface FragmentSpread {
  kind: 'FragmentSpread';
  Name: string;
  Directives: Directive[] | null;
  Position?: Position;
  Comment: CommentGroup | null;
}

export interface InlineFragment {
  kind: 'InlineFragment';
  TypeCondition: string;
  Directives: Directive[] | null;
  SelectionSet: Selection[] | null;
  Position?: Position;
  Comment: CommentGroup | null;
}

/** A selection; `kind` is ours (Go knows the struct type) and is never marshalled. */
export type Selection = Field | FragmentSpread | InlineFragment;

export interface VariableDefinition {
  Variable: string;
  Type: GqlType | null;
  DefaultValue: GqlValue | null;
  Directives: Directive[] | null;
  Position?: Position;
  Comment: CommentGroup | null;
  Used: boolean;
}

export interface OperationDefinition {
  Operation: string;
  Name: string;
  VariableDefinitions: VariableDefinition[] | null;
  Directives: Directive[] | null;
  SelectionSet: Selection[] | null;
  Position?: Position;
  Comment: CommentGroup | null;
}

export interface FragmentDefinition {
  Name: string;
  VariableDefinition: VariableDefinition[] | null;
  TypeCondition: string;
  Directives: Directive[] | null;
  SelectionSet: Selection[] | null;
  Position?: Position;
  Comment: CommentGroup | null;
}

export interface QueryDocument {
  Operations: OperationDefinition[] | null;
  Fragments: FragmentDefinition[] | null;
  Position?: Position;
  Comment: CommentGroup | null;
}

export interface ArgumentDefinition {
  Description: string;
  Name: string;
  DefaultValue: GqlValue | null;
  Type: GqlType | null;
  Directives: Directive[] | null;
  Position?: Position;
  BeforeDescriptionComment: CommentGroup | null;
  AfterDescriptionComment: CommentGroup | null;
}

export interface FieldDefinition {
  Description: string;
  Name: string;
  Arguments: ArgumentDefinition[] | null;
  DefaultValue: GqlValue | null;
  Type: GqlType | null;
  Directives: Directive[] | null;
  Position?: Position;
  BeforeDescriptionComment: CommentGroup | null;
  AfterDescriptionComment: CommentGroup | null;
}

export interface EnumValueDefinition {
  Description: string;
  Name: string;
  Directives: Directive[] | null;
  Position?: Position;
  BeforeDescriptionComment: CommentGroup | null;
  AfterDescriptionComment: CommentGroup | null;
}

/** SCALAR, OBJECT, INTERFACE, UNION, ENUM or INPUT_OBJECT (gqlparser's DefinitionKind). */
export interface Definition {
  Kind: string;
  Description: string;
  Name: string;
  Directives: Directive[] | null;
  Interfaces: string[] | null;
  Fields: FieldDefinition[] | null;
  Types: string[] | null;
  EnumValues: EnumValueDefinition[] | null;
  Position?: Position;
  BuiltIn: boolean;
  BeforeDescriptionComment: CommentGroup | null;
  AfterDescriptionComment: CommentGroup | null;
  EndOfDefinitionComment: CommentGroup | null;
}

export interface DirectiveDefinition {
  Description: string;
  Name: string;
  Arguments: ArgumentDefinition[] | null;
  Locations: string[] | null;
  IsRepeatable: boolean;
  Position?: Position;
  BeforeDescriptionComment: CommentGroup | null;
  AfterDescriptionComment: CommentGroup | null;
}

export interface OperationTypeDefinition {
  Operation: string;
  Type: string;
  Position?: Position;
  Comment: CommentGroup | null;
}

export interface SchemaDefinition {
  Description: string;
  Directives: Directive[] | null;
  OperationTypes: OperationTypeDefinition[] | null;
  Position?: Position;
  BeforeDescriptionComment: CommentGroup | null;
  AfterDescriptionComment: CommentGroup | null;
  EndOfDefinitionComment: CommentGroup | null;
}

export interface SchemaDocument {
  Schema: SchemaDefinition[] | null;
  SchemaExtension: SchemaDefinition[] | null;
  Directives: DirectiveDefinition[] | null;
  Definitions: Definition[] | null;
  Extensions: Definition[] | null;
  Position?: Position;
  Comment: CommentGroup | null;
}

/** `Type.String()` in gqlparser: `[Int!]!`. */
export const typeString = (t: GqlType): string =>
  (t.NamedType !== '' ? t.NamedType : `[${t.Elem ? typeString(t.Elem) : ''}]`) + (t.NonNull ? '!' : '');

/** `Type.Name()`: the innermost named type. */
export const typeName = (t: GqlType): string => (t.NamedType !== '' || !t.Elem ? t.NamedType : typeName(t.Elem));
