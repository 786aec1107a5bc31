import { crc32 } from 'node:zlib';
import { genericLookAlikeReason } from './look-alike.js';
import type { ValidatorId } from './rule-types.js';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Base62 (0-9A-Za-z) of a 32-bit unsigned number, left-padded with '0' to 6 characters. */
export function base62Crc32(data: string): string {
  let n = crc32(data) >>> 0;
  let out = '';
  do {
    out = BASE62[n % 62] + out;
    n = Math.floor(n / 62);
  } while (n > 0);
  return out.padStart(6, '0');
}

/**
 * GitHub (ghp_/gho_/ghu_/ghs_/ghr_) and npm (npm_) tokens: 30 random base62 characters then
 * the CRC32 of those 30 characters in 6 base62 digits.
 * https://github.blog/2021-04-05-behind-githubs-new-authentication-token-formats/
 * https://github.blog/2021-09-23-announcing-npms-new-access-token-format/
 */
function validBase62Crc32(token: string): boolean {
  const body = token.slice(token.indexOf('_') + 1);
  if (body.length !== 36) return false;
  return base62Crc32(body.slice(0, 30)) === body.slice(30);
}

function decodeBase64Url(part: string): string | undefined {
  if (!/^[A-Za-z0-9_-]+={0,2}$/.test(part)) return undefined;
  return Buffer.from(part, 'base64url').toString('latin1');
}

function isJsonObject(text: string | undefined): boolean {
  if (text === undefined || !text.startsWith('{')) return false;
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v);
  } catch {
    return false;
  }
}

/** A JWT (RFC 7519): base64url JSON header naming an `alg`, and a JSON object payload. */
function validJwt(token: string): boolean {
  const [header, payload] = token.split('.');
  if (header === undefined || payload === undefined) return false;
  const h = decodeBase64Url(header);
  return (
    isJsonObject(h) &&
    h !== undefined &&
    h.includes('"alg"') &&
    isJsonObject(decodeBase64Url(payload))
  );
}

/**
 * `Authorization: Basic <base64(user:password)>` (RFC 7617) with printable credentials whose
 * password is not a placeholder (documentation favours `1234567890abcdef`).
 */
function validBasicAuth(encoded: string): boolean {
  const text = Buffer.from(encoded, 'base64').toString('latin1');
  const colon = text.indexOf(':');
  if (colon <= 0 || colon >= text.length - 1 || !/^[\x20-\x7e]+$/.test(text)) return false;
  return genericLookAlikeReason(text.slice(colon + 1), '', true) === undefined;
}

const validators: Record<ValidatorId, (secret: string) => boolean> = {
  'base62-crc32': validBase62Crc32,
  jwt: validJwt,
  'basic-auth-header': validBasicAuth,
};

export function validateSecret(id: ValidatorId, secret: string): boolean {
  return validators[id](secret);
}
