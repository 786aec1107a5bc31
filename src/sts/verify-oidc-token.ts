import { constants, KeyObject, verify, webcrypto } from 'node:crypto';
import { decodeProtectedHeader, errors as joseErrors, type JWTVerifyGetKey } from 'jose';
import { StsError } from './sts-error.js';

export interface OidcSettings {
  /** Pinned issuer; keys come only from `${issuer}/.well-known/jwks`, never from a URL in the token. */
  issuer: string;
  audience: string;
  /** Seconds of clock skew allowed on exp, nbf and iat. At most 60. */
  leewaySeconds: number;
  /** Oldest acceptable token, from `iat`: GitHub's tokens live 5 minutes. */
  maxAgeSeconds: number;
  maxTokenBytes: number;
}

export const defaultOidcSettings = (issuer: string, audience: string): OidcSettings => ({
  issuer,
  audience,
  leewaySeconds: 60,
  maxAgeSeconds: 300,
  maxTokenBytes: 16 * 1024,
});

/** The claims the broker relies on, all checked present; the rest kept for policy matching. */
export interface VerifiedClaims {
  sub: string;
  jti: string;
  exp: number;
  repository: string;
  repositoryId: number;
  repositoryOwner: string;
  repositoryOwnerId: number;
  eventName: string;
  ref: string;
  all: Record<string, unknown>;
}

const NUMERIC_ID = /^[1-9][0-9]{0,18}$/;

function claimString(claims: Record<string, unknown>, name: string): string {
  const value = claims[name];
  if (typeof value !== 'string' || value.length === 0) throw new StsError('oidc_claims_invalid', `OIDC token claim "${name}" is missing or not a string; expected a GitHub Actions OIDC token`);
  return value;
}

function claimId(claims: Record<string, unknown>, name: string): number {
  const value = claims[name];
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || !NUMERIC_ID.test(text)) throw new StsError('oidc_claims_invalid', `OIDC token claim "${name}" must be a numeric id`);
  return Number(text);
}

// The node:crypto form of each JWKS key, made once per key jose imported (it keeps one CryptoKey
// per JWK, so a rotated key gets a new entry and the old one goes with its CryptoKey).
const keyObjects = new WeakMap<object, KeyObject>();

/**
 * The key jose resolved, as a KeyObject fit for RS256 only: a public RSA key of at least 2048 bits
 * (jose's own minimum for RS*, RFC 7518 §3.3), imported for RSASSA-PKCS1-v1_5 with SHA-256 to
 * verify. Anything else (a secret, an EC or RSA-PSS key under the token's kid) refuses the token.
 */
function rsaVerificationKey(resolved: unknown): KeyObject {
  if (resolved instanceof KeyObject) return checkedRsaKey(resolved);
  if (typeof resolved !== 'object' || resolved === null) throw new StsError('oidc_bad_signature', 'OIDC token key is not a public key');
  let key = keyObjects.get(resolved);
  if (key) return key;
  let converted: KeyObject;
  try {
    // Throws for anything but a real CryptoKey.
    converted = KeyObject.from(resolved as webcrypto.CryptoKey);
  } catch {
    throw new StsError('oidc_bad_signature', 'OIDC token key is not a public key');
  }
  const cryptoKey = resolved as webcrypto.CryptoKey;
  const algorithm = cryptoKey.algorithm as webcrypto.RsaHashedKeyAlgorithm;
  if (cryptoKey.type !== 'public' || algorithm.name !== 'RSASSA-PKCS1-v1_5' || algorithm.hash?.name !== 'SHA-256' || !cryptoKey.usages.includes('verify')) {
    throw new StsError('oidc_bad_signature', 'OIDC token key is not an RS256 verification key');
  }
  keyObjects.set(resolved, (key = checkedRsaKey(converted)));
  return key;
}

function checkedRsaKey(key: KeyObject): KeyObject {
  const bits = key.asymmetricKeyDetails?.modulusLength;
  if (key.type !== 'public' || key.asymmetricKeyType !== 'rsa' || bits === undefined || bits < 2048) throw new StsError('oidc_bad_signature', 'OIDC token key is not an RSA public key of 2048 bits or more');
  return key;
}

/**
 * Verifies a GitHub Actions OIDC token: size, RS256 only, a key from the pinned issuer's JWKS,
 * exact issuer and audience, exp/nbf/iat with bounded leeway and a maximum age.
 * https://docs.github.com/en/actions/reference/security/oidc
 * Replay (`jti`) is checked by the caller against the shared store, after this succeeds.
 */
export async function verifyOidcToken(token: string | undefined, settings: OidcSettings, keys: JWTVerifyGetKey, now: number): Promise<VerifiedClaims> {
  if (!token) throw new StsError('oidc_token_missing', 'missing OIDC token: send `Authorization: Bearer <token from core.getIDToken()>`');
  if (Buffer.byteLength(token) > settings.maxTokenBytes) throw new StsError('oidc_token_too_large', `OIDC token is larger than ${settings.maxTokenBytes} bytes`);
  const parts = token.split('.');
  if (parts.length !== 3) throw new StsError('oidc_token_malformed', 'OIDC token is not a compact JWT (three dot-separated parts)');
  let header;
  try {
    header = decodeProtectedHeader(token);
  } catch {
    throw new StsError('oidc_token_malformed', 'OIDC token header is not valid base64url JSON');
  }
  // The algorithm is pinned, never taken from the token: this refuses `none`, HMAC with the
  // public key as secret, and every other algorithm before any key is looked at.
  if (header.alg !== 'RS256') throw new StsError('oidc_alg_not_allowed', `OIDC token algorithm ${JSON.stringify(header.alg)} is not allowed; GitHub signs with RS256`);
  if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token)) throw new StsError('oidc_token_malformed', 'OIDC token is not a signed compact JWT (three base64url parts)');
  if (typeof header.kid !== 'string') throw new StsError('oidc_unknown_key', 'OIDC token has no key id (kid)');
  if (header.crit !== undefined || header.jku !== undefined || header.x5u !== undefined || header.jwk !== undefined) {
    // Key material or key locations named by the token itself are never followed.
    throw new StsError('oidc_token_malformed', 'OIDC token header names its own key or critical extensions; refused');
  }

  const [encodedHeader, encodedPayload, encodedSignature] = parts as [string, string, string];
  let key: KeyObject;
  try {
    // jose picks the key: by kid and alg from the pinned issuer's JWKS, fetched and refreshed as it
    // does (an unknown kid refetches, within its cooldown).
    key = rsaVerificationKey(await keys({ ...header, alg: 'RS256' }, { protected: encodedHeader, payload: encodedPayload, signature: encodedSignature }));
  } catch (error) {
    if (error instanceof StsError) throw error;
    if (error instanceof joseErrors.JWKSNoMatchingKey || error instanceof joseErrors.JWKSMultipleMatchingKeys) throw new StsError('oidc_unknown_key', `OIDC token key id ${header.kid} is not in ${settings.issuer}'s JWKS`);
    if (error instanceof joseErrors.JWKSTimeout || error instanceof joseErrors.JWKSInvalid || error instanceof TypeError || (error instanceof joseErrors.JOSEError && /fetch|network|ECONN/i.test(error.message))) {
      throw new StsError('oidc_jwks_unavailable', `could not fetch the issuer's keys from ${settings.issuer}/.well-known/jwks`);
    }
    throw new StsError('oidc_bad_signature', `OIDC token could not be verified (${(error as Error).name})`);
  }
  // RS256 (RFC 7518 §3.3): RSASSA-PKCS1-v1_5 with SHA-256 over the ASCII of `header.payload`,
  // checked synchronously with node:crypto: WebCrypto's verify costs several times the CPU
  // (a job and promise per call) for the same check.
  let verified = false;
  try {
    verified = verify('sha256', Buffer.from(`${encodedHeader}.${encodedPayload}`, 'ascii'), { key, padding: constants.RSA_PKCS1_PADDING }, Buffer.from(encodedSignature, 'base64url'));
  } catch {
    // A signature node:crypto cannot even check (wrong length for the key) verifies nothing.
  }
  if (!verified) throw new StsError('oidc_bad_signature', 'OIDC token signature does not verify');

  let claims: Record<string, unknown>;
  try {
    claims = JSON.parse(Buffer.from(encodedPayload, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    throw new StsError('oidc_token_malformed', 'OIDC token payload is not JSON');
  }
  if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) throw new StsError('oidc_token_malformed', 'OIDC token payload is not a JSON object');

  // Exact string comparison: no trailing-slash or case folding.
  if (claims.iss !== settings.issuer) throw new StsError('oidc_wrong_issuer', `OIDC token issuer must be exactly ${settings.issuer}`);
  // GitHub issues one audience per token. An array is accepted only when it holds exactly ours:
  // a token minted for several relying parties could be replayed by any of them.
  const aud = Array.isArray(claims.aud) && claims.aud.length === 1 ? claims.aud[0] : claims.aud;
  if (aud !== settings.audience) throw new StsError('oidc_wrong_audience', `OIDC token audience must be exactly "${settings.audience}"; request it with core.getIDToken('${settings.audience}')`);

  const seconds = Math.floor(now / 1000);
  const leeway = Math.min(settings.leewaySeconds, 60);
  const exp = claims.exp;
  const nbf = claims.nbf;
  const iat = claims.iat;
  if (typeof exp !== 'number' || typeof iat !== 'number' || (nbf !== undefined && typeof nbf !== 'number')) {
    throw new StsError('oidc_claims_invalid', 'OIDC token must carry numeric exp and iat claims');
  }
  if (exp + leeway <= seconds) throw new StsError('oidc_expired', 'OIDC token has expired; fetch a fresh one just before the exchange');
  if (typeof nbf === 'number' && nbf - leeway > seconds) throw new StsError('oidc_not_yet_valid', 'OIDC token is not valid yet (nbf in the future)');
  if (iat - leeway > seconds) throw new StsError('oidc_issued_in_future', 'OIDC token was issued in the future (iat)');
  if (seconds - iat > settings.maxAgeSeconds + leeway) throw new StsError('oidc_too_old', `OIDC token is older than ${settings.maxAgeSeconds} s`);

  const jti = claimString(claims, 'jti');
  return {
    sub: claimString(claims, 'sub'),
    jti,
    exp,
    repository: claimString(claims, 'repository'),
    repositoryId: claimId(claims, 'repository_id'),
    repositoryOwner: claimString(claims, 'repository_owner'),
    repositoryOwnerId: claimId(claims, 'repository_owner_id'),
    eventName: claimString(claims, 'event_name'),
    ref: claimString(claims, 'ref'),
    all: claims,
  };
}
