/**
 * The rules a caller asked for beside allow and deny (`DecisionRequest.also`), read from a
 * package's document as an OPA server or a wasm policy returns it: a rule that is undefined there
 * is absent, as the embedded evaluator leaves it out. Not a decision: `allow` and `deny` alone
 * decide, so a document that is not an object simply yields none.
 */
export function alsoDocuments(packageDocument: unknown, also: readonly string[] | undefined): { documents?: Record<string, unknown> } {
  if (!also?.length) return {};
  const doc = typeof packageDocument === 'object' && packageDocument !== null && !Array.isArray(packageDocument) ? (packageDocument as Record<string, unknown>) : {};
  return { documents: Object.fromEntries(also.flatMap((rule) => (Object.hasOwn(doc, rule) && doc[rule] !== undefined ? [[rule, doc[rule]]] : []))) };
}
