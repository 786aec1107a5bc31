/** One benchmark target as the `bench` command reports it: where it is in that benchmark's document, and whether it was met. */
export interface TargetOutcome {
  bench: string;
  target: string;
  met: boolean;
}

/**
 * Benchmarks say whether they met their targets under one of these keys, as a boolean or an
 * object of booleans (a backend of the webhooks bench), at any depth.
 */
const VERDICT_KEYS = new Set(['meets_target', 'meets_targets', 'targets_met']);

/** Every target verdict in a benchmark's JSON documents, by its path in the document. */
export function collectTargets(bench: string, documents: readonly unknown[]): TargetOutcome[] {
  const found: TargetOutcome[] = [];
  const walk = (value: unknown, path: string, verdict: boolean) => {
    if (typeof value === 'boolean') {
      if (verdict) found.push({ bench, target: path, met: value });
      return;
    }
    if (value === null || typeof value !== 'object') return;
    for (const [key, child] of Array.isArray(value) ? value.entries() : Object.entries(value)) {
      walk(child, path ? `${path}.${key}` : String(key), verdict || VERDICT_KEYS.has(String(key)));
    }
  };
  documents.forEach((doc, i) => walk(doc, documents.length > 1 ? String(i) : '', false));
  return found;
}
