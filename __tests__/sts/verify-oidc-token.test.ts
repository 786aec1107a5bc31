import { constants, createHmac, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createLocalJWKSet, createRemoteJWKSet, exportJWK, type JWK, type JWTVerifyGetKey } from 'jose';
import { StsError } from '../../src/sts/sts-error.js';
import { defaultOidcSettings, verifyOidcToken } from '../../src/sts/verify-oidc-token.js';

// The OIDC verification on its own, with real keys: every way a token can be wrong is refused with
// its code, whatever the signature check is built on (src/sts/verify-oidc-token.ts).

const ISSUER = 'https://oidc.example.test';
const settings = defaultOidcSettings(ISSUER, 'airlock');
const NOW = 1_750_000_000_000;
const seconds = NOW / 1000;

const rsa = (modulusLength = 2048) => generateKeyPairSync('rsa', { modulusLength }).privateKey;
const issuerKey = rsa();
const rotatedKey = rsa();
const foreignKey = rsa();
const shortKey = rsa(1024);
const ecKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;

const publicJwk = async (key: KeyObject, extra: Partial<JWK>): Promise<JWK> => ({ ...(await exportJWK(createPublicKey(key))), use: 'sig', ...extra });

let jwks: { keys: JWK[] };
let keys: JWTVerifyGetKey;
beforeAll(async () => {
  jwks = {
    keys: [
      await publicJwk(issuerKey, { kid: 'current', alg: 'RS256' }),
      await publicJwk(rotatedKey, { kid: 'next' }),
      await publicJwk(shortKey, { kid: 'short', alg: 'RS256' }),
      await publicJwk(ecKey, { kid: 'ec', alg: 'ES256' }),
      await publicJwk(foreignKey, { kid: 'pss', alg: 'PS256' }),
    ],
  };
  keys = createLocalJWKSet(jwks);
});

const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

const claims = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  iss: ISSUER,
  aud: 'airlock',
  sub: 'repo:acme/widgets:ref:refs/heads/main',
  jti: 'jti-1',
  iat: seconds - 10,
  nbf: seconds - 10,
  exp: seconds + 290,
  repository: 'acme/widgets',
  repository_id: '100009',
  repository_owner: 'acme',
  repository_owner_id: '100001',
  event_name: 'push',
  ref: 'refs/heads/main',
  ...overrides,
});

type Signer = (input: Buffer) => Buffer;
const rs256 = (key: KeyObject, hash = 'sha256'): Signer => (input) => sign(hash, input, { key, padding: constants.RSA_PKCS1_PADDING });
const ps256 = (key: KeyObject): Signer => (input) => sign('sha256', input, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 });

/** A compact JWT with the header, claims and signature of our choosing. */
function jwt(payload: Record<string, unknown>, header: Record<string, unknown> = { alg: 'RS256', kid: 'current', typ: 'JWT' }, signer: Signer = rs256(issuerKey)): string {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${signer(Buffer.from(input)).toString('base64url')}`;
}

async function codeOf(token: string | undefined, getKey: JWTVerifyGetKey = keys, now = NOW): Promise<string> {
  try {
    await verifyOidcToken(token, settings, getKey, now);
    return 'accepted';
  } catch (error) {
    if (error instanceof StsError) return error.code;
    throw error;
  }
}

describe('verifyOidcToken', () => {
  it('accepts a token the issuer signed with RS256, with any key of its JWKS, and returns its claims', async () => {
    const verified = await verifyOidcToken(jwt(claims()), settings, keys, NOW);
    expect(verified).toMatchObject({ sub: 'repo:acme/widgets:ref:refs/heads/main', jti: 'jti-1', repository: 'acme/widgets', repositoryId: 100009, repositoryOwnerId: 100001, eventName: 'push', ref: 'refs/heads/main' });
    // Again with the same key (its converted form reused), and with the rotated key by its kid.
    expect(await codeOf(jwt(claims({ jti: 'jti-2' })))).toBe('accepted');
    expect(await codeOf(jwt(claims(), { alg: 'RS256', kid: 'next' }, rs256(rotatedKey)))).toBe('accepted');
  });

  it('refuses a bad signature: another key under the real kid, a tampered payload or header, a flipped bit, a short signature', async () => {
    expect(await codeOf(jwt(claims(), undefined, rs256(foreignKey)))).toBe('oidc_bad_signature');
    // A key of the JWKS, but not the one the kid names.
    expect(await codeOf(jwt(claims(), { alg: 'RS256', kid: 'next' }))).toBe('oidc_bad_signature');
    const [header, , signature] = jwt(claims()).split('.') as [string, string, string];
    expect(await codeOf(`${header}.${b64(claims({ repository_id: '1' }))}.${signature}`)).toBe('oidc_bad_signature');
    expect(await codeOf(`${b64({ alg: 'RS256', kid: 'current', typ: 'JWS' })}.${jwt(claims()).split('.')[1]}.${signature}`)).toBe('oidc_bad_signature');
    const flipped = Buffer.from(signature, 'base64url');
    flipped[flipped.length - 1]! ^= 1;
    expect(await codeOf(`${header}.${b64(claims())}.${flipped.toString('base64url')}`)).toBe('oidc_bad_signature');
    expect(await codeOf(`${header}.${b64(claims())}.${signature.slice(0, -10)}`)).toBe('oidc_bad_signature');
  });

  it('verifies RS256 exactly: the real key signing with PSS padding or another hash is refused, whatever the header says', async () => {
    expect(await codeOf(jwt(claims(), undefined, ps256(issuerKey)))).toBe('oidc_bad_signature');
    expect(await codeOf(jwt(claims(), undefined, rs256(issuerKey, 'sha512')))).toBe('oidc_bad_signature');
    expect(await codeOf(jwt(claims(), undefined, rs256(issuerKey, 'sha1')))).toBe('oidc_bad_signature');
  });

  it('pins the algorithm: none, HS256 with the public key as secret, RS384 and PS256 are refused before any key is used', async () => {
    expect(await codeOf(`${b64({ alg: 'none', kid: 'current' })}.${b64(claims())}.`)).toBe('oidc_alg_not_allowed');
    const secret = JSON.stringify(jwks.keys[0]);
    const hsInput = `${b64({ alg: 'HS256', kid: 'current' })}.${b64(claims())}`;
    expect(await codeOf(`${hsInput}.${createHmac('sha256', secret).update(hsInput).digest('base64url')}`)).toBe('oidc_alg_not_allowed');
    expect(await codeOf(jwt(claims(), { alg: 'RS384', kid: 'current' }, rs256(issuerKey, 'sha384')))).toBe('oidc_alg_not_allowed');
    expect(await codeOf(jwt(claims(), { alg: 'PS256', kid: 'current' }, ps256(issuerKey)))).toBe('oidc_alg_not_allowed');
    expect(await codeOf(jwt(claims(), { kid: 'current' }))).toBe('oidc_alg_not_allowed');
  });

  it('needs a kid naming an RS256 key of the JWKS: unknown, missing, EC or PS256-only keys are refused; so is a key under 2048 bits', async () => {
    expect(await codeOf(jwt(claims(), { alg: 'RS256', kid: 'no-such-key' }))).toBe('oidc_unknown_key');
    expect(await codeOf(jwt(claims(), { alg: 'RS256' }))).toBe('oidc_unknown_key');
    expect(await codeOf(jwt(claims(), { alg: 'RS256', kid: 'ec' }, (input) => sign('sha256', input, ecKey)))).toBe('oidc_unknown_key');
    expect(await codeOf(jwt(claims(), { alg: 'RS256', kid: 'pss' }, rs256(foreignKey)))).toBe('oidc_unknown_key');
    expect(await codeOf(jwt(claims(), { alg: 'RS256', kid: 'short' }, rs256(shortKey)))).toBe('oidc_bad_signature');
  });

  it('refuses a key source that hands back anything but an RSA public key', async () => {
    const token = jwt(claims());
    expect(await codeOf(token, async () => new TextEncoder().encode('secret'))).toBe('oidc_bad_signature');
    expect(await codeOf(token, async () => issuerKey)).toBe('oidc_bad_signature');
    expect(await codeOf(token, async () => createPublicKey(ecKey))).toBe('oidc_bad_signature');
    expect(await codeOf(token, async () => createPublicKey(issuerKey))).toBe('accepted');
  });

  it('refuses key locations and critical extensions named by the token', async () => {
    for (const extra of [{ jku: 'https://evil.test/jwks' }, { x5u: 'https://evil.test/cert' }, { jwk: jwks.keys[0] }, { crit: ['b64'], b64: false }]) {
      expect(await codeOf(jwt(claims(), { alg: 'RS256', kid: 'current', ...extra }))).toBe('oidc_token_malformed');
    }
  });

  it('checks exp, nbf and iat with at most 60 s of leeway, and the token age', async () => {
    expect(await codeOf(jwt(claims({ iat: seconds - 200, nbf: seconds - 200, exp: seconds - 60 })))).toBe('oidc_expired');
    expect(await codeOf(jwt(claims({ iat: seconds - 200, nbf: seconds - 200, exp: seconds - 59 })))).toBe('accepted');
    expect(await codeOf(jwt(claims({ nbf: seconds + 61 })))).toBe('oidc_not_yet_valid');
    expect(await codeOf(jwt(claims({ nbf: seconds + 60 })))).toBe('accepted');
    expect(await codeOf(jwt(claims({ iat: seconds + 61, nbf: seconds })))).toBe('oidc_issued_in_future');
    expect(await codeOf(jwt(claims({ iat: seconds - 361, nbf: seconds - 361, exp: seconds + 100 })))).toBe('oidc_too_old');
    expect(await codeOf(jwt(claims({ exp: String(seconds + 100) })))).toBe('oidc_claims_invalid');
    expect(await codeOf(jwt(claims({ iat: undefined })))).toBe('oidc_claims_invalid');
  });

  it('checks issuer and audience exactly', async () => {
    expect(await codeOf(jwt(claims({ iss: `${ISSUER}/` })))).toBe('oidc_wrong_issuer');
    expect(await codeOf(jwt(claims({ aud: 'other' })))).toBe('oidc_wrong_audience');
    expect(await codeOf(jwt(claims({ aud: ['airlock', 'other'] })))).toBe('oidc_wrong_audience');
    expect(await codeOf(jwt(claims({ aud: ['airlock'] })))).toBe('accepted');
  });

  it('refuses malformed tokens', async () => {
    expect(await codeOf(undefined)).toBe('oidc_token_missing');
    expect(await codeOf('a.b')).toBe('oidc_token_malformed');
    expect(await codeOf(`${b64({ alg: 'RS256', kid: 'current' })}.${b64('not json')}.${jwt(claims()).split('.')[2]}`)).toBe('oidc_bad_signature');
    const unsignedJunk = `${b64({ alg: 'RS256', kid: 'current' })}.${b64('[1]')}`;
    expect(await codeOf(`${unsignedJunk}.${rs256(issuerKey)(Buffer.from(unsignedJunk)).toString('base64url')}`)).toBe('oidc_token_malformed');
  });
});

describe('verifyOidcToken with the issuer JWKS over HTTP (createRemoteJWKSet, as the App wires it)', () => {
  let server: Server;
  let fetches = 0;
  let remote: JWTVerifyGetKey;
  beforeAll(async () => {
    server = createServer((_req, res) => {
      fetches++;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: jwks.keys.slice(0, 2) }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    remote = createRemoteJWKSet(new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks`));
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('verifies by the fetched keys and refuses another key under the same kid', async () => {
    expect(await codeOf(jwt(claims()), remote)).toBe('accepted');
    expect(await codeOf(jwt(claims(), { alg: 'RS256', kid: 'next' }, rs256(rotatedKey)), remote)).toBe('accepted');
    expect(await codeOf(jwt(claims(), undefined, rs256(foreignKey)), remote)).toBe('oidc_bad_signature');
    expect(fetches).toBe(1);
  });
});
