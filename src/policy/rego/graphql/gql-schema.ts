import {
  typeName,
  typeString,
  type ArgumentDefinition,
  type Definition,
  type Directive,
  type DirectiveDefinition,
  type GqlType,
  type Position,
  type SchemaDocument,
} from './gql-ast.js';
import { parseSchemaDocument } from './gql-parser.js';
import { PRELUDE_SDL } from './gql-prelude.js';

/**
 * A schema document checked and merged into a schema the way OPA does it (topdown/graphql.go
 * convertSchema): the prelude merged in front, then gqlparser's ValidateSchemaDocument
 * (validator/schema.go of https://github.com/vektah/gqlparser). Its rules are gqlparser's, not
 * graphql-js's: extending an undeclared type declares it, a schema without a query type is
 * valid, the first problem found (types in name order) is the one reported.
 */

export interface GqlSchema {
  query: Definition | undefined;
  mutation: Definition | undefined;
  subscription: Definition | undefined;
  types: Map<string, Definition>;
  directives: Map<string, DirectiveDefinition>;
}

export class GqlSchemaError extends Error {
  constructor(
    readonly detail: string,
    readonly position: Position | undefined,
  ) {
    super(detail);
  }
}

const fail = (pos: Position | undefined, message: string): never => {
  throw new GqlSchemaError(message, pos);
};

const quote = (s: string): string => JSON.stringify(s);

const concat = <T>(a: T[] | null, b: T[] | null): T[] | null => (a?.length || b?.length ? [...(a ?? []), ...(b ?? [])] : null);

const isInputKind = (k: string): boolean => k === 'SCALAR' || k === 'ENUM' || k === 'INPUT_OBJECT';

const BUILTIN_DIRECTIVES = new Set(['include', 'skip', 'deprecated', 'specifiedBy', 'defer', 'oneOf']);

let prelude: SchemaDocument | undefined;

/** The prelude, parsed once; never mutated (validation works on copies). */
const preludeDocument = (): SchemaDocument => (prelude ??= parseSchemaDocument(PRELUDE_SDL, true));

class SchemaValidator {
  readonly types = new Map<string, Definition>();
  readonly directives = new Map<string, DirectiveDefinition>();
  readonly possibleTypes = new Map<string, Definition[]>();

  private validateName(pos: Position | undefined, name: string): void {
    if (name.startsWith('__')) fail(pos, `Name "${name}" must not begin with "__", which is reserved by GraphQL introspection.`);
  }

  private validateTypeRef(t: GqlType | null): void {
    const name = t ? typeName(t) : '';
    if (!this.types.has(name)) fail(t?.Position, `Undefined type ${name}.`);
  }

  validateDirectives(dirs: Directive[] | null, location: string, current: DirectiveDefinition | undefined): void {
    for (const dir of dirs ?? []) {
      this.validateName(dir.Position, dir.Name);
      if (current && dir.Name === current.Name) fail(dir.Position, `Directive ${current.Name} cannot refer to itself.`);
      const def = this.directives.get(dir.Name);
      if (!def) return fail(dir.Position, `Undefined directive ${dir.Name}.`);
      if (!(def.Locations ?? []).includes(location)) fail(dir.Position, `Directive ${dir.Name} is not applicable on ${location}.`);
      for (const arg of dir.Arguments ?? []) {
        if (!(def.Arguments ?? []).some((a) => a.Name === arg.Name)) fail(arg.Position, `Undefined argument ${arg.Name} for directive ${dir.Name}.`);
      }
      for (const schemaArg of def.Arguments ?? []) {
        if (schemaArg.Type?.NonNull && !schemaArg.DefaultValue) {
          const arg = (dir.Arguments ?? []).find((a) => a.Name === schemaArg.Name);
          if (!arg || arg.Value?.Kind === 6) fail(dir.Position, `Argument ${schemaArg.Name} for directive ${dir.Name} cannot be null.`);
        }
      }
    }
  }

  private validateArgs(args: ArgumentDefinition[] | null, current: DirectiveDefinition | undefined): void {
    for (const arg of args ?? []) {
      this.validateName(arg.Position, arg.Name);
      this.validateTypeRef(arg.Type);
      const def = this.types.get(typeName(arg.Type!))!;
      if (!isInputKind(def.Kind)) fail(arg.Position, `cannot use ${typeString(arg.Type!)} as argument ${arg.Name} because ${def.Kind} is not a valid input type`);
      this.validateDirectives(arg.Directives, 'ARGUMENT_DEFINITION', current);
    }
  }

  private isCovariant(required: GqlType | null, actual: GqlType | null): boolean {
    if (!required || !actual) return false;
    if (required.NonNull && !actual.NonNull) return false;
    if (required.NamedType !== '') {
      if (required.NamedType === actual.NamedType) return true;
      return (this.possibleTypes.get(required.NamedType) ?? []).some((pt) => pt.Name === actual.NamedType);
    }
    if (required.Elem && !actual.Elem) return false;
    return this.isCovariant(required.Elem, actual.Elem);
  }

  private validateImplements(def: Definition, intfName: string): void {
    const intf = this.types.get(intfName);
    if (!intf) return fail(def.Position, `Undefined type ${quote(intfName)}.`);
    if (intf.Kind !== 'INTERFACE') fail(def.Position, `${quote(intfName)} is a non interface type ${intf.Kind}.`);
    for (const required of intf.Fields ?? []) {
      const found = (def.Fields ?? []).find((f) => f.Name === required.Name);
      if (!found) return fail(def.Position, `For ${def.Name} to implement ${intf.Name} it must have a field called ${required.Name}.`);
      if (!this.isCovariant(required.Type, found.Type)) {
        fail(found.Position, `For ${def.Name} to implement ${intf.Name} the field ${required.Name} must have type ${required.Type ? typeString(required.Type) : ''}.`);
      }
      for (const requiredArg of required.Arguments ?? []) {
        const foundArg = (found.Arguments ?? []).find((a) => a.Name === requiredArg.Name);
        if (!foundArg) {
          return fail(found.Position, `For ${def.Name} to implement ${intf.Name} the field ${required.Name} must have the same arguments but it is missing ${requiredArg.Name}.`);
        }
        if (!compatible(requiredArg.Type, foundArg.Type)) {
          fail(foundArg.Position, `For ${def.Name} to implement ${intf.Name} the field ${required.Name} must have the same arguments but ${requiredArg.Name} has the wrong type.`);
        }
      }
      for (const extra of found.Arguments ?? []) {
        if (!(required.Arguments ?? []).some((a) => a.Name === extra.Name) && extra.Type?.NonNull && !extra.DefaultValue) {
          fail(
            extra.Position,
            `For ${def.Name} to implement ${intf.Name} any additional arguments on ${found.Name} must be optional or have a default value but ${extra.Name} is required.`,
          );
        }
      }
    }
    for (const transitive of intf.Interfaces ?? []) {
      if (!(def.Interfaces ?? []).includes(transitive)) {
        if (transitive === def.Name) fail(def.Position, `Type ${def.Name} cannot implement ${intfName} because it would create a circular reference.`);
        fail(def.Position, `Type ${def.Name} must implement ${transitive} because it is implemented by ${intfName}.`);
      }
    }
  }

  validateDefinition(def: Definition): void {
    for (const field of def.Fields ?? []) {
      this.validateName(field.Position, field.Name);
      this.validateTypeRef(field.Type);
      this.validateArgs(field.Arguments, undefined);
      this.validateDirectives(field.Directives, def.Kind === 'INPUT_OBJECT' ? 'INPUT_FIELD_DEFINITION' : 'FIELD_DEFINITION', undefined);
    }
    for (const t of def.Types ?? []) {
      const member = this.types.get(t);
      if (!member) return fail(def.Position, `Undefined type ${quote(t)}.`);
      if (member.Kind !== 'OBJECT') fail(def.Position, `${def.Kind} type ${quote(t)} must be OBJECT.`);
    }
    for (const intf of def.Interfaces ?? []) this.validateImplements(def, intf);
    const fieldKind = (name: string): string | undefined => this.types.get(name)?.Kind;
    switch (def.Kind) {
      case 'OBJECT':
      case 'INTERFACE':
        if (!def.Fields?.length) fail(def.Position, `${def.Kind} ${def.Name}: must define one or more fields.`);
        for (const field of def.Fields ?? []) {
          const k = fieldKind(typeName(field.Type!));
          if (k !== undefined && !['SCALAR', 'OBJECT', 'INTERFACE', 'UNION', 'ENUM'].includes(k)) {
            fail(field.Position, `${def.Kind} ${def.Name}: field must be one of SCALAR, OBJECT, INTERFACE, UNION, ENUM.`);
          }
        }
        break;
      case 'ENUM':
        if (!def.EnumValues?.length) fail(def.Position, `${def.Kind} ${def.Name}: must define one or more unique enum values.`);
        for (const v of def.EnumValues ?? []) {
          if (v.Name === 'true' || v.Name === 'false' || v.Name === 'null') fail(def.Position, `${def.Kind} ${def.Name}: non-enum value ${v.Name}.`);
          this.validateDirectives(v.Directives, 'ENUM_VALUE', undefined);
        }
        break;
      case 'INPUT_OBJECT':
        if (!def.Fields?.length) fail(def.Position, `${def.Kind} ${def.Name}: must define one or more input fields.`);
        for (const field of def.Fields ?? []) {
          const k = fieldKind(typeName(field.Type!));
          if (k !== undefined && !isInputKind(k)) fail(field.Position, `${k} ${field.Name}: field must be one of SCALAR, ENUM, INPUT_OBJECT.`);
        }
        break;
      default:
        break;
    }
    const fields = def.Fields ?? [];
    for (let i = 0; i < fields.length; i++) {
      for (const other of fields.slice(i + 1)) {
        if (fields[i]!.Name === other.Name) fail(other.Position, `Field ${def.Name}.${other.Name} can only be defined once.`);
      }
    }
    if (!def.BuiltIn) this.validateName(def.Position, def.Name);
    this.validateDirectives(def.Directives, def.Kind, undefined);
  }

  validateDirectiveDefinition(def: DirectiveDefinition): void {
    this.validateName(def.Position, def.Name);
    this.validateArgs(def.Arguments, def);
  }
}

/** gqlparser's Type.IsCompatible. */
const compatible = (t: GqlType | null, other: GqlType | null): boolean => {
  if (!t || !other) return t === other;
  if (t.NamedType !== other.NamedType) return false;
  if (t.Elem && !other.Elem) return false;
  if (t.Elem && !compatible(t.Elem, other.Elem)) return false;
  return other.NonNull ? t.NonNull : true;
};

/** Go's sort.Strings: byte order, which for names (ASCII) is code-unit order. */
const sortedKeys = <T>(m: Map<string, T>): string[] => [...m.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/**
 * convertSchema: the prelude and `doc` merged and validated. `doc` is not modified (gqlparser
 * appends extensions into the definitions it was given; we do that on copies).
 */
export const buildSchema = (doc: SchemaDocument): GqlSchema => {
  const base = preludeDocument();
  const merged = {
    Schema: [...(base.Schema ?? []), ...(doc.Schema ?? [])],
    SchemaExtension: [...(base.SchemaExtension ?? []), ...(doc.SchemaExtension ?? [])],
    Directives: [...(base.Directives ?? []), ...(doc.Directives ?? [])],
    Definitions: [...(base.Definitions ?? []), ...(doc.Definitions ?? [])].map((d) => ({ ...d })),
    Extensions: [...(base.Extensions ?? []), ...(doc.Extensions ?? [])],
  };
  const v = new SchemaValidator();
  for (const def of merged.Definitions) {
    if (v.types.has(def.Name)) fail(def.Position, `Cannot redeclare type ${def.Name}.`);
    v.types.set(def.Name, def);
  }
  const defs = [...merged.Definitions];
  for (const ext of merged.Extensions) {
    let def = v.types.get(ext.Name);
    if (!def) {
      def = { ...ext, Description: '', Directives: null, Interfaces: null, Fields: null, Types: null, EnumValues: null };
      v.types.set(ext.Name, def);
      defs.push(def);
    }
    if (def.Kind !== ext.Kind) fail(ext.Position, `Cannot extend type ${ext.Name} because the base type is a ${def.Kind}, not ${ext.Kind}.`);
    def.Directives = concat(def.Directives, ext.Directives);
    def.Interfaces = concat(def.Interfaces, ext.Interfaces);
    def.Fields = concat(def.Fields, ext.Fields);
    def.Types = concat(def.Types, ext.Types);
    def.EnumValues = concat(def.EnumValues, ext.EnumValues);
  }
  const addPossible = (name: string, def: Definition | undefined): void => {
    if (def) v.possibleTypes.set(name, [...(v.possibleTypes.get(name) ?? []), def]);
  };
  for (const def of defs) {
    if (def.Kind === 'UNION') for (const t of def.Types ?? []) addPossible(def.Name, v.types.get(t));
    if (def.Kind === 'OBJECT' || def.Kind === 'INPUT_OBJECT' || def.Kind === 'INTERFACE') {
      for (const intf of def.Interfaces ?? []) addPossible(intf, def);
      if (def.Kind !== 'INTERFACE') addPossible(def.Name, def);
    }
  }
  for (const dir of merged.Directives) {
    if (v.directives.has(dir.Name) && !BUILTIN_DIRECTIVES.has(dir.Name)) fail(dir.Position, `Cannot redeclare directive ${dir.Name}.`);
    v.directives.set(dir.Name, dir);
  }
  const schema: GqlSchema = { query: undefined, mutation: undefined, subscription: undefined, types: v.types, directives: v.directives };
  if (merged.Schema.length > 1) fail(merged.Schema[1]!.Position, 'Cannot have multiple schema entry points, consider schema extensions instead.');
  for (const entry of [...merged.Schema, ...merged.SchemaExtension]) {
    for (const op of entry.OperationTypes ?? []) {
      const def = v.types.get(op.Type);
      if (!def) return fail(op.Position, `Schema root ${op.Operation} refers to a type ${op.Type} that does not exist.`);
      if (op.Operation === 'query') schema.query = def;
      else if (op.Operation === 'mutation') schema.mutation = def;
      else if (op.Operation === 'subscription') schema.subscription = def;
    }
    v.validateDirectives(entry.Directives, 'SCHEMA', undefined);
  }
  for (const name of sortedKeys(v.types)) v.validateDefinition(v.types.get(name)!);
  for (const name of sortedKeys(v.directives)) v.validateDirectiveDefinition(v.directives.get(name)!);
  if (merged.Schema.length === 0) {
    schema.query ??= v.types.get('Query');
    schema.mutation ??= v.types.get('Mutation');
    schema.subscription ??= v.types.get('Subscription');
  }
  return schema;
};
