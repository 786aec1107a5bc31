import { fromJS, toJSON } from '../rego/value.js';
import { PolicyBackendError } from './policy-backend-error.js';

export interface Verdict {
  allow: boolean;
  deny: string[];
}

/** A value as OPA prints it (sorted keys, exact integers): the embedded evaluator's rendering. */
const asRegoJSON = (x: unknown): string => toJSON(fromJS(x));

const describe = (x: unknown): string => {
  const text = asRegoJSON(x);
  return text.length > 200 ? `${text.slice(0, 200)}...` : text;
};

/**
 * A package's document as JSON (`{"allow": ..., "deny": [...], ...}`, sets arrive as arrays) to a
 * verdict with the embedded evaluator's semantics: `deny` absent means no messages, non-string
 * messages become their JSON as OPA prints it, messages are sorted, and `allow` must be exactly true
 * with no messages. Anything that is not such a document throws `backend_malformed_result`.
 */
export const readDecisionDocument = (doc: unknown, where: string): Verdict => {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new PolicyBackendError(
      'backend_malformed_result',
      `${where} is not a package document with allow and deny, got ${describe(doc)}`,
    );
  }
  const { allow, deny } = doc as { allow?: unknown; deny?: unknown };
  if (allow !== undefined && typeof allow !== 'boolean') {
    throw new PolicyBackendError(
      'backend_malformed_result',
      `${where}: allow must be true or false, got ${describe(allow)}`,
    );
  }
  if (deny !== undefined && !Array.isArray(deny)) {
    throw new PolicyBackendError(
      'backend_malformed_result',
      `${where}: deny must be a set or array of messages, got ${describe(deny)}`,
    );
  }
  const messages = (deny ?? [])
    .map((m: unknown) => (typeof m === 'string' ? m : asRegoJSON(m)))
    .sort();
  return { allow: allow === true && messages.length === 0, deny: messages };
};
