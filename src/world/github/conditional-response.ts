import { createHash } from 'node:crypto';

/**
 * GitHub answers a GET with an `ETag`, and a request that sends it back in `If-None-Match` gets
 * `304 Not Modified` (no body, not counted against the rate limit) while the answer is unchanged.
 * https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api#use-conditional-requests-if-appropriate
 * The world's tag is a weak tag over the JSON body.
 */
export function entityTag(body: unknown): string {
  return `W/"${createHash('sha256').update(JSON.stringify(body)).digest('hex').slice(0, 32)}"`;
}

/** Whether `If-None-Match` (a list of tags, or `*`) names `etag`; weak comparison, as RFC 9110 §13.1.2 asks. */
export function matchesIfNoneMatch(header: string | string[] | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return [header].flat().flatMap((h) => h.split(',')).some((tag) => tag.trim() === '*' || opaque(tag) === opaque(etag));
}
