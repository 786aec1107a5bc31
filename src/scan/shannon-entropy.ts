/** Counts per character code below 256; reset after each call (touched entries only). */
const counts = new Int32Array(256);

/** Shannon entropy in bits per character of `s` (0 for the empty string). */
export function shannonEntropy(s: string): number {
  const n = s.length;
  if (n === 0) return 0;
  const wide = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 256) counts[c]!++;
    else wide.set(c, (wide.get(c) ?? 0) + 1);
  }
  let h = 0;
  const add = (k: number): void => {
    const p = k / n;
    h -= p * Math.log2(p);
  };
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 256 && counts[c]! > 0) {
      add(counts[c]!);
      counts[c] = 0;
    }
  }
  for (const k of wide.values()) add(k);
  return h;
}
