import path from 'node:path';
import { loadPolicyFiles, type PolicyFiles } from '../../src/policy/load-policy-files.js';
import { RegoPolicy } from '../../src/policy/rego/rego-policy.js';
import { toJS } from '../../src/policy/rego/value.js';

/** The default policy packages under `policies/`, by the short name their files carry. */
export const DEFAULT_PACKAGES = ['sts', 'push', 'pr', 'secrets', 'egress', 'containment'] as const;
export type DefaultPackage = (typeof DEFAULT_PACKAGES)[number];

export const POLICIES_DIR = path.join(process.cwd(), 'policies');

export interface PolicyCase {
  pkg: DefaultPackage;
  /** `airlock.<pkg>` */
  entrypoint: string;
  name: string;
  input: unknown;
  /** From the test package's `malformed` set: the input schema must reject it. */
  malformed: boolean;
}

export const loadDefaultPolicies = (): Promise<PolicyFiles> => loadPolicyFiles([POLICIES_DIR]);

/**
 * Every input the Rego unit tests use, read from each test package's `inputs` and `malformed`
 * documents (so the jest suites replay exactly what `airlock policy test policies/` checks).
 */
export const defaultPolicyCases = (files: PolicyFiles): PolicyCase[] => {
  const policy = RegoPolicy.compile(files.modules);
  const cases: PolicyCase[] = [];
  for (const pkg of DEFAULT_PACKAGES) {
    for (const set of ['inputs', 'malformed'] as const) {
      const rows = policy.query(`__cases__ = data.airlock.${pkg}_test.${set}`, {
        data: files.data,
      });
      const doc = rows[0]?.get('__cases__');
      if (doc === undefined)
        throw new Error(
          `data.airlock.${pkg}_test.${set} is undefined; every default policy's test file defines it`,
        );
      for (const [name, input] of Object.entries(toJS(doc) as Record<string, unknown>)) {
        cases.push({
          pkg,
          entrypoint: `airlock.${pkg}`,
          name,
          input,
          malformed: set === 'malformed',
        });
      }
    }
  }
  return cases;
};
