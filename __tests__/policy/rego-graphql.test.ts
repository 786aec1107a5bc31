import { describe, expect, it } from '@jest/globals';
import { RegoPolicy } from '../../src/policy/rego/rego-policy.js';
import { fromJS, toJS } from '../../src/policy/rego/value.js';

// graphql.* with OPA's semantics: gqlparser's AST shape and error wording, its schema rules
// (extensions of undeclared types, no required query type), queries checked against the schema.
const evalQuery = (query: string, input: unknown = {}, strict = false): unknown => {
  const rows = RegoPolicy.compile([]).query(`x = ${query}`, { input: fromJS(input), strict });
  return rows.length ? toJS(rows[0]!.get('x')!) : undefined;
};

const schema = `
  type Query { employee(id: ID!): Employee  employees(first: Int = 10): [Employee!]! }
  type Employee { id: ID!  salary: Int  manager: Employee }
  extend type Query { me: Employee }
`;

describe('graphql builtins', () => {
  it('returns the query AST with gqlparser field names, zero values kept and nulls pruned', () => {
    const ast = evalQuery('graphql.parse_query(input.q)', { q: 'query Q($id: ID! = "a") { boss: employee(id: $id) { ... on Employee { salary } ...F } }' });
    expect(ast).toEqual({
      Operations: [
        {
          Name: 'Q',
          Operation: 'query',
          VariableDefinitions: [
            { Variable: 'id', Type: { NamedType: 'ID', NonNull: true }, DefaultValue: { Kind: 3, Raw: 'a', ExpectedTypeHasDefault: false }, Used: false },
          ],
          SelectionSet: [
            {
              Alias: 'boss',
              Name: 'employee',
              Arguments: [{ Name: 'id', Value: { Kind: 0, Raw: 'id', ExpectedTypeHasDefault: false } }],
              SelectionSet: [{ TypeCondition: 'Employee', SelectionSet: [{ Alias: 'salary', Name: 'salary' }] }, { Name: 'F' }],
            },
          ],
        },
      ],
    });
  });

  it("reports gqlparser's syntax errors with OPA's location suffix", () => {
    expect(() => evalQuery('graphql.parse_query("{ a(x: ) }")', {}, true)).toThrow('graphql.parse_query: Unexpected ) in GraphQL string at location 1:8');
    expect(() => evalQuery('graphql.parse_schema("enum E {}")', {}, true)).toThrow('expected at least one definition, found } in GraphQL string at location 1:9');
    expect(() => evalQuery('graphql.parse_schema("union U = A || B")', {}, true)).toThrow('Expected Name, found | in GraphQL string at location 1:14');
  });

  it('checks schemas with gqlparser rules', () => {
    const valid = (s: unknown) => evalQuery('graphql.schema_is_valid(input.s)', { s });
    expect(valid(schema)).toBe(true);
    expect(valid('extend type User { id: ID! }')).toBe(true);
    expect(valid('type A { b: B }')).toBe(false);
    expect(valid('type Query { a: Int } type Query { b: Int }')).toBe(false);
    expect(valid('input I { o: O } type O { x: Int }')).toBe(false);
    expect(valid('type T implements I { x: Int } interface I { y: Int }')).toBe(false);
    expect(valid(42)).toBe(false);
  });

  it('validates queries against the schema', () => {
    const ok = (q: string) => evalQuery('graphql.is_valid(input.q, input.s)', { q, s: schema });
    expect(ok('{ me { id manager { salary } } employees { id } }')).toBe(true);
    expect(ok('query($id: ID!) { employee(id: $id) { id } }')).toBe(true);
    expect(ok('{ me { nope } }')).toBe(false);
    expect(ok('{ employee { id } }')).toBe(false);
    expect(ok('{ me }')).toBe(false);
    expect(ok('query($unused: Int) { me { id } }')).toBe(false);
    expect(ok('mutation { me { id } }')).toBe(false);
    // gqlparser takes any Int literal that fits in 64 bits; graphql-js alone would want 32.
    expect(ok('{ employees(first: 3000000000) { id } }')).toBe(true);
    expect(ok('{ employees(first: 30000000000000000000) { id } }')).toBe(false);
  });

  it('raises the first validation error from graphql.parse and reports failure from parse_and_verify', () => {
    expect(() => evalQuery('graphql.parse(input.q, input.s)', { q: '{\n  employee { id }\n}', s: schema }, true)).toThrow(
      'graphql.parse: Field "employee" argument "id" of type "ID!" is required, but it was not provided in GraphQL string at location 2:3',
    );
    expect(evalQuery('graphql.parse_and_verify(input.q, input.s)', { q: '{ me { nope } }', s: schema })).toEqual([false, {}, {}]);
    expect(() => evalQuery('graphql.parse(input.q, input.s)', { q: '{ a }', s: 'type Query { a: Int } type Query { b: Int }' }, true)).toThrow(
      'Error in gqlparser SchemaDocument to Schema conversion: input:1:28: Cannot redeclare type Query.',
    );
  });

  it("places validation errors where gqlparser does: an unknown argument at its field, a duplicate at the repeat", () => {
    const parseError = (q: string) => () => evalQuery('graphql.parse(input.q, input.s)', { q, s: schema }, true);
    expect(parseError('{\n  me {\n    id(x: 1)\n  }\n}')).toThrow('Unknown argument "x" on field "Employee.id" in GraphQL string at location 3:5');
    expect(parseError('query($a: ID!, $a: ID!) { employee(id: $a) { id } }')).toThrow('There can be only one variable named "$a" in GraphQL string at location 1:16');
  });

  it('accepts AST objects back, as OPA decodes them into gqlparser structs', () => {
    const out = evalQuery('graphql.parse_and_verify(graphql.parse_query(input.q), graphql.parse_schema(input.s))', { q: '{ me { id } }', s: schema }) as unknown[];
    expect(out[0]).toBe(true);
    expect(out[1]).toEqual(evalQuery('graphql.parse_query(input.q)', { q: '{ me { id } }' }));
    expect(out[2]).toEqual(evalQuery('graphql.parse_schema(input.s)', { s: schema }));
  });
});
