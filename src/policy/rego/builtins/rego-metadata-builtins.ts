import type { BuiltinTable } from '../builtin.js';
import { RObject } from '../value.js';

/**
 * rego.metadata.chain() and rego.metadata.rule() where no rule encloses the call (a query): no
 * annotations apply. Inside a rule the compiler replaces both calls with that rule's metadata,
 * as OPA's compiler does (metadata-chain.ts).
 * https://www.openpolicyagent.org/docs/policy-reference/#rego
 */
export const regoMetadataBuiltins: BuiltinTable = {
  'rego.metadata.chain': { arity: 0, fn: () => [] },
  'rego.metadata.rule': { arity: 0, fn: () => new RObject() },
};
