/**
 * Vault ACL policies, reduced to what Airlock exercises: path rules with capabilities, exact paths,
 * a trailing `*` glob and `+` single-segment wildcards, merged across policies and chosen by
 * Vault's priority rules (https://developer.hashicorp.com/vault/docs/concepts/policies#priority-matching).
 * Policies are given in the JSON form of the HCL syntax:
 * `{ "path": { "secret/data/ci/*": { "capabilities": ["read"] } } }`.
 */
export const CAPABILITIES = ['create', 'read', 'update', 'patch', 'delete', 'list', 'sudo', 'deny'] as const;
export type Capability = (typeof CAPABILITIES)[number];

export interface AclPolicy {
  name: string;
  rules: Map<string, Set<Capability>>;
}

/** Vault's built-in `default` policy, the parts a CI token uses (sys/policy/default on a dev server). */
export const DEFAULT_POLICY: AclPolicy = {
  name: 'default',
  rules: new Map<string, Set<Capability>>([
    ['auth/token/lookup-self', new Set(['read'])],
    ['auth/token/renew-self', new Set(['update'])],
    ['auth/token/revoke-self', new Set(['update'])],
    ['sys/capabilities-self', new Set(['update'])],
    ['sys/leases/lookup', new Set(['update'])],
    ['sys/leases/renew', new Set(['update'])],
    ['sys/renew', new Set(['update'])],
  ]),
};

/** Parses the JSON policy form; a string is returned when the document is not one. */
export function parsePolicyDocument(name: string, document: unknown): AclPolicy | string {
  let doc = document;
  if (typeof doc === 'string') {
    try {
      doc = JSON.parse(doc);
    } catch {
      return 'failed to parse policy: only the JSON form is supported by this stand-in ({"path": {"<path>": {"capabilities": [...]}}})';
    }
  }
  const paths = (doc as { path?: unknown } | null)?.path;
  if (typeof paths !== 'object' || paths === null || Array.isArray(paths)) return 'failed to parse policy: expected an object under "path"';
  const rules = new Map<string, Set<Capability>>();
  for (const [path, rule] of Object.entries(paths as Record<string, unknown>)) {
    const capabilities = (rule as { capabilities?: unknown } | null)?.capabilities;
    if (!Array.isArray(capabilities)) return `failed to parse policy: path "${path}" has no capabilities list`;
    const set = new Set<Capability>();
    for (const capability of capabilities) {
      if (!CAPABILITIES.includes(capability as Capability)) return `failed to parse policy: invalid capability "${String(capability)}" on path "${path}"`;
      set.add(capability as Capability);
    }
    if (path.slice(0, -1).includes('*')) return `failed to parse policy: path "${path}": "*" is only allowed at the end`;
    rules.set(path, set);
  }
  return { name, rules };
}

function ruleMatches(rule: string, path: string): boolean {
  const glob = rule.endsWith('*');
  const fixed = glob ? rule.slice(0, -1) : rule;
  const escape = (segment: string) => segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const body = fixed
    .split('/')
    .map((segment) => (segment === '+' ? '[^/]+' : escape(segment)))
    .join('/');
  return new RegExp(`^${body}${glob ? '[\\s\\S]*' : ''}$`).test(path);
}

function firstWildcard(rule: string): number {
  const plus = rule.split('/').findIndex((segment) => segment === '+');
  const plusAt = plus === -1 ? Infinity : rule.split('/').slice(0, plus).join('/').length + (plus > 0 ? 1 : 0);
  const starAt = rule.endsWith('*') ? rule.length - 1 : Infinity;
  return Math.min(plusAt, starAt);
}

/** Positive when `a` takes priority over `b`, by Vault's documented order. */
function comparePriority(a: string, b: string): number {
  const wa = firstWildcard(a);
  const wb = firstWildcard(b);
  if (wa !== wb) return wa > wb ? 1 : -1;
  const ga = a.endsWith('*');
  const gb = b.endsWith('*');
  if (ga !== gb) return ga ? -1 : 1;
  const pa = a.split('/').filter((s) => s === '+').length;
  const pb = b.split('/').filter((s) => s === '+').length;
  if (pa !== pb) return pa > pb ? -1 : 1;
  if (a.length !== b.length) return a.length > b.length ? 1 : -1;
  return a === b ? 0 : a > b ? 1 : -1;
}

/**
 * The capabilities the union of `policies` grants on `path` (no leading slash): rules for the
 * same path merge, the highest-priority matching rule decides, and `deny` grants nothing.
 */
export function grantedCapabilities(policies: readonly AclPolicy[], path: string): Set<Capability> {
  const merged = new Map<string, Set<Capability>>();
  for (const policy of policies) {
    for (const [rule, capabilities] of policy.rules) {
      const set = merged.get(rule) ?? new Set<Capability>();
      for (const capability of capabilities) set.add(capability);
      merged.set(rule, set);
    }
  }
  let best: string | undefined;
  for (const rule of merged.keys()) if (ruleMatches(rule, path) && (best === undefined || comparePriority(rule, best) > 0)) best = rule;
  const granted = best === undefined ? new Set<Capability>() : merged.get(best)!;
  return granted.has('deny') ? new Set() : granted;
}
