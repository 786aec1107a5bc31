import type { HostRule } from '../egress/egress-policy.js';

/** Host rules for `host:port` keys: one rule per host with all its ports (the proxy matches the first rule for a host). */
export function hostRulesOf(keys: Iterable<string>): HostRule[] {
  const ports = new Map<string, number[]>();
  for (const key of keys) {
    const colon = key.lastIndexOf(':');
    ports.set(key.slice(0, colon), [...(ports.get(key.slice(0, colon)) ?? []), Number(key.slice(colon + 1))]);
  }
  return [...ports].map(([host, list]) => ({ host, ports: list }));
}
