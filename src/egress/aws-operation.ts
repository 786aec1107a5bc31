import type { IncomingHttpHeaders } from 'node:http';

/** What an AWS request does, for the egress policy: the API operation and, for S3, its bucket and key. */
export interface AwsOperation {
  /** e.g. `GetObject`, `ListObjectsV2`, `GetCallerIdentity`; null when the request does not name one the proxy can read. */
  readonly operation: string | null;
  readonly bucket: string | null;
  readonly key: string | null;
}

/**
 * S3's operations by method and sub-resource (the query parameter that selects them), from the S3
 * API reference (https://docs.aws.amazon.com/AmazonS3/latest/API/API_Operations_Amazon_Simple_Storage_Service.html).
 * The first sub-resource present wins; without one, the method's default.
 */
const S3_BUCKET: Readonly<Record<string, readonly (readonly [string, string])[]>> = {
  GET: [
    ['list-type', 'ListObjectsV2'], ['versions', 'ListObjectVersions'], ['uploads', 'ListMultipartUploads'], ['location', 'GetBucketLocation'],
    ['policy', 'GetBucketPolicy'], ['policyStatus', 'GetBucketPolicyStatus'], ['acl', 'GetBucketAcl'], ['tagging', 'GetBucketTagging'],
    ['versioning', 'GetBucketVersioning'], ['cors', 'GetBucketCors'], ['lifecycle', 'GetBucketLifecycleConfiguration'], ['encryption', 'GetBucketEncryption'],
    ['website', 'GetBucketWebsite'], ['logging', 'GetBucketLogging'], ['notification', 'GetBucketNotificationConfiguration'], ['replication', 'GetBucketReplication'],
    ['publicAccessBlock', 'GetPublicAccessBlock'], ['ownershipControls', 'GetBucketOwnershipControls'], ['object-lock', 'GetObjectLockConfiguration'], ['', 'ListObjects'],
  ],
  HEAD: [['', 'HeadBucket']],
  PUT: [
    ['policy', 'PutBucketPolicy'], ['acl', 'PutBucketAcl'], ['tagging', 'PutBucketTagging'], ['versioning', 'PutBucketVersioning'], ['cors', 'PutBucketCors'],
    ['lifecycle', 'PutBucketLifecycleConfiguration'], ['encryption', 'PutBucketEncryption'], ['website', 'PutBucketWebsite'], ['logging', 'PutBucketLogging'],
    ['notification', 'PutBucketNotificationConfiguration'], ['replication', 'PutBucketReplication'], ['publicAccessBlock', 'PutPublicAccessBlock'],
    ['ownershipControls', 'PutBucketOwnershipControls'], ['object-lock', 'PutObjectLockConfiguration'], ['', 'CreateBucket'],
  ],
  DELETE: [
    ['policy', 'DeleteBucketPolicy'], ['tagging', 'DeleteBucketTagging'], ['cors', 'DeleteBucketCors'], ['lifecycle', 'DeleteBucketLifecycle'],
    ['encryption', 'DeleteBucketEncryption'], ['website', 'DeleteBucketWebsite'], ['replication', 'DeleteBucketReplication'],
    ['publicAccessBlock', 'DeletePublicAccessBlock'], ['ownershipControls', 'DeleteBucketOwnershipControls'], ['', 'DeleteBucket'],
  ],
  POST: [['delete', 'DeleteObjects']],
};

const S3_OBJECT: Readonly<Record<string, readonly (readonly [string, string])[]>> = {
  GET: [['uploadId', 'ListParts'], ['acl', 'GetObjectAcl'], ['tagging', 'GetObjectTagging'], ['attributes', 'GetObjectAttributes'], ['retention', 'GetObjectRetention'], ['legal-hold', 'GetObjectLegalHold'], ['torrent', 'GetObjectTorrent'], ['', 'GetObject']],
  HEAD: [['', 'HeadObject']],
  PUT: [['uploadId', 'UploadPart'], ['acl', 'PutObjectAcl'], ['tagging', 'PutObjectTagging'], ['retention', 'PutObjectRetention'], ['legal-hold', 'PutObjectLegalHold'], ['', 'PutObject']],
  POST: [['uploads', 'CreateMultipartUpload'], ['uploadId', 'CompleteMultipartUpload'], ['restore', 'RestoreObject'], ['select', 'SelectObjectContent']],
  DELETE: [['uploadId', 'AbortMultipartUpload'], ['tagging', 'DeleteObjectTagging'], ['', 'DeleteObject']],
};

function pick(table: readonly (readonly [string, string])[] | undefined, query: ReadonlyMap<string, readonly string[]>): string | null {
  for (const [sub, operation] of table ?? []) if (sub === '' || query.has(sub)) return operation;
  return null;
}

function s3Operation(method: string, path: string, query: ReadonlyMap<string, readonly string[]>, headers: IncomingHttpHeaders, hostBucket: string | undefined): AwsOperation {
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return { operation: null, bucket: null, key: null };
  }
  const rest = decoded.replace(/^\//, '');
  const [bucket, key] = hostBucket !== undefined ? [hostBucket, rest] : [rest.slice(0, rest.includes('/') ? rest.indexOf('/') : rest.length), rest.includes('/') ? rest.slice(rest.indexOf('/') + 1) : ''];
  if (!bucket) return { operation: method === 'GET' ? 'ListBuckets' : null, bucket: null, key: null };
  if (!key) return { operation: pick(S3_BUCKET[method], query), bucket, key: null };
  let operation = pick(S3_OBJECT[method], query);
  // A copy reads another object: https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html
  if (headers['x-amz-copy-source'] !== undefined) operation = operation === 'UploadPart' ? 'UploadPartCopy' : operation === 'PutObject' ? 'CopyObject' : operation;
  return { operation, bucket, key };
}

/**
 * The operation of an AWS request, by protocol: S3's REST API from method, path and sub-resource;
 * the Query protocol from `Action` (query string, or the form-encoded body); the JSON protocols
 * from `X-Amz-Target` (`Service_Version.Operation`); Smithy RPC v2 from `/service/<S>/operation/<Op>`.
 * Other REST APIs name no operation the proxy can read: null (the policy then decides by method).
 * Two different operation names in one request are null too.
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/Query-Requests.html
 * https://smithy.io/2.0/aws/protocols/aws-json-1_1-protocol.html
 * https://smithy.io/2.0/additional-specs/protocols/smithy-rpc-v2.html
 */
export function awsOperationOf(request: {
  readonly service: string;
  readonly method: string;
  readonly path: string;
  readonly query: ReadonlyMap<string, readonly string[]>;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  readonly hostBucket?: string;
}): AwsOperation {
  const method = request.method.toUpperCase();
  if (request.service === 's3') return s3Operation(method, request.path, request.query, request.headers, request.hostBucket);
  const none = { bucket: null, key: null };
  const target = request.headers['x-amz-target'];
  if (typeof target === 'string') {
    const operation = /^[A-Za-z0-9_.-]+\.([A-Za-z0-9]+)$/.exec(target)?.[1] ?? null;
    return { operation, ...none };
  }
  const rpc = /^\/service\/[^/]+\/operation\/([A-Za-z0-9]+)$/.exec(request.path);
  if (rpc) return { operation: rpc[1]!, ...none };
  const actions = [...(request.query.get('Action') ?? [])];
  if (String(request.headers['content-type'] ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    for (const [name, value] of new URLSearchParams(request.body.toString('utf8'))) if (name === 'Action') actions.push(value);
  }
  const distinct = [...new Set(actions)];
  if (distinct.length === 1 && /^[A-Za-z0-9]+$/.test(distinct[0]!)) return { operation: distinct[0]!, ...none };
  return { operation: null, ...none };
}
