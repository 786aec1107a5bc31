import type { IncomingHttpHeaders } from 'node:http';
import type { KnownValues } from '../scan/known-values.js';

/**
 * Whether the request target or any header carries a protected value or one of its encodings
 * (THREATS.md §C 15, 18). Bodies go through the full scanner; this covers what the body scan
 * never sees, and refuses rather than redacts since a header cannot be partly rewritten safely.
 */
export function carriesKnownValue(
  values: KnownValues,
  target: string,
  headers: IncomingHttpHeaders,
): boolean {
  const text = [target, ...Object.entries(headers).map(([k, v]) => `${k}: ${String(v)}`)].join(
    '\n',
  );
  let found = false;
  values.find(text, 0, text.length, () => (found = true));
  return found;
}
