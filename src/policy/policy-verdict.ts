import { RSet, toJSON, type Value } from './rego/value.js';

/** Deny messages in a stable order; a non-string message is shown as JSON. */
const denyMessages = (deny: RSet | Value[]): string[] => {
  const items = deny instanceof RSet ? [...deny.values()] : deny;
  return items.map((m) => (typeof m === 'string' ? m : toJSON(m))).sort();
};

/**
 * Turn the `allow` and `deny` documents into a decision (deny wins; allow must be exactly true).
 * Shared by the embedded backend (evaluate-policy.ts, which re-exports it for the policy bench) and
 * the Action's egress decision (src/action/egress-decision.ts), which must not load the full registry.
 */
export const verdictOf = (allow: Value | undefined, deny: Value | undefined): { allow: boolean; deny: string[] } => {
  if (deny !== undefined && !(deny instanceof RSet) && !Array.isArray(deny)) {
    return { allow: false, deny: [`policy error: deny must be a set or array of messages, got ${toJSON(deny)}`] };
  }
  const messages = deny === undefined ? [] : denyMessages(deny);
  return { allow: allow === true && messages.length === 0, deny: messages };
};
