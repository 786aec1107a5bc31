import { describe, expect, it } from '@jest/globals';
import { RegoPolicy } from '../../src/policy/rego/rego-policy.js';
import { toJS } from '../../src/policy/rego/value.js';

// rego.metadata.chain() and rego.metadata.rule() read `# METADATA` annotations as OPA does.
const evalRule = (modules: string[], ref: string): unknown => {
  const policy = RegoPolicy.compile(modules.map((source, i) => ({ file: `m${i}.rego`, source })));
  const rows = policy.query(`x = ${ref}`, {});
  return rows.length ? toJS(rows[0]!.get('x')!) : undefined;
};

describe('rego.metadata', () => {
  it('chains rule, document, package and subpackages annotations, closest first', () => {
    const root = `# METADATA
# scope: subpackages
# organizations: [Acme]
package acme
`;
    const mod = `# METADATA
# title: Deploy rules
package acme.deploy

# METADATA
# scope: document
# description: Whether a deploy is allowed
# entrypoint: true

# METADATA
# title: the default
# authors:
# - Jane Doe <jane@example.com>
# - name: Ops
# related_resources:
# - https://example.com/runbook
allow := rego.metadata.chain()

r := rego.metadata.rule()
`;
    expect(evalRule([root, mod], 'data.acme.deploy.allow')).toEqual([
      {
        path: ['acme', 'deploy', 'allow'],
        annotations: {
          scope: 'rule',
          title: 'the default',
          authors: [{ name: 'Jane Doe', email: 'jane@example.com' }, { name: 'Ops' }],
          related_resources: [{ ref: 'https://example.com/runbook' }],
        },
      },
      { path: ['acme', 'deploy', 'allow'], annotations: { scope: 'document', description: 'Whether a deploy is allowed', entrypoint: true } },
      { path: ['acme', 'deploy'], annotations: { scope: 'package', title: 'Deploy rules' } },
      { path: ['acme'], annotations: { scope: 'subpackages', organizations: ['Acme'] } },
    ]);
    expect(evalRule([root, mod], 'data.acme.deploy.r')).toEqual({});
  });

  it('gives an unannotated rule one entry without annotations, and an empty object from rule()', () => {
    expect(evalRule(['package t\n\np := rego.metadata.chain()\nq := rego.metadata.rule()\n'], 'data.t')).toEqual({ p: [{ path: ['t', 'p'] }], q: {} });
  });

  it('refuses annotations whose scope does not fit the statement they precede', () => {
    expect(() => evalRule(['# METADATA\n# scope: rule\npackage t\n'], 'data.t')).toThrow(/annotation scope 'rule' must be applied to rule/);
    expect(() => evalRule(['package t\n\n# METADATA\n# scope: everywhere\np := 1\n'], 'data.t')).toThrow(/invalid annotation scope 'everywhere'/);
  });
});
