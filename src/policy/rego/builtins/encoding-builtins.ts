import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { argString, builtinError, operandError, typeError, type BuiltinTable } from '../builtin.js';
import { parseJSONLossless } from '../parse-json.js';
import { fromJS, normNum, RObject, RSet, sortedPairs, toJS, toJSON, typeName, type Value } from '../value.js';
import { goYamlMessage } from './go-yaml-error.js';

const B64 = /^[A-Za-z0-9+/]*={0,2}$/;
const B64URL = /^[A-Za-z0-9_-]*={0,2}$/;

const decodeB64 = (s: string, url: boolean): string => {
  let t = s;
  if (url && !t.endsWith('=')) {
    if (t.length % 4 === 2) t += '==';
    else if (t.length % 4 === 3) t += '=';
  }
  if (t.length % 4 !== 0 || !(url ? B64URL : B64).test(t)) throw builtinError(`illegal base64 data at input byte ${Math.max(0, t.length - 1)}`);
  return Buffer.from(t, url ? 'base64url' : 'base64').toString('utf8');
};

/** Go's url.QueryEscape. */
const queryEscape = (s: string): string =>
  [...Buffer.from(s, 'utf8')]
    .map((b) => {
      const c = String.fromCharCode(b);
      if (/[A-Za-z0-9\-_.~]/.test(c)) return c;
      if (c === ' ') return '+';
      return `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
    })
    .join('');

const queryUnescape = (s: string): string => {
  if (/%(?![0-9a-fA-F]{2})/.test(s)) throw builtinError(`invalid URL escape`);
  return decodeURIComponent(s.replace(/\+/g, ' '));
};

const toYamlJS = (v: Value): unknown => toJS(v);

const hash = (alg: string) => ({ arity: 1, fn: (args: Value[]) => createHash(alg).update(argString(args, 0), 'utf8').digest('hex') });
const hmac = (alg: string) => ({
  arity: 2,
  fn: (args: Value[]) => createHmac(alg, Buffer.from(argString(args, 1), 'utf8')).update(argString(args, 0), 'utf8').digest('hex'),
});

const jwtSegment = (s: string): string => {
  try {
    return decodeB64(s, true);
  } catch {
    throw builtinError('JWT segment is not valid base64url');
  }
};

const decodeJwt = (token: string): Value => {
  if (!token.includes('.')) throw builtinError('encoded JWT had no period separators');
  const parts = token.split('.');
  if (parts.length === 5) throw builtinError('JWT is a JWE object, which is not supported');
  if (parts.length !== 3) throw builtinError(`encoded JWT must have 3 sections, found ${parts.length}`);
  let header: Value;
  try {
    header = parseJSONLossless(jwtSegment(parts[0]!));
  } catch {
    throw builtinError('JWT header is not valid JSON');
  }
  if (!(header instanceof RObject)) throw builtinError('JWT header is not an object');
  if (header.has('enc')) throw builtinError('JWT is a JWE object, which is not supported');
  const payloadText = jwtSegment(parts[1]!);
  // A nested JWT (cty: JWT) carries another token as its payload: decode that one instead.
  if (header.get('cty') === 'JWT') {
    let inner: Value;
    try {
      inner = parseJSONLossless(payloadText);
    } catch {
      throw builtinError('type is JWT but payload is not JSON');
    }
    if (typeof inner !== 'string') throw builtinError('type is JWT but payload is not a JSON string');
    return decodeJwt(inner);
  }
  let payload: Value;
  try {
    payload = parseJSONLossless(payloadText);
  } catch {
    throw builtinError('JWT payload is not valid JSON');
  }
  if (!/^[A-Za-z0-9_-]*$/.test(parts[2]!)) throw builtinError(`JWT signature had invalid encoding: illegal base64 data at input byte ${parts[2]!.search(/[^A-Za-z0-9_-]/)}`);
  const sig = Buffer.from(parts[2]!, 'base64url').toString('hex');
  return [header, payload, sig];
};

export const encodingBuiltins: BuiltinTable = {
  'base64.encode': { arity: 1, fn: (args) => Buffer.from(argString(args, 0), 'utf8').toString('base64') },
  'base64.decode': { arity: 1, fn: (args) => decodeB64(argString(args, 0), false) },
  'base64.is_valid': {
    arity: 1,
    fn: ([s]) => typeof s === 'string' && s.length % 4 === 0 && B64.test(s),
  },
  'base64url.encode': { arity: 1, fn: (args) => Buffer.from(argString(args, 0), 'utf8').toString('base64url').padEnd(Math.ceil(Buffer.byteLength(argString(args, 0)) / 3) * 4, '=') },
  'base64url.encode_no_pad': { arity: 1, fn: (args) => Buffer.from(argString(args, 0), 'utf8').toString('base64url') },
  'base64url.decode': { arity: 1, fn: (args) => decodeB64(argString(args, 0), true) },
  'hex.encode': { arity: 1, fn: (args) => Buffer.from(argString(args, 0), 'utf8').toString('hex') },
  'hex.decode': {
    arity: 1,
    fn: (args) => {
      const s = argString(args, 0);
      if (!/^([0-9a-fA-F]{2})*$/.test(s)) throw builtinError(`encoding/hex: invalid byte`);
      return Buffer.from(s, 'hex').toString('utf8');
    },
  },
  'urlquery.encode': { arity: 1, fn: (args) => queryEscape(argString(args, 0)) },
  'urlquery.decode': { arity: 1, fn: (args) => queryUnescape(argString(args, 0)) },
  'urlquery.encode_object': {
    arity: 1,
    fn: ([o]) => {
      if (!(o instanceof RObject)) throw operandError(1, 'object', o!);
      const parts: string[] = [];
      for (const [k, v] of sortedPairs(o)) {
        if (typeof k !== 'string') throw typeError('operand 1 must be object with string keys');
        const vals = typeof v === 'string' ? [v] : Array.isArray(v) ? v : v instanceof RSet ? [...v.values()] : undefined;
        if (!vals) throw typeError(`operand 1 must be object of strings, arrays or sets of strings but got ${typeName(v)}`);
        for (const x of vals) {
          if (typeof x !== 'string') throw typeError(`operand 1 must be object of strings but got ${typeName(x)}`);
          parts.push(`${queryEscape(k)}=${queryEscape(x)}`);
        }
      }
      return parts.join('&');
    },
  },
  'urlquery.decode_object': {
    arity: 1,
    fn: (args) => {
      const s = argString(args, 0);
      const out = new RObject();
      for (const part of s.split(/[&]/)) {
        if (part === '') continue;
        const eq = part.indexOf('=');
        const k = queryUnescape(eq < 0 ? part : part.slice(0, eq));
        const v = eq < 0 ? '' : queryUnescape(part.slice(eq + 1));
        const prev = out.get(k);
        out.set(k, Array.isArray(prev) ? [...prev, v] : [v]);
      }
      return out;
    },
  },
  'json.marshal': { arity: 1, fn: ([v]) => toJSON(v!) },
  'json.marshal_with_options': {
    arity: 2,
    fn: ([v, opts]) => {
      if (!(opts instanceof RObject)) throw operandError(2, 'object', opts!);
      let pretty = false;
      let indent = '\t';
      let prefix = '';
      for (const [k, x] of opts.pairs()) {
        if (k === 'pretty') {
          if (typeof x !== 'boolean') throw typeError('pretty must be a boolean');
          pretty = x;
        } else if (k === 'indent') {
          if (typeof x !== 'string') throw typeError('indent must be a string');
          indent = x;
        } else if (k === 'prefix') {
          if (typeof x !== 'string') throw typeError('prefix must be a string');
          prefix = x;
        } else throw typeError(`object contained unknown key ${JSON.stringify(k)}`);
      }
      const compact = toJSON(v!);
      if (!pretty && !opts.has('indent') && !opts.has('prefix')) return compact;
      if (opts.has('pretty') && !pretty) return compact;
      // Go's json.MarshalIndent: every line after the first starts with prefix, then the indentation.
      // Raw tabs only occur as indentation (JSON escapes them inside strings).
      const text = JSON.stringify(JSON.parse(compact.replace(/(-?\d{16,})/g, '"\u0000$1"')), null, '\t');
      const lines = text.replace(/"\\u0000(-?\d+)"/g, '$1').split('\n');
      return lines.map((l) => prefix + l.replace(/^\t+/, (m) => indent.repeat(m.length))).join('\n');
    },
  },
  'json.unmarshal': {
    arity: 1,
    fn: (args) => {
      try {
        return parseJSONLossless(argString(args, 0));
      } catch (e) {
        throw builtinError((e as Error).message);
      }
    },
  },
  'json.is_valid': {
    arity: 1,
    fn: ([s]) => {
      if (typeof s !== 'string') return false;
      try {
        parseJSONLossless(s);
        return true;
      } catch {
        return false;
      }
    },
  },
  'yaml.marshal': { arity: 1, fn: ([v]) => stringifyYaml(toYamlJS(v!)) },
  'yaml.unmarshal': {
    arity: 1,
    fn: (args) => {
      try {
        return fromJS(parseYaml(argString(args, 0), { intAsBigInt: true }));
      } catch (e) {
        throw builtinError(goYamlMessage(e));
      }
    },
  },
  'yaml.is_valid': {
    arity: 1,
    fn: ([s]) => {
      if (typeof s !== 'string') return false;
      try {
        parseYaml(s);
        return true;
      } catch {
        return false;
      }
    },
  },
  'crypto.md5': hash('md5'),
  'crypto.sha1': hash('sha1'),
  'crypto.sha256': hash('sha256'),
  'crypto.hmac.md5': hmac('md5'),
  'crypto.hmac.sha1': hmac('sha1'),
  'crypto.hmac.sha256': hmac('sha256'),
  'crypto.hmac.sha512': hmac('sha512'),
  'crypto.hmac.equal': {
    arity: 2,
    fn: (args) => {
      const a = Buffer.from(argString(args, 0), 'utf8');
      const b = Buffer.from(argString(args, 1), 'utf8');
      return a.length === b.length && timingSafeEqual(a, b);
    },
  },
  'io.jwt.decode': { arity: 1, fn: (args) => decodeJwt(argString(args, 0)) },
  'uuid.parse': {
    arity: 1,
    fn: (args) => {
      const s = argString(args, 0);
      const m = /^(?:urn:uuid:)?\{?([0-9a-fA-F]{8})-?([0-9a-fA-F]{4})-?([0-9a-fA-F]{4})-?([0-9a-fA-F]{4})-?([0-9a-fA-F]{12})\}?$/.exec(s);
      if (!m) return undefined;
      const hex = m.slice(1).join('').toLowerCase();
      const version = parseInt(hex[12]!, 16);
      const vbyte = parseInt(hex.slice(16, 18), 16);
      const variant = (vbyte & 0x80) === 0 ? 'Reserved, NCS backward compatibility.' : (vbyte & 0xc0) === 0x80 ? 'RFC4122' : (vbyte & 0xe0) === 0xc0 ? 'Reserved, Microsoft Corporation backward compatibility.' : 'Reserved for future definition.';
      const out = new RObject();
      out.set('version', version);
      out.set('variant', variant);
      if (version === 1 || version === 2) {
        const time = (BigInt(`0x${hex.slice(13, 16)}`) << 48n) | (BigInt(`0x${hex.slice(8, 12)}`) << 32n) | BigInt(`0x${hex.slice(0, 8)}`);
        out.set('time', normNum((time - 122192928000000000n) * 100n));
        out.set('clocksequence', parseInt(hex.slice(16, 20), 16) & 0x3fff);
        out.set('nodeid', hex.slice(20).match(/../g)!.join('-'));
        const first = parseInt(hex.slice(20, 22), 16);
        out.set('macvariables', `${first & 2 ? 'local' : 'global'}:${first & 1 ? 'multicast' : 'unicast'}`);
        if (version === 2) {
          out.set('id', parseInt(hex.slice(0, 8), 16));
          out.set('domain', ['Person', 'Group', 'Org'][parseInt(hex.slice(18, 20), 16)] ?? `Domain${parseInt(hex.slice(18, 20), 16)}`);
        }
      }
      return out;
    },
  },
};
