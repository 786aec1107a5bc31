import {
  ValueKind,
  type Argument,
  type ArgumentDefinition,
  type CommentGroup,
  type Definition,
  type Directive,
  type DirectiveDefinition,
  type EnumValueDefinition,
  type FieldDefinition,
  type FragmentDefinition,
  type GqlType,
  type GqlValue,
  type OperationDefinition,
  type OperationTypeDefinition,
  type Position,
  type QueryDocument,
  type SchemaDefinition,
  type SchemaDocument,
  type Selection,
  type VariableDefinition,
} from './gql-ast.js';
import { goQuote, kindString, Lexer, tokenString, type LexError, type Token, type TokenKind } from './gql-lexer.js';

/**
 * GraphQL query and schema parsing with gqlparser's grammar, AST and error messages
 * (parser/parser.go, parser/query.go, parser/schema.go of https://github.com/vektah/gqlparser,
 * the library OPA's graphql.* builtins use). It differs from graphql-js in what it accepts (a
 * type extension of an undefined type) and in how it words errors ("expected at least one
 * definition, found }"), and OPA's answers depend on both. The first error wins; parsing then
 * unwinds without reporting more.
 */

export interface GqlSyntaxError {
  message: string;
  line: number;
  column: number;
}

export class GqlParseError extends Error {
  constructor(readonly detail: GqlSyntaxError) {
    super(detail.message);
  }
}

interface Described {
  text: string;
  comment: CommentGroup | null;
}

const DIRECTIVE_LOCATIONS = new Set([
  'QUERY',
  'MUTATION',
  'SUBSCRIPTION',
  'FIELD',
  'FRAGMENT_DEFINITION',
  'FRAGMENT_SPREAD',
  'INLINE_FRAGMENT',
  'VARIABLE_DEFINITION',
  'SCHEMA',
  'SCALAR',
  'OBJECT',
  'FIELD_DEFINITION',
  'ARGUMENT_DEFINITION',
  'INTERFACE',
  'UNION',
  'ENUM',
  'ENUM_VALUE',
  'INPUT_OBJECT',
  'INPUT_FIELD_DEFINITION',
]);

const emptyDefinition = (kind: string): Definition => ({
  Kind: kind,
  Description: '',
  Name: '',
  Directives: null,
  Interfaces: null,
  Fields: null,
  Types: null,
  EnumValues: null,
  BuiltIn: false,
  BeforeDescriptionComment: null,
  AfterDescriptionComment: null,
  EndOfDefinitionComment: null,
});

class Parser {
  private readonly lexer: Lexer;
  err: GqlSyntaxError | undefined;
  private peeked = false;
  private peekToken!: Token;
  private peekError: LexError | undefined;
  private prev: Token = { kind: 'Invalid', value: '', pos: { Start: 0, End: 0, Line: 1, Column: 1 } };
  comment: CommentGroup | null = null;
  private commentConsuming = false;

  constructor(input: string) {
    this.lexer = new Lexer(input);
  }

  private consumeCommentGroup(): void {
    if (this.err || this.commentConsuming) return;
    this.commentConsuming = true;
    const list = [];
    for (;;) {
      if (this.err) break;
      const tok = this.peek();
      if (tok.kind !== 'Comment') break;
      this.next();
      list.push({ Value: tok.value, Position: tok.pos });
    }
    this.comment = { List: list };
    this.commentConsuming = false;
  }

  peekPos(): Position | undefined {
    if (this.err) return undefined;
    return { ...this.peek().pos };
  }

  peek(): Token {
    if (this.err) return this.prev;
    if (!this.peeked) {
      const { token, error } = this.lexer.read();
      this.peekToken = token;
      this.peekError = error;
      this.peeked = true;
      if (token.kind === 'Comment') this.consumeCommentGroup();
    }
    return this.peekToken;
  }

  error(tok: Token, message: string): void {
    if (this.err) return;
    this.err = { message, line: tok.pos.Line, column: tok.pos.Column };
  }

  next(): Token {
    if (this.err) return this.prev;
    if (this.peeked) {
      this.peeked = false;
      this.comment = null;
      this.prev = this.peekToken;
      if (this.peekError) this.err = this.peekError;
    } else {
      const { token, error } = this.lexer.read();
      this.prev = token;
      if (error) this.err = error;
      if (token.kind === 'Comment') this.consumeCommentGroup();
    }
    return this.prev;
  }

  expectKeyword(value: string): [Token, CommentGroup | null] {
    const tok = this.peek();
    const comment = this.comment;
    if (tok.kind === 'Name' && tok.value === value) return [this.next(), comment];
    this.error(tok, `Expected ${goQuote(value)}, found ${tokenString(tok)}`);
    return [tok, comment];
  }

  expect(kind: TokenKind): [Token, CommentGroup | null] {
    const tok = this.peek();
    const comment = this.comment;
    if (tok.kind === kind) return [this.next(), comment];
    this.error(tok, `Expected ${kindString(kind)}, found ${kindString(tok.kind)}`);
    return [tok, comment];
  }

  skip(kind: TokenKind): boolean {
    if (this.err) return false;
    if (this.peek().kind !== kind) return false;
    this.next();
    return true;
  }

  unexpectedError(): void {
    this.unexpectedToken(this.peek());
  }

  unexpectedToken(tok: Token): void {
    this.error(tok, `Unexpected ${tokenString(tok)}`);
  }

  many(start: TokenKind, end: TokenKind, cb: () => void): void {
    if (!this.skip(start)) return;
    while (this.peek().kind !== end && !this.err) cb();
    this.next();
  }

  some(start: TokenKind, end: TokenKind, cb: () => void): CommentGroup | null {
    if (!this.skip(start)) return null;
    let called = false;
    while (this.peek().kind !== end && !this.err) {
      called = true;
      cb();
    }
    if (!called) {
      this.error(this.peek(), `expected at least one definition, found ${kindString(this.peek().kind)}`);
      return null;
    }
    const comment = this.comment;
    this.next();
    return comment;
  }

  // ---- shared productions (query.go) ----

  parseName(): string {
    return this.expect('Name')[0].value;
  }

  parseVariable(): string {
    this.expect('Dollar');
    return this.parseName();
  }

  parseOperationType(): string {
    const tok = this.next();
    if (tok.value === 'query' || tok.value === 'mutation' || tok.value === 'subscription') return tok.value;
    this.unexpectedToken(tok);
    return '';
  }

  parseValueLiteral(isConst: boolean): GqlValue | null {
    const token = this.peek();
    let kind: number;
    switch (token.kind) {
      case 'BracketL':
        return this.parseCompound(isConst, 'BracketL', 'BracketR', ValueKind.ListValue, () => ({
          Name: '',
          Value: this.parseValueLiteral(isConst),
          Comment: null,
        }));
      case 'BraceL':
        return this.parseCompound(isConst, 'BraceL', 'BraceR', ValueKind.ObjectValue, () => {
          const Position = this.peekPos();
          const Comment = this.comment;
          const Name = this.parseName();
          this.expect('Colon');
          return { Name, Value: this.parseValueLiteral(isConst), Position, Comment };
        });
      case 'Dollar': {
        if (isConst) {
          this.unexpectedError();
          return null;
        }
        const Comment = this.comment;
        return { Raw: this.parseVariable(), Children: null, Kind: ValueKind.Variable, Position: token.pos, Comment, ExpectedTypeHasDefault: false };
      }
      case 'Int':
        kind = ValueKind.IntValue;
        break;
      case 'Float':
        kind = ValueKind.FloatValue;
        break;
      case 'String':
        kind = ValueKind.StringValue;
        break;
      case 'BlockString':
        kind = ValueKind.BlockValue;
        break;
      case 'Name':
        kind = token.value === 'true' || token.value === 'false' ? ValueKind.BooleanValue : token.value === 'null' ? ValueKind.NullValue : ValueKind.EnumValue;
        break;
      default:
        this.unexpectedError();
        return null;
    }
    this.next();
    return { Raw: token.value, Children: null, Kind: kind, Position: token.pos, Comment: this.comment, ExpectedTypeHasDefault: false };
  }

  private parseCompound(
    _isConst: boolean,
    open: TokenKind,
    close: TokenKind,
    kind: number,
    item: () => { Name: string; Value: GqlValue | null; Position?: Position; Comment: CommentGroup | null },
  ): GqlValue {
    const children: ReturnType<typeof item>[] = [];
    const Position = this.peekPos();
    const Comment = this.comment;
    this.many(open, close, () => children.push(item()));
    return { Raw: '', Children: children.length ? children : null, Kind: kind, Position, Comment, ExpectedTypeHasDefault: false };
  }

  parseArguments(isConst: boolean): Argument[] | null {
    const args: Argument[] = [];
    this.some('ParenL', 'ParenR', () => {
      const Position = this.peekPos();
      const Comment = this.comment;
      const Name = this.parseName();
      this.expect('Colon');
      args.push({ Name, Value: this.parseValueLiteral(isConst), Position, Comment });
    });
    return args.length ? args : null;
  }

  parseDirectives(isConst: boolean): Directive[] | null {
    const dirs: Directive[] = [];
    while (this.peek().kind === 'At') {
      if (this.err) break;
      this.expect('At');
      const Position = this.peekPos();
      dirs.push({ Position, Name: this.parseName(), Arguments: this.parseArguments(isConst), Location: '' });
    }
    return dirs.length ? dirs : null;
  }

  parseTypeReference(): GqlType {
    const typ: GqlType = { NamedType: '', Elem: null, NonNull: false };
    if (this.skip('BracketL')) {
      typ.Position = this.peekPos();
      typ.Elem = this.parseTypeReference();
      this.expect('BracketR');
    } else {
      typ.Position = this.peekPos();
      typ.NamedType = this.parseName();
    }
    if (this.skip('Bang')) typ.NonNull = true;
    return typ;
  }

  // ---- query documents (query.go) ----

  parseQueryDocument(): QueryDocument {
    const doc: QueryDocument = { Operations: null, Fragments: null, Comment: null };
    while (this.peek().kind !== 'EOF') {
      if (this.err) return doc;
      doc.Position = this.peekPos();
      const tok = this.peek();
      if (tok.kind === 'Name' && (tok.value === 'query' || tok.value === 'mutation' || tok.value === 'subscription')) {
        (doc.Operations ??= []).push(this.parseOperationDefinition());
      } else if (tok.kind === 'Name' && tok.value === 'fragment') {
        (doc.Fragments ??= []).push(this.parseFragmentDefinition());
      } else if (tok.kind === 'BraceL') {
        (doc.Operations ??= []).push(this.parseOperationDefinition());
      } else this.unexpectedError();
    }
    return doc;
  }

  private parseOperationDefinition(): OperationDefinition {
    if (this.peek().kind === 'BraceL') {
      const Position = this.peekPos();
      const Comment = this.comment;
      return { Operation: 'query', Name: '', VariableDefinitions: null, Directives: null, SelectionSet: this.parseRequiredSelectionSet(), Position, Comment };
    }
    const Position = this.peekPos();
    const Comment = this.comment;
    const Operation = this.parseOperationType();
    const Name = this.peek().kind === 'Name' ? this.next().value : '';
    const VariableDefinitions = this.parseVariableDefinitions();
    const Directives = this.parseDirectives(false);
    return { Operation, Name, VariableDefinitions, Directives, SelectionSet: this.parseRequiredSelectionSet(), Position, Comment };
  }

  private parseVariableDefinitions(): VariableDefinition[] | null {
    const defs: VariableDefinition[] = [];
    this.some('ParenL', 'ParenR', () => {
      const Position = this.peekPos();
      const Comment = this.comment;
      const Variable = this.parseVariable();
      this.expect('Colon');
      const Type = this.parseTypeReference();
      const DefaultValue = this.skip('Equals') ? this.parseValueLiteral(true) : null;
      defs.push({ Variable, Type, DefaultValue, Directives: this.parseDirectives(false), Position, Comment, Used: false });
    });
    return defs.length ? defs : null;
  }

  private parseSelections(): Selection[] | null {
    const sels: Selection[] = [];
    this.some('BraceL', 'BraceR', () => sels.push(this.parseSelection()));
    return sels.length ? sels : null;
  }

  private parseRequiredSelectionSet(): Selection[] | null {
    if (this.peek().kind !== 'BraceL') {
      this.error(this.peek(), `Expected {, found ${kindString(this.peek().kind)}`);
      return null;
    }
    return this.parseSelections();
  }

  private parseSelection(): Selection {
    if (this.peek().kind === 'Spread') return this.parseFragment();
    const Position = this.peekPos();
    const Comment = this.comment;
    const Alias = this.parseName();
    const Name = this.skip('Colon') ? this.parseName() : Alias;
    const Arguments = this.parseArguments(false);
    const Directives = this.parseDirectives(false);
    const SelectionSet = this.peek().kind === 'BraceL' ? this.parseSelections() : null;
    return { kind: 'Field', Alias, Name, Arguments, Directives, SelectionSet, Position, Comment };
  }

  private parseFragment(): Selection {
    const [, Comment] = this.expect('Spread');
    const peek = this.peek();
    if (peek.kind === 'Name' && peek.value !== 'on') {
      const Position = this.peekPos();
      return { kind: 'FragmentSpread', Position, Comment, Name: this.parseFragmentName(), Directives: this.parseDirectives(false) };
    }
    const Position = this.peekPos();
    let TypeCondition = '';
    if (this.peek().value === 'on') {
      this.next();
      TypeCondition = this.parseName();
    }
    const Directives = this.parseDirectives(false);
    return { kind: 'InlineFragment', TypeCondition, Directives, SelectionSet: this.parseRequiredSelectionSet(), Position, Comment };
  }

  private parseFragmentDefinition(): FragmentDefinition {
    const Position = this.peekPos();
    const Comment = this.comment;
    this.expectKeyword('fragment');
    const Name = this.parseFragmentName();
    const VariableDefinition = this.parseVariableDefinitions();
    this.expectKeyword('on');
    const TypeCondition = this.parseName();
    const Directives = this.parseDirectives(false);
    return { Name, VariableDefinition, TypeCondition, Directives, SelectionSet: this.parseRequiredSelectionSet(), Position, Comment };
  }

  private parseFragmentName(): string {
    if (this.peek().value === 'on') {
      this.unexpectedError();
      return '';
    }
    return this.parseName();
  }

  // ---- schema documents (schema.go) ----

  parseSchemaDocument(): SchemaDocument | null {
    const doc: SchemaDocument = { Schema: null, SchemaExtension: null, Directives: null, Definitions: null, Extensions: null, Comment: null };
    doc.Position = this.peekPos();
    while (this.peek().kind !== 'EOF') {
      if (this.err) return null;
      let description: Described = { text: '', comment: null };
      if (this.peek().kind === 'BlockString' || this.peek().kind === 'String') description = this.parseDescription();
      if (this.peek().kind !== 'Name') {
        this.unexpectedError();
        break;
      }
      switch (this.peek().value) {
        case 'scalar':
        case 'type':
        case 'interface':
        case 'union':
        case 'enum':
        case 'input':
          (doc.Definitions ??= []).push(this.parseTypeSystemDefinition(description));
          break;
        case 'schema':
          (doc.Schema ??= []).push(this.parseSchemaDefinition(description));
          break;
        case 'directive':
          (doc.Directives ??= []).push(this.parseDirectiveDefinition(description));
          break;
        case 'extend':
          if (description.text !== '') this.unexpectedToken(this.prev);
          this.parseTypeSystemExtension(doc);
          break;
        default:
          this.unexpectedError();
          return null;
      }
    }
    doc.Comment = this.comment;
    return doc;
  }

  private parseDescription(): Described {
    const tok = this.peek();
    if (tok.kind !== 'BlockString' && tok.kind !== 'String') return { text: '', comment: null };
    const comment = this.comment;
    return { comment, text: this.next().value };
  }

  /** A definition's head: keyword, position, description and name, as every parse*TypeDefinition does. */
  private definitionHead(keyword: string, kind: string, description: Described): Definition {
    const [, comment] = this.expectKeyword(keyword);
    const def = emptyDefinition(kind);
    def.Position = this.peekPos();
    def.BeforeDescriptionComment = description.comment;
    def.Description = description.text;
    def.AfterDescriptionComment = comment;
    def.Name = this.parseName();
    return def;
  }

  private parseTypeSystemDefinition(description: Described): Definition {
    switch (this.peek().value) {
      case 'scalar': {
        const def = this.definitionHead('scalar', 'SCALAR', description);
        def.Directives = this.parseDirectives(true);
        return def;
      }
      case 'type':
      case 'interface': {
        const isType = this.peek().value === 'type';
        const def = this.definitionHead(isType ? 'type' : 'interface', isType ? 'OBJECT' : 'INTERFACE', description);
        def.Interfaces = this.parseImplementsInterfaces();
        def.Directives = this.parseDirectives(true);
        [def.Fields, def.EndOfDefinitionComment] = this.parseFieldsDefinition();
        return def;
      }
      case 'union': {
        const def = this.definitionHead('union', 'UNION', description);
        def.Directives = this.parseDirectives(true);
        def.Types = this.parseUnionMemberTypes();
        return def;
      }
      case 'enum': {
        const def = this.definitionHead('enum', 'ENUM', description);
        def.Directives = this.parseDirectives(true);
        [def.EnumValues, def.EndOfDefinitionComment] = this.parseEnumValuesDefinition();
        return def;
      }
      default: {
        const def = this.definitionHead('input', 'INPUT_OBJECT', description);
        def.Directives = this.parseDirectives(true);
        [def.Fields, def.EndOfDefinitionComment] = this.parseInputFieldsDefinition();
        return def;
      }
    }
  }

  private parseSchemaDefinition(description: Described): SchemaDefinition {
    const [, comment] = this.expectKeyword('schema');
    const def: SchemaDefinition = {
      Description: description.text,
      Directives: null,
      OperationTypes: null,
      Position: this.peekPos(),
      BeforeDescriptionComment: description.comment,
      AfterDescriptionComment: comment,
      EndOfDefinitionComment: null,
    };
    def.Directives = this.parseDirectives(true);
    def.EndOfDefinitionComment = this.some('BraceL', 'BraceR', () => (def.OperationTypes ??= []).push(this.parseOperationTypeDefinition()));
    return def;
  }

  private parseOperationTypeDefinition(): OperationTypeDefinition {
    const Position = this.peekPos();
    const Comment = this.comment;
    const Operation = this.parseOperationType();
    this.expect('Colon');
    return { Operation, Type: this.parseName(), Position, Comment };
  }

  private parseImplementsInterfaces(): string[] | null {
    if (this.peek().value !== 'implements') return null;
    this.next();
    this.skip('Amp');
    const types = [this.parseName()];
    while (this.skip('Amp') && !this.err) types.push(this.parseName());
    return types;
  }

  private parseFieldsDefinition(): [FieldDefinition[] | null, CommentGroup | null] {
    const defs: FieldDefinition[] = [];
    const comment = this.some('BraceL', 'BraceR', () => defs.push(this.parseFieldDefinition(true)));
    return [defs.length ? defs : null, comment];
  }

  private parseInputFieldsDefinition(): [FieldDefinition[] | null, CommentGroup | null] {
    const defs: FieldDefinition[] = [];
    const comment = this.some('BraceL', 'BraceR', () => defs.push(this.parseFieldDefinition(false)));
    return [defs.length ? defs : null, comment];
  }

  /** A field (with arguments) or an input value (with a default), after its description. */
  private parseFieldDefinition(isField: boolean): FieldDefinition {
    const def: FieldDefinition = {
      Description: '',
      Name: '',
      Arguments: null,
      DefaultValue: null,
      Type: null,
      Directives: null,
      Position: this.peekPos(),
      BeforeDescriptionComment: null,
      AfterDescriptionComment: null,
    };
    const desc = this.parseDescription();
    if (desc.text !== '') {
      def.BeforeDescriptionComment = desc.comment;
      def.Description = desc.text;
    }
    this.peek();
    def.AfterDescriptionComment = this.comment;
    def.Name = this.parseName();
    if (isField) def.Arguments = this.parseArgumentDefs();
    this.expect('Colon');
    def.Type = this.parseTypeReference();
    if (!isField && this.skip('Equals')) def.DefaultValue = this.parseValueLiteral(true);
    def.Directives = this.parseDirectives(true);
    return def;
  }

  private parseArgumentDefs(): ArgumentDefinition[] | null {
    const args: ArgumentDefinition[] = [];
    this.some('ParenL', 'ParenR', () => {
      const def: ArgumentDefinition = {
        Description: '',
        Name: '',
        DefaultValue: null,
        Type: null,
        Directives: null,
        Position: this.peekPos(),
        BeforeDescriptionComment: null,
        AfterDescriptionComment: null,
      };
      const desc = this.parseDescription();
      if (desc.text !== '') {
        def.BeforeDescriptionComment = desc.comment;
        def.Description = desc.text;
      }
      this.peek();
      def.AfterDescriptionComment = this.comment;
      def.Name = this.parseName();
      this.expect('Colon');
      def.Type = this.parseTypeReference();
      if (this.skip('Equals')) def.DefaultValue = this.parseValueLiteral(true);
      def.Directives = this.parseDirectives(true);
      args.push(def);
    });
    return args.length ? args : null;
  }

  private parseUnionMemberTypes(): string[] | null {
    if (!this.skip('Equals')) return null;
    this.skip('Pipe');
    const types = [this.parseName()];
    while (this.skip('Pipe') && !this.err) types.push(this.parseName());
    return types;
  }

  private parseEnumValuesDefinition(): [EnumValueDefinition[] | null, CommentGroup | null] {
    const values: EnumValueDefinition[] = [];
    const comment = this.some('BraceL', 'BraceR', () => {
      const def: EnumValueDefinition = {
        Description: '',
        Name: '',
        Directives: null,
        Position: this.peekPos(),
        BeforeDescriptionComment: null,
        AfterDescriptionComment: null,
      };
      const desc = this.parseDescription();
      if (desc.text !== '') {
        def.BeforeDescriptionComment = desc.comment;
        def.Description = desc.text;
      }
      this.peek();
      def.AfterDescriptionComment = this.comment;
      def.Name = this.parseName();
      def.Directives = this.parseDirectives(true);
      values.push(def);
    });
    return [values.length ? values : null, comment];
  }

  private parseTypeSystemExtension(doc: SchemaDocument): void {
    const [, comment] = this.expectKeyword('extend');
    const keyword = this.peek().value;
    if (keyword === 'schema') {
      (doc.SchemaExtension ??= []).push(this.parseSchemaExtension(comment));
      return;
    }
    const kinds: Record<string, string> = { scalar: 'SCALAR', type: 'OBJECT', interface: 'INTERFACE', union: 'UNION', enum: 'ENUM', input: 'INPUT_OBJECT' };
    const kind = kinds[keyword];
    if (!kind) {
      this.unexpectedError();
      return;
    }
    this.expectKeyword(keyword);
    const def = emptyDefinition(kind);
    def.Position = this.peekPos();
    def.AfterDescriptionComment = comment;
    def.Name = this.parseName();
    let empty: boolean;
    switch (kind) {
      case 'SCALAR':
        def.Directives = this.parseDirectives(true);
        empty = !def.Directives;
        break;
      case 'OBJECT':
        def.Interfaces = this.parseImplementsInterfaces();
        def.Directives = this.parseDirectives(true);
        [def.Fields, def.EndOfDefinitionComment] = this.parseFieldsDefinition();
        empty = !def.Interfaces && !def.Directives && !def.Fields;
        break;
      case 'INTERFACE':
        def.Directives = this.parseDirectives(true);
        [def.Fields, def.EndOfDefinitionComment] = this.parseFieldsDefinition();
        empty = !def.Directives && !def.Fields;
        break;
      case 'UNION':
        def.Directives = this.parseDirectives(true);
        def.Types = this.parseUnionMemberTypes();
        empty = !def.Directives && !def.Types;
        break;
      case 'ENUM':
        def.Directives = this.parseDirectives(true);
        [def.EnumValues, def.EndOfDefinitionComment] = this.parseEnumValuesDefinition();
        empty = !def.Directives && !def.EnumValues;
        break;
      default:
        def.Directives = this.parseDirectives(false);
        [def.Fields, def.EndOfDefinitionComment] = this.parseInputFieldsDefinition();
        empty = !def.Directives && !def.Fields;
    }
    if (empty) this.unexpectedError();
    (doc.Extensions ??= []).push(def);
  }

  private parseSchemaExtension(comment: CommentGroup | null): SchemaDefinition {
    this.expectKeyword('schema');
    const def: SchemaDefinition = {
      Description: '',
      Directives: null,
      OperationTypes: null,
      Position: this.peekPos(),
      BeforeDescriptionComment: null,
      AfterDescriptionComment: comment,
      EndOfDefinitionComment: null,
    };
    def.Directives = this.parseDirectives(true);
    def.EndOfDefinitionComment = this.some('BraceL', 'BraceR', () => (def.OperationTypes ??= []).push(this.parseOperationTypeDefinition()));
    if (!def.Directives && !def.OperationTypes) this.unexpectedError();
    return def;
  }

  private parseDirectiveDefinition(description: Described): DirectiveDefinition {
    const [, comment] = this.expectKeyword('directive');
    this.expect('At');
    const def: DirectiveDefinition = {
      Description: description.text,
      Name: '',
      Arguments: null,
      Locations: null,
      IsRepeatable: false,
      Position: this.peekPos(),
      BeforeDescriptionComment: description.comment,
      AfterDescriptionComment: comment,
    };
    def.Name = this.parseName();
    def.Arguments = this.parseArgumentDefs();
    const peek = this.peek();
    if (peek.kind === 'Name' && peek.value === 'repeatable') {
      def.IsRepeatable = true;
      this.skip('Name');
    }
    this.expectKeyword('on');
    this.skip('Pipe');
    const locations = [this.parseDirectiveLocation()];
    while (this.skip('Pipe') && !this.err) locations.push(this.parseDirectiveLocation());
    def.Locations = locations;
    return def;
  }

  private parseDirectiveLocation(): string {
    const [name] = this.expect('Name');
    if (DIRECTIVE_LOCATIONS.has(name.value)) return name.value;
    this.unexpectedToken(name);
    return '';
  }
}

/** gqlparser's ParseQuery: the document, or the first syntax error. */
export const parseQueryDocument = (input: string): QueryDocument => {
  const p = new Parser(input);
  const doc = p.parseQueryDocument();
  if (p.err) throw new GqlParseError(p.err);
  return doc;
};

/** gqlparser's ParseSchema; `builtIn` marks the definitions of the prelude. */
export const parseSchemaDocument = (input: string, builtIn = false): SchemaDocument => {
  const p = new Parser(input);
  const doc = p.parseSchemaDocument();
  if (p.err || !doc) throw new GqlParseError(p.err ?? { message: 'Unexpected <EOF>', line: 1, column: 1 });
  for (const def of [...(doc.Definitions ?? []), ...(doc.Extensions ?? [])]) def.BuiltIn = builtIn;
  return doc;
};
