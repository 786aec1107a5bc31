import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { SignJWT } from 'jose';
import { RegoPolicy } from '../../src/policy/rego/rego-policy.js';
import { fromJS, toJS } from '../../src/policy/rego/value.js';

// io.jwt.* against tokens signed by jose with freshly generated keys (real crypto, no fixtures).
const evalQuery = (query: string, input: unknown): unknown => {
  const rows = RegoPolicy.compile([]).query(`x = ${query}`, { input: fromJS(input) });
  return rows.length ? toJS(rows[0]!.get('x')!) : undefined;
};

const pairs = {
  RS256: generateKeyPairSync('rsa', { modulusLength: 2048 }),
  PS384: generateKeyPairSync('rsa', { modulusLength: 2048 }),
  ES256: generateKeyPairSync('ec', { namedCurve: 'P-256' }),
  ES512: generateKeyPairSync('ec', { namedCurve: 'P-521' }),
  EdDSA: generateKeyPairSync('ed25519'),
};

const sign = (alg: keyof typeof pairs, claims: Record<string, unknown>, kid?: string) =>
  new SignJWT(claims).setProtectedHeader({ alg, typ: 'JWT', ...(kid ? { kid } : {}) }).sign(pairs[alg].privateKey);

describe('io.jwt verification', () => {
  it('verifies RS, PS, ES and EdDSA signatures with a PEM public key or a JWK, and refuses other keys', async () => {
    for (const alg of Object.keys(pairs) as (keyof typeof pairs)[]) {
      const token = await sign(alg, { sub: 'x' });
      const pem = pairs[alg].publicKey.export({ type: 'spki', format: 'pem' }).toString();
      const jwk = JSON.stringify(pairs[alg].publicKey.export({ format: 'jwk' }));
      const fn = `io.jwt.verify_${alg.toLowerCase()}`;
      expect([alg, evalQuery(`${fn}(input.t, input.k)`, { t: token, k: pem })]).toEqual([alg, true]);
      expect([alg, evalQuery(`${fn}(input.t, input.k)`, { t: token, k: jwk })]).toEqual([alg, true]);
      const other = alg === 'RS256' ? pairs.PS384 : pairs.RS256;
      expect([alg, evalQuery(`${fn}(input.t, input.k)`, { t: token, k: other.publicKey.export({ type: 'spki', format: 'pem' }).toString() })]).toEqual([alg, false]);
    }
  });

  it('decode_verify checks signature, alg, iss, aud, exp and nbf, and picks the key by kid from a JWK set', async () => {
    const keys = JSON.stringify({ keys: [{ ...pairs.ES256.publicKey.export({ format: 'jwk' }), kid: 'a' }, { ...pairs.RS256.publicKey.export({ format: 'jwk' }), kid: 'b' }] });
    const token = await sign('RS256', { iss: 'me', aud: ['you', 'them'], exp: 2000, nbf: 1000 }, 'b');
    const at = (seconds: number, extra = '') => evalQuery(`io.jwt.decode_verify(input.t, {"cert": input.k, "iss": "me", "aud": "you", "time": ${seconds}000000000${extra}})`, { t: token, k: keys }) as [boolean, unknown, unknown];
    expect(at(1500)[0]).toBe(true);
    expect(at(1500)[2]).toEqual({ iss: 'me', aud: ['you', 'them'], exp: 2000, nbf: 1000 });
    expect(at(2000)[0]).toBe(false);
    expect(at(999)[0]).toBe(false);
    expect(at(1500, ', "alg": "ES256"')).toEqual([false, {}, {}]);
    expect(evalQuery('io.jwt.decode_verify(input.t, {"cert": input.k, "aud": "nobody", "time": 1500000000000})', { t: token, k: keys })).toEqual([false, {}, {}]);
  });

  it('encode_sign produces tokens that verify, and names what is wrong with its inputs', () => {
    const token = evalQuery('io.jwt.encode_sign({"alg": "HS256", "typ": "JWT"}, {"n": 1}, {"kty": "oct", "k": "c2VjcmV0"})', {}) as string;
    expect(token.split('.')[0]).toBe(Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url'));
    expect(evalQuery('io.jwt.verify_hs256(input.t, "secret")', { t: token })).toBe(true);
    expect(evalQuery('io.jwt.verify_hs256(input.t, "other")', { t: token })).toBe(false);
    const policy = RegoPolicy.compile([{ file: 't.rego', source: 'package t\np := io.jwt.encode_sign_raw(`{"alg":"none"}`, "{}", `{"kty":"oct","k":"c2VjcmV0"}`)\n' }]);
    expect(() => policy.query('x = data.t.p', { strict: true })).toThrow(/unknown JWS algorithm: none/);
  });
});
