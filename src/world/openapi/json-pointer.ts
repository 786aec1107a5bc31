/**
 * JSON Pointers (RFC 6901) as used by OpenAPI `$ref`s: `#/components/schemas/check-run`.
 * In a URI fragment each reference token is also percent-encoded (RFC 6901 §6), which matters
 * for OpenAPI paths such as `/repos/{owner}/{repo}` and media types such as `application/json`.
 */

export function pointerFromTokens(tokens: readonly string[]): string {
  return `#${tokens.map((token) => `/${encodeURIComponent(token.replace(/~/g, '~0').replace(/\//g, '~1'))}`).join('')}`;
}

/** Tokens of a local pointer (`#/a/b`); undefined for anything that is not a local pointer. */
export function tokensFromPointer(pointer: string): string[] | undefined {
  if (pointer === '#') return [];
  if (!pointer.startsWith('#/')) return undefined;
  return pointer
    .slice(2)
    .split('/')
    .map((token) => {
      const decoded = token.includes('%') ? decodeURIComponent(token) : token;
      return decoded.includes('~') ? decoded.replace(/~1/g, '/').replace(/~0/g, '~') : decoded;
    });
}

export function valueAtTokens(document: unknown, tokens: readonly string[]): unknown {
  let node = document;
  for (const token of tokens) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, token)) return undefined;
    node = (node as Record<string, unknown>)[token];
  }
  return node;
}
