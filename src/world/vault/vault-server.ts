import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import { BodyTooLargeError, parseJson, readBody, sendJson } from '../../http/json-http.js';
import { grantedCapabilities, parsePolicyDocument, type AclPolicy, type Capability } from './vault-acl.js';
import { checkRoleBindings, parseJwtRole, roleToJson } from './jwt-role.js';
import { parseVaultDuration } from './vault-duration.js';
import {
  createVaultState,
  ensureNamespace,
  issueLease,
  issueToken,
  normalizeNamespace,
  revokeLease,
  revokeToken,
  snapshotVault,
  sweepExpired,
  SYSTEM_MAX_TTL,
  type VaultNamespace,
  type VaultSnapshot,
  type VaultState,
  type VaultToken,
} from './vault-state.js';

export interface VaultServer {
  url: string;
  rootToken: string;
  state: VaultState;
  /** Test-side configuration; the same validation as the HTTP endpoints (which need the root token). */
  configure: {
    namespace(path: string): void;
    policy(name: string, document: unknown, namespace?: string): void;
    jwtRole(name: string, role: Record<string, unknown>, options?: { mount?: string; namespace?: string }): void;
    kv(path: string, data: Record<string, unknown>, namespace?: string): void;
    databaseRole(name: string, options: { ttl: number | string; maxTtl?: number | string }, namespace?: string): void;
  };
  /**
   * The next `count` requests (whose path contains `pathContains`, if given) answer `status`
   * (default 503, Vault's sealed/standby answer), or with `stall` get no answer at all.
   */
  failNext(count: number, options?: { status?: number; pathContains?: string; stall?: boolean }): void;
  snapshot(): VaultSnapshot;
  /**
   * Every dynamic credential issued (usernames and passwords), in clear: what Vault itself knows.
   * Only leak tests read it; it is never served or put in a snapshot.
   */
  readonly issued: string[];
  close(): Promise<void>;
}

interface Reply {
  status: number;
  body?: unknown;
}

/** Leeway on exp/nbf; Vault's own defaults are larger (150 s), Airlock's verifier allows 60 s. */
const CLOCK_LEEWAY_SECONDS = 60;
const BODY_LIMIT = 64 * 1024;

const fail = (status: number, ...messages: string[]): Reply => ({ status, body: { errors: messages } });
const PERMISSION_DENIED = fail(403, 'permission denied');
/** Vault answers a revoked, expired or unknown token with both messages (docs/concepts/tokens#error-responses). */
const INVALID_TOKEN = fail(403, 'permission denied', 'invalid token');
const noRoute = (path: string) => fail(404, `no handler for route "${path}". route entry not found.`);
const envelope = (fields: Record<string, unknown>) => ({
  request_id: randomUUID(),
  lease_id: '',
  renewable: false,
  lease_duration: 0,
  data: null,
  wrap_info: null,
  warnings: null,
  auth: null,
  ...fields,
});

function authBlock(token: VaultToken, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    client_token: token.id,
    accessor: token.accessor,
    policies: token.policies,
    token_policies: token.policies,
    metadata: token.meta,
    lease_duration: token.creationTtl,
    renewable: true,
    entity_id: '',
    token_type: 'service',
    orphan: token.parent === undefined,
    num_uses: token.numUses,
    ...extra,
  };
}

function joseReason(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'token is expired (exp)';
  if (error instanceof joseErrors.JWTClaimValidationFailed) return `invalid ${error.claim} claim: ${error.reason}`;
  if (error instanceof joseErrors.JWKSNoMatchingKey || error instanceof joseErrors.JWSSignatureVerificationFailed) return 'failed to verify id token signature';
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return 'unsupported signing algorithm';
  if (error instanceof joseErrors.JOSEError) return `token is malformed (${error.code})`;
  return 'failed to fetch keys from the issuer';
}

/**
 * A Vault stand-in speaking the parts of Vault's HTTP API that Airlock uses
 * (https://developer.hashicorp.com/vault/api-docs): JWT auth against the GitHub OIDC issuer
 * stand-in's JWKS, tokens with TTL/max TTL/num_uses, namespaces, ACL policies, KV v2 at
 * `secret/`, a `database/` engine whose credentials are leases, lease lookup and revocation.
 * It never logs; secret values only leave it in responses to authorized requests.
 */
export async function startVaultServer(options: { oidcIssuer: string; clock?: () => number; port?: number }): Promise<VaultServer> {
  const clock = options.clock ?? Date.now;
  const state = createVaultState(clock);
  const jwks = createRemoteJWKSet(new URL(`${options.oidcIssuer}/.well-known/jwks`));
  const faults: Array<{ status: number; pathContains?: string; stall: boolean }> = [];
  const issued: string[] = [];

  const writePolicy = (ns: VaultNamespace, name: string, document: unknown): string | undefined => {
    if (name === 'root' || name === 'default') return `cannot update "${name}" policy`;
    const policy = parsePolicyDocument(name, document);
    if (typeof policy === 'string') return policy;
    ns.policies.set(name, policy);
    return undefined;
  };
  const writeRole = (ns: VaultNamespace, mount: string, name: string, body: Record<string, unknown>): string | undefined => {
    const role = parseJwtRole(body);
    if (typeof role === 'string') return role;
    const roles = ns.jwtMounts.get(mount) ?? new Map();
    roles.set(name, role);
    ns.jwtMounts.set(mount, roles);
    return undefined;
  };
  const writeKv = (ns: VaultNamespace, path: string, data: Record<string, unknown>): number => {
    const versions = ns.kv.get(path) ?? [];
    const version = versions.length + 1;
    versions.push({ data: structuredClone(data), createdAt: clock(), version });
    ns.kv.set(path, versions);
    return version;
  };
  const writeDatabaseRole = (ns: VaultNamespace, name: string, body: Record<string, unknown>): string | undefined => {
    const defaultTtl = parseVaultDuration(body.default_ttl);
    const maxTtl = parseVaultDuration(body.max_ttl);
    if (defaultTtl === undefined || maxTtl === undefined) return 'invalid default_ttl or max_ttl';
    ns.databaseRoles.set(name, { defaultTtl, maxTtl });
    return undefined;
  };

  const login = async (ns: VaultNamespace, mount: string, body: Record<string, unknown>): Promise<Reply> => {
    const roles = ns.jwtMounts.get(mount);
    if (!roles) return noRoute(`auth/${mount}/login`);
    const jwt = body.jwt;
    const roleName = body.role;
    if (typeof jwt !== 'string' || jwt === '') return fail(400, 'missing token');
    if (typeof roleName !== 'string' || roleName === '') return fail(400, 'missing role');
    const role = roles.get(roleName);
    if (!role) return fail(400, `role "${roleName}" could not be found`);
    let claims: JWTPayload;
    try {
      ({ payload: claims } = await jwtVerify(jwt, jwks, {
        issuer: options.oidcIssuer,
        algorithms: ['RS256'],
        clockTolerance: CLOCK_LEEWAY_SECONDS,
        currentDate: new Date(clock()),
      }));
    } catch (error) {
      return fail(400, `error validating token: ${joseReason(error)}`);
    }
    const refusal = checkRoleBindings(role, claims);
    if (refusal) return fail(400, refusal);
    const policies = [...new Set([...role.tokenPolicies, ...(role.tokenNoDefaultPolicy ? [] : ['default'])])].sort();
    const token = issueToken(state, {
      namespace: ns.path,
      policies,
      ttl: role.tokenTtl,
      maxTtl: role.tokenMaxTtl,
      numUses: role.tokenNumUses,
      displayName: `${mount}-${String(claims[role.userClaim])}`,
      meta: { role: roleName },
      path: `auth/${mount}/login`,
    });
    return { status: 200, body: envelope({ auth: authBlock(token) }) };
  };

  const createChildToken = (ns: VaultNamespace, parent: VaultToken, body: Record<string, unknown>): Reply => {
    const isRoot = parent.policies.includes('root');
    const requested = Array.isArray(body.policies) ? body.policies.filter((p): p is string => typeof p === 'string') : parent.policies.filter((p) => p !== 'root');
    if (!isRoot && requested.some((p) => p !== 'default' && !parent.policies.includes(p))) return fail(400, 'child policies must be subset of parent');
    const ttl = parseVaultDuration(body.ttl);
    const maxTtl = parseVaultDuration(body.explicit_max_ttl);
    const numUses = body.num_uses ?? 0;
    if (ttl === undefined || maxTtl === undefined || typeof numUses !== 'number' || numUses < 0) return fail(400, 'invalid ttl, explicit_max_ttl or num_uses');
    const policies = [...new Set([...requested, ...(body.no_default_policy === true ? [] : ['default'])])].sort();
    const token = issueToken(state, {
      namespace: ns.path,
      policies,
      ttl,
      maxTtl,
      numUses,
      displayName: typeof body.display_name === 'string' ? `token-${body.display_name}` : 'token',
      meta: {},
      path: 'auth/token/create',
      parent,
    });
    return { status: 200, body: envelope({ auth: authBlock(token) }) };
  };

  const leaseInfo = (leaseId: string, ns: VaultNamespace) => {
    const lease = state.leases.get(leaseId);
    return lease && lease.namespace === ns.path ? lease : undefined;
  };

  /** Routes an authenticated request; `allowed` answers whether the token holds a capability on a path. */
  const route = (ns: VaultNamespace, token: VaultToken, method: string, path: string, list: boolean, body: Record<string, unknown>): Reply => {
    const policies = token.policies.map((name) => ns.policies.get(name)).filter((p): p is AclPolicy => p !== undefined);
    const root = token.policies.includes('root');
    const allowed = (aclPath: string, ...capabilities: Capability[]) => {
      if (root) return true;
      const granted = grantedCapabilities(policies, aclPath);
      return capabilities.some((c) => granted.has(c));
    };
    const isRead = method === 'GET' && !list;
    const isWrite = method === 'POST' || method === 'PUT';
    let match: RegExpMatchArray | null;

    if (path === 'auth/token/lookup-self' && (isRead || isWrite)) {
      if (!allowed(path, 'read')) return PERMISSION_DENIED;
      const now = clock();
      return {
        status: 200,
        body: envelope({
          data: {
            accessor: token.accessor,
            creation_time: Math.floor(token.createdAt / 1000),
            creation_ttl: token.creationTtl,
            display_name: token.displayName,
            expire_time: token.expiresAt === Infinity ? null : new Date(token.expiresAt).toISOString(),
            explicit_max_ttl: token.explicitMaxTtl,
            id: token.id,
            meta: token.meta,
            namespace_path: ns.path ? `${ns.path}/` : '',
            num_uses: token.numUses,
            orphan: token.parent === undefined,
            path: token.path,
            policies: token.policies,
            ttl: token.expiresAt === Infinity ? 0 : Math.max(0, Math.floor((token.expiresAt - now) / 1000)),
            type: 'service',
          },
        }),
      };
    }
    if (path === 'auth/token/revoke-self' && isWrite) {
      if (!allowed(path, 'update')) return PERMISSION_DENIED;
      revokeToken(state, token.id);
      return { status: 204 };
    }
    if (path === 'auth/token/revoke-accessor' && isWrite) {
      if (!allowed(path, 'update')) return PERMISSION_DENIED;
      const target = [...state.tokens.values()].find((t) => t.accessor === body.accessor && t.namespace === ns.path);
      if (!target) return fail(400, 'invalid accessor');
      revokeToken(state, target.id);
      return { status: 204 };
    }
    if (path === 'auth/token/create' && isWrite) {
      if (!allowed(path, 'create', 'update')) return PERMISSION_DENIED;
      return createChildToken(ns, token, body);
    }
    if ((match = path.match(/^auth\/([^/]+)\/role\/([^/]+)$/))) {
      const [, mount, name] = match as unknown as [string, string, string];
      if (isWrite) {
        if (!allowed(path, 'create', 'update')) return PERMISSION_DENIED;
        const error = writeRole(ns, mount, name, body);
        return error ? fail(400, error) : { status: 204 };
      }
      if (isRead) {
        if (!allowed(path, 'read')) return PERMISSION_DENIED;
        const role = ns.jwtMounts.get(mount)?.get(name);
        return role ? { status: 200, body: envelope({ data: roleToJson(role) }) } : fail(404);
      }
    }
    if ((match = path.match(/^sys\/(?:policies\/acl|policy)\/([^/]+)$/)) && isWrite) {
      if (!allowed(path, 'create', 'update')) return PERMISSION_DENIED;
      const error = writePolicy(ns, match[1]!, body.policy);
      return error ? fail(400, error) : { status: 204 };
    }
    if ((match = path.match(/^sys\/namespaces\/(.+)$/)) && isWrite) {
      if (!allowed(path, 'create', 'update')) return PERMISSION_DENIED;
      const created = ensureNamespace(state, [ns.path, match[1]!].filter(Boolean).join('/'));
      return { status: 200, body: envelope({ data: { path: `${created.path}/` } }) };
    }
    if ((match = path.match(/^secret\/data\/(.+)$/))) {
      const secretPath = match[1]!;
      const versions = ns.kv.get(secretPath);
      if (isRead) {
        if (!allowed(path, 'read')) return PERMISSION_DENIED;
        if (!versions) return fail(404);
        const current = versions[versions.length - 1]!;
        return {
          status: 200,
          body: envelope({
            data: {
              data: current.data,
              metadata: { created_time: new Date(current.createdAt).toISOString(), custom_metadata: null, deletion_time: '', destroyed: false, version: current.version },
            },
          }),
        };
      }
      if (isWrite) {
        if (!allowed(path, versions ? 'update' : 'create')) return PERMISSION_DENIED;
        const data = body.data;
        if (typeof data !== 'object' || data === null || Array.isArray(data)) return fail(400, 'no data provided');
        const version = writeKv(ns, secretPath, data as Record<string, unknown>);
        return { status: 200, body: envelope({ data: { created_time: new Date(clock()).toISOString(), deletion_time: '', destroyed: false, version } }) };
      }
    }
    if ((match = path.match(/^database\/roles\/([^/]+)$/)) && isWrite) {
      if (!allowed(path, 'create', 'update')) return PERMISSION_DENIED;
      const error = writeDatabaseRole(ns, match[1]!, body);
      return error ? fail(400, error) : { status: 204 };
    }
    if ((match = path.match(/^database\/creds\/([^/]+)$/)) && isRead) {
      if (!allowed(path, 'read')) return PERMISSION_DENIED;
      const roleName = match[1]!;
      const role = ns.databaseRoles.get(roleName);
      if (!role) return fail(400, `unknown role: ${roleName}`);
      const cap = role.maxTtl > 0 ? role.maxTtl : SYSTEM_MAX_TTL;
      const lease = issueLease(state, token, path, Math.min(role.defaultTtl > 0 ? role.defaultTtl : SYSTEM_MAX_TTL, cap));
      const username = `v-${token.displayName}-${roleName}-${randomBytes(6).toString('hex')}`.slice(0, 63);
      const password = `A1a-${randomBytes(15).toString('base64url')}`;
      issued.push(username, password);
      return {
        status: 200,
        body: envelope({ lease_id: lease.id, renewable: lease.renewable, lease_duration: Math.round((lease.expiresAt - lease.issuedAt) / 1000), data: { username, password } }),
      };
    }
    if (path === 'sys/leases/lookup' && isWrite) {
      if (!allowed(path, 'update')) return PERMISSION_DENIED;
      const lease = typeof body.lease_id === 'string' ? leaseInfo(body.lease_id, ns) : undefined;
      if (!lease) return fail(400, 'invalid lease');
      return {
        status: 200,
        body: envelope({
          data: {
            id: lease.id,
            issue_time: new Date(lease.issuedAt).toISOString(),
            expire_time: new Date(lease.expiresAt).toISOString(),
            last_renewal: null,
            renewable: lease.renewable,
            ttl: Math.max(0, Math.floor((lease.expiresAt - clock()) / 1000)),
          },
        }),
      };
    }
    if ((match = path.match(/^sys\/leases\/revoke(?:\/(.+))?$/)) && isWrite) {
      if (!allowed('sys/leases/revoke', 'update') && !allowed(path, 'update')) return PERMISSION_DENIED;
      const leaseId = match[1] ?? body.lease_id;
      if (typeof leaseId !== 'string' || leaseId === '') return fail(400, 'missing lease_id');
      // Revoking an unknown or already revoked lease succeeds, as Vault's expiration manager does.
      if (leaseInfo(leaseId, ns)) revokeLease(state, leaseId);
      return { status: 204 };
    }
    return noRoute(path);
  };

  const handle = async (req: IncomingMessage): Promise<Reply> => {
    const url = new URL(req.url ?? '/', 'http://vault.invalid');
    const method = (req.method ?? 'GET').toUpperCase();
    if (!url.pathname.startsWith('/v1/')) return noRoute(url.pathname);
    const path = url.pathname.slice(4).replace(/\/+$/, '');
    const fault = faults.findIndex((f) => f.pathContains === undefined || path.includes(f.pathContains));
    if (fault !== -1) {
      const [{ status, stall }] = faults.splice(fault, 1) as [{ status: number; stall: boolean }];
      // A stalled request is left unanswered until the client gives up or the server closes.
      if (stall) return new Promise<Reply>(() => undefined);
      return fail(status, status === 503 ? 'Vault is sealed' : `injected failure ${status}`);
    }
    if (method === 'GET' && path === 'sys/health') return { status: 200, body: { initialized: true, sealed: false, standby: false, version: '1.17.0+airlock-world' } };

    let body: Record<string, unknown> = {};
    if (method === 'POST' || method === 'PUT') {
      try {
        const parsed = parseJson(await readBody(req, BODY_LIMIT));
        if (parsed !== undefined) {
          if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return fail(400, 'failed to parse JSON input: expected an object');
          body = parsed as Record<string, unknown>;
        }
      } catch (error) {
        return error instanceof BodyTooLargeError ? fail(413, 'request body too large') : fail(400, 'failed to parse JSON input');
      }
    }
    const namespaceHeader = req.headers['x-vault-namespace'];
    const ns = state.namespaces.get(normalizeNamespace(Array.isArray(namespaceHeader) ? namespaceHeader[0] : namespaceHeader));
    if (!ns) return noRoute(path);

    const loginMatch = path.match(/^auth\/([^/]+)\/login$/);
    if (loginMatch && (method === 'POST' || method === 'PUT')) return login(ns, loginMatch[1]!, body);

    sweepExpired(state);
    const bearer = req.headers.authorization?.match(/^Bearer (.+)$/)?.[1];
    const tokenId = (req.headers['x-vault-token'] as string | undefined) ?? bearer;
    if (!tokenId) return fail(403, 'permission denied', 'missing client token');
    const token = state.tokens.get(tokenId);
    const isRoot = tokenId === state.rootToken;
    // A token lives in the namespace it was created in; only the root token crosses namespaces.
    if (!token || (!isRoot && token.namespace !== ns.path)) return INVALID_TOKEN;
    // Every use counts, allowed or not; the last one revokes the token once the request is done.
    let lastUse = false;
    if (token.numUses > 0) {
      token.numUses -= 1;
      lastUse = token.numUses === 0;
    }
    try {
      const list = method === 'LIST' || (method === 'GET' && url.searchParams.get('list') === 'true');
      return route(ns, token, method, path, list, body);
    } finally {
      if (lastUse) revokeToken(state, token.id);
    }
  };

  const server: Server = createServer((req, res) => {
    handle(req)
      .then((reply) => sendJson(res, reply.status, reply.body))
      .catch(() => sendJson(res, 500, { errors: ['internal error'] }));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const orThrow = (error: string | undefined) => {
    if (error) throw new Error(`vault stand-in: ${error}`);
  };
  return {
    url,
    rootToken: state.rootToken,
    state,
    configure: {
      namespace: (path) => void ensureNamespace(state, path),
      policy: (name, document, namespace = '') => orThrow(writePolicy(ensureNamespace(state, namespace), name, document)),
      jwtRole: (name, role, opts = {}) => orThrow(writeRole(ensureNamespace(state, opts.namespace ?? ''), opts.mount ?? 'jwt', name, role)),
      kv: (path, data, namespace = '') => void writeKv(ensureNamespace(state, namespace), path, data),
      databaseRole: (name, opts, namespace = '') => orThrow(writeDatabaseRole(ensureNamespace(state, namespace), name, { default_ttl: opts.ttl, max_ttl: opts.maxTtl })),
    },
    failNext(count, opts = {}) {
      for (let i = 0; i < count; i++) faults.push({ status: opts.status ?? 503, pathContains: opts.pathContains, stall: opts.stall === true });
    },
    snapshot: () => snapshotVault(state),
    issued,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
