import { describe, expect, it } from '@jest/globals';
import { BUILTINS } from '../../src/policy/rego/builtins/builtin-registry.js';
import { EAGER_BUILTINS } from '../../src/policy/rego/builtins/eager-builtins.js';
import { ON_DEMAND_GROUPS } from '../../src/policy/rego/builtins/on-demand-builtins.js';
import { RegoError } from '../../src/policy/rego/rego-error.js';
import { RegoProgram } from '../../src/policy/rego/rego-program.js';
import { fromJS } from '../../src/policy/rego/value.js';

const SCHEMA = 'type Query { a: String }';
const GRAPHQL = `package t
import rego.v1
valid := graphql.is_valid(input.q, "${SCHEMA}")
fields := [f.Name | some f in graphql.parse(input.q, "${SCHEMA}")[0].Operations[0].SelectionSet]
`;
const PLAIN = 'package t\nimport rego.v1\nupper_host := upper(input.host)\n';

describe('builtins loaded on demand', () => {
  it('each group declares exactly the builtins its module provides, and eager plus on-demand is every builtin', async () => {
    for (const group of ON_DEMAND_GROUPS) expect(Object.keys(await group.load()).sort()).toEqual([...group.names].sort());
    const all = [...Object.keys(EAGER_BUILTINS), ...ON_DEMAND_GROUPS.flatMap((g) => g.names)].sort();
    expect(all).toEqual(Object.keys(BUILTINS).sort());
    expect(new Set(all).size).toBe(all.length);
  });

  it('a policy that calls graphql.parse compiles at once and evaluates once its builtins are loaded', async () => {
    const { program, ready } = RegoProgram.onDemand([{ file: 'gql.rego', source: GRAPHQL }]);
    await ready;
    const [valid, fields] = program.documents([['t', 'valid'], ['t', 'fields']], { input: fromJS({ q: '{ a }' }) });
    expect(valid).toBe(true);
    expect(fields).toEqual(['a']);
  });

  it('before they are loaded, a call to one is an error, never an undefined that a `not` could turn into true', async () => {
    const { program, ready } = RegoProgram.onDemand([{ file: 'gql.rego', source: GRAPHQL }]);
    expect(() => program.documents([['t', 'valid']], { input: fromJS({ q: '{ a }' }) })).toThrow(RegoError);
    await ready;
  });

  it('a policy that calls none loads none: their names are unknown to its queries', async () => {
    const { program, ready } = RegoProgram.onDemand([{ file: 'plain.rego', source: PLAIN }]);
    await ready;
    expect(program.documents([['t', 'upper_host']], { input: fromJS({ host: 'a.example' }) })).toEqual(['A.EXAMPLE']);
    expect(() => program.query('x := regex.match("a", "a")')).toThrow(/regex\.match/);
  });
});
