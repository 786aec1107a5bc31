import { AuditError } from './audit-error.js';

// GitHub's token formats: https://github.blog/2021-04-05-behind-githubs-new-authentication-token-formats/
// (ghp_ personal, gho_ OAuth, ghu_ user-to-server, ghs_ installation, ghr_ refresh; 36 base62
// characters after the prefix) and fine-grained personal tokens (github_pat_).
const GITHUB_TOKEN = /gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{22,}/;

function find(value: unknown, path: string, seen: Set<object>): string | undefined {
  if (typeof value === 'string') return GITHUB_TOKEN.test(value) ? path : undefined;
  if (typeof value !== 'object' || value === null || seen.has(value)) return undefined;
  seen.add(value);
  for (const [key, item] of Object.entries(value)) {
    // The path names where the token is; when the token is the key, naming it would leak it.
    if (GITHUB_TOKEN.test(key)) return `a key of ${path}`;
    const at = Array.isArray(value) ? `${path}[${key}]` : `${path}.${key}`;
    const found = find(item, at, seen);
    if (found) return found;
  }
  return undefined;
}

/** The path of the first string (value or key) that looks like a GitHub token, if any. */
export const findGithubToken = (value: unknown, path: string): string | undefined =>
  find(value, path, new Set());

/**
 * Last line of defence for invariant "no credential in the audit log" (BRIEF.md): callers
 * should never pass one, and if they do, the write fails instead of keeping it forever.
 */
export function assertNoGithubToken(value: unknown, path: string): void {
  const found = findGithubToken(value, path);
  if (found)
    throw new AuditError(
      'credential_in_record',
      `refusing to write a GitHub token into the audit log (at ${found}); record its id or hash instead`,
    );
}
