/**
 * The candidate a misspelt name most likely meant (`aproval_paths` → `approval_paths`), or
 * undefined when none is close: at most a third of the name's letters differ (Levenshtein
 * distance, case-insensitive), or one begins with the other (`fixed` → `fix`), so `foo` suggests
 * nothing rather than a random field.
 */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  const wanted = name.toLowerCase();
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const other = candidate.toLowerCase();
    const prefix =
      Math.min(wanted.length, other.length) >= 3 &&
      (wanted.startsWith(other) || other.startsWith(wanted));
    const distance = prefix ? 0.5 : editDistance(wanted, other);
    if (
      distance <= Math.max(1, Math.floor(wanted.length / 3)) &&
      (!best || distance < best.distance)
    )
      best = { candidate, distance };
  }
  return best?.candidate;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j]! + 1,
        current[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length]!;
}
