/**
 * GitHub's answers to the broker's GET requests, kept with their `ETag`: the next read of the same
 * resource sends `If-None-Match`, and a `304 Not Modified` (no body, and not counted against the
 * rate limit) reuses the value kept.
 * https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api#use-conditional-requests-if-appropriate
 * Keys carry the installation (GitHub varies answers by `Authorization`); bounded, least recently
 * used first out. Nothing here is trusted without GitHub saying it is unchanged.
 */
export class EtagCache<T> {
  private readonly entries = new Map<string, { etag: string; value: T }>();

  constructor(private readonly maxEntries = 2000) {}

  get(key: string): { etag: string; value: T } | undefined {
    const entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    return entry;
  }

  set(key: string, etag: unknown, value: T): void {
    if (typeof etag !== 'string' || etag.length === 0) return;
    this.entries.delete(key);
    this.entries.set(key, { etag, value });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }
}
