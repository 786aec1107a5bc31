import { createHmac, createPrivateKey, createPublicKey, sign as cryptoSign, timingSafeEqual, verify as cryptoVerify, X509Certificate, type KeyObject } from 'node:crypto';
import { base64url } from 'jose';
import { argString, builtinError, operandError, type BuiltinTable } from '../builtin.js';
import { parseJSONLossless } from '../parse-json.js';
import { compareNumbers, RObject, toJSON, type Value } from '../value.js';

/**
 * io.jwt.verify_*, io.jwt.decode_verify and io.jwt.encode_sign(_raw) as OPA's topdown/tokens.go
 * has them (https://www.openpolicyagent.org/docs/policy-reference/#tokens). jose supplies the
 * base64url codec; signatures go through node:crypto, whose one-shot sign/verify are synchronous
 * like the evaluator (jose's JWS API is async). Keys come from a PEM certificate, a PEM public key,
 * a JWK or a JWK set, as OPA reads them.
 */

interface Algorithm {
  hash: 'sha256' | 'sha384' | 'sha512' | null;
  kind: 'hmac' | 'rsa' | 'pss' | 'ecdsa' | 'eddsa';
}

const ALGORITHMS: Record<string, Algorithm> = {
  HS256: { hash: 'sha256', kind: 'hmac' },
  HS384: { hash: 'sha384', kind: 'hmac' },
  HS512: { hash: 'sha512', kind: 'hmac' },
  RS256: { hash: 'sha256', kind: 'rsa' },
  RS384: { hash: 'sha384', kind: 'rsa' },
  RS512: { hash: 'sha512', kind: 'rsa' },
  PS256: { hash: 'sha256', kind: 'pss' },
  PS384: { hash: 'sha384', kind: 'pss' },
  PS512: { hash: 'sha512', kind: 'pss' },
  ES256: { hash: 'sha256', kind: 'ecdsa' },
  ES384: { hash: 'sha384', kind: 'ecdsa' },
  ES512: { hash: 'sha512', kind: 'ecdsa' },
  EdDSA: { hash: null, kind: 'eddsa' },
};

interface VerificationKey {
  key: KeyObject;
  alg: string;
  kid: string;
}

interface Token {
  header: string;
  payload: string;
  signature: string;
}

const splitToken = (jwt: string): Token => {
  if (!jwt.includes('.')) throw builtinError('encoded JWT had no period separators');
  const parts = jwt.split('.');
  if (parts.length !== 3) throw builtinError(`encoded JWT must have 3 sections, found ${parts.length}`);
  return { header: parts[0]!, payload: parts[1]!, signature: parts[2]! };
};

const b64urlDecode = (s: string, what: string): Buffer => {
  // Go's RawURLEncoding also accepts padded input in OPA's decoder; anything outside the alphabet fails.
  const trimmed = s.replace(/=+$/, '');
  const bad = trimmed.search(/[^A-Za-z0-9_-]/);
  if (bad >= 0) throw builtinError(`${what} had invalid encoding: illegal base64 data at input byte ${bad}`);
  return Buffer.from(base64url.decode(trimmed));
};

const jsonObject = (text: string, what: string): RObject => {
  let v: Value;
  try {
    v = parseJSONLossless(text);
  } catch {
    throw builtinError(`${what} is not valid JSON`);
  }
  if (!(v instanceof RObject)) throw builtinError(`${what} is not a JSON object`);
  return v;
};

/** OPA's getKeysFromCertOrJWK: one PEM block (certificate or public key), else a JWK or JWK set. */
const keysFrom = (text: string): VerificationKey[] => {
  const pem = /^\s*-----BEGIN ([A-Z0-9 ]+)-----\r?\n[\s\S]*?-----END \1-----\r?\n?/.exec(text);
  if (pem) {
    if (text.slice(pem.index + pem[0].length).length > 0) throw builtinError('extra data after a PEM certificate block');
    if (pem[1] === 'CERTIFICATE') {
      try {
        return [{ key: new X509Certificate(pem[0]).publicKey, alg: '', kid: '' }];
      } catch (e) {
        throw builtinError(`failed to parse a PEM certificate: ${(e as Error).message}`);
      }
    }
    if (pem[1] === 'PUBLIC KEY') {
      try {
        return [{ key: createPublicKey(pem[0]), alg: '', kid: '' }];
      } catch (e) {
        throw builtinError(`failed to parse a PEM public key: ${(e as Error).message}`);
      }
    }
    throw builtinError('failed to extract a Key from the PEM certificate');
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw builtinError(`failed to parse a JWK key (set): ${(e as Error).message}`);
  }
  const jwks = typeof doc === 'object' && doc !== null && Array.isArray((doc as { keys?: unknown }).keys) ? ((doc as { keys: unknown[] }).keys) : [doc];
  return jwks.map((jwk) => {
    const j = jwk as Record<string, unknown>;
    try {
      const key = j.kty === 'oct' ? createSecretFromJwk(j) : createPublicKey({ key: j as never, format: 'jwk' });
      return { key, alg: typeof j.alg === 'string' ? j.alg : '', kid: typeof j.kid === 'string' ? j.kid : '' };
    } catch (e) {
      throw builtinError(`failed to parse a JWK key (set): ${(e as Error).message}`);
    }
  });
};

const createSecretFromJwk = (j: Record<string, unknown>): KeyObject => {
  if (typeof j.k !== 'string') throw new Error('oct key without k');
  return createPrivateKey({ key: j as never, format: 'jwk' });
};

/** Whether `signature` signs `signed` under `key` with `alg` (false for a key of the wrong type). */
const verifies = (alg: Algorithm, key: KeyObject | Buffer, signed: string, signature: Buffer): boolean => {
  try {
    const data = Buffer.from(signed);
    switch (alg.kind) {
      case 'hmac': {
        const mac = createHmac(alg.hash!, key as Buffer).update(data).digest();
        return mac.length === signature.length && timingSafeEqual(mac, signature);
      }
      case 'rsa':
        return cryptoVerify(alg.hash, data, key as KeyObject, signature);
      case 'pss':
        // Go's rsa.VerifyPSS with nil options accepts any salt length.
        return cryptoVerify(alg.hash, data, { key: key as KeyObject, padding: 6, saltLength: -2 }, signature);
      case 'ecdsa':
        return cryptoVerify(alg.hash, data, { key: key as KeyObject, dsaEncoding: 'ieee-p1363' }, signature);
      case 'eddsa':
        return cryptoVerify(null, data, key as KeyObject, signature);
    }
  } catch {
    return false;
  }
};

/**
 * Verify with `a`, using the key whose kid matches the header's, else any key whose own alg (if
 * it has one) is the header's alg.
 */
const verifiedByKeys = (a: Algorithm, header: { alg: string; kid: string }, keys: VerificationKey[], signed: string, signature: Buffer): boolean => {
  if (header.kid) {
    const byKid = keys.find((k) => k.kid === header.kid);
    if (byKid) return verifies(a, byKid.key, signed, signature);
  }
  return keys.some((k) => (k.alg === '' || k.alg === header.alg) && verifies(a, k.key, signed, signature));
};

interface Header {
  alg: string;
  kid: string;
  cty: string;
  typ: string;
  valid: boolean;
  doc: RObject;
}

const KNOWN_HEADERS = new Set(['alg', 'jku', 'jwk', 'kid', 'x5u', 'x5c', 'x5t', 'x5t#S256', 'typ', 'cty', 'crit']);

/** OPA's parseTokenHeader and tokenHeader.valid: alg required, every crit name understood. */
const parseHeader = (token: Token): Header => {
  const doc = jsonObject(b64urlDecode(token.header, 'JWT header').toString('utf8'), 'JWT header');
  const str = (k: string): string => {
    const v = doc.get(k);
    if (v === undefined) return '';
    if (typeof v !== 'string') throw builtinError(`JWT header ${k} is not a string`);
    return v;
  };
  let valid = true;
  const crit = doc.get('crit');
  if (crit !== undefined) {
    if (!Array.isArray(crit) || crit.length === 0) throw builtinError('JWT header crit must be a non-empty array of strings');
    for (const c of crit) {
      if (typeof c !== 'string') throw builtinError('JWT header crit must be a non-empty array of strings');
      if (!KNOWN_HEADERS.has(c)) valid = false;
    }
  }
  const alg = str('alg');
  return { alg, kid: str('kid'), cty: str('cty'), typ: str('typ'), valid: valid && alg !== '', doc };
};

const verifyBuiltin = (alg: string) => ({
  arity: 2,
  fn: (args: Value[]): Value => {
    const token = splitToken(argString(args, 0));
    const keyText = argString(args, 1);
    const a = ALGORITHMS[alg]!;
    const signature = b64urlDecode(token.signature, 'JWT signature');
    const signed = `${token.header}.${token.payload}`;
    if (a.kind === 'hmac') return verifies(a, Buffer.from(keyText), signed, signature);
    const keys = keysFrom(keyText);
    return verifiedByKeys(a, parseHeader(token), keys, signed, signature);
  },
});

interface Constraints {
  keys?: VerificationKey[];
  secret?: string;
  alg?: string;
  iss?: string;
  aud?: string;
  /** Seconds since the epoch. */
  time: number;
}

const constraintsFrom = (o: Value, nowNs: bigint): Constraints => {
  if (!(o instanceof RObject)) throw operandError(2, 'object', o);
  const c: Constraints = { time: Number(nowNs) / 1e9 };
  for (const [k, v] of o.pairs()) {
    const str = (): string => {
      if (typeof v !== 'string') throw builtinError(`${String(k)} constraint: must be a string`);
      return v;
    };
    switch (k) {
      case 'cert':
        c.keys = keysFrom(str());
        break;
      case 'secret':
        c.secret = str();
        break;
      case 'alg':
        c.alg = str();
        break;
      case 'iss':
        c.iss = str();
        break;
      case 'aud':
        c.aud = str();
        break;
      case 'time':
        if (typeof v !== 'number' && typeof v !== 'bigint') throw builtinError('time constraint: must be a number');
        c.time = Number(v) / 1e9;
        break;
      default:
        throw builtinError(`unknown token validation constraint: ${typeof k === 'string' ? k : toJSON(k)}`);
    }
  }
  const keyKinds = (c.keys ? 1 : 0) + (c.secret ? 1 : 0);
  if (keyKinds > 1) throw builtinError('duplicate key constraints');
  if (keyKinds < 1) throw builtinError('no key constraint');
  return c;
};

const validAudience = (aud: Value, want: string | undefined): boolean => {
  if (typeof aud === 'string') return aud === want;
  return Array.isArray(aud) && aud.some((a) => typeof a === 'string' && a === want);
};

const decodeVerify = (jwt: string, constraintsValue: Value, nowNs: bigint): Value => {
  const unverified: Value = [false, new RObject(), new RObject()];
  const c = constraintsFrom(constraintsValue, nowNs);
  let text = jwt;
  let header: Header;
  let payload: RObject;
  for (;;) {
    const token = splitToken(text);
    header = parseHeader(token);
    if (!header.valid) return unverified;
    if (c.alg && c.alg !== header.alg) return unverified;
    const signature = b64urlDecode(token.signature, 'JWT signature');
    const signed = `${token.header}.${token.payload}`;
    const a = ALGORITHMS[header.alg];
    if (!a) throw builtinError(`unknown JWS algorithm: ${header.alg}`);
    if (c.keys) {
      if (!verifiedByKeys(a, header, c.keys, signed, signature)) return unverified;
    } else {
      if (a.kind !== 'hmac') throw builtinError(`${header.alg}: a secret cannot verify an asymmetric signature; use the cert constraint`);
      if (!verifies(a, Buffer.from(c.secret!), signed, signature)) return unverified;
    }
    const p = b64urlDecode(token.payload, 'JWT payload').toString('utf8');
    if (header.cty.toUpperCase() === 'JWT') {
      text = p;
      continue;
    }
    payload = jsonObject(p, 'JWT payload');
    break;
  }
  if (c.iss !== undefined) {
    const iss = payload.get('iss');
    if (iss === undefined || iss !== c.iss) return unverified;
  }
  const aud = payload.get('aud');
  if (aud !== undefined ? !validAudience(aud, c.aud) : c.aud !== undefined) return unverified;
  const exp = payload.get('exp');
  if (exp !== undefined) {
    if (typeof exp !== 'number' && typeof exp !== 'bigint') throw builtinError('exp value must be a number');
    if (compareNumbers(c.time, exp) !== -1) return unverified;
  }
  const nbf = payload.get('nbf');
  if (nbf !== undefined) {
    if (typeof nbf !== 'number' && typeof nbf !== 'bigint') throw builtinError('nbf value must be a number');
    if (compareNumbers(c.time, nbf) === -1) return unverified;
  }
  return [true, header.doc, payload];
};

const signingKey = (jwkText: string, alg: Algorithm): KeyObject | Buffer => {
  let jwk: Record<string, unknown>;
  try {
    const doc = JSON.parse(jwkText) as unknown;
    const first = typeof doc === 'object' && doc !== null && Array.isArray((doc as { keys?: unknown }).keys) ? (doc as { keys: unknown[] }).keys[0] : doc;
    if (typeof first !== 'object' || first === null) throw new Error('not a JSON object');
    jwk = first as Record<string, unknown>;
  } catch (e) {
    throw builtinError(`failed to parse a JWK key (set): ${(e as Error).message}`);
  }
  try {
    if (alg.kind === 'hmac') {
      if (jwk.kty !== 'oct' || typeof jwk.k !== 'string') throw new Error('an HMAC algorithm needs an oct key with k');
      return Buffer.from(base64url.decode(jwk.k));
    }
    return createPrivateKey({ key: jwk as never, format: 'jwk' });
  } catch (e) {
    throw builtinError(`failed to parse a JWK key (set): ${(e as Error).message}`);
  }
};

/** OPA's commonBuiltinJWTEncodeSign: the header and payload texts are signed as given. */
const encodeSign = (headerText: string, payloadText: string, jwkText: string): string => {
  let header: unknown;
  try {
    header = JSON.parse(headerText);
  } catch {
    header = undefined;
  }
  const alg = typeof header === 'object' && header !== null ? (header as Record<string, unknown>).alg : undefined;
  if (typeof alg !== 'string') throw builtinError(`missing or invalid 'alg' header: jwsbb: header "alg" not found`);
  const a = ALGORITHMS[alg];
  if (!a) throw builtinError(`unknown JWS algorithm: ${alg}`);
  const typ = (header as Record<string, unknown>).typ;
  if (typ === undefined || typ === '' || typ === 'JWT') {
    try {
      JSON.parse(payloadText);
    } catch {
      throw builtinError('type is JWT but payload is not JSON');
    }
  }
  const key = signingKey(jwkText, a);
  const signed = `${base64url.encode(headerText)}.${base64url.encode(payloadText)}`;
  const data = Buffer.from(signed);
  let sig: Buffer;
  switch (a.kind) {
    case 'hmac':
      sig = createHmac(a.hash!, key as Buffer).update(data).digest();
      break;
    case 'rsa':
      sig = cryptoSign(a.hash, data, key as KeyObject);
      break;
    case 'pss':
      sig = cryptoSign(a.hash, data, { key: key as KeyObject, padding: 6, saltLength: -1 });
      break;
    case 'ecdsa':
      sig = cryptoSign(a.hash, data, { key: key as KeyObject, dsaEncoding: 'ieee-p1363' });
      break;
    case 'eddsa':
      sig = cryptoSign(null, data, key as KeyObject);
      break;
  }
  return `${signed}.${base64url.encode(sig)}`;
};

const objectJSON = (v: Value, pos: number): string => {
  if (!(v instanceof RObject)) throw operandError(pos, 'object', v);
  return toJSON(v);
};

export const jwtBuiltins: BuiltinTable = {
  ...Object.fromEntries(Object.keys(ALGORITHMS).map((alg) => [`io.jwt.verify_${alg.toLowerCase()}`, verifyBuiltin(alg)])),
  'io.jwt.decode_verify': { arity: 2, fn: (args, ctx) => decodeVerify(argString(args, 0), args[1]!, ctx.nowNs) },
  'io.jwt.encode_sign_raw': { arity: 3, fn: (args) => encodeSign(argString(args, 0), argString(args, 1), argString(args, 2)) },
  'io.jwt.encode_sign': {
    arity: 3,
    fn: (args) => encodeSign(objectJSON(args[0]!, 1), objectJSON(args[1]!, 2), objectJSON(args[2]!, 3)),
  },
};

