import { timingSafeEqual } from 'node:crypto';
import type { OutgoingHttpHeaders } from 'node:http';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import type { HttpRequest, QueryParameterBag, SourceData } from '@smithy/types';
import { parseAwsChunks, serializeAwsChunks, type AwsChunks } from './aws-chunked-payload.js';
import type { AwsSignature } from './aws-signed-request.js';

/*
 * Checking an agent's SigV4 signature with its placeholder credentials, and signing the request
 * again with the run's real ones, both with the AWS SDK's own signer (@smithy/signature-v4): the
 * proxy never signs with code of its own. The signature is recomputed over the request as the
 * agent sent it (its method, raw path and query, the headers it signed, its payload hash), and the
 * new one over the request the proxy forwards. Payloads signed chunk by chunk
 * (STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER], https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html)
 * have every chunk (and the trailer) checked and signed again; the other payload forms
 * (a hex hash, UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, as `aws s3 cp` sends them)
 * are covered by the header signature alone and forwarded as they are.
 */

export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export type AwsSigningRefusal = 'aws-signature-mismatch' | 'aws-request-time-skewed' | 'aws-presigned-expired' | 'aws-signing-unsupported';

export type Checked = { readonly ok: true; readonly chunks?: AwsChunks } | { readonly ok: false; readonly reason: AwsSigningRefusal; readonly detail: string };

/** AWS refuses a request signed more than 15 minutes from its own clock (RequestTimeTooSkewed). */
const MAX_SKEW_MS = 15 * 60 * 1000;
/** SigV4 presigned URLs live at most 7 days (https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html). */
const MAX_PRESIGNED_SECONDS = 7 * 24 * 60 * 60;
/** Query parameters that carry a presigned URL's signature; the signer writes them itself. */
const QUERY_AUTH = new Set(['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Expires', 'X-Amz-SignedHeaders', 'X-Amz-Signature', 'X-Amz-Security-Token']);
const SIGNED_CHUNKS = new Set(['STREAMING-AWS4-HMAC-SHA256-PAYLOAD', 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER']);
/** Payload forms the header signature covers whole (S3 checks the body against them itself). */
const PASS_THROUGH_PAYLOADS = new Set(['UNSIGNED-PAYLOAD', 'STREAMING-UNSIGNED-PAYLOAD-TRAILER']);

/** The signer's SHA-256: node:crypto through Smithy's Hash (the constructor takes an optional HMAC key). */
class Sha256 extends Hash {
  constructor(secret?: SourceData) {
    super('sha256', secret);
  }
}

const signerFor = (credentials: AwsCredentials, signature: AwsSignature) =>
  // S3 signs the path as sent; every other service's path is normalised and encoded again.
  new SignatureV4({ credentials, region: signature.region, service: signature.service, sha256: Sha256, uriEscapePath: signature.service !== 's3', applyChecksum: false });

export const longDateToDate = (longDate: string): Date => new Date(`${longDate.slice(0, 4)}-${longDate.slice(4, 6)}-${longDate.slice(6, 8)}T${longDate.slice(9, 11)}:${longDate.slice(11, 13)}:${longDate.slice(13, 15)}Z`);

const equal = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** The request the agent signed, as the signer sees it: only the headers it signed, its values joined as SigV4 joins repeats. */
export interface SignedRequest {
  readonly method: string;
  readonly rawPath: string;
  readonly query: ReadonlyMap<string, readonly string[]>;
  /** Header values by lower-case name, each repeat kept (from `rawHeaders`). */
  readonly headers: ReadonlyMap<string, readonly string[]>;
  readonly body: Buffer;
}

function queryBag(query: ReadonlyMap<string, readonly string[]>, drop: ReadonlySet<string>): QueryParameterBag {
  const bag: QueryParameterBag = {};
  for (const [name, values] of query) if (!drop.has(name)) bag[name] = values.length === 1 ? values[0]! : [...values];
  return bag;
}

function httpRequest(request: SignedRequest, headers: Record<string, string>, drop: ReadonlySet<string>): HttpRequest {
  return { method: request.method, protocol: 'https:', hostname: headers.host ?? '', path: request.rawPath === '' ? '/' : request.rawPath, query: queryBag(request.query, drop), headers, body: request.body };
}

/** The signed headers' values; undefined names the first one missing. */
function signedHeaderValues(signature: AwsSignature, values: (name: string) => string | undefined): { headers: Record<string, string> } | { missing: string } {
  const headers: Record<string, string> = {};
  for (const name of signature.signedHeaders) {
    // The signer writes these itself, from the signing date and the credentials.
    if (name === 'x-amz-date' || name === 'x-amz-security-token') continue;
    const value = values(name);
    if (value === undefined) return { missing: name };
    headers[name] = value;
  }
  return { headers };
}

const fieldOf = (authorization: string, name: string) => new RegExp(`${name}=([^,\\s]+)`).exec(authorization)?.[1] ?? '';

const payloadHashOf = (request: { readonly headers: ReadonlyMap<string, readonly string[]> }) => request.headers.get('x-amz-content-sha256')?.[0];

/**
 * Checks that `request` was signed with `placeholder` (the agent's credentials) as `signature`
 * says: the same signed headers and the same signature the SDK's signer computes, the signing time
 * within AWS's 15 minutes (or, presigned, not expired), and each chunk of a chunk-signed payload.
 */
export async function checkAwsSignature(request: SignedRequest, signature: AwsSignature, placeholder: AwsCredentials, now: number): Promise<Checked> {
  const signingDate = longDateToDate(signature.longDate);
  if (Number.isNaN(signingDate.getTime()) || signature.longDate.slice(0, 8) !== signature.date) return { ok: false, reason: 'aws-signature-mismatch', detail: 'the signing date and the credential scope disagree' };
  const headerValue = (name: string) => {
    const values = request.headers.get(name);
    return values === undefined ? undefined : values.map((v) => v.trim()).join(',');
  };
  const picked = signedHeaderValues(signature, headerValue);
  if ('missing' in picked) return { ok: false, reason: 'aws-signature-mismatch', detail: `the signed header ${picked.missing} is absent` };
  if (signature.sessionToken !== undefined && signature.form === 'header' && !signature.signedHeaders.includes('x-amz-security-token')) return { ok: false, reason: 'aws-signing-unsupported', detail: 'x-amz-security-token must be signed' };
  const signer = signerFor(placeholder, signature);
  const options = { signingDate, signableHeaders: new Set(signature.signedHeaders) };
  let expected: { signedHeaders: string; signature: string };
  if (signature.form === 'header') {
    if (Math.abs(signingDate.getTime() - now) > MAX_SKEW_MS) return { ok: false, reason: 'aws-request-time-skewed', detail: `x-amz-date ${signature.longDate} is more than 15 minutes from now` };
    const signed = await signer.sign(httpRequest(request, picked.headers, new Set()), options);
    const authorization = String(signed.headers.authorization ?? '');
    expected = { signedHeaders: fieldOf(authorization, 'SignedHeaders'), signature: fieldOf(authorization, 'Signature') };
  } else {
    const expires = signature.expires ?? 0;
    if (expires < 1 || expires > MAX_PRESIGNED_SECONDS || signingDate.getTime() + expires * 1000 < now) return { ok: false, reason: 'aws-presigned-expired', detail: `the presigned URL signed at ${signature.longDate} for ${expires} s is expired or invalid` };
    const presigned = await signer.presign(presignable(request, picked.headers, signature), { ...options, expiresIn: expires, ...presignOptions(signature) });
    expected = { signedHeaders: String(presigned.query?.['X-Amz-SignedHeaders'] ?? ''), signature: String(presigned.query?.['X-Amz-Signature'] ?? '') };
  }
  if (expected.signedHeaders !== signature.signedHeaders.join(';') || !equal(expected.signature, signature.signature)) return { ok: false, reason: 'aws-signature-mismatch', detail: 'the request was not signed with the credentials this run gave the agent' };
  const payload = payloadHashOf(request);
  if (signature.form === 'header' && payload !== undefined && SIGNED_CHUNKS.has(payload)) {
    const chunks = parseAwsChunks(request.body, payload.endsWith('-TRAILER'));
    if (!chunks) return { ok: false, reason: 'aws-signature-mismatch', detail: 'the aws-chunked body is malformed' };
    let previous = signature.signature;
    for (const chunk of chunks.chunks) {
      if (!equal(await signer.sign(await chunkStringToSign(signature, previous, chunk.data), { signingDate }), chunk.signature)) return { ok: false, reason: 'aws-signature-mismatch', detail: 'a chunk of the body was not signed with the run\'s credentials' };
      previous = chunk.signature;
    }
    if (chunks.trailer && !equal(await signer.sign(await trailerStringToSign(signature, previous, chunks.trailer.lines), { signingDate }), chunks.trailer.signature)) return { ok: false, reason: 'aws-signature-mismatch', detail: 'the body\'s trailer was not signed with the run\'s credentials' };
    return { ok: true, chunks };
  }
  if (payload !== undefined && !PASS_THROUGH_PAYLOADS.has(payload) && !/^[0-9a-f]{64}$/.test(payload) && !SIGNED_CHUNKS.has(payload)) return { ok: false, reason: 'aws-signing-unsupported', detail: `x-amz-content-sha256 ${payload} is not a payload form Airlock can re-sign` };
  return { ok: true };
}

/** A presigned S3 URL signs UNSIGNED-PAYLOAD; other services hash the (empty) body. */
function presignable(request: SignedRequest, headers: Record<string, string>, signature: AwsSignature): HttpRequest {
  const base = httpRequest(request, headers, QUERY_AUTH);
  if (signature.service !== 's3') return base;
  return { ...base, headers: { ...base.headers, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } };
}

/** Signed headers stay headers (the agent did not hoist them), and S3's payload marker is not signed. */
function presignOptions(signature: AwsSignature) {
  return { unhoistableHeaders: new Set([...signature.signedHeaders, 'x-amz-content-sha256']), unsignableHeaders: new Set(['x-amz-content-sha256']) };
}

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const scopeOf = (signature: AwsSignature) => `${signature.date}/${signature.region}/${signature.service}/aws4_request`;
const sha256Hex = async (data: Uint8Array | string) => {
  const hash = new Sha256();
  hash.update(data);
  return Buffer.from(await hash.digest()).toString('hex');
};

const chunkStringToSign = async (signature: AwsSignature, previous: string, data: Buffer) => ['AWS4-HMAC-SHA256-PAYLOAD', signature.longDate, scopeOf(signature), previous, EMPTY_SHA256, await sha256Hex(data)].join('\n');
const trailerStringToSign = async (signature: AwsSignature, previous: string, lines: string) => ['AWS4-HMAC-SHA256-TRAILER', signature.longDate, scopeOf(signature), previous, await sha256Hex(lines)].join('\n');

/** What is forwarded after re-signing: headers, the body and, for a presigned URL, the path with its new query. */
export interface Resigned {
  readonly headers: OutgoingHttpHeaders;
  /** Absent: the agent's path and query go out unchanged (the header signature covers them as sent). */
  readonly url?: string;
  readonly body: Buffer;
}

/**
 * Signs the request the proxy forwards (`forwarded`: its headers after the hop-by-hop ones are
 * gone and Host is set) with `real`, at the agent's signing time, over the headers the agent signed
 * that are still there; chunk signatures and the trailer signature are signed again in the same chain.
 */
export async function resignAwsRequest(request: SignedRequest, signature: AwsSignature, checked: Extract<Checked, { ok: true }>, forwarded: OutgoingHttpHeaders, real: AwsCredentials): Promise<Resigned> {
  const signingDate = longDateToDate(signature.longDate);
  const kept = { ...signature, signedHeaders: signature.signedHeaders.filter((name) => name === 'x-amz-date' || name === 'x-amz-security-token' || forwarded[name] !== undefined) };
  const picked = signedHeaderValues(kept, (name) => {
    const v = forwarded[name];
    return v === undefined ? undefined : Array.isArray(v) ? v.join(',') : String(v);
  });
  if ('missing' in picked) throw new Error(`resign: forwarded header ${picked.missing} vanished`);
  const signer = signerFor(real, signature);
  const options = { signingDate, signableHeaders: new Set(kept.signedHeaders) };
  if (signature.form === 'query') {
    const presigned = await signer.presign(presignable(request, picked.headers, kept), { ...options, expiresIn: signature.expires!, ...presignOptions(kept) });
    const headers = { ...forwarded };
    delete headers.authorization;
    return { headers, url: `${request.rawPath}?${serializeQuery(presigned.query ?? {})}`, body: request.body };
  }
  const signed = await signer.sign(httpRequest(request, picked.headers, new Set()), options);
  const headers: OutgoingHttpHeaders = { ...forwarded, authorization: String(signed.headers.authorization), 'x-amz-date': String(signed.headers['x-amz-date']) };
  if (real.sessionToken !== undefined) headers['x-amz-security-token'] = real.sessionToken;
  else delete headers['x-amz-security-token'];
  let body = request.body;
  if (checked.chunks) {
    let previous = fieldOf(String(signed.headers.authorization), 'Signature');
    const chunks: { size: string; data: Buffer; signature: string }[] = [];
    for (const chunk of checked.chunks.chunks) {
      previous = await signer.sign(await chunkStringToSign(signature, previous, chunk.data), { signingDate });
      chunks.push({ size: chunk.size, data: chunk.data, signature: previous });
    }
    const trailer = checked.chunks.trailer ? { lines: checked.chunks.trailer.lines, signature: await signer.sign(await trailerStringToSign(signature, previous, checked.chunks.trailer.lines), { signingDate }) } : undefined;
    body = serializeAwsChunks({ chunks, ...(trailer ? { trailer } : {}) });
  }
  return { headers, body };
}

/** A query string whose decoding is exactly what was signed, encoded as SigV4 encodes it. */
function serializeQuery(query: QueryParameterBag): string {
  const encode = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const parts: string[] = [];
  for (const [name, value] of Object.entries(query)) {
    if (value === null || value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) parts.push(`${encode(name)}=${encode(v)}`);
  }
  return parts.join('&');
}
