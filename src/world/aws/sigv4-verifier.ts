import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/*
 * The world's own AWS Signature Version 4 verifier, written from AWS's specification
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html and
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html), sharing no code
 * with the product's signer (@smithy/signature-v4), so that the product's re-signed requests are
 * checked by an independent implementation, as AWS would check them.
 */

export const ALGORITHM = 'AWS4-HMAC-SHA256';
export const EMPTY_SHA256 = createHash('sha256').update('').digest('hex');

/** The parts of `Authorization: AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…`. */
export interface ParsedAuthorization {
  readonly accessKeyId: string;
  readonly date: string;
  readonly region: string;
  readonly service: string;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
}

export const sha256Hex = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest();

/** `UriEncode()` of the specification: every byte but A-Z a-z 0-9 - . _ ~ as %XX (upper case); `/` kept in paths. */
export function uriEncode(text: string, keepSlash: boolean): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-._~]/.test(c) || (keepSlash && c === '/')) out += c;
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Percent-decoding that leaves a malformed escape as it is (AWS compares, it does not reject, such paths). */
function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * CanonicalURI: S3 encodes the decoded path once and never normalises it; every other service
 * encodes each (already encoded) segment again.
 */
export function canonicalUri(rawPath: string, service: string): string {
  const path = rawPath === '' ? '/' : rawPath;
  if (service === 's3') return uriEncode(decode(path), true);
  return path
    .split('/')
    .map((segment) => uriEncode(segment, false))
    .join('/');
}

/** CanonicalQueryString: each name and value decoded then UriEncode()d, sorted by name then value; X-Amz-Signature left out. */
export function canonicalQuery(rawQuery: string, options: { dropSignature: boolean }): string {
  if (rawQuery === '') return '';
  const pairs: [string, string][] = [];
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = uriEncode(decode(eq < 0 ? part : part.slice(0, eq)), false);
    const value = uriEncode(decode(eq < 0 ? '' : part.slice(eq + 1)), false);
    if (options.dropSignature && name === 'X-Amz-Signature') continue;
    pairs.push([name, value]);
  }
  pairs.sort(([an, av], [bn, bv]) => (an < bn ? -1 : an > bn ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  return pairs.map(([n, v]) => `${n}=${v}`).join('&');
}

/** Header values as received (from `rawHeaders`, so repeated headers keep each value), by lower-case name. */
export function headerValues(rawHeaders: readonly string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!.toLowerCase();
    out.set(name, [...(out.get(name) ?? []), rawHeaders[i + 1]!]);
  }
  return out;
}

export type VerifyFailure = { readonly ok: false; readonly code: 'AuthorizationHeaderMalformed' | 'SignatureDoesNotMatch' | 'AccessDenied'; readonly message: string };

/**
 * Parses the Authorization header. Malformed headers get S3's AuthorizationHeaderMalformed;
 * SignedHeaders must be lower case, sorted and include `host`, as the specification requires.
 */
export function parseAuthorization(value: string): { ok: true; auth: ParsedAuthorization } | VerifyFailure {
  const malformed = (why: string): VerifyFailure => ({ ok: false, code: 'AuthorizationHeaderMalformed', message: `The authorization header is malformed; ${why}.` });
  if (!value.startsWith(`${ALGORITHM} `)) return malformed(`the authorization mechanism is not ${ALGORITHM}`);
  const fields = new Map<string, string>();
  for (const part of value.slice(ALGORITHM.length + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) return malformed(`the authorization component "${part.trim()}" is malformed`);
    fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const credential = fields.get('Credential')?.split('/');
  const signedHeaders = fields.get('SignedHeaders')?.split(';');
  const signature = fields.get('Signature');
  if (!credential || credential.length !== 5 || credential[4] !== 'aws4_request') return malformed('the Credential is malformed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request"');
  if (!signedHeaders || !signature || !/^[0-9a-f]{64}$/.test(signature)) return malformed('a SignedHeaders or Signature component is missing or malformed');
  const sorted = [...signedHeaders].sort();
  if (signedHeaders.some((h, i) => h !== h.toLowerCase() || h !== sorted[i]) || !signedHeaders.includes('host')) return malformed('SignedHeaders must be lower case, sorted and include host');
  const [accessKeyId, date, region, service] = credential as [string, string, string, string];
  return { ok: true, auth: { accessKeyId, date, region, service, signedHeaders, signature } };
}

export function signingKey(secret: string, date: string, region: string, service: string): Buffer {
  return hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), 'aws4_request');
}

export interface SignedRequestParts {
  readonly method: string;
  /** The request target's path and query, exactly as received. */
  readonly rawPath: string;
  readonly rawQuery: string;
  readonly headers: Map<string, string[]>;
  /** `x-amz-content-sha256`'s value for S3, or the body's SHA-256 for services that send no such header. */
  readonly payloadHash: string;
}

/** The canonical request over the headers the client signed; undefined when a signed header is absent. */
export function canonicalRequest(parts: SignedRequestParts, signedHeaders: readonly string[], service: string, presigned: boolean): string | undefined {
  const lines: string[] = [];
  for (const name of signedHeaders) {
    const values = parts.headers.get(name);
    if (!values) return undefined;
    lines.push(`${name}:${values.map((v) => v.trim().replace(/\s+/g, ' ')).join(',')}`);
  }
  return [parts.method, canonicalUri(parts.rawPath, service), canonicalQuery(parts.rawQuery, { dropSignature: presigned }), `${lines.join('\n')}\n`, signedHeaders.join(';'), parts.payloadHash].join('\n');
}

export function stringToSign(longDate: string, scope: string, canonical: string): string {
  return [ALGORITHM, longDate, scope, sha256Hex(canonical)].join('\n');
}

export function signatureMatches(expected: string, given: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Recomputes the signature of a header-signed request with `secret` and compares it with the one
 * it carries; `longDate` is its x-amz-date. S3's answer to a mismatch is SignatureDoesNotMatch.
 */
export function verifyHeaderSignature(parts: SignedRequestParts, auth: ParsedAuthorization, secret: string, longDate: string): { ok: true; seed: string } | VerifyFailure {
  if (!auth.signedHeaders.includes('x-amz-date') && !auth.signedHeaders.includes('date')) return { ok: false, code: 'AccessDenied', message: 'AWS authentication requires a valid Date or x-amz-date header' };
  const canonical = canonicalRequest(parts, auth.signedHeaders, auth.service, false);
  if (canonical === undefined) return { ok: false, code: 'SignatureDoesNotMatch', message: 'The request signature we calculated does not match the signature you provided. Check your key and signing method.' };
  const scope = `${auth.date}/${auth.region}/${auth.service}/aws4_request`;
  const expected = createHmac('sha256', signingKey(secret, auth.date, auth.region, auth.service)).update(stringToSign(longDate, scope, canonical)).digest('hex');
  if (!signatureMatches(expected, auth.signature)) return { ok: false, code: 'SignatureDoesNotMatch', message: 'The request signature we calculated does not match the signature you provided. Check your key and signing method.' };
  return { ok: true, seed: auth.signature };
}

/**
 * The signature of one chunk of a `STREAMING-AWS4-HMAC-SHA256-PAYLOAD` body, chained on the
 * previous one (https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html).
 */
export function chunkSignature(key: Buffer, longDate: string, scope: string, previous: string, data: Buffer): string {
  const text = ['AWS4-HMAC-SHA256-PAYLOAD', longDate, scope, previous, EMPTY_SHA256, sha256Hex(data)].join('\n');
  return createHmac('sha256', key).update(text).digest('hex');
}

/** The trailer signature of a `STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER` body (https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming-trailers.html). */
export function trailerSignature(key: Buffer, longDate: string, scope: string, previous: string, trailerLines: string): string {
  const text = ['AWS4-HMAC-SHA256-TRAILER', longDate, scope, previous, sha256Hex(trailerLines)].join('\n');
  return createHmac('sha256', key).update(text).digest('hex');
}
