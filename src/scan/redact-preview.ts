/**
 * A preview that identifies a secret without revealing it: the rule's public prefix (at most
 * 8 characters, e.g. `ghp_`), stars, and at most the last 4 characters. Values shorter than
 * 16 characters are fully starred, since 4 characters of a short value are a large share of it.
 */
export function redactPreview(secret: string, publicPrefix = ''): string {
  if (secret.length < 16) return '********';
  const prefix = publicPrefix.length <= 8 && secret.startsWith(publicPrefix) ? publicPrefix : '';
  return `${prefix}****...${secret.slice(-4)}`;
}
