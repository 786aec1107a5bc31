import { AuditError } from './audit-error.js';

// GitHub's token formats: https://github.blog/2021-04-05-behind-githubs-new-authentication-token-formats/
// (ghp_ personal, gho_ OAuth, ghu_ user-to-server, ghs_ installation, ghr_ refresh; 36 base62
// characters after the prefix) and fine-grained personal tokens (github_pat_).
const GITHUB_TOKEN = /gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{22,}/;

// Encoded forms too (THREATS.md: "nor a decodable transform of one"): a 40-character token is
// 80 hex digits or about 54 base64 characters, so shorter runs (sha256 digests) are left alone.
const HEX_RUN = /(?:[0-9a-fA-F]{2}){40,}/g;
const BASE64_RUN = /[A-Za-z0-9+/_-]{54,}/g;

function looksLikeToken(text: string): boolean {
  if (GITHUB_TOKEN.test(text)) return true;
  for (const run of text.match(HEX_RUN) ?? []) {
    if (GITHUB_TOKEN.test(Buffer.from(run, 'hex').toString('latin1'))) return true;
  }
  for (const run of text.match(BASE64_RUN) ?? []) {
    // The run may start mid-quantum when text runs into the encoding: try each alignment.
    for (let skip = 0; skip < 4; skip++) {
      if (GITHUB_TOKEN.test(Buffer.from(run.slice(skip), 'base64').toString('latin1'))) return true;
    }
  }
  return false;
}

function find(value: unknown, path: string, seen: Set<object>): string | undefined {
  if (typeof value === 'string') return looksLikeToken(value) ? path : undefined;
  if (typeof value !== 'object' || value === null || seen.has(value)) return undefined;
  seen.add(value);
  for (const [key, item] of Object.entries(value)) {
    // The path names where the token is; when the token is the key, naming it would leak it.
    if (looksLikeToken(key)) return `a key of ${path}`;
    const at = Array.isArray(value) ? `${path}[${key}]` : `${path}.${key}`;
    const found = find(item, at, seen);
    if (found) return found;
  }
  return undefined;
}

/** The path of the first string (value or key) that holds a GitHub token, plain or encoded, if any. */
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
