/**
 * Vault's `bound_claims_type: glob` matching, as github.com/ryanuber/go-glob does it (used by
 * vault-plugin-auth-jwt's validateBoundClaims): `*` matches any run of characters, `/` and the
 * empty run included; every other character, `?` and `[` among them, is literal. A pattern
 * without `*` must equal the value.
 */
export function vaultGlobMatch(pattern: string, value: string): boolean {
  if (pattern === '*') return true;
  const parts = pattern.split('*');
  if (parts.length === 1) return pattern === value;
  const first = parts[0]!;
  const last = parts[parts.length - 1]!;
  if (!value.startsWith(first) || value.length < first.length + last.length) return false;
  // Middle pieces must appear in order, between the fixed prefix and the fixed suffix.
  let cursor = first.length;
  const end = value.length - last.length;
  for (const middle of parts.slice(1, -1)) {
    const at = value.indexOf(middle, cursor);
    if (at === -1 || at + middle.length > end) return false;
    cursor = at + middle.length;
  }
  return value.endsWith(last);
}
