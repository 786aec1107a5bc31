import type { IncomingHttpHeaders } from 'node:http';

/**
 * How an AWS request is signed, as the proxy reads it before checking the signature: from
 * `Authorization: AWS4-HMAC-SHA256 Credential=<key>/<date>/<region>/<service>/aws4_request,
 * SignedHeaders=…, Signature=…` or, for a presigned URL, from the `X-Amz-*` query parameters.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html
 */
export interface AwsSignature {
  readonly form: 'header' | 'query';
  readonly accessKeyId: string;
  /** YYYYMMDD, from the credential scope. */
  readonly date: string;
  readonly region: string;
  readonly service: string;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
  /** YYYYMMDD'T'HHMMSS'Z': x-amz-date (header) or X-Amz-Date (query). */
  readonly longDate: string;
  /** X-Amz-Expires of a presigned URL, in seconds. */
  readonly expires?: number;
  /** The session token the request carries (x-amz-security-token or X-Amz-Security-Token). */
  readonly sessionToken?: string;
}

export type SignatureRead = { readonly kind: 'none' } | { readonly kind: 'signed'; readonly signature: AwsSignature } | { readonly kind: 'unsupported'; readonly why: string };

const SCOPE = /^([^/]+)\/(\d{8})\/([a-z0-9-]+)\/([A-Za-z0-9.-]+)\/aws4_request$/;
const LONG_DATE = /^\d{8}T\d{6}Z$/;

/** Decoded query parameters, every value of each (names are case-sensitive, as AWS reads them). */
export function queryParameters(rawQuery: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const decode = (s: string) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    };
    const name = decode(eq < 0 ? part : part.slice(0, eq));
    out.set(name, [...(out.get(name) ?? []), decode(eq < 0 ? '' : part.slice(eq + 1))]);
  }
  return out;
}

const one = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const v = headers[name];
  return Array.isArray(v) ? undefined : v;
};

/**
 * Reads the request's SigV4 signature. `none`: neither an AWS Authorization header nor an
 * `X-Amz-Credential` parameter. `unsupported`: a signature in a form the proxy cannot check
 * (SigV2, SigV4a, `Date` instead of `x-amz-date`, a malformed scope), which is refused.
 */
export function readAwsSignature(headers: IncomingHttpHeaders, rawQuery: string): SignatureRead {
  const authorization = headers.authorization;
  const query = queryParameters(rawQuery);
  const inQuery = query.has('X-Amz-Credential') || query.has('X-Amz-Signature') || query.has('AWSAccessKeyId') || query.has('Signature');
  if (authorization !== undefined && inQuery) return { kind: 'unsupported', why: 'the request is signed both in its Authorization header and in its query string' };
  if (authorization !== undefined) {
    if (Array.isArray(authorization)) return { kind: 'unsupported', why: 'the request carries more than one Authorization header' };
    if (authorization.startsWith('AWS4-ECDSA-P256-SHA256')) return { kind: 'unsupported', why: 'SigV4a (AWS4-ECDSA-P256-SHA256) is not supported; sign with SigV4 for one region' };
    if (/^AWS [^:]+:/.test(authorization)) return { kind: 'unsupported', why: 'Signature Version 2 is not supported; use SigV4' };
    if (!authorization.startsWith('AWS4-HMAC-SHA256 ')) return { kind: 'none' };
    const fields = new Map<string, string>();
    for (const part of authorization.slice('AWS4-HMAC-SHA256 '.length).split(',')) {
      const eq = part.indexOf('=');
      if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
    }
    const scope = SCOPE.exec(fields.get('Credential') ?? '');
    const signedHeaders = (fields.get('SignedHeaders') ?? '').split(';');
    const signature = fields.get('Signature') ?? '';
    const longDate = one(headers, 'x-amz-date') ?? '';
    if (!scope || !/^[0-9a-f]{64}$/.test(signature) || !signedHeaders.includes('host')) return { kind: 'unsupported', why: 'the Authorization header is not a well-formed SigV4 header' };
    if (!LONG_DATE.test(longDate) || !signedHeaders.includes('x-amz-date')) return { kind: 'unsupported', why: 'the request must carry and sign x-amz-date (a signed Date header is not supported)' };
    const token = headers['x-amz-security-token'];
    if (Array.isArray(token)) return { kind: 'unsupported', why: 'the request carries more than one x-amz-security-token header' };
    return {
      kind: 'signed',
      signature: { form: 'header', accessKeyId: scope[1]!, date: scope[2]!, region: scope[3]!, service: scope[4]!, signedHeaders, signature, longDate, ...(token !== undefined ? { sessionToken: token } : {}) },
    };
  }
  if (!inQuery) return { kind: 'none' };
  if (query.has('AWSAccessKeyId')) return { kind: 'unsupported', why: 'Signature Version 2 presigned URLs are not supported' };
  const single = (name: string) => {
    const values = query.get(name);
    return values?.length === 1 ? values[0] : undefined;
  };
  const scope = SCOPE.exec(single('X-Amz-Credential') ?? '');
  const signature = single('X-Amz-Signature') ?? '';
  const longDate = single('X-Amz-Date') ?? '';
  const expires = Number(single('X-Amz-Expires'));
  const signedHeaders = (single('X-Amz-SignedHeaders') ?? '').split(';');
  if (single('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256' || !scope || !/^[0-9a-f]{64}$/.test(signature) || !LONG_DATE.test(longDate) || !Number.isInteger(expires) || !signedHeaders.includes('host')) return { kind: 'unsupported', why: 'the presigned URL is not a well-formed SigV4 query signature' };
  const token = query.get('X-Amz-Security-Token');
  if (token && token.length !== 1) return { kind: 'unsupported', why: 'the presigned URL carries more than one X-Amz-Security-Token' };
  return {
    kind: 'signed',
    signature: { form: 'query', accessKeyId: scope[1]!, date: scope[2]!, region: scope[3]!, service: scope[4]!, signedHeaders, signature, longDate, expires, ...(token ? { sessionToken: token[0]! } : {}) },
  };
}
