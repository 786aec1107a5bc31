import { compileEgressPolicy, DEFAULT_EGRESS_LIMITS, EgressPolicyError, type HostRule } from '../egress/egress-policy.js';
import { normalizeHost } from '../egress/normalize-host.js';

/** The `allowed-hosts` input as the egress proxy's allow-list. */
export interface AllowedHosts {
  /** One rule per host, its ports merged: the proxy matches the first rule for a host, so a second one would never be reached. */
  readonly rules: readonly HostRule[];
  /** `host:port` per allowed destination, as recorded in the attestation. */
  readonly entries: readonly string[];
}

/** Names under this suffix are Airlock's own virtual hosts (the LLM gateway); the workflow cannot list them. */
export const RESERVED_SUFFIX = '.airlock';

const DEFAULT_PORT = 443;

function splitEntry(entry: string): { host: string; port: number } {
  if (entry.includes('/')) throw new Error(`"${entry}" is not a host; write host names, not URLs (api.github.com, not https://api.github.com/)`);
  let host = entry;
  let port: string | undefined;
  const bracketed = /^(\[[^\]]*\])(?::(.*))?$/.exec(entry);
  if (bracketed) [, host = '', port] = bracketed;
  else if (entry.split(':').length === 2) [host = '', port] = entry.split(':');
  // Several colons without brackets: a bare IPv6 address, which the policy checks as is.
  if (port === undefined) return { host, port: DEFAULT_PORT };
  const n = /^\d{1,5}$/.test(port) ? Number(port) : NaN;
  if (!(n >= 1 && n <= 65535)) throw new Error(`"${entry}" has a bad port; use host or host:port with a port from 1 to 65535`);
  return { host, port: n };
}

/**
 * Parses `allowed-hosts`: entries separated by spaces, commas or newlines, each `host`,
 * `host:port`, `*.suffix[:port]` (subdomains, not the apex) or an IP literal (`[v6]:port`).
 * Port 443 by default; plain http needs `:80`. Hosts are normalised as the proxy does, so the list
 * checked here is the one enforced. Throws an Error naming the bad entry.
 */
export function parseAllowedHosts(text: string): AllowedHosts {
  const ports = new Map<string, Set<number>>();
  for (const entry of text.split(/[\s,]+/).filter(Boolean)) {
    const { host, port } = splitEntry(entry);
    const wildcard = host.startsWith('*.');
    const normalized = normalizeHost(wildcard ? host.slice(2) : host);
    if (normalized.kind === 'invalid') throw new Error(`"${entry}" is not a valid host (${normalized.reason})`);
    const name = normalized.kind === 'ipv6' ? `[${normalized.host}]` : normalized.host;
    if (normalized.kind === 'name' && `.${name}`.endsWith(RESERVED_SUFFIX)) throw new Error(`"${entry}": names ending in ${RESERVED_SUFFIX} are reserved for Airlock's LLM gateway`);
    const key = wildcard ? `*.${name}` : name;
    ports.set(key, (ports.get(key) ?? new Set()).add(port));
  }
  const rules: HostRule[] = [...ports].map(([host, set]) => ({ host, ports: [...set].sort((a, b) => a - b) }));
  try {
    compileEgressPolicy({ hosts: rules, ...DEFAULT_EGRESS_LIMITS });
  } catch (error) {
    if (error instanceof EgressPolicyError) throw new Error(error.message, { cause: error });
    throw error;
  }
  return { rules, entries: rules.flatMap((r) => (r.ports ?? []).map((p) => `${r.host}:${p}`)) };
}
