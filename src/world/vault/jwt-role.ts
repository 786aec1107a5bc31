import type { JWTPayload } from 'jose';
import { parseVaultDuration } from './vault-duration.js';
import { vaultGlobMatch } from './vault-glob.js';

/**
 * A role of Vault's JWT auth method, the fields Airlock relies on
 * (https://developer.hashicorp.com/vault/api-docs/auth/jwt#create-update-role).
 */
export interface JwtRole {
  roleType: 'jwt' | 'oidc';
  boundAudiences: string[];
  boundSubject: string;
  boundClaims: Record<string, Array<string | number | boolean>>;
  boundClaimsType: 'string' | 'glob';
  userClaim: string;
  tokenTtl: number;
  tokenMaxTtl: number;
  tokenNumUses: number;
  tokenPolicies: string[];
  tokenNoDefaultPolicy: boolean;
}

const commaList = (value: unknown): string[] | undefined => {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return value.split(',').map((s) => s.trim()).filter(Boolean);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  return undefined;
};

/**
 * Validates a role write the way Vault does (a string is Vault's error message). Comma-separated
 * strings become lists, including bound claim values unless `disable_bound_claims_parsing` is set.
 * Legacy `policies`/`ttl`/`max_ttl`/`num_uses` are accepted as Vault still accepts them.
 */
export function parseJwtRole(body: Record<string, unknown>): JwtRole | string {
  const roleType = body.role_type ?? 'oidc';
  if (roleType !== 'jwt' && roleType !== 'oidc') return `invalid 'role_type': ${String(roleType)}`;
  const boundAudiences = commaList(body.bound_audiences);
  if (!boundAudiences) return "invalid 'bound_audiences': expected a string or a list of strings";
  const boundSubject = body.bound_subject ?? '';
  if (typeof boundSubject !== 'string') return "invalid 'bound_subject': expected a string";
  const boundClaimsType = body.bound_claims_type ?? 'string';
  if (boundClaimsType !== 'string' && boundClaimsType !== 'glob') return `invalid 'bound_claims_type': ${String(boundClaimsType)}`;
  const boundClaims: JwtRole['boundClaims'] = {};
  const rawClaims = body.bound_claims ?? {};
  if (typeof rawClaims !== 'object' || rawClaims === null || Array.isArray(rawClaims)) return "invalid 'bound_claims': expected a map";
  for (const [claim, raw] of Object.entries(rawClaims as Record<string, unknown>)) {
    const values = Array.isArray(raw) ? raw : [raw];
    const parsed: Array<string | number | boolean> = [];
    for (const value of values) {
      if (typeof value === 'string' && body.disable_bound_claims_parsing !== true) parsed.push(...value.split(',').map((s) => s.trim()));
      else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') parsed.push(value);
      else return `invalid 'bound_claims' value for "${claim}": expected a string, number, bool or list of them`;
    }
    if (boundClaimsType === 'glob' && parsed.some((v) => typeof v !== 'string')) return `bound claim is not a string or list of strings for "${claim}" with bound_claims_type glob`;
    boundClaims[claim] = parsed;
  }
  const userClaim = body.user_claim;
  if (typeof userClaim !== 'string' || userClaim === '') return 'a user claim must be defined on the role';
  const tokenPolicies = commaList(body.token_policies ?? body.policies);
  if (!tokenPolicies) return "invalid 'token_policies': expected a string or a list of strings";
  const tokenTtl = parseVaultDuration(body.token_ttl ?? body.ttl);
  const tokenMaxTtl = parseVaultDuration(body.token_max_ttl ?? body.max_ttl);
  if (tokenTtl === undefined || tokenMaxTtl === undefined) return "invalid 'token_ttl' or 'token_max_ttl': expected seconds or a duration such as 10m";
  if (tokenMaxTtl > 0 && tokenTtl > tokenMaxTtl) return 'ttl should not be greater than max ttl';
  const tokenNumUses = body.token_num_uses ?? body.num_uses ?? 0;
  if (typeof tokenNumUses !== 'number' || !Number.isInteger(tokenNumUses) || tokenNumUses < 0) return "invalid 'token_num_uses': expected a non-negative integer";
  // Vault refuses a JWT role that would accept any token from the issuer.
  if (roleType === 'jwt' && boundAudiences.length === 0 && boundSubject === '' && Object.keys(boundClaims).length === 0) {
    return 'must have at least one bound constraint when creating/updating a role';
  }
  return {
    roleType,
    boundAudiences,
    boundSubject,
    boundClaims,
    boundClaimsType,
    userClaim,
    tokenTtl,
    tokenMaxTtl,
    tokenNumUses,
    tokenPolicies,
    tokenNoDefaultPolicy: body.token_no_default_policy === true,
  };
}

/** The role as Vault's `GET auth/<mount>/role/<name>` shows it. */
export function roleToJson(role: JwtRole): Record<string, unknown> {
  return {
    role_type: role.roleType,
    bound_audiences: role.boundAudiences,
    bound_subject: role.boundSubject,
    bound_claims: Object.keys(role.boundClaims).length ? role.boundClaims : null,
    bound_claims_type: role.boundClaimsType,
    user_claim: role.userClaim,
    token_ttl: role.tokenTtl,
    token_max_ttl: role.tokenMaxTtl,
    token_num_uses: role.tokenNumUses,
    token_policies: role.tokenPolicies,
    token_no_default_policy: role.tokenNoDefaultPolicy,
  };
}

/** A claim value as vault-plugin-auth-jwt normalizes it: a list of strings, numbers or bools. */
function claimValues(value: unknown): Array<string | number | boolean> | undefined {
  const list = Array.isArray(value) ? value : [value];
  return list.every((v) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') ? (list as Array<string | number | boolean>) : undefined;
}

/**
 * Checks verified claims against the role's bindings; the first failure is returned as Vault's
 * message. Bound claim values must all be satisfied; for each, any listed value may match any of
 * the token's values (claims.go validateBoundClaims/matchFound).
 */
export function checkRoleBindings(role: JwtRole, claims: JWTPayload): string | undefined {
  if (role.roleType !== 'jwt') return 'role with oidc role_type is not allowed';
  const audiences = claims.aud === undefined ? [] : Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (role.boundAudiences.length === 0) {
    if (audiences.length > 0) return 'error validating token: audience claim found in JWT but no audiences bound to the role';
  } else if (!role.boundAudiences.some((bound) => audiences.includes(bound))) {
    return 'error validating token: invalid audience (aud) claim: audience claim does not match any expected audience';
  }
  if (role.boundSubject !== '' && claims.sub !== role.boundSubject) return 'error validating token: invalid subject (sub) claim';
  for (const [claim, expected] of Object.entries(role.boundClaims)) {
    if (claims[claim] === undefined || claims[claim] === null) return `error validating claims: claim "${claim}" is missing`;
    const actual = claimValues(claims[claim]);
    if (!actual) return `error validating claims: received claim is not a string, bool, int or list: ${claim}`;
    const found = expected.some((exp) =>
      actual.some((act) => (role.boundClaimsType === 'glob' ? typeof act === 'string' && vaultGlobMatch(exp as string, act) : act === exp)),
    );
    if (!found) return `error validating claims: claim "${claim}" does not match any associated bound claim values`;
  }
  const user = claims[role.userClaim];
  if (user === undefined) return `"${role.userClaim}" claim not found in token`;
  if (typeof user !== 'string' && typeof user !== 'number') return `"${role.userClaim}" claim could not be converted to string`;
  return undefined;
}
