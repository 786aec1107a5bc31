/**
 * Parses a Vault duration as the API accepts it: a number of seconds, a numeric string, or a
 * Go-style duration string such as `90s`, `15m`, `1h30m` (https://developer.hashicorp.com/vault/docs/concepts/duration-format).
 * Returns seconds, or undefined when the value is not a duration.
 */
export function parseVaultDuration(value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return 0;
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  if (/^\d+$/.test(value)) return Number(value);
  const unitSeconds: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };
  const parts = value.match(/^(?:\d+[smhd])+$/) ? value.match(/\d+[smhd]/g) : null;
  if (!parts) return undefined;
  return parts.reduce((total, part) => total + Number(part.slice(0, -1)) * unitSeconds[part.slice(-1)]!, 0);
}
