import { randomBytes } from 'node:crypto';
import { DEFAULT_POLICY, type AclPolicy } from './vault-acl.js';
import type { JwtRole } from './jwt-role.js';

/** One version of a KV v2 secret. */
export interface KvVersion {
  data: Record<string, unknown>;
  createdAt: number;
  version: number;
}

export interface DatabaseRole {
  /** Lease TTL of generated credentials, seconds. */
  defaultTtl: number;
  maxTtl: number;
}

/** A Vault namespace: its own policies, auth mounts, KV v2 store and dynamic engine roles. */
export interface VaultNamespace {
  path: string;
  policies: Map<string, AclPolicy>;
  /** auth mount → role name → role. */
  jwtMounts: Map<string, Map<string, JwtRole>>;
  kv: Map<string, KvVersion[]>;
  databaseRoles: Map<string, DatabaseRole>;
}

export interface VaultToken {
  id: string;
  accessor: string;
  namespace: string;
  policies: string[];
  displayName: string;
  meta: Record<string, string>;
  createdAt: number;
  /** Infinity for the root token. */
  expiresAt: number;
  creationTtl: number;
  explicitMaxTtl: number;
  /** Uses left; 0 means unlimited (Vault's convention). */
  numUses: number;
  parent?: string;
  children: Set<string>;
  leases: Set<string>;
  path: string;
}

export interface VaultLease {
  id: string;
  namespace: string;
  /** The token whose revocation revokes this lease. */
  tokenId: string;
  issuedAt: number;
  expiresAt: number;
  renewable: boolean;
}

export interface VaultState {
  clock: () => number;
  namespaces: Map<string, VaultNamespace>;
  tokens: Map<string, VaultToken>;
  leases: Map<string, VaultLease>;
  rootToken: string;
}

/** What tests assert on: ids and counts, never a secret value or a token. */
export interface VaultSnapshot {
  liveTokens: number;
  liveLeases: number;
  tokens: Array<{ accessor: string; namespace: string; policies: string[]; expiresAt: string; numUses: number; parentAccessor?: string }>;
  leases: Array<{ leaseId: string; namespace: string; expiresAt: string; tokenAccessor: string }>;
}

/** Vault's system default and maximum TTL: 768h (32 days). */
export const SYSTEM_MAX_TTL = 768 * 3600;

export function normalizeNamespace(path: string | undefined): string {
  return (path ?? '').split('/').filter(Boolean).join('/');
}

function newNamespace(path: string): VaultNamespace {
  return { path, policies: new Map([['default', DEFAULT_POLICY]]), jwtMounts: new Map([['jwt', new Map()]]), kv: new Map(), databaseRoles: new Map() };
}

export function createVaultState(clock: () => number): VaultState {
  const state: VaultState = { clock, namespaces: new Map([['', newNamespace('')]]), tokens: new Map(), leases: new Map(), rootToken: '' };
  const root = issueToken(state, { namespace: '', policies: ['root'], ttl: 0, maxTtl: 0, numUses: 0, displayName: 'root', meta: {}, path: 'auth/token/root' });
  root.expiresAt = Infinity;
  state.rootToken = root.id;
  return state;
}

/** Creates the namespace and its parents (as `sys/namespaces` would, one level at a time). */
export function ensureNamespace(state: VaultState, path: string): VaultNamespace {
  const normalized = normalizeNamespace(path);
  const segments = normalized.split('/').filter(Boolean);
  for (let i = 1; i <= segments.length; i++) {
    const prefix = segments.slice(0, i).join('/');
    if (!state.namespaces.has(prefix)) state.namespaces.set(prefix, newNamespace(prefix));
  }
  return state.namespaces.get(normalized)!;
}

const randomId = (bytes: number) => randomBytes(bytes).toString('base64url');

/** Issues a service token (`hvs.` prefix as Vault 1.10+ does); ttl 0 means the system default. */
export function issueToken(
  state: VaultState,
  options: { namespace: string; policies: string[]; ttl: number; maxTtl: number; numUses: number; displayName: string; meta: Record<string, string>; path: string; parent?: VaultToken },
): VaultToken {
  const now = state.clock();
  const cap = options.maxTtl > 0 ? Math.min(options.maxTtl, SYSTEM_MAX_TTL) : SYSTEM_MAX_TTL;
  let ttl = Math.min(options.ttl > 0 ? options.ttl : SYSTEM_MAX_TTL, cap);
  // A child never outlives its parent.
  if (options.parent && options.parent.expiresAt !== Infinity) ttl = Math.min(ttl, Math.floor((options.parent.expiresAt - now) / 1000));
  const token: VaultToken = {
    id: `hvs.${randomId(24)}`,
    accessor: randomId(18),
    namespace: options.namespace,
    policies: options.policies,
    displayName: options.displayName,
    meta: options.meta,
    createdAt: now,
    expiresAt: now + ttl * 1000,
    creationTtl: ttl,
    explicitMaxTtl: options.maxTtl,
    numUses: options.numUses,
    parent: options.parent?.id,
    children: new Set(),
    leases: new Set(),
    path: options.path,
  };
  state.tokens.set(token.id, token);
  options.parent?.children.add(token.id);
  return token;
}

export function issueLease(state: VaultState, token: VaultToken, path: string, ttl: number): VaultLease {
  const now = state.clock();
  // A lease never outlives the token that created it.
  const expiresAt = Math.min(now + ttl * 1000, token.expiresAt);
  const lease: VaultLease = { id: `${path}/${randomId(18)}`, namespace: token.namespace, tokenId: token.id, issuedAt: now, expiresAt, renewable: true };
  state.leases.set(lease.id, lease);
  token.leases.add(lease.id);
  return lease;
}

export function revokeLease(state: VaultState, leaseId: string): boolean {
  const lease = state.leases.get(leaseId);
  if (!lease) return false;
  state.leases.delete(leaseId);
  state.tokens.get(lease.tokenId)?.leases.delete(leaseId);
  return true;
}

/** Revokes a token, its child tokens and every lease any of them created (Vault's default revoke). */
export function revokeToken(state: VaultState, tokenId: string): void {
  const token = state.tokens.get(tokenId);
  if (!token) return;
  for (const child of [...token.children]) revokeToken(state, child);
  for (const leaseId of [...token.leases]) revokeLease(state, leaseId);
  state.tokens.delete(tokenId);
  if (token.parent) state.tokens.get(token.parent)?.children.delete(tokenId);
}

/** Expires tokens and leases whose time has passed on the injected clock. */
export function sweepExpired(state: VaultState): void {
  const now = state.clock();
  for (const token of [...state.tokens.values()]) if (token.expiresAt <= now) revokeToken(state, token.id);
  for (const lease of [...state.leases.values()]) if (lease.expiresAt <= now) revokeLease(state, lease.id);
}

export function snapshotVault(state: VaultState): VaultSnapshot {
  sweepExpired(state);
  const iso = (ms: number) => (ms === Infinity ? 'never' : new Date(ms).toISOString());
  const tokens = [...state.tokens.values()].filter((t) => t.id !== state.rootToken);
  const leases = [...state.leases.values()];
  return {
    liveTokens: tokens.length,
    liveLeases: leases.length,
    tokens: tokens.map((t) => ({
      accessor: t.accessor,
      namespace: t.namespace,
      policies: t.policies,
      expiresAt: iso(t.expiresAt),
      numUses: t.numUses,
      ...(t.parent ? { parentAccessor: state.tokens.get(t.parent)?.accessor } : {}),
    })),
    leases: leases.map((l) => ({ leaseId: l.id, namespace: l.namespace, expiresAt: iso(l.expiresAt), tokenAccessor: state.tokens.get(l.tokenId)?.accessor ?? '' })),
  };
}
