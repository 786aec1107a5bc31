import type { Context } from 'probot';

type Octokit = Context['octokit'];

interface Entry {
  etag: string;
  value: unknown;
}

/** Bounded by entries: each holds a small mapped value (a config layer's text, a pull request's review facts, a repository's ids). */
const DEFAULT_MAX_ENTRIES = 2000;

/**
 * GitHub's answers to GET requests kept with their `ETag`, so the next read of the same resource
 * sends `If-None-Match` and a `304 Not Modified` (which does not count against the rate limit)
 * reuses the value. https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api#use-conditional-requests-if-appropriate
 * The one such cache of the App: the gate (config layers, reviews) and the token broker
 * (repositories, trust policies) both read through `conditionalGet`. Entries are per installation
 * (GitHub varies answers by `Authorization`); least recently used go first. Nothing kept is
 * trusted without GitHub saying it is unchanged.
 */
export class ConditionalCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly maxEntries = DEFAULT_MAX_ENTRIES) {}

  get(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    return entry;
  }

  set(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  get size(): number {
    return this.entries.size;
  }
}

export interface ConditionalRead<T> {
  /** The installation the answer is for; without one, the read is plain (nothing cached). */
  installationId: number | undefined;
  route: string;
  params: Record<string, unknown>;
  /** Octokit's per-request options (e.g. `{ signal }`); not part of what names the resource. */
  request?: Record<string, unknown>;
  /** What to keep of the answer; `undefined` keeps nothing (e.g. a list that runs past one page). */
  keep: (data: unknown, headers: Record<string, unknown>) => T | undefined;
}

/**
 * One GET, conditional when the cache holds an earlier answer of it. A 304 returns the kept value;
 * any other error is thrown as it came (the caller decides, and the gate fails closed).
 */
export async function conditionalGet<T>(octokit: Octokit, cache: ConditionalCache | undefined, read: ConditionalRead<T>): Promise<{ value: T | undefined; data?: unknown; notModified: boolean }> {
  const key = cache && read.installationId !== undefined ? `${read.installationId}\u0000${read.route}\u0000${JSON.stringify(read.params)}` : undefined;
  const cached = key ? cache!.get(key) : undefined;
  try {
    const response = await octokit.request(read.route, { ...read.params, ...(read.request ? { request: read.request } : {}), ...(cached ? { headers: { 'if-none-match': cached.etag } } : {}) });
    const headers = response.headers as Record<string, unknown>;
    const value = read.keep(response.data, headers);
    const etag = headers.etag;
    if (key && typeof etag === 'string' && etag.length > 0 && value !== undefined) cache!.set(key, { etag, value });
    return { value, data: response.data, notModified: false };
  } catch (error) {
    // Octokit throws on 304; only a tag this cache sent can have earned one.
    if (cached && (error as { status?: number }).status === 304) return { value: cached.value as T, notModified: true };
    throw error;
  }
}
