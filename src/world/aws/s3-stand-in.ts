import { createHash, createHmac } from 'node:crypto';
import { type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { crc32 } from 'node:zlib';
import { BodyTooLargeError, readBody } from '../../http/json-http.js';
import { decodeAwsChunked } from './aws-chunked-body.js';
import { roleAllows, type AwsWorldState, type WorldBucket, type WorldSession } from './aws-state.js';
import { escapeXml, s3ErrorXml, sendXml } from './aws-xml.js';
import {
  canonicalRequest,
  chunkSignature,
  EMPTY_SHA256,
  headerValues,
  parseAuthorization,
  sha256Hex,
  signatureMatches,
  signingKey,
  stringToSign,
  trailerSignature,
  uriEncode,
  verifyHeaderSignature,
  type ParsedAuthorization,
} from './sigv4-verifier.js';

/*
 * An S3-shaped endpoint: enough of S3's REST API for `aws s3 cp` (up and down) and `aws s3 ls`
 * (ListBuckets, ListObjectsV2, HeadObject, GetObject with a byte range, PutObject, DeleteObject),
 * path-style and virtual-host-style. Every request must be signed with a session the world's STS
 * issued, and is checked with the world's own SigV4 verifier (sigv4-verifier.ts), payload included:
 * a hex payload hash, UNSIGNED-PAYLOAD, and aws-chunked bodies with signed chunks or an unsigned
 * trailer checksum. Errors are S3's codes and messages.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-authenticating-requests.html
 */

const BODY_LIMIT = 64 * 1024 * 1024;
/** S3 refuses a request whose time is more than 15 minutes from its own (RequestTimeTooSkewed). */
const MAX_SKEW_MS = 15 * 60 * 1000;

class S3Error extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const signatureMismatch = () => new S3Error(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your key and signing method.');

export interface S3StandIn {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

interface Target {
  readonly bucket?: string;
  readonly key?: string;
}

/** Bucket and key from a virtual-host name (`<bucket>.s3[.<region>].amazonaws.com`) or the path (`/<bucket>/<key>`). */
function targetOf(host: string, rawPath: string): Target {
  const name = host.replace(/:\d+$/, '').toLowerCase();
  const virtual = /^(.+)\.s3(?:[.-][a-z0-9-]+)?\.amazonaws\.com$/.exec(name);
  const path = decodeURIComponent(rawPath);
  if (virtual) return { bucket: virtual[1]!, ...(path.length > 1 ? { key: path.slice(1) } : {}) };
  const rest = path.replace(/^\//, '');
  if (rest === '') return {};
  const slash = rest.indexOf('/');
  if (slash < 0) return { bucket: rest };
  return { bucket: rest.slice(0, slash), ...(slash + 1 < rest.length ? { key: rest.slice(slash + 1) } : {}) };
}

function operationOf(method: string, target: Target, query: URLSearchParams): string {
  if (!target.bucket) return method === 'GET' ? 'ListBuckets' : 'Unsupported';
  if (target.key === undefined) {
    if (method === 'GET' && query.has('location')) return 'GetBucketLocation';
    if (method === 'GET') return query.get('list-type') === '2' ? 'ListObjectsV2' : 'ListObjects';
    if (method === 'HEAD') return 'HeadBucket';
    return 'Unsupported';
  }
  return ({ GET: 'GetObject', HEAD: 'HeadObject', PUT: 'PutObject', DELETE: 'DeleteObject' } as Record<string, string>)[method] ?? 'Unsupported';
}

/** The IAM action each operation needs (https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-with-s3-policy-actions.html). */
const IAM_ACTION: Record<string, string> = {
  ListBuckets: 's3:ListAllMyBuckets',
  ListObjectsV2: 's3:ListBucket',
  ListObjects: 's3:ListBucket',
  HeadBucket: 's3:ListBucket',
  GetBucketLocation: 's3:GetBucketLocation',
  GetObject: 's3:GetObject',
  HeadObject: 's3:GetObject',
  PutObject: 's3:PutObject',
  DeleteObject: 's3:DeleteObject',
};

const httpDate = (ms: number) => new Date(ms).toUTCString();
const isoDate = (ms: number) => new Date(ms).toISOString();
const longDateMs = (longDate: string): number => {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(longDate);
  return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : NaN;
};

interface Authenticated {
  readonly session: WorldSession;
  readonly auth: ParsedAuthorization;
  readonly longDate: string;
  readonly presigned: boolean;
}

/** Header or query-string (presigned) SigV4 authentication against the world's sessions. */
function authenticate(state: AwsWorldState, req: IncomingMessage, rawPath: string, rawQuery: string, query: URLSearchParams, bucket: WorldBucket | undefined): Authenticated {
  const headers = headerValues(req.rawHeaders);
  const presigned = query.has('X-Amz-Algorithm');
  let auth: ParsedAuthorization;
  let longDate: string;
  if (presigned) {
    const credential = (query.get('X-Amz-Credential') ?? '').split('/');
    const signedHeaders = (query.get('X-Amz-SignedHeaders') ?? '').split(';');
    if (query.get('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256' || credential.length !== 5 || !query.get('X-Amz-Signature')) throw new S3Error(400, 'AuthorizationQueryParametersError', 'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.');
    auth = { accessKeyId: credential[0]!, date: credential[1]!, region: credential[2]!, service: credential[3]!, signedHeaders, signature: query.get('X-Amz-Signature')! };
    longDate = query.get('X-Amz-Date') ?? '';
    const expires = Number(query.get('X-Amz-Expires') ?? NaN);
    if (!(longDateMs(longDate) + expires * 1000 >= state.clock())) throw new S3Error(403, 'AccessDenied', 'Request has expired');
  } else {
    const header = req.headers.authorization;
    if (header === undefined) throw new S3Error(403, 'AccessDenied', 'Access Denied');
    const parsed = parseAuthorization(header);
    if (!parsed.ok) throw new S3Error(400, parsed.code, parsed.message);
    auth = parsed.auth;
    longDate = String(req.headers['x-amz-date'] ?? '');
    if (!(Math.abs(longDateMs(longDate) - state.clock()) <= MAX_SKEW_MS)) throw new S3Error(403, 'RequestTimeTooSkewed', 'The difference between the request time and the current time is too large.');
  }
  const session = state.sessions.get(auth.accessKeyId);
  if (!session) throw new S3Error(403, 'InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.');
  const token = presigned ? query.get('X-Amz-Security-Token') : req.headers['x-amz-security-token'];
  if (token !== session.sessionToken) throw new S3Error(400, 'InvalidToken', 'The provided token is malformed or otherwise invalid.');
  if (state.clock() >= session.expiresAt) throw new S3Error(400, 'ExpiredToken', 'The provided token has expired.');
  const region = bucket?.region ?? 'us-east-1';
  if (auth.service !== 's3') throw signatureMismatch();
  if (auth.region !== region) throw new S3Error(400, 'AuthorizationHeaderMalformed', `The authorization header is malformed; the region '${auth.region}' is wrong; expecting '${region}'`);
  if (longDate.slice(0, 8) !== auth.date) throw signatureMismatch();
  const payloadHash = presigned ? 'UNSIGNED-PAYLOAD' : String(req.headers['x-amz-content-sha256'] ?? '');
  if (!presigned && payloadHash === '') throw new S3Error(400, 'InvalidRequest', 'Missing required header for this request: x-amz-content-sha256');
  const parts = { method: req.method ?? 'GET', rawPath, rawQuery, headers, payloadHash };
  if (presigned) {
    const canonical = canonicalRequest(parts, auth.signedHeaders, 's3', true);
    const scope = `${auth.date}/${auth.region}/${auth.service}/aws4_request`;
    const expected = canonical === undefined ? '' : createHmac('sha256', signingKey(session.secretAccessKey, auth.date, auth.region, auth.service)).update(stringToSign(longDate, scope, canonical)).digest('hex');
    if (!signatureMatches(expected, auth.signature)) throw signatureMismatch();
  } else {
    const verdict = verifyHeaderSignature(parts, auth, session.secretAccessKey, longDate);
    if (!verdict.ok) throw new S3Error(verdict.code === 'AccessDenied' ? 403 : verdict.code === 'AuthorizationHeaderMalformed' ? 400 : 403, verdict.code, verdict.message);
  }
  return { session, auth, longDate, presigned };
}

/** The trailer checksums S3 computes itself (x-amz-checksum-*), base64 of the digest. */
function checksumOf(name: string, data: Buffer): string | undefined {
  if (name === 'x-amz-checksum-crc32') {
    const out = Buffer.alloc(4);
    out.writeUInt32BE(crc32(data) >>> 0);
    return out.toString('base64');
  }
  if (name === 'x-amz-checksum-sha256') return createHash('sha256').update(data).digest('base64');
  if (name === 'x-amz-checksum-sha1') return createHash('sha1').update(data).digest('base64');
  return undefined;
}

/** The object's bytes from the body, checked as S3 checks them (payload hash, chunk and trailer signatures, checksums, Content-MD5). */
function payloadOf(req: IncomingMessage, body: Buffer, who: Authenticated): Buffer {
  const hash = who.presigned ? 'UNSIGNED-PAYLOAD' : String(req.headers['x-amz-content-sha256']);
  let data: Buffer;
  if (hash === 'UNSIGNED-PAYLOAD') data = body;
  else if (/^[0-9a-f]{64}$/.test(hash)) {
    if (sha256Hex(body) !== hash) throw new S3Error(400, 'XAmzContentSHA256Mismatch', 'The provided \'x-amz-content-sha256\' header does not match what was computed.');
    data = body;
  } else if (['STREAMING-UNSIGNED-PAYLOAD-TRAILER', 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD', 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER'].includes(hash)) {
    const decoded = decodeAwsChunked(body);
    if (!decoded) throw new S3Error(400, 'IncompleteBody', 'The request body terminated unexpectedly');
    if (hash !== 'STREAMING-UNSIGNED-PAYLOAD-TRAILER') {
      const { auth, longDate, session } = who;
      const scope = `${auth.date}/${auth.region}/${auth.service}/aws4_request`;
      const key = signingKey(session.secretAccessKey, auth.date, auth.region, auth.service);
      let previous = auth.signature;
      for (const chunk of decoded.chunks) {
        if (!chunk.signature || !signatureMatches(chunkSignature(key, longDate, scope, previous, chunk.data), chunk.signature)) throw signatureMismatch();
        previous = chunk.signature;
      }
      if (hash.endsWith('-TRAILER')) {
        const signed = decoded.trailers.filter((t) => t.name !== 'x-amz-trailer-signature');
        const given = decoded.trailers.find((t) => t.name === 'x-amz-trailer-signature')?.value ?? '';
        const text = signed.map((t) => `${t.name}:${t.value}\n`).join('');
        if (!signatureMatches(trailerSignature(key, longDate, scope, previous, text), given)) throw signatureMismatch();
      }
    }
    const declared = req.headers['x-amz-decoded-content-length'];
    if (declared === undefined || Number(declared) !== decoded.decoded.length) throw new S3Error(400, 'IncompleteBody', 'You did not provide the number of bytes specified by the Content-Length HTTP header');
    for (const trailer of decoded.trailers) {
      if (!trailer.name.startsWith('x-amz-checksum-')) continue;
      const computed = checksumOf(trailer.name, decoded.decoded);
      if (computed === undefined) throw new S3Error(400, 'InvalidRequest', `Value for ${trailer.name} trailing header is not supported by this endpoint`);
      if (computed !== trailer.value.trim()) throw new S3Error(400, 'BadDigest', `The ${trailer.name.slice('x-amz-checksum-'.length).toUpperCase()} you specified did not match the calculated checksum.`);
    }
    data = decoded.decoded;
  } else throw new S3Error(400, 'InvalidArgument', 'x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER or a valid sha256 value.');
  const md5 = req.headers['content-md5'];
  if (md5 !== undefined && createHash('md5').update(data).digest('base64') !== md5) throw new S3Error(400, 'BadDigest', 'The Content-MD5 you specified did not match what we received.');
  for (const [name, value] of Object.entries(req.headers)) {
    if (!name.startsWith('x-amz-checksum-') || name === 'x-amz-checksum-algorithm' || typeof value !== 'string') continue;
    const computed = checksumOf(name, data);
    if (computed !== undefined && computed !== value) throw new S3Error(400, 'BadDigest', `The ${name.slice('x-amz-checksum-'.length).toUpperCase()} you specified did not match the calculated checksum.`);
  }
  return data;
}

function listObjectsV2(bucket: WorldBucket, query: URLSearchParams): string {
  const prefix = query.get('prefix') ?? '';
  const delimiter = query.get('delimiter') ?? '';
  const url = query.get('encoding-type') === 'url';
  const show = (text: string) => escapeXml(url ? uriEncode(text, true) : text);
  const contents: string[] = [];
  const prefixes = new Set<string>();
  for (const key of [...bucket.objects.keys()].sort()) {
    if (!key.startsWith(prefix)) continue;
    const cut = delimiter ? key.indexOf(delimiter, prefix.length) : -1;
    if (cut >= 0) {
      prefixes.add(key.slice(0, cut + delimiter.length));
      continue;
    }
    const object = bucket.objects.get(key)!;
    contents.push(`<Contents><Key>${show(key)}</Key><LastModified>${isoDate(object.lastModified)}</LastModified><ETag>&quot;${object.etag}&quot;</ETag><Size>${object.body.length}</Size><StorageClass>STANDARD</StorageClass></Contents>`);
  }
  const common = [...prefixes].map((p) => `<CommonPrefixes><Prefix>${show(p)}</Prefix></CommonPrefixes>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${escapeXml(bucket.name)}</Name><Prefix>${show(prefix)}</Prefix>${delimiter ? `<Delimiter>${show(delimiter)}</Delimiter>` : ''}<MaxKeys>1000</MaxKeys>${url ? '<EncodingType>url</EncodingType>' : ''}<KeyCount>${contents.length + common.length}</KeyCount><IsTruncated>false</IsTruncated>${contents.join('')}${common.join('')}</ListBucketResult>`;
}

function listBuckets(state: AwsWorldState, session: WorldSession): string {
  const buckets = [...state.buckets.values()].map((b) => `<Bucket><Name>${escapeXml(b.name)}</Name><CreationDate>${isoDate(0)}</CreationDate></Bucket>`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<ListAllMyBucketsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Owner><ID>${sha256Hex(session.roleArn)}</ID></Owner><Buckets>${buckets}</Buckets></ListAllMyBucketsResult>`;
}

/** `Range: bytes=a-b` (one range), as `aws s3 cp` asks for parts of large objects. */
function byteRange(header: string | undefined, size: number): { start: number; end: number } | undefined {
  const m = header === undefined ? null : /^bytes=(\d*)-(\d*)$/.exec(header);
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  if (m[1] === '') return { start: Math.max(0, size - Number(m[2])), end: size - 1 };
  return { start: Number(m[1]), end: m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1) };
}

/** Starts the S3 stand-in over HTTPS with `tls` (the world's certificate, or one for virtual-host names). */
export async function startS3StandIn(state: AwsWorldState, options: { tls: { keyPem: string; certPem: string }; host?: string; port?: number }): Promise<S3StandIn> {
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const raw = req.url ?? '/';
      const q = raw.indexOf('?');
      const rawPath = q < 0 ? raw : raw.slice(0, q);
      const rawQuery = q < 0 ? '' : raw.slice(q + 1);
      const query = new URLSearchParams(rawQuery);
      const method = req.method ?? 'GET';
      const target = targetOf(String(req.headers.host ?? ''), rawPath);
      const operation = operationOf(method, target, query);
      const hash = String(req.headers['x-amz-content-sha256'] ?? (query.has('X-Amz-Algorithm') ? 'UNSIGNED-PAYLOAD' : ''));
      const accessKeyId = /Credential=([A-Z0-9]+)\//.exec(String(req.headers.authorization ?? ''))?.[1] ?? query.get('X-Amz-Credential')?.split('/')[0];
      const record = (status: number, code?: string) =>
        state.s3Requests.push({ method, path: rawPath, operation, ...(accessKeyId ? { accessKeyId } : {}), knownKey: accessKeyId !== undefined && state.sessions.has(accessKeyId), status, ...(code ? { code } : {}), payload: hash });
      try {
        let body: Buffer;
        try {
          body = await readBody(req, BODY_LIMIT);
        } catch (error) {
          if (error instanceof BodyTooLargeError) throw new S3Error(400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size');
          throw error;
        }
        const bucket = target.bucket === undefined ? undefined : state.buckets.get(target.bucket);
        const who = authenticate(state, req, rawPath, rawQuery, query, bucket);
        if (operation === 'Unsupported') throw new S3Error(501, 'NotImplemented', 'A header or query you provided implies functionality that is not implemented.');
        const role = state.roles.get(who.session.roleArn);
        if (!role || !roleAllows(role, IAM_ACTION[operation]!)) throw new S3Error(403, 'AccessDenied', 'Access Denied');
        if (operation === 'ListBuckets') return void (record(200), sendXml(res, 200, listBuckets(state, who.session), { 'content-type': 'application/xml' }));
        if (!bucket) throw new S3Error(404, 'NoSuchBucket', 'The specified bucket does not exist');
        if (operation === 'HeadBucket') return void (record(200), res.writeHead(200, { 'x-amz-bucket-region': bucket.region }).end());
        if (operation === 'GetBucketLocation') return void (record(200), sendXml(res, 200, `<?xml version="1.0" encoding="UTF-8"?>\n<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${bucket.region === 'us-east-1' ? '' : bucket.region}</LocationConstraint>`, { 'content-type': 'application/xml' }));
        if (operation === 'ListObjectsV2' || operation === 'ListObjects') return void (record(200), sendXml(res, 200, listObjectsV2(bucket, query), { 'content-type': 'application/xml' }));
        const key = target.key!;
        if (operation === 'PutObject') {
          const data = payloadOf(req, body, who);
          const etag = createHash('md5').update(data).digest('hex');
          bucket.objects.set(key, { body: data, etag, lastModified: state.clock(), contentType: String(req.headers['content-type'] ?? 'binary/octet-stream') });
          record(200);
          res.writeHead(200, { etag: `"${etag}"` }).end();
          return;
        }
        if (body.length > 0 && hash !== 'UNSIGNED-PAYLOAD' && hash !== EMPTY_SHA256) throw new S3Error(400, 'XAmzContentSHA256Mismatch', "The provided 'x-amz-content-sha256' header does not match what was computed.");
        if (operation === 'DeleteObject') {
          bucket.objects.delete(key);
          record(204);
          res.writeHead(204).end();
          return;
        }
        const object = bucket.objects.get(key);
        if (!object) throw new S3Error(404, 'NoSuchKey', 'The specified key does not exist.');
        const headers = { etag: `"${object.etag}"`, 'last-modified': httpDate(object.lastModified), 'content-type': object.contentType, 'accept-ranges': 'bytes' };
        const range = byteRange(req.headers.range, object.body.length);
        const slice = range ? object.body.subarray(range.start, range.end + 1) : object.body;
        record(range ? 206 : 200);
        res.writeHead(range ? 206 : 200, { ...headers, 'content-length': slice.length, ...(range ? { 'content-range': `bytes ${range.start}-${range.end}/${object.body.length}` } : {}) });
        res.end(method === 'HEAD' ? undefined : slice);
      } catch (error) {
        if (!(error instanceof S3Error)) throw error;
        record(error.status, error.code);
        if (method === 'HEAD') return void res.writeHead(error.status, { 'x-amz-error-code': error.code }).end();
        sendXml(res, error.status, s3ErrorXml(error.code, error.message, rawPath), { 'content-type': 'application/xml' });
      }
    })().catch((error: unknown) => {
      if (!res.headersSent) sendXml(res, 500, s3ErrorXml('InternalError', String(error), '/'));
      else res.destroy();
    });
  };
  const server: Server = createHttpsServer({ key: options.tls.keyPem, cert: options.tls.certPem }, handle);
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, host, resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `https://${host}:${port}`,
    port,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
