import { loadPolicyFiles } from '../policy/load-policy-files.js';
import { policyDir } from '../policy/policy-modules.js';
import type { ModuleSource } from '../policy/rego/rego-policy.js';
import { RegoPolicy } from '../policy/rego/rego-policy.js';
import { toJS } from '../policy/rego/value.js';

/** The shipped policy packages the policy bench measures, by the short name their files carry. */
export const SHIPPED_POLICIES = ['sts', 'pr', 'push', 'secrets', 'egress'] as const;
export type ShippedPolicy = (typeof SHIPPED_POLICIES)[number];

export interface ShippedPolicyInputs {
  /** The shipped modules, tests left out: what the App and the Action decide with. */
  readonly modules: ModuleSource[];
  /** Every input each package's Rego tests use (`inputs` and `malformed` of `airlock.<name>_test`), by package. */
  readonly inputs: Readonly<Record<ShippedPolicy, readonly { name: string; input: unknown }[]>>;
}

/**
 * The shipped policies (policies/ at the package root, or AIRLOCK_POLICY_DIR) and their own test
 * inputs: each test package lists every input its tests use in its `inputs` and `malformed`
 * documents (policies/*_test.rego), so the bench decides exactly what `airlock policy test` checks.
 */
export async function shippedPolicyInputs(env: NodeJS.ProcessEnv = process.env): Promise<ShippedPolicyInputs> {
  const files = await loadPolicyFiles([policyDir(env)]);
  const withTests = RegoPolicy.compile(files.modules);
  const inputs = {} as Record<ShippedPolicy, { name: string; input: unknown }[]>;
  for (const pkg of SHIPPED_POLICIES) {
    inputs[pkg] = [];
    for (const set of ['inputs', 'malformed']) {
      const [doc] = withTests.documents([['airlock', `${pkg}_test`, set]], { data: files.data });
      if (doc === undefined) throw new Error(`data.airlock.${pkg}_test.${set} is undefined; every shipped policy's test file lists the inputs its tests use there`);
      // As the App meets its inputs: parsed from JSON (a request body, GitHub's answers), not the
      // evaluator's own strings (interned policy literals, uniform-shape.ts, which the input digest's
      // canonical writer read about half again slower).
      for (const [name, input] of Object.entries(toJS(doc) as Record<string, unknown>)) inputs[pkg].push({ name: `${set}.${name}`, input: JSON.parse(JSON.stringify(input)) as unknown });
    }
  }
  return { modules: files.modules.filter((m) => !m.file.endsWith('_test.rego')), inputs };
}
