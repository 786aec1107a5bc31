import { describe, expect, it } from '@jest/globals';
import { evaluatePolicy } from '../../src/policy/evaluate-policy.js';
import { BuiltinError, typeError } from '../../src/policy/rego/builtin.js';
import { SHIPPED_POLICIES, shippedPolicyInputs } from '../../src/bench/shipped-policy-inputs.js';

// Builtin errors are cheap, stackless throws (src/policy/rego/builtin.ts) that the evaluator
// catches. Whatever way they are raised, a failing builtin must never yield a value, so nothing
// built on it can allow: outside strict mode the expression is undefined (as in OPA), in strict
// mode the decision is an error, which denies.
const policy = `package t
import rego.v1

default allow := false

# Every branch needs the failing builtin to produce something.
allow if lower(input.name) == "alice"

allow if {
	x := upper(input.name)
	is_string(x)
}

allow if count([y | y := trim_space(input.name)]) > 0

allow if glob.match(input.pattern, ["/"], "a")

allow if object.get({"k": lower(input.name)}, "k", "fallback") != "fallback"

# A deny rule that needs the builtin's value stays silent instead of inventing one.
deny contains msg if {
	msg := sprintf("name %s", [lower(input.name)])
	input.deny_too
}

value := lower(input.name)
`;
const modules = [{ file: 't.rego', source: policy }];
// A number where a string is expected (eval_type_error) and a glob that does not compile (eval_builtin_error).
const bad = { name: 5, pattern: '[', deny_too: true };

describe('builtin errors fail closed', () => {
  it('make the expression undefined, never a value: nothing built on them allows', () => {
    for (let i = 0; i < 3; i++) {
      // Repeated: the errors come from a warm evaluator (cached plans, memoised calls).
      const d = evaluatePolicy({ modules, entrypoint: 't', input: bad, also: ['value'] });
      expect(d).toMatchObject({ allow: false, deny: [] });
      expect(d.error).toBeUndefined();
      expect(d.documents).toEqual({});
    }
    // The same policy allows when the builtins succeed, so the denial above is the error's doing.
    const ok = evaluatePolicy({ modules, entrypoint: 't', input: { name: 'Alice', pattern: 'a' }, also: ['value'] });
    expect(ok).toMatchObject({ allow: true, deny: [], documents: { value: 'alice' } });
    expect(evaluatePolicy({ modules, entrypoint: 't', input: { name: 'Alice', deny_too: true } }).deny).toEqual(['name alice']);
  });

  it('deny with the builtin, its code and its message in strict mode', () => {
    const d = evaluatePolicy({ modules, entrypoint: 't', input: bad, strict: true });
    expect(d.allow).toBe(false);
    expect(d.error?.code).toBe('eval_type_error');
    expect(d.deny).toEqual([expect.stringMatching(/^policy error \(eval_type_error\): t\.rego:\d+: eval_type_error: (lower|upper|trim_space): operand 1 must be string but got number$/)]);

    const globOnly = [{ file: 'g.rego', source: 'package g\nimport rego.v1\nallow if glob.match(input.pattern, ["/"], "a")\n' }];
    const glob = evaluatePolicy({ modules: globOnly, entrypoint: 'g', input: { pattern: '[' }, strict: true });
    expect(glob).toMatchObject({ allow: false, error: { code: 'eval_builtin_error' } });
    expect(glob.deny[0]).toMatch(/glob\.match: /);
  });

  it('are still Errors with their code and message, without a captured stack', () => {
    const e = typeError('operand 1 must be string but got number');
    expect(e).toBeInstanceOf(BuiltinError);
    expect(e).toBeInstanceOf(Error);
    expect(e.code).toBe('eval_type_error');
    expect(e.message).toBe('operand 1 must be string but got number');
    expect(e.stack?.split('\n').filter((line) => line.trimStart().startsWith('at '))).toEqual([]);
    // Other errors keep their traces: the limit is restored after construction.
    expect(new Error('x').stack).toMatch(/\n\s+at /);
  });

  it('leave every shipped policy denying its malformed inputs', async () => {
    const { modules: shipped, inputs } = await shippedPolicyInputs();
    for (const pkg of SHIPPED_POLICIES) {
      const malformed = inputs[pkg].filter((c) => c.name.startsWith('malformed.'));
      expect(malformed.length).toBeGreaterThan(0);
      for (const c of malformed) {
        for (const strict of [false, true]) {
          const d = evaluatePolicy({ modules: shipped, entrypoint: `airlock.${pkg}`, input: c.input, strict });
          expect({ pkg, input: c.name, strict, allow: d.allow }).toEqual({ pkg, input: c.name, strict, allow: false });
          expect(d.deny.length).toBeGreaterThan(0);
        }
      }
    }
  });
});
