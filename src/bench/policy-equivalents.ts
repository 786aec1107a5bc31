import type { EquivalentDecision } from './rego-value-semantics.js';
import type { ShippedPolicy } from './shipped-policy-inputs.js';
import { decideEgress } from './egress-policy-equivalent.js';
import { decidePr } from './pr-policy-equivalent.js';
import { decidePush } from './push-policy-equivalent.js';
import { decideSecrets } from './secrets-policy-equivalent.js';
import { decideSts } from './sts-policy-equivalent.js';

/** Bench-only: the hand-written TypeScript equivalent of each shipped policy the bench has one for. */
export const POLICY_EQUIVALENTS: Partial<Record<ShippedPolicy, (input: unknown) => EquivalentDecision>> = {
  sts: decideSts,
  pr: decidePr,
  push: decidePush,
  secrets: decideSecrets,
  egress: decideEgress,
};
