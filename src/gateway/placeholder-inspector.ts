import type { InspectBody } from '../egress/egress-proxy.js';
import { KnownValues } from '../scan/known-values.js';

async function* replay(chunks: readonly Buffer[]): AsyncIterable<Buffer> {
  yield* chunks;
}

/**
 * An `inspectBody` hook for the egress proxy that blocks request bodies carrying a placeholder
 * key (or an encoding of one) to any host: placeholders mean something only to the gateway, so
 * one sent elsewhere is an agent probing for a proxy that swaps keys per host (THREATS.md §C 18).
 * `next`, when given, inspects the bodies this lets through.
 */
export function placeholderInspector(
  placeholders: readonly string[],
  next?: InspectBody,
): InspectBody {
  const values = new KnownValues(
    placeholders.map((value) => ({ value, label: 'llm-placeholder' })),
  );
  return async (body, request) => {
    const chunks: Buffer[] = [];
    for await (const c of body) chunks.push(c);
    const text = Buffer.concat(chunks).toString('latin1');
    let found = false;
    values.find(text, 0, text.length, () => (found = true));
    if (found) return { verdict: 'block', reason: 'llm-placeholder' };
    return next ? next(replay(chunks), request) : { verdict: 'allow' };
  };
}
