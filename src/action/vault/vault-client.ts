/**
 * The Action's Vault client: JWT login, secret reads (KV v2 and leased dynamic secrets) and
 * revocation of everything it obtained. A small `fetch` client, not node-vault, because of what
 * node-vault's source shows (nodevault/node-vault, read in the stored public code):
 *
 * - `src/index.js` @ 877f591c6a30944c449f6b9ea44afc993ea3194c, lines 120-127: `client.write(path,
 *   data)` only sends the request and returns the body; it never looks at `auth.client_token`.
 *   Only generated commands whose definition has `tokenSource: true` store the token (lines
 *   224-232: `client.token = candidateToken`). The stored `src/commands.js`
 *   (@ 896155a61f0e74146e84fbba48a601dd2696b9d5) has no `jwtLogin` command (tokenSource is set
 *   on gcp/github/kubernetes/awsIam/userpass/ldap/okta/radius/approle logins and token
 *   create/renew), so a JWT login goes through `write('auth/jwt/login', ...)`, as users do
 *   (e.g. tallen-hashicorp/vault-jwt-testing jwt-generator/app.js), and the login token is not
 *   kept: later calls silently go out with whatever `VAULT_TOKEN` held, or none.
 * - Same `src/commands.js`: `tokenRevokeSelf` is `{ method: 'POST', path: '/auth/token/revoke-self' }`
 *   with no hook, and nothing in `src/index.js` clears `client.token`; `client.request` (lines
 *   100-102) keeps sending the revoked token as `X-Vault-Token`, so a revoked client looks live.
 * - Errors keep only `errors[0]` (`handleVaultResponse`, index.js lines 49-67); no retry, no deadline.
 *
 * Here the session owns its token explicitly, records each lease the moment Vault returns it (so a
 * later failure still revokes it), and marks what it revoked, which makes `revokeAll` idempotent.
 * The caller masks `session.token` and every value `readSecrets` returns.
 */
import type { SecretRequest } from './parse-secrets-input.js';
import { VaultError } from './vault-error.js';
import { isInvalidToken, vaultRequest, vaultSaid, type VaultEndpoint, type VaultResponse } from './vault-request.js';

export interface LeaseRecord {
  leaseId: string;
  path: string;
  leaseDurationSeconds: number;
  renewable: boolean;
  obtainedAt: string;
  revokedAt?: string;
}

export interface VaultSession {
  readonly endpoint: VaultEndpoint;
  readonly mount: string;
  readonly role: string;
  /** The Vault token: mask it before anything else. */
  readonly token: string;
  /** Not secret: identifies the token in Vault's audit log and in reports. */
  readonly accessor: string;
  readonly policies: string[];
  readonly expiresAt: string;
  readonly leases: LeaseRecord[];
  tokenRevokedAt?: string;
}

export interface ResolvedSecret {
  envName: string;
  path: string;
  key: string;
  value: string;
  leaseId?: string;
}

export interface ReadSecretsResult {
  secrets: ResolvedSecret[];
  /** ENV_NAME → value, for the agent's environment only. */
  env: Record<string, string>;
  /** Every value read (requested keys, and every string field of a leased secret), for masking. */
  sensitiveValues: string[];
}

export type RevocationOutcome = 'revoked' | 'revoked-with-token' | 'already-revoked' | 'token-already-invalid' | 'failed';

export interface RevocationItem {
  kind: 'lease' | 'token';
  /** Lease id or token accessor; never the token. */
  id: string;
  outcome: RevocationOutcome;
  message: string;
}

export interface RevocationReport {
  /** True when nothing this session obtained can still be live. */
  ok: boolean;
  items: RevocationItem[];
}

const nsNote = (endpoint: VaultEndpoint) => (endpoint.namespace ? ` in namespace "${endpoint.namespace}"` : '');

function loginHint(message: string, role: string, mount: string): { code: 'vault_role_not_found' | 'vault_login_refused'; hint: string } {
  if (/role .*could not be found/.test(message)) return { code: 'vault_role_not_found', hint: `check vault-role: role "${role}" must exist on the JWT auth mount "${mount}"` };
  if (/audience/.test(message)) return { code: 'vault_login_refused', hint: `the OIDC token's audience is not in the role's bound_audiences: request the token for an audience the role lists, or add it to bound_audiences` };
  if (/subject|\bsub\b/.test(message)) return { code: 'vault_login_refused', hint: `the job's sub claim does not equal the role's bound_subject: fix bound_subject, or run from the repository, ref or environment it names` };
  if (/bound claim|claim ".*" is missing/.test(message)) return { code: 'vault_login_refused', hint: `the job's claims do not satisfy the role's bound_claims: check the repository, ref, workflow and environment the role binds` };
  if (/user claim|claim not found/.test(message)) return { code: 'vault_login_refused', hint: `the role's user_claim names a claim GitHub's token does not carry: use e.g. "sub" or "repository"` };
  if (/validating token/.test(message)) return { code: 'vault_login_refused', hint: `Vault could not verify the OIDC token: check that the JWT auth mount trusts GitHub's issuer (oidc_discovery_url or jwks_url) and that the runner's clock is right` };
  return { code: 'vault_login_refused', hint: `check the vault-role "${role}" and the JWT auth mount "${mount}" configuration` };
}

export interface VaultLoginOptions {
  url: string;
  /** Path the JWT auth method is enabled at (default `jwt`). */
  mount?: string;
  role: string;
  /** The job's OIDC token. */
  jwt: string;
  namespace?: string;
  retry?: VaultEndpoint['retry'];
  fetch?: typeof fetch;
}

const isPathLike = (value: string) => /^[A-Za-z0-9_.-]+(?:\/[A-Za-z0-9_.-]+)*$/.test(value) && !value.split('/').some((s) => s === '.' || s === '..');

/** Refuses settings that would send the OIDC token somewhere unsafe or build a wrong path. */
function checkLoginSettings(options: VaultLoginOptions, mount: string): void {
  const invalid = (message: string) => new VaultError('vault_settings_invalid', message);
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    throw invalid(`vault-url "${options.url}" is not a URL; expected e.g. https://vault.example.com:8200`);
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) throw invalid(`vault-url must use https (plain http is allowed only to localhost); got ${url.protocol}//${url.host}`);
  if (url.username || url.password || url.search || url.hash) throw invalid('vault-url must not carry credentials, a query or a fragment');
  if (!isPathLike(mount)) throw invalid(`vault-mount "${mount}" is not an auth mount path; expected e.g. jwt or github-oidc`);
  if (options.namespace !== undefined && options.namespace !== '' && !isPathLike(options.namespace.replace(/^\/+|\/+$/g, ''))) throw invalid(`vault-namespace "${options.namespace}" is not a namespace path; expected e.g. admin/ci`);
  if (!/^[A-Za-z0-9_.@-]+$/.test(options.role)) throw invalid(`vault-role "${options.role}" is not a role name; expected letters, digits, "_", ".", "-"`);
  if (options.jwt === '') throw invalid('no OIDC token to log in with: the job needs "permissions: id-token: write"');
}

/**
 * Logs in with the job's OIDC token (`POST auth/<mount>/login {role, jwt}`); the session holds
 * the resulting token. 4xx answers fail at once with Vault's message and a fix.
 */
export async function vaultLogin(options: VaultLoginOptions): Promise<VaultSession> {
  const mount = (options.mount ?? 'jwt').replace(/^\/+|\/+$/g, '');
  checkLoginSettings(options, mount);
  const endpoint: VaultEndpoint = { url: options.url, namespace: options.namespace, retry: options.retry, fetch: options.fetch };
  const response = await vaultRequest(endpoint, 'POST', `auth/${mount}/login`, { body: { role: options.role, jwt: options.jwt } });
  if (response.status === 404) {
    throw new VaultError('vault_mount_not_found', `Vault has no auth mount "${mount}"${nsNote(endpoint)} (${vaultSaid(response)}): check vault-mount (the path the JWT auth method is enabled at) and vault-namespace`, 404);
  }
  if (response.status !== 200) {
    const said = vaultSaid(response);
    const { code, hint } = loginHint(said, options.role, mount);
    throw new VaultError(code, `Vault refused the login to auth/${mount}${nsNote(endpoint)} as role "${options.role}": ${said}; ${hint}`, response.status);
  }
  const auth = response.body?.auth as { client_token?: unknown; accessor?: unknown; policies?: unknown; lease_duration?: unknown } | undefined;
  if (typeof auth?.client_token !== 'string' || auth.client_token === '') throw new VaultError('vault_bad_response', `Vault answered the login to auth/${mount} without a client token`, response.status);
  const leaseSeconds = typeof auth.lease_duration === 'number' ? auth.lease_duration : 0;
  return {
    endpoint,
    mount,
    role: options.role,
    token: auth.client_token,
    accessor: typeof auth.accessor === 'string' ? auth.accessor : '',
    policies: Array.isArray(auth.policies) ? auth.policies.filter((p): p is string => typeof p === 'string') : [],
    expiresAt: new Date(Date.now() + leaseSeconds * 1000).toISOString(),
    leases: [],
  };
}

function asText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function readFailure(session: VaultSession, path: string, response: VaultResponse): VaultError {
  const said = vaultSaid(response);
  const kvHint = /^secret\//.test(path) && !/^secret\/data\//.test(path) ? `; KV v2 paths include "data/", e.g. secret/data/${path.slice('secret/'.length)}` : '';
  if (isInvalidToken(response)) {
    return new VaultError('vault_token_invalid', `Vault no longer accepts the session's token while reading "${path}" (${said}): it expired, ran out of uses or was revoked; raise the role's token_ttl or token_num_uses (each secret path costs one use)`, 403);
  }
  if (response.status === 403) return new VaultError('vault_permission_denied', `permission denied reading "${path}"${nsNote(session.endpoint)}: check that the Vault policy of role "${session.role}" grants "read" on "${path}"${kvHint}`, 403);
  if (response.status === 404) return new VaultError('vault_secret_not_found', `no secret at "${path}"${nsNote(session.endpoint)}${kvHint || '; check the path in the secrets input'}`, 404);
  return new VaultError('vault_request_refused', `Vault refused reading "${path}": ${said}`, response.status);
}

/**
 * Reads the requested secrets, one request per distinct path (so the username and password of
 * one dynamic credential come from the same lease). A response carrying a `lease_id` is a
 * dynamic secret: its lease is recorded on the session before anything else. KV v2 answers
 * (`data.data` + `data.metadata`) yield `data.data[key]`; others yield `data[key]`.
 */
export async function readSecrets(session: VaultSession, requests: readonly SecretRequest[]): Promise<ReadSecretsResult> {
  const byPath = new Map<string, SecretRequest[]>();
  for (const request of requests) byPath.set(request.path, [...(byPath.get(request.path) ?? []), request]);
  const secrets: ResolvedSecret[] = [];
  const sensitive = new Set<string>();
  for (const [path, wanted] of byPath) {
    const response = await vaultRequest(session.endpoint, 'GET', path, { token: session.token });
    if (response.status !== 200) throw readFailure(session, path, response);
    const leaseId = typeof response.body?.lease_id === 'string' && response.body.lease_id !== '' ? response.body.lease_id : undefined;
    const data = response.body?.data as Record<string, unknown> | null | undefined;
    if (leaseId) {
      session.leases.push({
        leaseId,
        path,
        leaseDurationSeconds: typeof response.body?.lease_duration === 'number' ? response.body.lease_duration : 0,
        renewable: response.body?.renewable === true,
        obtainedAt: new Date().toISOString(),
      });
      for (const value of Object.values(data ?? {})) if (typeof value === 'string' && value !== '') sensitive.add(value);
    }
    const inner = data?.data;
    const isKv2 = !leaseId && typeof inner === 'object' && inner !== null && typeof data?.metadata === 'object' && data.metadata !== null;
    const fields = (isKv2 ? inner : data) as Record<string, unknown> | null | undefined;
    for (const request of wanted) {
      const value = fields?.[request.key];
      if (value === undefined || value === null) {
        const keys = Object.keys(fields ?? {});
        throw new VaultError('vault_key_not_found', `line ${request.line}: the secret at "${path}" has no key "${request.key}"${keys.length ? ` (it has: ${keys.join(', ')})` : ''}; fix the key in the secrets input`);
      }
      const text = asText(value);
      sensitive.add(text);
      secrets.push({ envName: request.envName, path, key: request.key, value: text, ...(leaseId ? { leaseId } : {}) });
    }
  }
  return { secrets, env: Object.fromEntries(secrets.map((s) => [s.envName, s.value])), sensitiveValues: [...sensitive] };
}

async function attempt(call: () => Promise<VaultResponse>): Promise<VaultResponse | VaultError> {
  try {
    return await call();
  } catch (error) {
    return error instanceof VaultError ? error : new VaultError('vault_unavailable', (error as Error).message);
  }
}

/**
 * Revokes every lease the session obtained (`PUT sys/leases/revoke`), then the token
 * (`POST auth/token/revoke-self`), which also revokes any lease Vault still ties to it (a lease
 * the policy did not let us revoke directly, or one created by a retried request whose answer was
 * lost). Then confirms the token is dead (`lookup-self` must be refused). Never throws; reports
 * each item; calling it again only reports what is already revoked.
 */
export async function revokeAll(session: VaultSession): Promise<RevocationReport> {
  const leaseItems: RevocationItem[] = [];
  const pending: Array<{ index: number; lease: LeaseRecord; reason: string }> = [];
  const now = () => new Date().toISOString();

  for (const lease of session.leases) {
    if (lease.revokedAt) {
      leaseItems.push({ kind: 'lease', id: lease.leaseId, outcome: 'already-revoked', message: `revoked at ${lease.revokedAt}` });
      continue;
    }
    const result = await attempt(() => vaultRequest(session.endpoint, 'PUT', 'sys/leases/revoke', { token: session.token, body: { lease_id: lease.leaseId } }));
    if (!(result instanceof VaultError) && (result.status === 204 || result.status === 200)) {
      lease.revokedAt = now();
      leaseItems.push({ kind: 'lease', id: lease.leaseId, outcome: 'revoked', message: 'revoked' });
    } else if (!(result instanceof VaultError) && isInvalidToken(result)) {
      // The token died (TTL, num_uses or revocation) and Vault revoked its leases with it.
      lease.revokedAt = now();
      leaseItems.push({ kind: 'lease', id: lease.leaseId, outcome: 'revoked-with-token', message: 'the token is no longer valid; Vault revoked its leases with it' });
    } else {
      // Decided once the token's fate is known.
      pending.push({ index: leaseItems.length, lease, reason: result instanceof VaultError ? result.message : vaultSaid(result) });
      leaseItems.push({ kind: 'lease', id: lease.leaseId, outcome: 'failed', message: '' });
    }
  }

  const tokenItem = await revokeToken(session);
  const tokenDead = tokenItem.outcome !== 'failed';
  for (const { index, lease, reason } of pending) {
    if (tokenDead) {
      lease.revokedAt = now();
      leaseItems[index] = { kind: 'lease', id: lease.leaseId, outcome: 'revoked-with-token', message: `direct revocation failed (${reason}); revoked with the token` };
    } else {
      leaseItems[index] = { kind: 'lease', id: lease.leaseId, outcome: 'failed', message: `${reason}; it expires after ${lease.leaseDurationSeconds} s` };
    }
  }
  const items = [...leaseItems, tokenItem];
  return { ok: items.every((item) => item.outcome !== 'failed'), items };
}

/** `revoke-self`, then `lookup-self` to confirm Vault now refuses the token. */
async function revokeToken(session: VaultSession): Promise<RevocationItem> {
  const item = (outcome: RevocationOutcome, message: string): RevocationItem => ({ kind: 'token', id: session.accessor, outcome, message });
  if (session.tokenRevokedAt) return item('already-revoked', `revoked at ${session.tokenRevokedAt}`);
  const result = await attempt(() => vaultRequest(session.endpoint, 'POST', 'auth/token/revoke-self', { token: session.token }));
  if (result instanceof VaultError) return item('failed', `revoke-self failed: ${result.message}`);
  if (isInvalidToken(result)) {
    session.tokenRevokedAt = new Date().toISOString();
    return item('token-already-invalid', 'the token had already expired, run out of uses or been revoked');
  }
  if (result.status !== 204 && result.status !== 200) return item('failed', `revoke-self refused: ${vaultSaid(result)}; the token expires at ${session.expiresAt}`);
  const check = await attempt(() => vaultRequest(session.endpoint, 'GET', 'auth/token/lookup-self', { token: session.token }));
  if (!(check instanceof VaultError) && check.status === 200) return item('failed', 'Vault answered revoke-self but still accepts the token');
  session.tokenRevokedAt = new Date().toISOString();
  return item('revoked', 'revoked; Vault now refuses it');
}
