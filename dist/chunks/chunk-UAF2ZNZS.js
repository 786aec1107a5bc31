import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);
import {
  StreamScanner
} from "./chunk-PW7PX2R3.js";
import {
  DEFAULT_EGRESS_LIMITS,
  SandboxError,
  compileEgressPolicy,
  decideConnect,
  decideHttpRequest,
  engineCommand,
  findContainerEngine,
  hostMatches,
  inspectImage,
  runnerTrustStore
} from "./chunk-AA3HKCER.js";
import {
  normalizeHost
} from "./chunk-2FANN6CZ.js";
import {
  base62Crc32,
  scanBuffer
} from "./chunk-AISXWLAK.js";
import {
  KnownValues
} from "./chunk-FYVUDRBW.js";

// src/egress/egress-proxy.ts
import { chmod, rm } from "node:fs/promises";
import { createServer } from "node:http";
import { TLSSocket, createSecureContext } from "node:tls";

// src/egress/connect-upstream.ts
import { lookup } from "node:dns/promises";
import { connect } from "node:net";

// src/egress/address-class.ts
import { isIPv4, isIPv6 } from "node:net";
var BLOCKED_V4 = [
  [0, 8],
  [167772160, 8],
  [1681915904, 10],
  [2130706432, 8],
  [2851995648, 16],
  [2886729728, 12],
  [3221225472, 24],
  [3221225984, 24],
  [3232235520, 16],
  [3323068416, 15],
  [3325256704, 24],
  [3405803776, 24],
  [3758096384, 3],
  // Azure's wireserver (THREATS.md §B 6) is a public address but a metadata endpoint.
  [2822734096, 32]
];
function v4ToInt(ip) {
  return ip.split(".").reduce((acc, o) => acc * 256 + Number(o), 0);
}
function v4Blocked(ip) {
  const n = v4ToInt(ip);
  return BLOCKED_V4.some(
    ([base, bits]) => Math.floor(n / 2 ** (32 - bits)) === Math.floor(base / 2 ** (32 - bits))
  );
}
function expandV6(ip) {
  let text = ip.toLowerCase();
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const n = v4ToInt(v4[1]);
    text = text.slice(0, -v4[1].length) + `${(n >>> 16).toString(16)}:${(n & 65535).toString(16)}`;
  }
  const [head, tail] = text.split("::");
  const h = head ? head.split(":") : [];
  const t = tail ? tail.split(":") : [];
  const fill = tail === void 0 ? [] : new Array(8 - h.length - t.length).fill("0");
  return [...h, ...fill, ...t].map((g) => parseInt(g, 16));
}
function isPublicAddress(ip) {
  if (isIPv4(ip)) return !v4Blocked(ip);
  if (!isIPv6(ip)) return false;
  const g = expandV6(ip);
  if (g.length !== 8) return false;
  const embedded = `${g[6] >> 8}.${g[6] & 255}.${g[7] >> 8}.${g[7] & 255}`;
  if (g.slice(0, 5).every((x) => x === 0) && (g[5] === 65535 || g[5] === 0))
    return g[5] === 65535 && !v4Blocked(embedded);
  if (g[0] === 100 && g[1] === 65435 && g.slice(2, 6).every((x) => x === 0))
    return !v4Blocked(embedded);
  const first = g[0];
  if ((first & 57344) !== 8192) return false;
  if (first === 8193 && g[1] === 3512) return false;
  return true;
}

// src/egress/connect-upstream.ts
var UpstreamError = class extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
  code;
  name = "UpstreamError";
};
var systemResolve = async (name) => (await lookup(name, { all: true, verbatim: true })).map((a) => a.address);
function open(address, port) {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: address, port });
    socket.once("connect", () => {
      socket.removeAllListeners("error");
      resolve(socket);
    });
    socket.once(
      "error",
      (e) => reject(new UpstreamError("connect-failed", `connect ${address}:${port}: ${e.message}`))
    );
  });
}
function connectPublicUpstream(resolve = systemResolve) {
  return async (host, port) => {
    if (host.kind !== "name") return open(host.host, port);
    let addresses;
    try {
      addresses = await resolve(host.host);
    } catch (e) {
      throw new UpstreamError("resolve-failed", `resolve ${host.host}: ${e.message}`);
    }
    const usable = addresses.filter(isPublicAddress);
    if (usable.length === 0)
      throw new UpstreamError("non-public-address", `${host.host} resolves to no public address`);
    return open(usable[0], port);
  };
}

// src/egress/inspect-request.ts
import { request as httpRequest } from "node:http";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";

// src/gateway/response-decoder.ts
import { createBrotliDecompress, createGunzip, createInflate } from "node:zlib";
function responseDecoder(contentEncoding) {
  const coding = (contentEncoding ?? "").trim().toLowerCase();
  if (coding === "" || coding === "identity") return void 0;
  if (coding === "gzip" || coding === "x-gzip") return createGunzip();
  if (coding === "deflate") return createInflate();
  if (coding === "br") return createBrotliDecompress();
  return null;
}

// src/gateway/sensitive-metadata.ts
function carriesKnownValue(values, target, headers) {
  const text = [target, ...Object.entries(headers).map(([k, v]) => `${k}: ${String(v)}`)].join(
    "\n"
  );
  let found = false;
  values.find(text, 0, text.length, () => found = true);
  return found;
}

// src/gateway/stream-scrubber.ts
var SCRUB_MARKER = "[airlock:scrubbed]";
var StreamScrubber = class {
  #needles;
  #maxHold;
  #marker = Buffer.from(SCRUB_MARKER, "latin1");
  #pending = Buffer.alloc(0);
  #replacements = 0;
  constructor(values) {
    this.#needles = values.needles.map((n) => Buffer.from(n.needle, "utf8"));
    this.#maxHold = 4 * Math.max(0, ...this.#needles.map((n) => n.length));
  }
  /** Values replaced so far. */
  get replacements() {
    return this.#replacements;
  }
  /** Adds a chunk; returns the scrubbed bytes that can be released now (possibly none). */
  push(chunk) {
    this.#pending = this.#pending.length ? Buffer.concat([this.#pending, chunk]) : chunk;
    return this.#release(false);
  }
  /** Ends the stream; returns whatever was held back, scrubbed. */
  end() {
    return this.#release(true);
  }
  #release(final) {
    const bytes = this.#pending;
    const spans = this.#matches(bytes);
    let cut = bytes.length;
    if (!final) {
      cut = bytes.length - this.#partialTail(bytes);
      const across = spans.find(([s, e]) => s < cut && e > cut);
      if (across) cut = across[1] - across[0] > this.#maxHold ? across[1] : across[0];
    }
    const out = [];
    let at = 0;
    for (const [s, e] of spans) {
      if (s >= cut) break;
      out.push(bytes.subarray(at, s), this.#marker);
      at = e;
      this.#replacements++;
    }
    out.push(bytes.subarray(at, cut));
    this.#pending = Buffer.from(bytes.subarray(cut));
    return out.length === 1 ? out[0] : Buffer.concat(out);
  }
  /** Occurrences of any needle, merged where they overlap or touch, in order. */
  #matches(bytes) {
    const raw = [];
    for (const n of this.#needles)
      for (let i = bytes.indexOf(n); i >= 0; i = bytes.indexOf(n, i + 1)) raw.push([i, i + n.length]);
    if (raw.length === 0) return raw;
    raw.sort((a, b) => a[0] - b[0]);
    const merged = [];
    for (const [s, e] of raw) {
      const last = merged.at(-1);
      if (last && s <= last[1]) last[1] = Math.max(last[1], e);
      else merged.push([s, e]);
    }
    return merged;
  }
  /** Length of the longest suffix of `bytes` that is a proper prefix of some needle. */
  #partialTail(bytes) {
    const last = bytes[bytes.length - 1];
    let longest = 0;
    for (const n of this.#needles) {
      for (let k = Math.min(n.length - 1, bytes.length); k > longest; k--) {
        if (n[k - 1] === last && bytes.compare(n, 0, k, bytes.length - k) === 0) {
          longest = k;
          break;
        }
      }
    }
    return longest;
  }
};
function scrubString(values, text) {
  const scrubber = new StreamScrubber(values);
  const out = Buffer.concat([scrubber.push(Buffer.from(text, "latin1")), scrubber.end()]);
  return { text: out.toString("latin1"), replacements: scrubber.replacements };
}

// src/egress/aws-endpoint.ts
var SUFFIX = ".amazonaws.com";
var REGION = /^[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d+$/;
var SIGNING_NAMES = {
  email: "ses",
  "runtime.sagemaker": "sagemaker",
  "api.sagemaker": "sagemaker",
  "data.iot": "iotdata",
  "data-ats.iot": "iotdata",
  "runtime.lex": "lex",
  "api.ecr": "ecr",
  "api.pricing": "pricing",
  "streams.dynamodb": "dynamodb",
  "bedrock-runtime": "bedrock",
  "bedrock-agent-runtime": "bedrock",
  "bedrock-agent": "bedrock"
};
var GLOBAL_SERVICES = /* @__PURE__ */ new Set(["iam", "sts", "route53", "cloudfront", "organizations", "s3"]);
function s3Endpoint(labels) {
  const n = labels.length;
  const bucketOf = (end) => end > 0 ? { bucket: labels.slice(0, end).join(".") } : {};
  const last = labels[n - 1];
  if (n >= 2 && REGION.test(last) && labels[n - 2] === "s3") return { service: "s3", region: last, ...bucketOf(n - 2) };
  if (n >= 3 && REGION.test(last) && labels[n - 2] === "dualstack" && labels[n - 3] === "s3") return { service: "s3", region: last, ...bucketOf(n - 3) };
  if (last === "s3" || last === "s3-external-1") return { service: "s3", region: "us-east-1", ...bucketOf(n - 1) };
  const legacy = /^s3-(.+)$/.exec(last);
  if (legacy && REGION.test(legacy[1])) return { service: "s3", region: legacy[1], ...bucketOf(n - 1) };
  return void 0;
}
function awsEndpointOf(host) {
  if (!host.endsWith(SUFFIX)) return void 0;
  const labels = host.slice(0, -SUFFIX.length).split(".");
  if (labels.some((l) => l === "")) return void 0;
  if (labels.includes("s3") || labels.some((l) => /^s3-/.test(l))) {
    const s3 = s3Endpoint(labels);
    if (s3) return s3;
    if (labels.some((l) => l.startsWith("s3"))) return void 0;
  }
  const last = labels[labels.length - 1];
  if (REGION.test(last)) {
    if (labels.length < 2) return void 0;
    const prefix = labels.slice(0, -1).join(".");
    return { service: SIGNING_NAMES[prefix] ?? prefix, region: last };
  }
  if (labels.length === 1 && GLOBAL_SERVICES.has(last)) return { service: last, region: "us-east-1" };
  return void 0;
}

// src/egress/aws-operation.ts
var S3_BUCKET = {
  GET: [
    ["list-type", "ListObjectsV2"],
    ["versions", "ListObjectVersions"],
    ["uploads", "ListMultipartUploads"],
    ["location", "GetBucketLocation"],
    ["policy", "GetBucketPolicy"],
    ["policyStatus", "GetBucketPolicyStatus"],
    ["acl", "GetBucketAcl"],
    ["tagging", "GetBucketTagging"],
    ["versioning", "GetBucketVersioning"],
    ["cors", "GetBucketCors"],
    ["lifecycle", "GetBucketLifecycleConfiguration"],
    ["encryption", "GetBucketEncryption"],
    ["website", "GetBucketWebsite"],
    ["logging", "GetBucketLogging"],
    ["notification", "GetBucketNotificationConfiguration"],
    ["replication", "GetBucketReplication"],
    ["publicAccessBlock", "GetPublicAccessBlock"],
    ["ownershipControls", "GetBucketOwnershipControls"],
    ["object-lock", "GetObjectLockConfiguration"],
    ["", "ListObjects"]
  ],
  HEAD: [["", "HeadBucket"]],
  PUT: [
    ["policy", "PutBucketPolicy"],
    ["acl", "PutBucketAcl"],
    ["tagging", "PutBucketTagging"],
    ["versioning", "PutBucketVersioning"],
    ["cors", "PutBucketCors"],
    ["lifecycle", "PutBucketLifecycleConfiguration"],
    ["encryption", "PutBucketEncryption"],
    ["website", "PutBucketWebsite"],
    ["logging", "PutBucketLogging"],
    ["notification", "PutBucketNotificationConfiguration"],
    ["replication", "PutBucketReplication"],
    ["publicAccessBlock", "PutPublicAccessBlock"],
    ["ownershipControls", "PutBucketOwnershipControls"],
    ["object-lock", "PutObjectLockConfiguration"],
    ["", "CreateBucket"]
  ],
  DELETE: [
    ["policy", "DeleteBucketPolicy"],
    ["tagging", "DeleteBucketTagging"],
    ["cors", "DeleteBucketCors"],
    ["lifecycle", "DeleteBucketLifecycle"],
    ["encryption", "DeleteBucketEncryption"],
    ["website", "DeleteBucketWebsite"],
    ["replication", "DeleteBucketReplication"],
    ["publicAccessBlock", "DeletePublicAccessBlock"],
    ["ownershipControls", "DeleteBucketOwnershipControls"],
    ["", "DeleteBucket"]
  ],
  POST: [["delete", "DeleteObjects"]]
};
var S3_OBJECT = {
  GET: [["uploadId", "ListParts"], ["acl", "GetObjectAcl"], ["tagging", "GetObjectTagging"], ["attributes", "GetObjectAttributes"], ["retention", "GetObjectRetention"], ["legal-hold", "GetObjectLegalHold"], ["torrent", "GetObjectTorrent"], ["", "GetObject"]],
  HEAD: [["", "HeadObject"]],
  PUT: [["uploadId", "UploadPart"], ["acl", "PutObjectAcl"], ["tagging", "PutObjectTagging"], ["retention", "PutObjectRetention"], ["legal-hold", "PutObjectLegalHold"], ["", "PutObject"]],
  POST: [["uploads", "CreateMultipartUpload"], ["uploadId", "CompleteMultipartUpload"], ["restore", "RestoreObject"], ["select", "SelectObjectContent"]],
  DELETE: [["uploadId", "AbortMultipartUpload"], ["tagging", "DeleteObjectTagging"], ["", "DeleteObject"]]
};
function pick(table, query) {
  for (const [sub, operation] of table ?? []) if (sub === "" || query.has(sub)) return operation;
  return null;
}
function s3Operation(method, path, query, headers, hostBucket) {
  let decoded;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return { operation: null, bucket: null, key: null };
  }
  const rest = decoded.replace(/^\//, "");
  const [bucket, key] = hostBucket !== void 0 ? [hostBucket, rest] : [rest.slice(0, rest.includes("/") ? rest.indexOf("/") : rest.length), rest.includes("/") ? rest.slice(rest.indexOf("/") + 1) : ""];
  if (!bucket) return { operation: method === "GET" ? "ListBuckets" : null, bucket: null, key: null };
  if (!key) return { operation: pick(S3_BUCKET[method], query), bucket, key: null };
  let operation = pick(S3_OBJECT[method], query);
  if (headers["x-amz-copy-source"] !== void 0) operation = operation === "UploadPart" ? "UploadPartCopy" : operation === "PutObject" ? "CopyObject" : operation;
  return { operation, bucket, key };
}
function awsOperationOf(request) {
  const method = request.method.toUpperCase();
  if (request.service === "s3") return s3Operation(method, request.path, request.query, request.headers, request.hostBucket);
  const none = { bucket: null, key: null };
  const target = request.headers["x-amz-target"];
  if (typeof target === "string") {
    const operation = /^[A-Za-z0-9_.-]+\.([A-Za-z0-9]+)$/.exec(target)?.[1] ?? null;
    return { operation, ...none };
  }
  const rpc = /^\/service\/[^/]+\/operation\/([A-Za-z0-9]+)$/.exec(request.path);
  if (rpc) return { operation: rpc[1], ...none };
  const actions = [...request.query.get("Action") ?? []];
  if (String(request.headers["content-type"] ?? "").toLowerCase().startsWith("application/x-www-form-urlencoded")) {
    for (const [name, value] of new URLSearchParams(request.body.toString("utf8"))) if (name === "Action") actions.push(value);
  }
  const distinct = [...new Set(actions)];
  if (distinct.length === 1 && /^[A-Za-z0-9]+$/.test(distinct[0])) return { operation: distinct[0], ...none };
  return { operation: null, ...none };
}

// src/egress/aws-signed-request.ts
var SCOPE = /^([^/]+)\/(\d{8})\/([a-z0-9-]+)\/([A-Za-z0-9.-]+)\/aws4_request$/;
var LONG_DATE = /^\d{8}T\d{6}Z$/;
function queryParameters(rawQuery) {
  const out = /* @__PURE__ */ new Map();
  for (const part of rawQuery.split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    const decode = (s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    };
    const name = decode(eq < 0 ? part : part.slice(0, eq));
    out.set(name, [...out.get(name) ?? [], decode(eq < 0 ? "" : part.slice(eq + 1))]);
  }
  return out;
}
var one = (headers, name) => {
  const v = headers[name];
  return Array.isArray(v) ? void 0 : v;
};
function readAwsSignature(headers, rawQuery) {
  const authorization = headers.authorization;
  const query = queryParameters(rawQuery);
  const inQuery = query.has("X-Amz-Credential") || query.has("X-Amz-Signature") || query.has("AWSAccessKeyId") || query.has("Signature");
  if (authorization !== void 0 && inQuery) return { kind: "unsupported", why: "the request is signed both in its Authorization header and in its query string" };
  if (authorization !== void 0) {
    if (Array.isArray(authorization)) return { kind: "unsupported", why: "the request carries more than one Authorization header" };
    if (authorization.startsWith("AWS4-ECDSA-P256-SHA256")) return { kind: "unsupported", why: "SigV4a (AWS4-ECDSA-P256-SHA256) is not supported; sign with SigV4 for one region" };
    if (/^AWS [^:]+:/.test(authorization)) return { kind: "unsupported", why: "Signature Version 2 is not supported; use SigV4" };
    if (!authorization.startsWith("AWS4-HMAC-SHA256 ")) return { kind: "none" };
    const fields = /* @__PURE__ */ new Map();
    for (const part of authorization.slice("AWS4-HMAC-SHA256 ".length).split(",")) {
      const eq = part.indexOf("=");
      if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
    }
    const scope2 = SCOPE.exec(fields.get("Credential") ?? "");
    const signedHeaders2 = (fields.get("SignedHeaders") ?? "").split(";");
    const signature2 = fields.get("Signature") ?? "";
    const longDate2 = one(headers, "x-amz-date") ?? "";
    if (!scope2 || !/^[0-9a-f]{64}$/.test(signature2) || !signedHeaders2.includes("host")) return { kind: "unsupported", why: "the Authorization header is not a well-formed SigV4 header" };
    if (!LONG_DATE.test(longDate2) || !signedHeaders2.includes("x-amz-date")) return { kind: "unsupported", why: "the request must carry and sign x-amz-date (a signed Date header is not supported)" };
    const token2 = headers["x-amz-security-token"];
    if (Array.isArray(token2)) return { kind: "unsupported", why: "the request carries more than one x-amz-security-token header" };
    return {
      kind: "signed",
      signature: { form: "header", accessKeyId: scope2[1], date: scope2[2], region: scope2[3], service: scope2[4], signedHeaders: signedHeaders2, signature: signature2, longDate: longDate2, ...token2 !== void 0 ? { sessionToken: token2 } : {} }
    };
  }
  if (!inQuery) return { kind: "none" };
  if (query.has("AWSAccessKeyId")) return { kind: "unsupported", why: "Signature Version 2 presigned URLs are not supported" };
  const single = (name) => {
    const values = query.get(name);
    return values?.length === 1 ? values[0] : void 0;
  };
  const scope = SCOPE.exec(single("X-Amz-Credential") ?? "");
  const signature = single("X-Amz-Signature") ?? "";
  const longDate = single("X-Amz-Date") ?? "";
  const expires = Number(single("X-Amz-Expires"));
  const signedHeaders = (single("X-Amz-SignedHeaders") ?? "").split(";");
  if (single("X-Amz-Algorithm") !== "AWS4-HMAC-SHA256" || !scope || !/^[0-9a-f]{64}$/.test(signature) || !LONG_DATE.test(longDate) || !Number.isInteger(expires) || !signedHeaders.includes("host")) return { kind: "unsupported", why: "the presigned URL is not a well-formed SigV4 query signature" };
  const token = query.get("X-Amz-Security-Token");
  if (token && token.length !== 1) return { kind: "unsupported", why: "the presigned URL carries more than one X-Amz-Security-Token" };
  return {
    kind: "signed",
    signature: { form: "query", accessKeyId: scope[1], date: scope[2], region: scope[3], service: scope[4], signedHeaders, signature, longDate, expires, ...token ? { sessionToken: token[0] } : {} }
  };
}

// src/egress/aws-resolution.ts
function headerMap(rawHeaders) {
  const out = /* @__PURE__ */ new Map();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i].toLowerCase();
    out.set(name, [...out.get(name) ?? [], rawHeaders[i + 1]]);
  }
  return out;
}
async function prepareAwsRequest(input) {
  const { binding, target } = input;
  const rawQuery = target.query.replace(/^\?/, "");
  const read = readAwsSignature(input.headers, rawQuery);
  if (read.kind !== "signed") return { ok: false, reason: "aws-signing-unsupported", detail: read.kind === "unsupported" ? read.why : "the request carries no SigV4 signature" };
  const signature = read.signature;
  const custom = binding.endpoints.get(`${target.host.host}:${target.port}`);
  const endpoint = custom ?? (target.port === 443 ? awsEndpointOf(target.host.host) : void 0);
  if (!endpoint) return { ok: false, reason: "aws-endpoint-unknown", detail: `${target.host.host}:${target.port} is not an AWS endpoint Airlock recognises (<service>.<region>.amazonaws.com, S3's bucket and path styles, or one listed in aws-endpoints)` };
  if (signature.service !== endpoint.service || signature.region !== endpoint.region) {
    return { ok: false, reason: "aws-scope-mismatch", detail: `the request is signed for ${signature.service} in ${signature.region}, but ${target.host.host} serves ${endpoint.service} in ${endpoint.region}` };
  }
  const query = queryParameters(rawQuery);
  const signed = { method: input.method, rawPath: target.path, query, headers: headerMap(input.rawHeaders), body: input.body };
  const { checkAwsSignature, resignAwsRequest } = await import("./aws-resign-KHBRJAJC.js");
  const checked = await checkAwsSignature(signed, signature, binding.placeholder, input.now);
  if (!checked.ok) return checked;
  const operation = awsOperationOf({ service: endpoint.service, method: input.method, path: target.path, query, headers: input.headers, body: input.body, ...endpoint.bucket !== void 0 ? { hostBucket: endpoint.bucket } : {} });
  return {
    ok: true,
    facts: { service: endpoint.service, region: endpoint.region, ...operation, presigned: signature.form === "query", role: binding.roleArn },
    resign: (forwarded) => resignAwsRequest(signed, signature, checked, forwarded, binding.real())
  };
}

// src/egress/batch-writes.ts
var corked = /* @__PURE__ */ new WeakSet();
function batchWrites(out) {
  if (corked.has(out)) return;
  corked.add(out);
  out.cork();
  setImmediate(() => {
    corked.delete(out);
    out.uncork();
  });
}

// src/gateway/request-body-scan.ts
var DEFAULT_BODY_POLICY = {
  knownValue: "block",
  pattern: "block",
  generic: "allow"
};
function redactionMarker(tokenType) {
  return `[airlock:redacted:${tokenType}]`;
}
function actionFor(kind, policy) {
  return kind === "known-value" ? policy.knownValue : policy[kind];
}
function ruleIds(findings) {
  return [...new Set(findings.map((f) => f.rule_id))].sort();
}
var RequestBodyScan = class {
  #scanner;
  #knownValues;
  #policy;
  #findings = [];
  constructor(knownValues, policy) {
    this.#knownValues = knownValues;
    this.#policy = policy;
    this.#scanner = new StreamScanner({ knownValues, allowList: { inlineComments: false } });
  }
  push(chunk) {
    this.#findings.push(...this.#scanner.push(chunk));
  }
  /** Ends the scan of `body` (the concatenation of every pushed chunk) and applies the policy. */
  finish(body) {
    this.#findings.push(...this.#scanner.end());
    const acted = this.#findings.filter((f) => actionFor(f.kind, this.#policy) !== "allow");
    if (acted.length === 0) return { action: "allow", body };
    const rules = ruleIds(acted);
    if (acted.some((f) => actionFor(f.kind, this.#policy) === "block"))
      return { action: "block", rules };
    const redacted = redact(body, acted);
    const again = scanBuffer(redacted, {
      knownValues: this.#knownValues,
      allowList: { inlineComments: false }
    });
    const left = again.findings.filter((f) => actionFor(f.kind, this.#policy) !== "allow");
    if (left.length > 0 || again.truncated !== void 0)
      return { action: "block", rules: ruleIds([...acted, ...left]) };
    return { action: "redact", body: redacted, rules };
  }
};
function redact(body, findings) {
  const sorted = [...findings].sort((a, b) => a.start - b.start);
  const parts = [];
  let at = 0;
  for (let i = 0; i < sorted.length; ) {
    const first = sorted[i];
    let end = first.end;
    for (i++; i < sorted.length && sorted[i].start < end; i++) end = Math.max(end, sorted[i].end);
    parts.push(body.subarray(at, first.start), Buffer.from(redactionMarker(first.token_type)));
    at = end;
  }
  parts.push(body.subarray(at));
  return Buffer.concat(parts);
}

// src/egress/body-feed.ts
var BodyFeed = class {
  #queue = [];
  #pending = 0;
  #ended = false;
  #closed = false;
  #wake;
  #drained;
  get pending() {
    return this.#pending;
  }
  push(chunk) {
    if (this.#closed || this.#ended) return;
    this.#queue.push(chunk);
    this.#pending += chunk.length;
    this.#wakeReader();
  }
  end() {
    this.#ended = true;
    this.#wakeReader();
  }
  /** The hook is done (its verdict taken): nothing more is kept for it. */
  close() {
    this.#closed = true;
    this.#queue.length = 0;
    this.#pending = 0;
    this.#wakeReader();
    this.#settle();
  }
  /** Calls `drained` once (the next time) nothing waits for the hook. */
  onDrain(drained) {
    if (this.#pending === 0) return drained();
    this.#drained = drained;
  }
  #wakeReader() {
    const wake = this.#wake;
    this.#wake = void 0;
    wake?.();
  }
  #settle() {
    if (this.#pending > 0) return;
    const drained = this.#drained;
    this.#drained = void 0;
    drained?.();
  }
  async *[Symbol.asyncIterator]() {
    try {
      for (; ; ) {
        const chunk = this.#queue.shift();
        if (chunk !== void 0) {
          this.#pending -= chunk.length;
          this.#settle();
          yield chunk;
          continue;
        }
        if (this.#ended || this.#closed) return;
        await new Promise((resolve) => this.#wake = resolve);
      }
    } finally {
      this.close();
    }
  }
};

// src/egress/needle-stream-search.ts
var NeedleStreamSearch = class {
  #needles;
  #overlap;
  #tail = Buffer.alloc(0);
  #found = false;
  constructor(values) {
    const needles = /* @__PURE__ */ new Map();
    for (const { needle } of values.needles) {
      for (const bytes of [Buffer.from(needle, "utf8"), ...[...needle].every((c) => c.charCodeAt(0) <= 255) ? [Buffer.from(needle, "latin1")] : []])
        needles.set(bytes.toString("hex"), bytes);
    }
    this.#needles = [...needles.values()];
    this.#overlap = Math.max(0, ...this.#needles.map((n) => n.length - 1));
  }
  /** Bytes kept between chunks (the longest needle less one). */
  get overlap() {
    return this.#overlap;
  }
  /** Adds a chunk; true once any needle has been seen in the stream so far. */
  push(chunk) {
    if (this.#found || this.#needles.length === 0 || chunk.length === 0) return this.#found;
    const seam = this.#tail.length === 0 ? void 0 : Buffer.concat([this.#tail, chunk.subarray(0, this.#overlap)]);
    for (const needle of this.#needles) {
      if (chunk.includes(needle) || seam !== void 0 && seam.includes(needle)) return this.#found = true;
    }
    const keep = this.#overlap;
    this.#tail = chunk.length >= keep ? Buffer.from(chunk.subarray(chunk.length - keep)) : Buffer.concat([this.#tail, chunk]).subarray(-keep);
    return false;
  }
};

// src/egress/body-inspection.ts
var BodyInspection = class {
  #placeholders;
  #scanner;
  #feed;
  #hook;
  #hookRefusal;
  #refusal;
  constructor(options) {
    this.#placeholders = options.placeholders ? new NeedleStreamSearch(options.placeholders) : void 0;
    this.#scanner = options.protectedValues ? new StreamScanner({ knownValues: options.protectedValues, allowList: { inlineComments: false } }) : void 0;
    if (options.inspectBody) {
      const feed = this.#feed = new BodyFeed();
      const inspect = options.inspectBody;
      this.#hook = (async () => {
        try {
          const verdict = await inspect(feed, options.request);
          return verdict.verdict === "block" ? { status: 403, reason: `body-blocked:${verdict.reason}` } : void 0;
        } catch {
          return { status: 403, reason: "body-blocked:inspector-failed" };
        } finally {
          feed.close();
        }
      })();
      void this.#hook.then((r) => this.#hookRefusal = r);
    }
  }
  /** The refusal so far, if any. */
  get refusal() {
    return this.#refusal ??= this.#hookRefusal;
  }
  /** Bytes the hook has not read yet: the caller stops reading the client above its bound. */
  get hookPending() {
    return this.#feed?.pending ?? 0;
  }
  /** Calls `drained` once the hook has read every chunk pushed. */
  onHookDrain(drained) {
    if (this.#feed) this.#feed.onDrain(drained);
    else drained();
  }
  /** Inspects one more chunk; returns the refusal once there is one. */
  push(chunk) {
    if (this.refusal) return this.#refusal;
    if (this.#placeholders?.push(chunk)) return this.#refusal = { status: 403, reason: "placeholder-in-body" };
    if (this.#scanner) {
      try {
        this.#refuseOn(this.#scanner.push(chunk));
      } catch {
        this.#refusal = { status: 503, reason: "scan-failed" };
      }
      if (this.#refusal) return this.#refusal;
    }
    this.#feed?.push(chunk);
    return void 0;
  }
  /** The body has ended: the scanner's last findings and the hook's verdict. */
  async end() {
    if (!this.refusal && this.#scanner) {
      try {
        this.#refuseOn(this.#scanner.end());
      } catch {
        this.#refusal = { status: 503, reason: "scan-failed" };
      }
    }
    if (this.#refusal) {
      this.#feed?.close();
      return this.#refusal;
    }
    this.#feed?.end();
    return this.#refusal = await this.#hook;
  }
  /** Stops the hook (the request was refused or abandoned elsewhere). */
  abandon() {
    this.#feed?.close();
  }
  #refuseOn(findings) {
    const acted = findings.filter((f) => (f.kind === "known-value" ? DEFAULT_BODY_POLICY.knownValue : DEFAULT_BODY_POLICY[f.kind]) !== "allow");
    if (acted.length > 0) this.#refusal = { status: 403, reason: `dlp-blocked:${[...new Set(acted.map((f) => f.rule_id))].sort().join(",")}` };
  }
};

// src/egress/inspect-request.ts
var HOP_BY_HOP = /* @__PURE__ */ new Set(["expect", "connection", "keep-alive", "proxy-connection", "proxy-authorization", "proxy-authenticate", "te", "trailer", "transfer-encoding", "upgrade", "host", "content-length"]);
var HOLD_BYTES = 256 * 1024;
function forwardHeaders(headers) {
  const named = new Set(
    String(headers.connection ?? "").split(",").map((s) => s.trim().toLowerCase())
  );
  const out = {};
  for (const [k, v] of Object.entries(headers)) if (v !== void 0 && !HOP_BY_HOP.has(k) && !named.has(k)) out[k] = v;
  return out;
}
function hostHeaderValue(target, scheme) {
  const host = target.host.kind === "ipv6" ? `[${target.host.host}]` : target.host.host;
  return target.port === (scheme === "https" ? 443 : 80) ? host : `${host}:${target.port}`;
}
function createRequestInspector(ctx) {
  return async (req, res, t, scheme, start, audited) => {
    const method = req.method ?? "GET";
    const kind = scheme;
    let requestBytes = 0;
    let held = 0;
    let credential;
    let policy;
    const release = () => {
      ctx.budget.release(held);
      held = 0;
    };
    const tags = () => ({ ...credential ? { credential } : {}, ...policy ? { policy } : {} });
    const refuse = (status, reason, detail) => {
      release();
      ctx.log(start, { kind, method, host: t.host.host, port: t.port, path: t.path, decision: "deny", reason, status, requestBytes, responseBytes: 0, ...tags() });
      if (res.headersSent) {
        res.destroy();
        return;
      }
      res.writeHead(status, { "content-type": "text/plain", connection: "close", "x-airlock-egress": reason });
      res.end(`airlock egress: ${reason}${detail ? `: ${detail}` : ""}
`);
    };
    try {
      const url = t.path + t.query;
      const search = ctx.credentials?.find({ scheme, target: t, headers: req.headers, url }) ?? { ok: true };
      if (!search.ok) {
        credential = search.credential;
        return refuse(403, search.reason, search.detail);
      }
      const found = search.found;
      credential = found?.credential.id;
      let protectedValues;
      if (ctx.protectedValues) {
        try {
          protectedValues = new KnownValues(ctx.protectedValues());
        } catch {
          return refuse(503, "scan-failed");
        }
        if (carriesKnownValue(protectedValues, url, req.headers)) return refuse(403, "sensitive-value-in-request");
      }
      const facts = { scheme, method, host: t.host.host, port: t.port, path: t.path };
      const decide = (asked) => {
        let decision;
        try {
          decision = ctx.decide ? ctx.decide(asked, found) : { decision: found ? "resolve" : "allow", reasons: [] };
        } catch (e) {
          decision = { decision: "deny", reasons: [`policy error: ${e.message}`] };
        }
        policy = decision.decision;
        if (decision.decision === "deny") return { status: 403, reason: "policy-denied", detail: decision.reasons.join("; ") };
        if (found && decision.decision !== "resolve") return { status: 403, reason: "resolution-denied", detail: `the egress policy does not let ${found.credential.id} be resolved toward ${t.host.host}` };
        return void 0;
      };
      const aws = found?.placement === "aws-sigv4" ? found.credential.aws : void 0;
      const early = aws ? void 0 : decide(facts);
      if (early) return refuse(early.status, early.reason, early.detail);
      if (found?.credential.approval && !found.credential.resolvedDownstream) {
        if (!ctx.approve) return refuse(403, "approval-unavailable", `${found.credential.id} needs a human's approval and no Airlock App was configured to ask`);
        const gone = new AbortController();
        const onClose = () => gone.abort();
        res.once("close", onClose);
        let outcome2;
        try {
          outcome2 = await ctx.approve(found.credential, facts, gone.signal);
        } catch (e) {
          outcome2 = { approved: false, reason: `approval failed: ${e.message}` };
        } finally {
          res.off("close", onClose);
        }
        if (gone.signal.aborted) return refuse(499, "client-gone");
        if (!outcome2.approved) return refuse(403, "approval-refused", outcome2.reason);
      }
      const cap = ctx.maxRequestBodyBytes;
      const declared = req.headers["content-length"];
      if (declared !== void 0 && Number(declared) > cap) return refuse(413, "body-too-large");
      const inspection = new BodyInspection({
        placeholders: ctx.credentials?.placeholders,
        protectedValues,
        inspectBody: ctx.inspectBody,
        request: { method, host: t.host.host, port: t.port, path: t.path }
      });
      const holdWhole = aws !== void 0;
      const queue = [];
      let upstream;
      let reading = true;
      let aborted = false;
      let sent;
      const complete = new Promise((resolve) => sent = resolve);
      let stopReading;
      const pauses = /* @__PURE__ */ new Set();
      const hold = (why) => {
        pauses.add(why);
        req.pause();
      };
      const unhold = (why) => {
        pauses.delete(why);
        if (pauses.size === 0 && reading) req.resume();
      };
      const scrubValues = found !== void 0 && !found.credential.resolvedDownstream ? protectedValues ?? new KnownValues([{ value: found.credential.real(), label: found.credential.id }]) : void 0;
      const forwarded = () => {
        const headers2 = forwardHeaders(req.headers);
        headers2.host = hostHeaderValue(t, scheme);
        const resolved = found !== void 0 && !found.credential.resolvedDownstream;
        const stopped = found ? ctx.credentials?.stopped() : void 0;
        if (stopped) return { status: 403, reason: stopped, detail: `the Airlock App's containment revoked this run's credentials; ${found.credential.id} is no longer resolved` };
        if (resolved) {
          if (!aws) headers2[found.header] = found.value(found.credential.real());
          headers2["accept-encoding"] = "identity";
        }
        return { headers: headers2, resolved };
      };
      const open2 = (path2, headers2, resolved) => {
        const request = httpRequest({ method, path: path2, headers: headers2, agent: ctx.agents.agentFor(scheme, t.host, t.port) });
        request.on("response", (up) => void complete.then((ok) => ok ? answer(up, resolved) : up.destroy()));
        request.on("error", (e) => {
          if (aborted) return;
          const failed = { status: 502, reason: e instanceof UpstreamError ? e.code : "upstream-failed" };
          if (reading && stopReading) return stopReading(failed);
          if (!res.headersSent) refuse(failed.status, failed.reason);
          else res.destroy();
        });
        res.once("close", () => {
          if (!res.writableFinished) request.destroy();
        });
        return request;
      };
      const answer = (up, resolved) => {
        const status = up.statusCode ?? 502;
        let responseBytes = 0;
        const done = () => ctx.log(start, { kind, method, host: t.host.host, port: t.port, path: t.path, decision: "allow", ...audited ? { reason: audited } : {}, status, requestBytes, responseBytes, ...tags(), ...found ? { resolved } : {} });
        if (!scrubValues) {
          const out2 = forwardHeaders(up.headers);
          if (up.headers["content-length"] !== void 0) out2["content-length"] = up.headers["content-length"];
          res.writeHead(status, up.statusMessage, out2);
          up.on("data", (c) => responseBytes += c.length);
          up.pipe(res);
          res.once("close", done);
          up.once("error", () => res.destroy());
          return;
        }
        const decoder = responseDecoder(up.headers["content-encoding"]);
        if (decoder === null) {
          up.resume();
          return refuse(502, "upstream-encoding-unsupported");
        }
        const out = {};
        for (const [k, v] of Object.entries(forwardHeaders(up.headers))) {
          if (k === "content-encoding" || v === void 0) continue;
          out[k] = Array.isArray(v) ? v.map((x) => scrubString(scrubValues, x).text) : scrubString(scrubValues, String(v)).text;
        }
        if (method === "HEAD" && /^\d+$/.test(String(up.headers["content-length"]))) out["content-length"] = up.headers["content-length"];
        const scrubber = new StreamScrubber(scrubValues);
        const scrub = new Transform({
          transform(chunk, _enc, next) {
            const clean = scrubber.push(chunk);
            responseBytes += clean.length;
            next(null, clean);
          },
          flush(next) {
            const clean = scrubber.end();
            responseBytes += clean.length;
            next(null, clean);
          }
        });
        res.writeHead(status, out);
        res.once("close", done);
        const flow = decoder ? pipeline(up, decoder, scrub, res) : pipeline(up, scrub, res);
        flow.catch(() => res.destroy());
      };
      const forward = (request) => {
        const chunk = queue.shift();
        held -= chunk.length;
        ctx.budget.release(chunk.length);
        batchWrites(request);
        request.write(chunk);
        if (request.writableLength > HOLD_BYTES && !pauses.has("upstream")) {
          hold("upstream");
          request.once("drain", () => unhold("upstream"));
        }
      };
      let outcome = await new Promise((resolve) => {
        const stop = (refusal2) => {
          if (!reading) return;
          reading = false;
          req.off("data", onData);
          if (refusal2 !== "complete") req.pause();
          resolve(refusal2);
        };
        stopReading = stop;
        const onData = (chunk) => {
          requestBytes += chunk.length;
          if (requestBytes > cap) return stop({ status: 413, reason: "body-too-large" });
          if (!ctx.budget.take(chunk.length)) return stop({ status: 503, reason: "proxy-busy" });
          held += chunk.length;
          queue.push(chunk);
          const refusal2 = inspection.push(chunk);
          if (refusal2) return stop(refusal2);
          if (inspection.hookPending > HOLD_BYTES) {
            hold("hook");
            inspection.onHookDrain(() => unhold("hook"));
          }
          if (holdWhole || held - queue[0].length < HOLD_BYTES) return;
          if (!upstream) {
            const prepared2 = forwarded();
            if (!("headers" in prepared2)) return stop(prepared2);
            if (declared !== void 0) prepared2.headers["content-length"] = Number(declared);
            else prepared2.headers["transfer-encoding"] = "chunked";
            upstream = open2(url, prepared2.headers, prepared2.resolved);
          }
          while (queue.length > 0 && held - queue[0].length >= HOLD_BYTES) forward(upstream);
        };
        req.on("data", onData);
        req.once("end", () => stop("complete"));
        req.once("error", () => stop({ status: 400, reason: "body-aborted" }));
        req.once("close", () => {
          if (!req.complete) stop({ status: 400, reason: "body-aborted" });
        });
      });
      if (outcome === "complete") outcome = await inspection.end() ?? "complete";
      else inspection.abandon();
      if (outcome !== "complete") {
        aborted = true;
        upstream?.destroy();
        sent(false);
        return refuse(outcome.status, outcome.reason, outcome.detail);
      }
      if (upstream) {
        while (queue.length > 0) forward(upstream);
        upstream.end();
        sent(true);
        return;
      }
      let resign;
      if (aws) {
        const checked = await prepareAwsRequest({ binding: aws, target: t, method, headers: req.headers, rawHeaders: req.rawHeaders, body: Buffer.concat(queue), now: (ctx.now ?? Date.now)() });
        if (!checked.ok) return refuse(403, checked.reason, checked.detail);
        const late = decide({ ...facts, aws: checked.facts });
        if (late) return refuse(late.status, late.reason, late.detail);
        resign = checked.resign;
      }
      const prepared = forwarded();
      if (!("headers" in prepared)) return refuse(prepared.status, prepared.reason, prepared.detail);
      let headers = prepared.headers;
      if (requestBytes > 0 || declared !== void 0) headers["content-length"] = requestBytes;
      let path = url;
      let payload;
      if (resign) {
        let resigned;
        try {
          resigned = await resign(headers);
        } catch {
          return refuse(502, "aws-resign-failed");
        }
        headers = resigned.headers;
        path = resigned.url ?? url;
        payload = resigned.body;
      }
      upstream = open2(path, headers, prepared.resolved);
      if (payload) upstream.end(payload);
      else {
        while (queue.length > 0) forward(upstream);
        upstream.end();
      }
      sent(true);
    } finally {
      release();
    }
  };
}

// src/egress/parse-proxy-target.ts
var fail = (reason) => ({ ok: false, reason });
function parsePort(raw) {
  if (!/^[1-9]\d{0,4}$/.test(raw)) return void 0;
  const n = Number(raw);
  return n <= 65535 ? n : void 0;
}
function parseAuthority(authority, defaultPort) {
  if (authority.includes("@")) return fail("userinfo");
  let hostPart;
  let portPart;
  if (authority.startsWith("[")) {
    const end = authority.indexOf("]");
    if (end < 0) return fail("bad-ipv6");
    hostPart = authority.slice(0, end + 1);
    const rest = authority.slice(end + 1);
    if (rest !== "" && !rest.startsWith(":")) return fail("bad-character");
    portPart = rest === "" ? void 0 : rest.slice(1);
  } else {
    const colon = authority.lastIndexOf(":");
    hostPart = colon < 0 ? authority : authority.slice(0, colon);
    portPart = colon < 0 ? void 0 : authority.slice(colon + 1);
  }
  const host = normalizeHost(hostPart);
  if (host.kind === "invalid") return fail(host.reason);
  let port = defaultPort;
  if (portPart !== void 0) {
    port = parsePort(portPart);
    if (port === void 0) return fail("bad-port");
  }
  if (port === void 0) return fail("missing-port");
  return { ok: true, target: { host, port, path: "", query: "" } };
}
var AMBIGUOUS_PATH = /(?:^|\/)(?:\.|%2e){1,2}(?:\/|$)|%2f|%5c|\\|%00/i;
function parseAbsoluteTarget(requestTarget) {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(requestTarget);
  if (!scheme) return fail("not-a-proxy-request");
  const name = scheme[1].toLowerCase();
  if (name === "https") return fail("https-needs-connect");
  if (name !== "http") return fail("unsupported-scheme");
  if (requestTarget.includes("#")) return fail("fragment");
  const rest = requestTarget.slice(scheme[0].length);
  const end = rest.search(/[/?\\]/);
  const authority = end < 0 ? rest : rest.slice(0, end);
  if (end >= 0 && rest[end] === "\\") return fail("bad-character");
  const parsed = parseAuthority(authority, 80);
  if (!parsed.ok) return parsed;
  const pathAndQuery = end < 0 ? "/" : rest.slice(end);
  const q = pathAndQuery.indexOf("?");
  const path = q < 0 ? pathAndQuery : pathAndQuery.slice(0, q);
  const query = q < 0 ? "" : pathAndQuery.slice(q);
  const fullPath = path === "" ? "/" : path;
  if (!fullPath.startsWith("/") || AMBIGUOUS_PATH.test(fullPath)) return fail("bad-path");
  return { ok: true, target: { ...parsed.target, path: fullPath, query } };
}
function parseOriginTarget(requestTarget, authority) {
  if (!requestTarget.startsWith("/")) return fail("not-a-proxy-request");
  if (requestTarget.includes("#")) return fail("fragment");
  const q = requestTarget.indexOf("?");
  const path = q < 0 ? requestTarget : requestTarget.slice(0, q);
  const query = q < 0 ? "" : requestTarget.slice(q);
  if (AMBIGUOUS_PATH.test(path)) return fail("bad-path");
  return { ok: true, target: { host: authority.host, port: authority.port, path, query } };
}
function parseConnectTarget(requestTarget) {
  if (/[/?#\\]/.test(requestTarget)) return fail("bad-character");
  return parseAuthority(requestTarget, void 0);
}
function hostHeaderTarget(value, defaultPort) {
  const parsed = parseAuthority(value, defaultPort);
  return parsed.ok ? parsed.target : void 0;
}

// src/egress/rate-limiter.ts
var RateLimiter = class {
  constructor(perMinute, burst, now = Date.now) {
    this.perMinute = perMinute;
    this.burst = burst;
    this.now = now;
  }
  perMinute;
  burst;
  now;
  buckets = /* @__PURE__ */ new Map();
  take(key) {
    const t = this.now();
    const b = this.buckets.get(key) ?? { tokens: this.burst, at: t };
    b.tokens = Math.min(this.burst, b.tokens + (t - b.at) * this.perMinute / 6e4);
    b.at = t;
    this.buckets.set(key, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }
};

// src/egress/tls-client-hello.ts
var MAX_CLIENT_HELLO_BYTES = 64 * 1024;
var RECORD_HANDSHAKE = 22;
var HANDSHAKE_CLIENT_HELLO = 1;
var EXT_SERVER_NAME = 0;
var EXT_ENCRYPTED_CLIENT_HELLO = 65037;
function handshakeBytes(data) {
  const parts = [];
  let have = 0;
  let need;
  let off = 0;
  while (need === void 0 || have < need) {
    if (data.length < off + 5)
      return data.length > MAX_CLIENT_HELLO_BYTES ? { status: "invalid", reason: "too-large" } : { status: "need-more" };
    if (data[off] !== RECORD_HANDSHAKE) return { status: "invalid", reason: "not-tls-handshake" };
    if (data[off + 1] !== 3) return { status: "invalid", reason: "not-tls-handshake" };
    const len = data.readUInt16BE(off + 3);
    if (data.length < off + 5 + len)
      return off + 5 + len > MAX_CLIENT_HELLO_BYTES ? { status: "invalid", reason: "too-large" } : { status: "need-more" };
    parts.push(data.subarray(off + 5, off + 5 + len));
    have += len;
    off += 5 + len;
    if (need === void 0 && have >= 4) {
      const first = Buffer.concat(parts);
      if (first[0] !== HANDSHAKE_CLIENT_HELLO)
        return { status: "invalid", reason: "not-client-hello" };
      need = 4 + first.readUIntBE(1, 3);
      if (need > MAX_CLIENT_HELLO_BYTES) return { status: "invalid", reason: "too-large" };
    }
  }
  return Buffer.concat(parts).subarray(0, need);
}
function readClientHelloSni(data) {
  const hs = handshakeBytes(data);
  if (!Buffer.isBuffer(hs)) return hs;
  const malformed = { status: "invalid", reason: "malformed" };
  let p = 4 + 2 + 32;
  if (hs.length < p + 1) return malformed;
  p += 1 + hs[p];
  if (hs.length < p + 2) return malformed;
  p += 2 + hs.readUInt16BE(p);
  if (hs.length < p + 1) return malformed;
  p += 1 + hs[p];
  if (hs.length === p) return { status: "sni", serverName: void 0 };
  if (hs.length < p + 2) return malformed;
  const extEnd = p + 2 + hs.readUInt16BE(p);
  if (extEnd > hs.length) return malformed;
  p += 2;
  let serverName;
  while (p < extEnd) {
    if (p + 4 > extEnd) return malformed;
    const type = hs.readUInt16BE(p);
    const len = hs.readUInt16BE(p + 2);
    const body = hs.subarray(p + 4, p + 4 + len);
    if (body.length !== len) return malformed;
    if (type === EXT_ENCRYPTED_CLIENT_HELLO) return { status: "invalid", reason: "ech" };
    if (type === EXT_SERVER_NAME) {
      if (serverName !== void 0 || len < 2) return malformed;
      const listEnd = 2 + body.readUInt16BE(0);
      if (listEnd > len) return malformed;
      let q = 2;
      while (q < listEnd) {
        if (q + 3 > listEnd) return malformed;
        const nameType = body[q];
        const nameLen = body.readUInt16BE(q + 1);
        if (q + 3 + nameLen > listEnd) return malformed;
        if (nameType === 0) {
          if (serverName !== void 0) return malformed;
          serverName = body.subarray(q + 3, q + 3 + nameLen).toString("latin1");
        }
        q += 3 + nameLen;
      }
    }
    p += 4 + len;
  }
  return { status: "sni", serverName };
}

// src/egress/upstream-agent.ts
import { Agent } from "node:http";
import { connect as tlsConnect } from "node:tls";
var UpstreamAgent = class extends Agent {
  constructor(target, connectUpstream, ca) {
    super({ keepAlive: true, maxSockets: 32, maxFreeSockets: 8, timeout: 6e4 });
    this.target = target;
    this.connectUpstream = connectUpstream;
    this.ca = ca;
  }
  target;
  connectUpstream;
  ca;
  createConnection(_options, callback) {
    const done = callback ?? (() => void 0);
    const { host, port, tls } = this.target;
    this.connectUpstream(host, port).then(
      (socket) => {
        if (!tls) return done(null, socket);
        const secure = tlsConnect({
          socket,
          // Certificate identity is checked against the name (or IP) the request was allowed for.
          host: host.host,
          ...host.kind === "name" ? { servername: host.host } : {},
          ca: [...this.ca],
          rejectUnauthorized: true,
          minVersion: "TLSv1.2",
          ALPNProtocols: ["http/1.1"]
        });
        secure.once("secureConnect", () => {
          secure.removeAllListeners("error");
          done(null, secure);
        });
        secure.once("error", (e) => {
          socket.destroy();
          done(e, secure);
        });
      },
      (error) => done(error, void 0)
    );
    return void 0;
  }
};
function upstreamAgents(connectUpstream, ca) {
  const agents = /* @__PURE__ */ new Map();
  return {
    agentFor(scheme, host, port) {
      const key = `${scheme}://${host.host}:${port}`;
      let agent = agents.get(key);
      if (!agent) {
        agent = new UpstreamAgent({ host, port, tls: scheme === "https" }, connectUpstream, ca);
        agents.set(key, agent);
      }
      return agent;
    },
    destroy() {
      for (const agent of agents.values()) agent.destroy();
      agents.clear();
    }
  };
}

// src/egress/egress-proxy.ts
var AUDITABLE = /* @__PURE__ */ new Set(["host-not-allowed", "ip-literal-not-allowed", "port-not-allowed", "method-not-allowed", "path-not-allowed", "connect-bypasses-rules", "connect-not-allowed"]);
async function startEgressProxy(options) {
  const compiled2 = compileEgressPolicy(options.policy);
  const now = options.now ?? Date.now;
  const limiter = new RateLimiter(options.policy.requestsPerMinute, options.policy.burst, now);
  const connectUpstream = options.connectUpstream ?? connectPublicUpstream();
  const handshakeTimeoutMs = options.handshakeTimeoutMs ?? 1e4;
  const requestTimeout = options.requestTimeoutMs ?? 12e4;
  const credentials = options.credentials;
  if (credentials && !options.authority && credentials.bindings.some((b) => !b.resolvedDownstream))
    throw new Error("egress proxy: credentials bound to hosts need an authority to terminate their TLS");
  const budgetBytes = options.policy.maxBufferedBytes;
  const audit = options.enforcement === "audit";
  let buffered = 0;
  const agents = upstreamAgents(connectUpstream, options.upstreamCa ?? runnerTrustStore());
  const log = (start, record) => {
    options.onLog({
      time: new Date(start).toISOString(),
      durationMs: now() - start,
      ...record,
      path: record.path.slice(0, 200)
    });
  };
  const inspect = createRequestInspector({
    credentials,
    decide: options.decide,
    approve: options.approve,
    protectedValues: options.protectedValues,
    inspectBody: options.inspectBody,
    agents,
    maxRequestBodyBytes: options.policy.maxRequestBodyBytes,
    now,
    // A budget over all held bodies keeps many slow uploads from exhausting memory (THREATS.md §E 27).
    budget: {
      take: (bytes) => {
        if (buffered + bytes > budgetBytes) return false;
        buffered += bytes;
        return true;
      },
      release: (bytes) => {
        buffered -= bytes;
      }
    },
    log
  });
  const refuseEarly = (res, start, kind, method, status, reason, t) => {
    log(start, { kind, method, host: t?.host.host ?? "", port: t?.port, path: t?.path ?? "", decision: "deny", reason, status, requestBytes: 0, responseBytes: 0 });
    res.writeHead(status, { "content-type": "text/plain", connection: "close", "x-airlock-egress": reason });
    res.end(`airlock egress: ${reason}
`);
  };
  const handleTargeted = (req, res, t, scheme, start) => {
    const method = req.method ?? "GET";
    const hostHeader = req.headers.host === void 0 ? void 0 : hostHeaderTarget(req.headers.host, scheme === "https" ? 443 : 80) ?? "unparseable";
    if (scheme === "https" && hostHeader === void 0) return refuseEarly(res, start, scheme, method, 403, "host-header-mismatch", t);
    const decision = decideHttpRequest(method, t, hostHeader, compiled2);
    const audited = !decision.allow && audit && AUDITABLE.has(decision.reason) ? `audit:${decision.reason}` : void 0;
    if (!decision.allow && !audited) return refuseEarly(res, start, scheme, method, decision.status, decision.reason, t);
    if (!limiter.take(t.host.host)) return refuseEarly(res, start, scheme, method, 429, "rate-limited", t);
    return inspect(req, res, t, scheme, start, audited);
  };
  const handleRequest = async (req, res) => {
    const start = now();
    const parsed = parseAbsoluteTarget(req.url ?? "");
    if (!parsed.ok) return refuseEarly(res, start, "http", req.method ?? "GET", 400, parsed.reason);
    await handleTargeted(req, res, parsed.target, "http", start);
  };
  const tunnelTargets = /* @__PURE__ */ new WeakMap();
  const inner = createServer({ headersTimeout: handshakeTimeoutMs, requestTimeout }, (req, res) => {
    const start = now();
    const tunnel = tunnelTargets.get(req.socket);
    const parsed = tunnel ? parseOriginTarget(req.url ?? "", tunnel.target) : void 0;
    if (!tunnel || !parsed?.ok) {
      refuseEarly(res, start, tunnel?.scheme ?? "https", req.method ?? "GET", 400, parsed && !parsed.ok ? parsed.reason : "not-a-proxy-request", tunnel?.target);
      return;
    }
    handleTargeted(req, res, parsed.target, tunnel.scheme, start)?.catch(() => res.destroy());
  });
  const plainTunnels = new Set((options.plainTunnelHosts ?? []).map((h) => normalizeHost(h)).flatMap((h) => h.kind === "invalid" ? [] : [h.host]));
  inner.on("upgrade", (_req, socket) => refuseUpgrade(socket, _req.method ?? ""));
  inner.on("connect", (_req, socket) => socket.destroy());
  inner.on("clientError", (_err, socket) => socket.destroy());
  const contexts = /* @__PURE__ */ new Map();
  const contextFor = (t) => {
    let context = contexts.get(t.host.host);
    if (!context) {
      const issued = options.authority.issueServerCertificate([t.host.host]);
      context = createSecureContext({ key: issued.keyPem, cert: issued.certPem, minVersion: "TLSv1.2" });
      contexts.set(t.host.host, context);
    }
    return context;
  };
  const terminate = (client, hello, t) => {
    client.unshift(hello);
    const secure = new TLSSocket(client, { isServer: true, secureContext: contextFor(t), ALPNProtocols: ["http/1.1"] });
    secure.on("error", () => secure.destroy());
    tunnelTargets.set(secure, { target: t, scheme: "https" });
    inner.emit("connection", secure);
  };
  const refuseUpgrade = (socket, method) => {
    const start = now();
    log(start, { kind: "upgrade", method, host: "", port: void 0, path: "", decision: "deny", reason: "upgrade-refused", status: 403, requestBytes: 0, responseBytes: 0 });
    socket.end("HTTP/1.1 403 Forbidden\r\nconnection: close\r\nx-airlock-egress: upgrade-refused\r\n\r\n");
  };
  const handleConnect = (req, client, head) => {
    const start = now();
    const parsed = parseConnectTarget(req.url ?? "");
    const deny = (status, reason, host = "", port) => {
      log(start, {
        kind: "connect",
        method: "CONNECT",
        host,
        port,
        path: "",
        decision: "deny",
        reason,
        status,
        requestBytes: 0,
        responseBytes: 0
      });
      client.end(
        `HTTP/1.1 ${status} Forbidden\r
connection: close\r
x-airlock-egress: ${reason}\r
\r
`
      );
    };
    if (!parsed.ok) return deny(400, parsed.reason);
    const t = parsed.target;
    const plain = plainTunnels.has(t.host.host);
    const terminated = plain || (credentials?.terminates(t.host, t.port) ?? false);
    const decision = decideConnect(t, compiled2, terminated);
    const audited = !decision.allow && audit && AUDITABLE.has(decision.reason) ? `audit:${decision.reason}` : void 0;
    if (!decision.allow && !audited) return deny(decision.status, decision.reason, t.host.host, t.port);
    if (!limiter.take(t.host.host)) return deny(429, "rate-limited", t.host.host, t.port);
    client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
    if (plain) {
      log(start, { kind: "connect", method: "CONNECT", host: t.host.host, port: t.port, path: "", decision: "allow", reason: "terminated", status: 200, requestBytes: 0, responseBytes: 0 });
      const socket = client;
      if (head.length) socket.unshift(head);
      tunnelTargets.set(socket, { target: t, scheme: "http" });
      inner.emit("connection", socket);
      socket.resume();
      return;
    }
    let buffered2 = head;
    let settled = false;
    const reject = (reason) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      log(start, {
        kind: "connect",
        method: "CONNECT",
        host: t.host.host,
        port: t.port,
        path: "",
        decision: "deny",
        reason,
        status: 200,
        requestBytes: buffered2.length,
        responseBytes: 0
      });
      client.destroy();
    };
    const timer = setTimeout(() => reject("tls-hello-timeout"), handshakeTimeoutMs);
    const examine = () => {
      const hello = readClientHelloSni(buffered2);
      if (hello.status === "need-more") return;
      client.off("data", onData);
      client.pause();
      if (hello.status === "invalid") return reject(`tls-${hello.reason}`);
      const sni = hello.serverName === void 0 ? void 0 : normalizeHost(hello.serverName);
      const matches = sni === void 0 ? t.host.kind !== "name" : sni.kind !== "invalid" && sni.host === t.host.host;
      if (!matches) return reject("sni-mismatch");
      settled = true;
      clearTimeout(timer);
      if (!terminated) return void tunnel();
      log(start, { kind: "connect", method: "CONNECT", host: t.host.host, port: t.port, path: "", decision: "allow", reason: "terminated", status: 200, requestBytes: 0, responseBytes: 0 });
      terminate(client, buffered2, t);
    };
    const onData = (c) => {
      buffered2 = Buffer.concat([buffered2, c]);
      examine();
    };
    const tunnel = async () => {
      let upstream;
      try {
        upstream = await connectUpstream(t.host, t.port);
      } catch (e) {
        log(start, {
          kind: "connect",
          method: "CONNECT",
          host: t.host.host,
          port: t.port,
          path: "",
          decision: "deny",
          reason: e instanceof UpstreamError ? e.code : "connect-failed",
          status: 502,
          requestBytes: 0,
          responseBytes: 0
        });
        client.destroy();
        return;
      }
      let requestBytes = buffered2.length;
      let responseBytes = 0;
      upstream.write(buffered2);
      client.on("data", (c) => requestBytes += c.length);
      upstream.on("data", (c) => responseBytes += c.length);
      client.pipe(upstream);
      upstream.pipe(client);
      let closed = false;
      const close = () => {
        if (closed) return;
        closed = true;
        client.destroy();
        upstream.destroy();
        log(start, {
          kind: "connect",
          method: "CONNECT",
          host: t.host.host,
          port: t.port,
          path: "",
          decision: "allow",
          ...audited ? { reason: audited } : {},
          status: 200,
          requestBytes,
          responseBytes
        });
      };
      for (const s of [client, upstream]) {
        s.on("error", close);
        s.on("close", close);
      }
    };
    client.on("error", () => reject("client-error"));
    client.on("data", onData);
    examine();
  };
  const sockets = /* @__PURE__ */ new Set();
  const server = createServer(
    { headersTimeout: handshakeTimeoutMs, requestTimeout },
    (req, res) => {
      handleRequest(req, res).catch(() => res.destroy());
    }
  );
  server.maxConnections = options.policy.maxConnections;
  server.on("connection", (s) => {
    sockets.add(s);
    s.once("close", () => sockets.delete(s));
  });
  server.on("connect", handleConnect);
  server.on("upgrade", (req, socket) => refuseUpgrade(socket, req.method ?? ""));
  server.on("clientError", (_err, socket) => socket.destroy());
  await rm(options.socketPath, { force: true });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.socketPath, () => resolve());
  });
  await chmod(options.socketPath, 384);
  return {
    socketPath: options.socketPath,
    stats: () => ({ bufferedBytes: buffered, connections: sockets.size }),
    close: () => new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
      inner.closeAllConnections();
      for (const s of sockets) s.destroy();
      agents.destroy();
    })
  };
}

// src/sandbox/run-sandboxed.ts
import { access as access2, constants as constants2, mkdtemp as mkdtemp2, realpath as realpath2, rm as rm3, stat as stat2, writeFile as writeFile2 } from "node:fs/promises";
import { tmpdir as tmpdir2 } from "node:os";
import { join as join3 } from "node:path";

// src/sandbox/sandbox-facts.ts
var AGENT_UID = 1e3;
var AGENT_GID = 1e3;
var SANDBOX_HOME = "/home/agent";
var TRUST_DIR = "/run/airlock";
var EGRESS_SOCKET_INSIDE = `${TRUST_DIR}/egress.sock`;
var DEFAULT_PROXY_PORT = 3128;
var DEFAULT_TMPFS_BYTES = 2 * 1024 * 1024 * 1024;
var RUN_TMPFS_BYTES = 16 * 1024 * 1024;
var SYSTEM_BUNDLE = "/etc/ssl/certs/ca-certificates.crt";
var DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";
var FILE_TARGETS = [`${TRUST_DIR}/`, `${SANDBOX_HOME}/`, "/etc/claude-code/"];
var trustVariables = () => ({
  SSL_CERT_FILE: `${TRUST_DIR}/ca-bundle.pem`,
  CURL_CA_BUNDLE: `${TRUST_DIR}/ca-bundle.pem`,
  GIT_SSL_CAINFO: `${TRUST_DIR}/ca-bundle.pem`,
  REQUESTS_CA_BUNDLE: `${TRUST_DIR}/ca-bundle.pem`,
  NODE_EXTRA_CA_CERTS: `${TRUST_DIR}/ca.pem`
});
var proxyVariables = (port) => {
  const url = `http://127.0.0.1:${port}`;
  return { HTTP_PROXY: url, HTTPS_PROXY: url, http_proxy: url, https_proxy: url, NODE_USE_ENV_PROXY: "1" };
};
function fixedVariables(input) {
  return {
    HOME: SANDBOX_HOME,
    TMPDIR: "/tmp",
    USER: "agent",
    LOGNAME: "agent",
    ...input.proxyPort !== void 0 ? proxyVariables(input.proxyPort) : {},
    ...input.trust ? trustVariables() : {}
  };
}
function identityFiles(uid, gid) {
  return [
    {
      name: "passwd",
      text: `root:x:0:0:root:/root:/usr/sbin/nologin
agent:x:${uid}:${gid}:airlock agent:${SANDBOX_HOME}:/bin/bash
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
`
    },
    { name: "group", text: `root:x:0:
agent:x:${gid}:
nogroup:x:65534:
` },
    { name: "hosts", text: "127.0.0.1 localhost airlock\n::1 localhost\n" }
  ];
}
function trustFiles(trust, systemBundles) {
  return [
    { source: trust.caFile, target: `${TRUST_DIR}/ca.pem` },
    { source: trust.bundleFile, target: `${TRUST_DIR}/ca-bundle.pem` },
    ...systemBundles.map((target) => ({ source: trust.bundleFile, target }))
  ];
}

// src/sandbox/bwrap-arguments.ts
function isolationArguments(layout) {
  const args = [
    "--unshare-all",
    "--unshare-user",
    "--disable-userns",
    "--uid",
    String(layout.uid),
    "--gid",
    String(layout.gid),
    "--hostname",
    "airlock",
    "--die-with-parent",
    "--new-session",
    "--cap-drop",
    "ALL"
  ];
  if (layout.seccompFd !== void 0) args.push("--seccomp", String(layout.seccompFd));
  return args;
}
function rootArguments(entries) {
  const args = ["--ro-bind", "/usr", "/usr"];
  for (const e of entries)
    args.push(
      ...e.symlinkTo !== void 0 ? ["--symlink", e.symlinkTo, e.path] : ["--ro-bind", e.path, e.path]
    );
  return args;
}
function probeArguments(layout) {
  return [
    ...isolationArguments(layout),
    ...rootArguments(layout.rootEntries),
    "--proc",
    "/proc",
    "--dev",
    "/dev",
    "--",
    "/bin/true"
  ];
}
function bwrapArguments(layout) {
  const args = [...isolationArguments(layout), ...rootArguments(layout.rootEntries)];
  for (const p of layout.etcPaths) args.push("--ro-bind", p, p);
  for (const f of layout.generatedFiles) args.push("--ro-bind", f.source, f.target);
  args.push("--proc", "/proc", "--dev", "/dev");
  for (const t of ["/tmp", "/var/tmp", layout.home])
    args.push("--size", String(layout.tmpfsBytes), "--tmpfs", t);
  args.push("--size", String(RUN_TMPFS_BYTES), "--tmpfs", "/run");
  for (const p of layout.readOnlyPaths) args.push("--ro-bind", p, p);
  for (const f of layout.runFiles ?? []) args.push("--ro-bind", f.source, f.target);
  if (layout.egressSocket)
    args.push("--ro-bind", layout.egressSocket.host, layout.egressSocket.inside);
  args.push("--bind", layout.workspace, layout.workspace, "--chdir", layout.workspace);
  args.push("--");
  return args;
}

// src/sandbox/egress-bridge.ts
var NODE_SOURCE = [
  "const net=require('net'),cp=require('child_process'),os=require('os');",
  "const [port,sock,...cmd]=process.argv.slice(1);",
  "const srv=net.createServer({allowHalfOpen:true},(c)=>{",
  "  const u=net.connect({path:sock,allowHalfOpen:true});",
  "  const k=()=>{c.destroy();u.destroy();};",
  "  c.on('error',k);u.on('error',k);c.pipe(u);u.pipe(c);",
  "});",
  "srv.on('error',(e)=>{process.stderr.write('airlock bridge: '+e.message+'\\n');process.exit(125);});",
  "srv.listen(Number(port),'127.0.0.1',()=>{",
  "  const ch=cp.spawn(cmd[0],cmd.slice(1),{stdio:'inherit'});",
  "  ch.on('error',(e)=>{process.stderr.write('airlock: '+e.message+'\\n');process.exit(127);});",
  "  ch.on('exit',(code,sig)=>process.exit(code===null?128+(os.constants.signals[sig]||0):code));",
  "});"
].join("\n");
var PERL_SOURCE = [
  "use strict; use warnings; use IO::Socket::INET; use IO::Socket::UNIX; use IO::Select; use POSIX ();",
  "my ($port, $path, @cmd) = @ARGV;",
  `my $l = IO::Socket::INET->new(LocalAddr => '127.0.0.1', LocalPort => $port, Listen => 128, ReuseAddr => 1, Proto => 'tcp') or do { print STDERR "airlock bridge: $!\\n"; exit 125 };`,
  "my $loop = fork();",
  'if (!defined $loop) { print STDERR "airlock bridge: fork: $!\\n"; exit 125 }',
  "if ($loop == 0) {",
  "  $SIG{CHLD} = 'IGNORE';",
  "  while (1) {",
  "    my $c = $l->accept or do { select(undef, undef, undef, 0.05); next };",
  "    my $pid = fork();",
  "    if (defined $pid && $pid == 0) { close $l; relay($c); POSIX::_exit(0) }",
  "    close $c;",
  "  }",
  "}",
  "close $l;",
  'exec { $cmd[0] } @cmd or do { print STDERR "airlock: $cmd[0]: $!\\n"; exit 127 };',
  "sub relay {",
  "  my ($c) = @_;",
  "  my $u = IO::Socket::UNIX->new(Peer => $path, Type => SOCK_STREAM()) or return;",
  "  my %to = (fileno($c) => $u, fileno($u) => $c);",
  "  my $sel = IO::Select->new($c, $u);",
  "  while ($sel->count) {",
  "    for my $s ($sel->can_read) {",
  "      my $n = sysread($s, my $buf, 65536);",
  "      if (!$n) { $sel->remove($s); shutdown($to{fileno $s}, 1); next }",
  "      my $off = 0;",
  "      while ($off < $n) { my $w = syswrite($to{fileno $s}, $buf, $n - $off, $off); return unless defined $w; $off += $w }",
  "    }",
  "  }",
  "}"
].join("\n");
function bridgeArgv(kind, interpreter, port, socketPath) {
  return [interpreter, "-e", kind === "perl" ? PERL_SOURCE : NODE_SOURCE, String(port), socketPath];
}

// src/sandbox/host-bridge.ts
import { connect as connect2, createServer as createServer2 } from "node:net";
async function startHostBridge(socketPath) {
  const open2 = /* @__PURE__ */ new Set();
  const server = createServer2({ allowHalfOpen: true }, (client) => {
    open2.add(client);
    client.on("close", () => open2.delete(client));
    const upstream = connect2({ path: socketPath, allowHalfOpen: true });
    const kill = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on("error", kill);
    upstream.on("error", kill);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === "string")
    throw new Error("host bridge has no TCP address");
  return {
    port: address.port,
    close: () => new Promise((resolve) => {
      server.close(() => resolve());
      for (const c of open2) c.destroy();
    })
  };
}

// src/sandbox/host-layout.ts
import { lstat, readlink } from "node:fs/promises";
var ROOT_DIRS = ["/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"];
var ETC_PATHS = [
  "/etc/ld.so.cache",
  "/etc/ld.so.conf",
  "/etc/ld.so.conf.d",
  "/etc/alternatives",
  // Certificates only: /etc/ssl/private and /etc/pki/tls/private hold host keys (and when the
  // Action runs as root, the agent's mapped uid owns root's files inside the user namespace).
  "/etc/ssl/certs",
  "/etc/ssl/openssl.cnf",
  "/etc/ca-certificates",
  "/etc/pki/tls/certs",
  "/etc/pki/ca-trust",
  "/etc/localtime",
  "/etc/nsswitch.conf",
  "/etc/services",
  "/etc/protocols",
  "/etc/os-release"
];
async function exists(p) {
  return lstat(p).then(
    () => true,
    () => false
  );
}
async function readRootEntries() {
  const out = [];
  for (const path of ROOT_DIRS) {
    const st = await lstat(path).catch(() => void 0);
    if (!st) continue;
    if (st.isSymbolicLink()) out.push({ path, symlinkTo: await readlink(path) });
    else if (st.isDirectory()) out.push({ path });
  }
  return out;
}
async function readEtcPaths() {
  const out = [];
  for (const p of ETC_PATHS) if (await exists(p)) out.push(p);
  return out;
}

// src/sandbox/probe-sandbox.ts
import { spawn } from "node:child_process";
import { access, constants, readFile } from "node:fs/promises";
import { delimiter, isAbsolute, join } from "node:path";

// src/sandbox/diagnose-probe-failure.ts
var NONE_HINT = "The agent was not started. Running it without a sandbox requires `sandbox: none` in the workflow, which gives it the runner's files and network.";
function diagnoseProbeFailure(f) {
  const detail = f.stderr.trim().split("\n").slice(-3).join(" | ").slice(0, 500);
  if (f.spawnError === "ENOENT") {
    return new SandboxError(
      "bwrap-missing",
      `bubblewrap (bwrap) is not installed or not on PATH. Install it (\`sudo apt-get install -y bubblewrap\`) before this step. ${NONE_HINT}`
    );
  }
  if (f.spawnError)
    return new SandboxError(
      "bwrap-missing",
      `bubblewrap (bwrap) could not be started (${f.spawnError}). ${NONE_HINT}`
    );
  if (/unknown option|unrecognized option/i.test(f.stderr)) {
    return new SandboxError(
      "bwrap-too-old",
      `bubblewrap is too old for the options Airlock needs (--disable-userns needs 0.8.0 or later): ${detail}. ${NONE_HINT}`
    );
  }
  if (f.maxUserNamespaces === "0" || f.uid !== 0 && f.unprivilegedUsernsClone === "0") {
    return new SandboxError(
      "userns-disabled",
      `user namespaces are disabled on this host (${f.maxUserNamespaces === "0" ? "user.max_user_namespaces=0" : "kernel.unprivileged_userns_clone=0"}), so bubblewrap cannot create the sandbox: ${detail}. Fix: \`sudo sysctl -w ${f.maxUserNamespaces === "0" ? "user.max_user_namespaces=15000" : "kernel.unprivileged_userns_clone=1"}\` in a step before this one. ${NONE_HINT}`
    );
  }
  if (f.uid !== 0 && f.apparmorRestrictUserns === "1") {
    return new SandboxError(
      "userns-restricted",
      `AppArmor restricts unprivileged user namespaces on this host (kernel.apparmor_restrict_unprivileged_userns=1, the Ubuntu 24.04 default), so bubblewrap cannot set up the sandbox: ${detail}. Fix, in a step before this one, for bubblewrap alone: \`printf 'abi <abi/4.0>,\\ninclude <tunables/global>\\nprofile airlock-bwrap /usr/bin/bwrap flags=(unconfined) {\\n  userns,\\n}\\n' | sudo tee /etc/apparmor.d/airlock-bwrap && sudo apparmor_parser --replace /etc/apparmor.d/airlock-bwrap\`, or for every program: \`sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0\`. ` + NONE_HINT
    );
  }
  return new SandboxError(
    "namespaces-unavailable",
    `bubblewrap could not create the sandbox's namespaces (exit ${f.exitCode ?? "signal"}): ${detail || "no output"}. Inside a container, namespaces need a privileged container or a seccomp/AppArmor profile that allows unshare and mount. ` + NONE_HINT
  );
}

// src/sandbox/probe-sandbox.ts
async function findBwrap(name, pathEnv) {
  const executable2 = (p) => access(p, constants.X_OK).then(
    () => true,
    () => false
  );
  const candidates = isAbsolute(name) ? [name] : (pathEnv ?? "/usr/bin:/bin").split(delimiter).filter(Boolean).map((dir) => join(dir, name));
  for (const candidate of candidates) if (await executable2(candidate)) return candidate;
  throw diagnoseProbeFailure({
    spawnError: "ENOENT",
    exitCode: null,
    stderr: "",
    uid: process.getuid?.() ?? -1
  });
}
async function sysctl(path) {
  return readFile(path, "utf8").then(
    (s) => s.trim(),
    () => void 0
  );
}
var SECCOMP_FD = 3;
async function probeSandbox(input) {
  const args = probeArguments({
    uid: input.uid,
    gid: input.gid,
    rootEntries: input.rootEntries,
    ...input.seccomp ? { seccompFd: SECCOMP_FD } : {}
  });
  const result2 = await new Promise(
    (resolve) => {
      const child = spawn(input.bwrapPath, args, {
        stdio: ["ignore", "ignore", "pipe", ...input.seccomp ? ["pipe"] : []],
        env: {},
        timeout: input.timeoutMs ?? 1e4,
        killSignal: "SIGKILL"
      });
      let stderr = "";
      child.stderr?.on(
        "data",
        (c) => stderr = (stderr + c.toString("utf8")).slice(-4096)
      );
      child.on("error", (e) => {
        for (const s of child.stdio) s?.destroy();
        resolve({ code: null, stderr, spawnError: e.code ?? e.message });
      });
      child.on("close", (code) => resolve({ code, stderr }));
      if (input.seccomp) {
        const fd = child.stdio[SECCOMP_FD];
        fd?.on("error", () => void 0);
        fd?.end(input.seccomp);
      }
    }
  );
  if (result2.code === 0 && !result2.spawnError) return;
  const facts = {
    ...result2.spawnError ? { spawnError: result2.spawnError } : {},
    exitCode: result2.code,
    stderr: result2.stderr,
    uid: process.getuid?.() ?? -1,
    ...optional(
      "apparmorRestrictUserns",
      await sysctl("/proc/sys/kernel/apparmor_restrict_unprivileged_userns")
    ),
    ...optional(
      "unprivilegedUsernsClone",
      await sysctl("/proc/sys/kernel/unprivileged_userns_clone")
    ),
    ...optional("maxUserNamespaces", await sysctl("/proc/sys/user/max_user_namespaces"))
  };
  throw diagnoseProbeFailure(facts);
}
function optional(key, value) {
  return value === void 0 ? {} : { [key]: value };
}

// src/sandbox/run-container.ts
import { spawn as spawn4 } from "node:child_process";
import { randomBytes } from "node:crypto";
import { lchown, lstat as lstat2, mkdtemp, readdir, readFile as readFile3, rm as rm2, writeFile } from "node:fs/promises";
import { tmpdir, totalmem } from "node:os";
import { join as join2 } from "node:path";

// src/sandbox/sandbox-launcher.ts
var STARTED_FD = 4;
var CLOSE_INHERITED_FDS = `printf started >&${STARTED_FD} 2>/dev/null; for f in /proc/self/fd/*; do n=\${f##*/}; case $n in 0|1|2) ;; *) eval "exec $n>&-" 2>/dev/null;; esac; done; exec "$@"`;
var SANDBOX_SHELL = "/bin/bash";
function agentArgv(command) {
  return [SANDBOX_SHELL, "--noprofile", "--norc", "-eo", "pipefail", "-c", command];
}
function launcherArgv(command, bridgePrefix = []) {
  const inner = [...bridgePrefix, ...agentArgv(command)];
  return [
    SANDBOX_SHELL,
    "--noprofile",
    "--norc",
    "-c",
    CLOSE_INHERITED_FDS,
    "airlock-launcher",
    ...inner
  ];
}

// src/sandbox/container-arguments.ts
var ENVIRON_INSIDE = `${TRUST_DIR}/environ`;
var RUN_LABEL = "dev.airlock.run";
function mountPath(path) {
  if (/[,\n\r]/.test(path)) throw new SandboxError("invalid-options", `${JSON.stringify(path)} cannot be bound into a container (it contains a comma or a line break); move it`);
  return path;
}
var bind = (source, target, readOnly) => ["--mount", `type=bind,src=${mountPath(source)},dst=${mountPath(target)}${readOnly ? ",ro" : ""}`];
function containerRunArguments(layout) {
  const podman = layout.engine === "podman";
  const tmpfs = (path, options) => ["--tmpfs", `${mountPath(path)}:${options}`];
  const homeOwner = podman ? "U" : `uid=${layout.uid},gid=${layout.gid}`;
  const args = [
    "run",
    "--rm",
    "--name",
    layout.name,
    "--label",
    `${RUN_LABEL}=${layout.name}`,
    // The local store only: a pull would run whatever a registry serves at that moment.
    "--pull",
    "never",
    // Loopback only; the egress proxy is reached through its socket, bound below.
    "--network",
    "none",
    "--hostname",
    "airlock",
    "--ipc",
    "private",
    "--cap-drop",
    "ALL",
    "--security-opt",
    "no-new-privileges",
    ...layout.seccompProfile ? ["--security-opt", `seccomp=${mountPath(layout.seccompProfile)}`] : [],
    "--read-only",
    // Podman would add its own writable /tmp, /var/tmp, /run and /dev/shm; the tmpfs mounts below are the only writable ones.
    ...podman ? ["--read-only-tmpfs=false"] : [],
    "--user",
    `${layout.uid}:${layout.gid}`,
    ...layout.keepId ? ["--userns", `keep-id:uid=${layout.uid},gid=${layout.gid}`] : [],
    "--memory",
    String(layout.memoryBytes),
    "--memory-swap",
    String(layout.memoryBytes),
    "--pids-limit",
    String(layout.pidsLimit),
    // Podman's defaults (1048576) exceed the hard limits many hosts set, and the run would be refused.
    "--ulimit",
    `nofile=${layout.nofile}:${layout.nofile}`,
    "--ulimit",
    `nproc=${layout.nproc}:${layout.nproc}`,
    // The output reaches the Action through the attached client only, never an engine log on disk.
    "--log-driver",
    "none",
    ...(layout.clearedVariables ?? []).flatMap((n) => ["--env", `${n}=`]),
    ...tmpfs("/tmp", `rw,exec,nosuid,nodev,size=${layout.tmpfsBytes},mode=1777`),
    ...tmpfs("/var/tmp", `rw,exec,nosuid,nodev,size=${layout.tmpfsBytes},mode=1777`),
    ...tmpfs(layout.home, `rw,exec,nosuid,nodev,size=${layout.tmpfsBytes},mode=0700,${homeOwner}`),
    ...tmpfs("/run", `rw,nosuid,nodev,size=${RUN_TMPFS_BYTES},mode=1777`)
  ];
  for (const f of layout.runFiles) args.push(...bind(f.source, f.target, true));
  for (const p of layout.readOnlyPaths) args.push(...bind(p, p, true));
  if (layout.egressSocket) args.push(...bind(layout.egressSocket.host, layout.egressSocket.inside, true));
  args.push(...bind(layout.workspace, layout.workspace, false), "--workdir", layout.workspace);
  if (layout.imageEntrypoint) args.push(layout.image, SANDBOX_SHELL);
  else args.push("--entrypoint", SANDBOX_SHELL, layout.image);
  return args;
}
function removeArguments(engine, name) {
  return engine === "podman" ? ["rm", "--force", "--time", "0", "--ignore", name] : ["rm", "--force", name];
}
function containerLauncherArgv(marker, command, bridgePrefix = []) {
  const prelude = [
    `printf '%s\\n' ${marker} >&2`,
    'for n in $(compgen -e); do unset "$n" 2>/dev/null; done',
    `while IFS= read -r -d '' kv; do export "$kv"; done < ${ENVIRON_INSIDE}`,
    'exec "$@"'
  ].join("\n");
  return ["--noprofile", "--norc", "-c", prelude, "airlock-launcher", ...bridgePrefix, ...agentArgv(command)];
}
function environFile(env) {
  const parts = [];
  const unexportable = [];
  for (const [name, value] of Object.entries(env)) {
    if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) parts.push(`${name}=${value}\0`);
    else unexportable.push(name);
  }
  return { text: parts.join(""), unexportable };
}

// src/sandbox/container-probe.ts
var PROBE_SCRIPT = [
  "set +e",
  `while IFS=$' \\t' read -r k v; do case $k in Uid:|Gid:|CapInh:|CapPrm:|CapEff:|CapBnd:|CapAmb:|NoNewPrivs:|Seccomp:) echo "\${k%:}=$v";; esac; done < /proc/self/status`,
  'while IFS= read -r line; do case $line in *:*) n=${line%%:*}; echo "iface=${n// /}";; esac; done < /proc/net/dev',
  "[ -x /usr/bin/perl ] && echo perl=/usr/bin/perl",
  'n=$(command -v node) && echo "node=$n"',
  'for f in /etc/ssl/certs/ca-certificates.crt /etc/pki/tls/certs/ca-bundle.crt /etc/ssl/cert.pem; do [ -f "$f" ] && echo "bundle=$f"; done',
  "[[ $(< /etc/passwd) == *'airlock agent'* ]] && echo identity=synthetic",
  '[ -w "$PWD" ] && echo workspace=writable',
  "echo probe=done"
].join("\n");
function readProbeReport(stdout, expected) {
  const values = /* @__PURE__ */ new Map();
  for (const line of stdout.split("\n")) {
    const at = line.indexOf("=");
    if (at > 0) values.set(line.slice(0, at), [...values.get(line.slice(0, at)) ?? [], line.slice(at + 1)]);
  }
  const one2 = (key) => values.get(key)?.[0];
  if (one2("probe") !== "done") throw new SandboxError("container-refused", `the container probe did not finish (it printed ${JSON.stringify(stdout.slice(-300))}); the agent did not run`);
  const problems = [];
  const ids = (key) => (one2(key) ?? "").split(/\s+/).filter(Boolean);
  if (ids("Uid").length === 0 || ids("Uid").some((u) => u !== String(expected.uid))) problems.push(`runs as uid ${one2("Uid") ?? "?"}, not ${expected.uid}`);
  if (ids("Gid").length === 0 || ids("Gid").some((g) => g !== String(expected.gid))) problems.push(`runs as gid ${one2("Gid") ?? "?"}, not ${expected.gid}`);
  for (const set of ["CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb"]) if (!/^0+$/.test(one2(set) ?? "")) problems.push(`${set} is ${one2(set) ?? "unknown"}, not empty`);
  if (one2("NoNewPrivs") !== "1") problems.push("no_new_privs is not set");
  if (one2("Seccomp") !== "2") problems.push(`no seccomp filter is applied (mode ${one2("Seccomp") ?? "unknown"})`);
  const interfaces = values.get("iface") ?? [];
  if (interfaces.length !== 1 || interfaces[0] !== "lo") problems.push(`network interfaces are ${interfaces.join(", ") || "unknown"}, not loopback alone`);
  if (one2("identity") !== "synthetic") problems.push("the bound files are not this host's (is the engine remote?)");
  if (one2("workspace") !== "writable") problems.push("the workspace is not writable for the agent");
  if (problems.length) throw new SandboxError("container-unsafe", `the container does not hold the sandbox's guarantees: ${problems.join("; ")}. The agent did not run.`);
  const perl = one2("perl");
  const node = one2("node");
  return {
    ...perl ? { relay: { kind: "perl", interpreter: perl } } : node?.startsWith("/") ? { relay: { kind: "node", interpreter: node } } : {},
    bundles: values.get("bundle") ?? []
  };
}

// src/sandbox/container-seccomp.ts
import { readFile as readFile2 } from "node:fs/promises";

// src/sandbox/seccomp-filter.ts
var DENIED_SYSCALLS = [
  "ptrace",
  "process_vm_readv",
  "process_vm_writev",
  "kcmp",
  "perf_event_open",
  "bpf",
  "userfaultfd",
  "keyctl",
  "add_key",
  "request_key",
  "io_uring_setup",
  "io_uring_enter",
  "io_uring_register"
];
var ARCH_TABLES = {
  // arch/x86/entry/syscalls/syscall_64.tbl
  x64: {
    auditArch: 3221225534,
    foreignFrom: 1073741824,
    numbers: {
      ptrace: 101,
      process_vm_readv: 310,
      process_vm_writev: 311,
      kcmp: 312,
      perf_event_open: 298,
      bpf: 321,
      userfaultfd: 323,
      keyctl: 250,
      add_key: 248,
      request_key: 249,
      io_uring_setup: 425,
      io_uring_enter: 426,
      io_uring_register: 427
    }
  },
  // include/uapi/asm-generic/unistd.h
  arm64: {
    auditArch: 3221225655,
    numbers: {
      ptrace: 117,
      process_vm_readv: 270,
      process_vm_writev: 271,
      kcmp: 272,
      perf_event_open: 241,
      bpf: 280,
      userfaultfd: 282,
      keyctl: 219,
      add_key: 217,
      request_key: 218,
      io_uring_setup: 425,
      io_uring_enter: 426,
      io_uring_register: 427
    }
  }
};
var BPF_LD_W_ABS = 32;
var BPF_JEQ_K = 21;
var BPF_JGE_K = 53;
var BPF_RET_K = 6;
var SECCOMP_RET_ALLOW = 2147418112;
var SECCOMP_RET_ERRNO = 327680;
var EPERM = 1;
var OFFSET_NR = 0;
var OFFSET_ARCH = 4;
function seccompInstructions(arch) {
  const table = ARCH_TABLES[arch];
  const numbers = DENIED_SYSCALLS.map((s) => table.numbers[s]);
  const checks = (table.foreignFrom === void 0 ? 0 : 1) + numbers.length;
  const prog = [
    { code: BPF_LD_W_ABS, jt: 0, jf: 0, k: OFFSET_ARCH },
    { code: BPF_JEQ_K, jt: 1, jf: 0, k: table.auditArch },
    { code: BPF_RET_K, jt: 0, jf: 0, k: SECCOMP_RET_ERRNO | EPERM },
    { code: BPF_LD_W_ABS, jt: 0, jf: 0, k: OFFSET_NR }
  ];
  let remaining = checks;
  if (table.foreignFrom !== void 0)
    prog.push({ code: BPF_JGE_K, jt: remaining--, jf: 0, k: table.foreignFrom });
  for (const n of numbers) prog.push({ code: BPF_JEQ_K, jt: remaining--, jf: 0, k: n });
  prog.push({ code: BPF_RET_K, jt: 0, jf: 0, k: SECCOMP_RET_ALLOW });
  prog.push({ code: BPF_RET_K, jt: 0, jf: 0, k: SECCOMP_RET_ERRNO | EPERM });
  return prog;
}
function seccompProgram(arch) {
  const prog = seccompInstructions(arch);
  const out = Buffer.alloc(prog.length * 8);
  prog.forEach((ins, i) => {
    out.writeUInt16LE(ins.code, i * 8);
    out.writeUInt8(ins.jt, i * 8 + 2);
    out.writeUInt8(ins.jf, i * 8 + 3);
    out.writeUInt32LE(ins.k >>> 0, i * 8 + 4);
  });
  return out;
}
function seccompArch(nodeArch) {
  if (nodeArch === "x64" || nodeArch === "arm64") return nodeArch;
  throw new SandboxError(
    "unsupported-platform",
    `no seccomp filter for architecture ${nodeArch}; Airlock's sandbox supports x64 and arm64 Linux`
  );
}

// src/sandbox/container-seccomp.ts
var EPERM2 = 1;
var ENOSYS = 38;
var CLONE_NAMESPACE_FLAGS = 2114060288;
var NATIVE = { x64: "SCMP_ARCH_X86_64", arm64: "SCMP_ARCH_AARCH64" };
var CONTAINERS_DEFAULT_PROFILES = ["/etc/containers/seccomp.json", "/usr/share/containers/seccomp.json"];
function hardenedSeccompProfile(base, arch) {
  const denied = [...DENIED_SYSCALLS, "unshare", "setns"];
  const replaced = /* @__PURE__ */ new Set([...denied, "clone", "clone3"]);
  const syscalls = base.syscalls.map((rule) => ({ ...rule, names: rule.names.filter((n) => !replaced.has(n)) })).filter((rule) => rule.names.length > 0);
  syscalls.push(
    { names: ["clone"], action: "SCMP_ACT_ALLOW", args: [{ index: 0, value: CLONE_NAMESPACE_FLAGS, valueTwo: 0, op: "SCMP_CMP_MASKED_EQ" }] },
    { names: ["clone3"], action: "SCMP_ACT_ERRNO", errnoRet: ENOSYS },
    { names: denied, action: "SCMP_ACT_ERRNO", errnoRet: EPERM2 }
  );
  const { architectures: _legacy, ...rest } = base;
  return { ...rest, archMap: [{ architecture: NATIVE[arch], subArchitectures: [] }], syscalls };
}
async function readDefaultProfile(paths) {
  for (const path of paths) {
    const text = await readFile2(path, "utf8").catch(() => void 0);
    if (text === void 0) continue;
    let profile;
    try {
      profile = JSON.parse(text);
    } catch {
      profile = void 0;
    }
    if (typeof profile?.defaultAction !== "string" || !Array.isArray(profile.syscalls)) throw new SandboxError("container-refused", `${path} is not a seccomp profile (JSON with defaultAction and syscalls); fix or remove it, Podman reads it for every container and Airlock extends it`);
    return profile;
  }
  return void 0;
}

// src/sandbox/container-watchdog.ts
import { spawn as spawn2 } from "node:child_process";
var WATCHER = [
  "engine=$1; name=$2; scratch=$3; shift 3",
  "(",
  "  trap '' HUP INT TERM",
  "  pid=",
  "  while IFS= read -r line <&3; do",
  "    case $line in",
  "      done) exit 0 ;;",
  "      pid=*) pid=${line#pid=} ;;",
  "    esac",
  "  done",
  '  if [ -n "$pid" ]; then',
  '    case "$(tr "\\0" " " < /proc/$pid/cmdline 2>/dev/null)" in *"$name"*) kill -KILL -- "-$pid" 2>/dev/null ;; esac',
  "  fi",
  '  for delay in 0 2; do sleep $delay; "$engine" "$@" >/dev/null 2>&1; done',
  '  rm -rf -- "$scratch"',
  ") &"
].join("\n");
function startContainerWatchdog(engine, name, scratch) {
  const child = spawn2("/bin/sh", ["-c", WATCHER, "airlock-container-watchdog", engine.path, name, scratch, ...removeArguments(engine.name, name)], {
    detached: true,
    // The lifeline is descriptor 3, not stdin: Node closes a child's stdin as soon as that child exits (the shell does, at once).
    stdio: ["ignore", "ignore", "ignore", "pipe"],
    env: engine.env
  });
  child.on("error", () => void 0);
  child.unref();
  const lifeline = child.stdio[3];
  lifeline.on("error", () => void 0);
  lifeline.unref?.();
  let open2 = true;
  return {
    client: (pid) => {
      if (open2) lifeline.write(`pid=${pid}
`);
    },
    disarm: () => {
      if (!open2) return;
      open2 = false;
      lifeline.end("done\n");
    }
  };
}

// src/sandbox/sandbox-paths.ts
import { realpath, stat } from "node:fs/promises";
import { isAbsolute as isAbsolute2 } from "node:path";
var SYSTEM_TREES = ["proc", "sys", "dev", "run", "boot", "etc"];
async function hostPath(path, what) {
  if (!isAbsolute2(path)) throw new SandboxError("invalid-options", `${what} must be an absolute path: ${path}`);
  const real = await realpath(path).catch(() => void 0);
  if (!real) throw new SandboxError("invalid-options", `${what} does not exist: ${path}`);
  const parts = real.split("/").filter(Boolean);
  if (parts.length < 2 || SYSTEM_TREES.includes(parts[0])) {
    throw new SandboxError("invalid-options", `${what} may not be ${real}: it would expose the host's system files`);
  }
  return real;
}
var isFile = (path) => stat(path).then(
  (st) => st.isFile(),
  () => false
);
async function checkedFiles(files) {
  for (const f of files) {
    if (!FILE_TARGETS.some((t) => f.target.startsWith(t)) || f.target.includes("/../") || !await isFile(f.source))
      throw new SandboxError("invalid-options", `file ${f.target} may not be placed in the sandbox (allowed under ${FILE_TARGETS.join(", ")}, from an existing file)`);
  }
  return files.map((f) => ({ source: f.source, target: f.target }));
}

// src/sandbox/sandbox-environment.ts
var DENIED_PREFIXES = ["ACTIONS_", "RUNNER_", "INPUT_", "STATE_"];
var DENIED_NAMES = /* @__PURE__ */ new Set([
  "GITHUB_TOKEN",
  "GITHUB_ENV",
  "GITHUB_PATH",
  "GITHUB_OUTPUT",
  "GITHUB_STATE",
  "GITHUB_STEP_SUMMARY",
  "GITHUB_EVENT_PATH",
  "GITHUB_WORKSPACE",
  "LD_PRELOAD",
  "LD_LIBRARY_PATH",
  "LD_AUDIT",
  "BASH_ENV",
  "ENV",
  "PROMPT_COMMAND",
  "HTTP_PROXY",
  "HTTPS_PROXY",
  "ALL_PROXY",
  "NO_PROXY",
  "http_proxy",
  "https_proxy",
  "all_proxy",
  "no_proxy",
  "SSH_AUTH_SOCK",
  "DOCKER_HOST"
]);
function isDeniedVariable(name) {
  return DENIED_NAMES.has(name) || DENIED_PREFIXES.some((p) => name.toUpperCase().startsWith(p));
}
function sandboxEnvironment(requested, fixed) {
  const env = {};
  const dropped = [];
  for (const [name, value] of Object.entries(requested)) {
    if (value === void 0) continue;
    if (isDeniedVariable(name) || name === "" || /[=\0]/.test(name) || value.includes("\0"))
      dropped.push(name);
    else env[name] = value;
  }
  return { env: { ...env, ...fixed }, dropped: dropped.sort() };
}

// src/sandbox/supervise-sandbox.ts
import { spawn as spawn3 } from "node:child_process";
var SECCOMP_FD2 = 3;
var OUTPUT_GRACE_MS = 2e3;
function markerFilter(marker, emit, onStart) {
  const line = Buffer.from(`${marker}
`);
  let pending = Buffer.alloc(0);
  let started = false;
  return {
    push(chunk) {
      if (started) return emit(chunk);
      pending = Buffer.concat([pending, chunk]);
      const at = pending.indexOf(line);
      if (at >= 0) {
        started = true;
        onStart();
        if (at > 0) emit(pending.subarray(0, at));
        if (pending.length > at + line.length) emit(pending.subarray(at + line.length));
        pending = Buffer.alloc(0);
        return;
      }
      const keep = Math.min(pending.length, line.length - 1);
      if (pending.length > keep) emit(pending.subarray(0, pending.length - keep));
      pending = pending.subarray(pending.length - keep);
    },
    flush() {
      if (pending.length) emit(pending);
      pending = Buffer.alloc(0);
    }
  };
}
async function supervise(s, options) {
  const stdio = ["ignore", "pipe", "pipe", ...s.start === "fd" ? [s.seccomp ? "pipe" : "ignore", "pipe"] : []];
  const child = spawn3(s.file, s.args, {
    ...s.cwd ? { cwd: s.cwd } : {},
    env: s.env,
    stdio,
    detached: true
  });
  if (child.pid !== void 0) s.onSpawn?.(child.pid);
  const killGroup = () => {
    try {
      if (child.pid !== void 0) process.kill(-child.pid, "SIGKILL");
    } catch {
    }
  };
  const abort = () => {
    killGroup();
    s.stop?.();
  };
  options.signal?.addEventListener("abort", abort, { once: true });
  if (options.signal?.aborted) abort();
  let stderrTail = "";
  let started = false;
  const onStderr = (c) => {
    stderrTail = (stderrTail + c.toString("utf8")).slice(-2048);
    options.onOutput("stderr", c);
  };
  const marker = typeof s.start === "object" ? markerFilter(s.start.marker, onStderr, () => started = true) : void 0;
  child.stdout?.on("data", (c) => options.onOutput("stdout", c));
  child.stderr?.on("data", (c) => marker ? marker.push(c) : onStderr(c));
  child.stdio[STARTED_FD]?.on("data", () => started = true).on("error", () => void 0);
  if (s.seccomp) {
    const fd = child.stdio[SECCOMP_FD2];
    fd?.on("error", () => void 0);
    fd?.end(s.seccomp);
  }
  try {
    const [code, signal] = await new Promise((resolve, reject) => {
      child.once("error", (e) => {
        for (const stream of child.stdio) stream?.destroy();
        reject(e);
      });
      let grace;
      child.once("exit", () => {
        killGroup();
        grace = setTimeout(() => {
          for (const stream of child.stdio) stream?.destroy();
        }, OUTPUT_GRACE_MS);
      });
      child.once("close", (c, sig) => {
        clearTimeout(grace);
        resolve([c, sig]);
      });
    });
    marker?.flush();
    return { code, signal, started, stderrTail };
  } finally {
    killGroup();
    options.signal?.removeEventListener("abort", abort);
  }
}

// src/sandbox/run-container.ts
var DEFAULT_PIDS_LIMIT = 4096;
var NOFILE_CAP = 65536;
var NPROC_CAP = 16384;
var PROBE_TIMEOUT_MS = 18e4;
async function hardLimits() {
  const text = await readFile3("/proc/self/limits", "utf8").catch(() => "");
  const hard = (label, cap) => {
    const m = new RegExp(`^${label}\\s+\\S+\\s+(\\S+)`, "m").exec(text);
    const n = m?.[1] === "unlimited" ? cap : Number(m?.[1]);
    return Number.isFinite(n) && n > 0 ? Math.min(n, cap) : 1024;
  };
  return { nofile: hard("Max open files", NOFILE_CAP), nproc: hard("Max processes", NPROC_CAP) };
}
var engines = /* @__PURE__ */ new Map();
function engineOnce(choice, env, uid) {
  const key = JSON.stringify([choice, env.PATH, env.DOCKER_HOST, env.CONTAINER_HOST, uid]);
  let p = engines.get(key);
  if (!p) {
    p = findContainerEngine({ choice, env, uid });
    engines.set(key, p);
    p.catch(() => engines.delete(key));
  }
  return p;
}
var images = /* @__PURE__ */ new Map();
function inspectOnce(engine, reference) {
  const key = JSON.stringify([engine.path, reference]);
  let p = images.get(key);
  if (!p) {
    p = inspectImage(engine, reference);
    images.set(key, p);
    p.catch(() => images.delete(key));
  }
  return p;
}
async function prepare(options, scratch) {
  if (process.platform !== "linux") throw new SandboxError("unsupported-platform", `sandbox: container needs Linux, not ${process.platform}`);
  const actionUid = process.getuid?.() ?? 0;
  const actionGid = process.getgid?.() ?? 0;
  const engine = await engineOnce(options.engine ?? "auto", process.env, actionUid);
  const image = await inspectOnce(engine, options.image);
  const own = actionUid !== 0 && !engine.rootless;
  const defaults = await readDefaultProfile(CONTAINERS_DEFAULT_PROFILES);
  let seccomp;
  if (defaults) {
    seccomp = join2(scratch, "seccomp.json");
    await writeFile(seccomp, JSON.stringify(hardenedSeccompProfile(defaults, seccompArch(process.arch))), { mode: 420 });
  }
  const hard = await hardLimits();
  return {
    scratch,
    engine,
    image,
    uid: own ? actionUid : AGENT_UID,
    gid: own ? actionGid : AGENT_GID,
    keepId: engine.rootless,
    imageEntrypoint: options.entrypoint === "image",
    ...seccomp ? { seccomp } : {},
    limits: { memoryBytes: options.memoryBytes ?? Math.floor(totalmem() * 3 / 4), pidsLimit: options.pidsLimit ?? DEFAULT_PIDS_LIMIT, nofile: hard.nofile, nproc: hard.nproc }
  };
}
function containerEnvironment(imageEnv, requested, fixed) {
  const fromImage = {};
  for (const entry of imageEnv) {
    const at = entry.indexOf("=");
    const name = at > 0 ? entry.slice(0, at) : "";
    if (name && !isDeniedVariable(name)) fromImage[name] = entry.slice(at + 1);
  }
  const { env, dropped } = sandboxEnvironment({ ...fromImage, ...requested, ...fromImage.PATH !== void 0 ? { PATH: fromImage.PATH } : {} }, fixed);
  env.PATH ??= DEFAULT_PATH;
  return { env, dropped: [...dropped] };
}
var imageVariableNames = (env) => env.map((e) => e.slice(0, Math.max(0, e.indexOf("=")))).filter(Boolean);
async function chownTree(root, uid, gid) {
  const rootDev = (await lstat2(root)).dev;
  const walk = async (path) => {
    const st = await lstat2(path).catch(() => void 0);
    if (!st || st.dev !== rootDev) return;
    if (st.uid !== uid || st.gid !== gid) await lchown(path, uid, gid).catch(() => void 0);
    if (st.isDirectory()) for (const entry of await readdir(path).catch(() => [])) await walk(join2(path, entry));
  };
  await walk(root);
}
async function lend(prepared, workspace, socket) {
  if ((process.getuid?.() ?? 0) !== 0 || prepared.keepId) return { restore: async () => void 0 };
  const owner = await lstat2(workspace);
  const socketOwner = socket ? await lstat2(socket) : void 0;
  await chownTree(workspace, prepared.uid, prepared.gid);
  if (socket) await lchown(socket, prepared.uid, prepared.gid);
  return {
    restore: async () => {
      await chownTree(workspace, owner.uid, owner.gid);
      if (socket && socketOwner) await lchown(socket, socketOwner.uid, socketOwner.gid).catch(() => void 0);
    }
  };
}
async function startContainer(prepared, layout, launcher, io) {
  const { engine } = prepared;
  const name = `airlock-${randomBytes(8).toString("hex")}`;
  const marker = `airlock-container-started-${randomBytes(8).toString("hex")}`;
  const args = [
    ...containerRunArguments({
      ...layout,
      ...prepared.limits,
      name,
      engine: engine.name,
      image: prepared.image.id,
      uid: prepared.uid,
      gid: prepared.gid,
      keepId: prepared.keepId,
      imageEntrypoint: prepared.imageEntrypoint,
      ...prepared.seccomp ? { seccompProfile: prepared.seccomp } : {},
      clearedVariables: imageVariableNames(prepared.image.env).filter(isDeniedVariable)
    }),
    ...launcher(marker)
  ];
  const remove = () => engineCommand(engine, removeArguments(engine.name, name), { timeoutMs: 6e4 });
  const removeInBackground = () => {
    spawn4(engine.path, removeArguments(engine.name, name), { env: engine.env, stdio: "ignore", detached: true }).on("error", () => void 0).unref();
  };
  const watchdog = startContainerWatchdog(engine, name, prepared.scratch);
  try {
    const supervised = await supervise(
      {
        file: engine.path,
        args,
        env: engine.env,
        start: { marker },
        // The client's process group dies with the abort; the container does not, so it is removed too.
        stop: removeInBackground,
        onSpawn: (pid) => watchdog.client(pid)
      },
      io
    );
    if (supervised.started && supervised.code !== null && !io.signal?.aborted) removeInBackground();
    else await remove();
    return { supervised, name };
  } catch (error) {
    await remove();
    throw error;
  } finally {
    watchdog.disarm();
  }
}
var probes = /* @__PURE__ */ new Map();
function probeOnce(prepared, layout, environ) {
  const key = JSON.stringify([prepared.engine.path, prepared.image.id, prepared.uid, prepared.gid, prepared.keepId, prepared.imageEntrypoint, prepared.limits, !!prepared.seccomp, layout.workspace, layout.readOnlyPaths]);
  let p = probes.get(key);
  if (!p) {
    p = (async () => {
      let stdout = "";
      const { supervised } = await startContainer(
        prepared,
        { ...layout, runFiles: [...layout.runFiles, { source: environ, target: ENVIRON_INSIDE }] },
        (marker) => containerLauncherArgv(marker, PROBE_SCRIPT),
        {
          signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
          onOutput: (stream, chunk) => {
            if (stream === "stdout") stdout += chunk.toString("utf8");
          }
        }
      ).catch((error) => {
        throw new SandboxError("container-refused", `${prepared.engine.name} could not start the probe container: ${error.message}. The agent did not run.`);
      });
      if (!supervised.started) throw refusal(prepared, supervised);
      return readProbeReport(stdout, { uid: prepared.uid, gid: prepared.gid });
    })();
    probes.set(key, p);
    p.catch(() => probes.delete(key));
  }
  return p;
}
function refusal(prepared, r) {
  const said = r.stderrTail.trim().slice(-500) || "no output";
  const ref = prepared.image.reference;
  if (/\/bin\/bash/.test(said) && /no such file|not found|executable file/i.test(said))
    return new SandboxError("image-unsuitable", `image ${ref} has no /bin/bash, which runs the agent's command (${said}). The agent did not run.`);
  if (prepared.imageEntrypoint)
    return new SandboxError("container-refused", `the entrypoint of image ${ref} did not start Airlock's launcher (exit ${r.code ?? r.signal}): ${said}. With container-entrypoint: image, the entrypoint must end with exec "$@"; or leave container-entrypoint at airlock. The agent did not run.`);
  return new SandboxError("container-refused", `${prepared.engine.name} ${prepared.engine.version} refused to start the container (exit ${r.code ?? r.signal}): ${said}. The agent did not run.`);
}
async function preflightContainer(options, workspace) {
  const scratch = await mkdtemp(join2(tmpdir(), "airlock-container-"));
  try {
    const ws = await hostPath(workspace, "workspace");
    const prepared = await prepare(options, scratch);
    const facts = await withLent(prepared, ws, void 0, () => probe(prepared, scratch, ws, [], {}));
    return { ...runFacts(prepared), relay: facts.relay !== void 0 };
  } finally {
    await rm2(scratch, { recursive: true, force: true });
  }
}
function runFacts(prepared) {
  const { reference, id, repoDigests, pinned } = prepared.image;
  return { engine: { name: prepared.engine.name, version: prepared.engine.version }, image: { reference, id, repoDigests, pinned } };
}
async function withLent(prepared, workspace, socket, fn) {
  const lent = await lend(prepared, workspace, socket);
  try {
    return await fn();
  } finally {
    await lent.restore();
  }
}
async function identity(prepared, scratch) {
  const files = [...identityFiles(prepared.uid, prepared.gid), { name: "resolv.conf", text: "" }];
  const out = [];
  for (const f of files) {
    const source = join2(scratch, f.name);
    await writeFile(source, f.text, { mode: 420 });
    out.push({ source, target: `/etc/${f.name}` });
  }
  return out;
}
async function probe(prepared, scratch, workspace, readOnlyPaths, requested) {
  const environ = join2(scratch, "probe-environ");
  const { env } = containerEnvironment(prepared.image.env, requested, fixedVariables({ trust: false }));
  await writeFile(environ, environFile(env).text, { mode: 420 });
  return probeOnce(prepared, { workspace, home: SANDBOX_HOME, tmpfsBytes: DEFAULT_TMPFS_BYTES, runFiles: await identity(prepared, scratch), readOnlyPaths }, environ);
}
async function runContainer(options, workspace) {
  if (!options.container) throw new SandboxError("invalid-options", "sandbox: container needs an image");
  const scratch = await mkdtemp(join2(tmpdir(), "airlock-container-"));
  try {
    const prepared = await prepare(options.container, scratch);
    const readOnlyPaths = [];
    for (const p of options.readOnlyPaths ?? []) readOnlyPaths.push(await hostPath(p, "read-only path"));
    const files = await checkedFiles(options.files ?? []);
    return await withLent(prepared, workspace, options.egress?.socketPath, async () => {
      const facts = await probe(prepared, scratch, workspace, readOnlyPaths, {});
      let bridge;
      const port = options.egress?.port ?? DEFAULT_PROXY_PORT;
      if (options.egress) {
        if (!facts.relay) throw new SandboxError("image-unsuitable", `image ${prepared.image.reference} has neither /usr/bin/perl nor node on its PATH, one of which relays the agent's traffic to Airlock's egress proxy inside the container; add perl-base or node to the image. The agent did not run.`);
        bridge = bridgeArgv(facts.relay.kind, facts.relay.interpreter, port, EGRESS_SOCKET_INSIDE);
      }
      const { env, dropped } = containerEnvironment(prepared.image.env, options.env, fixedVariables({ ...bridge ? { proxyPort: port } : {}, trust: !!options.trust }));
      const environ = environFile(env);
      const environPath = join2(scratch, "environ");
      await writeFile(environPath, environ.text, { mode: 420 });
      const runFiles = [
        ...await identity(prepared, scratch),
        { source: environPath, target: ENVIRON_INSIDE },
        ...files,
        ...options.trust ? trustFiles(options.trust, facts.bundles) : []
      ];
      const { supervised } = await startContainer(
        prepared,
        {
          workspace,
          home: SANDBOX_HOME,
          tmpfsBytes: options.tmpfsBytes ?? DEFAULT_TMPFS_BYTES,
          runFiles,
          readOnlyPaths,
          ...options.egress ? { egressSocket: { host: options.egress.socketPath, inside: EGRESS_SOCKET_INSIDE } } : {}
        },
        (marker) => containerLauncherArgv(marker, options.command, bridge),
        options
      );
      if (!supervised.started && !options.signal?.aborted) throw refusal(prepared, supervised);
      return {
        exitCode: supervised.code ?? 128 + 9,
        signal: supervised.signal,
        droppedEnv: [...dropped, ...environ.unexportable].sort(),
        container: runFacts(prepared)
      };
    });
  } finally {
    await rm2(scratch, { recursive: true, force: true });
  }
}

// src/sandbox/run-sandboxed.ts
var PERL = "/usr/bin/perl";
var executable = (path) => access2(path, constants2.X_OK).then(
  () => true,
  () => false
);
function result(r, droppedEnv) {
  return { exitCode: r.code ?? 128 + 9, signal: r.signal, droppedEnv };
}
async function runUnsandboxed(options, workspace) {
  const bridge = options.egress ? await startHostBridge(options.egress.socketPath) : void 0;
  try {
    const { env, dropped } = sandboxEnvironment(
      options.env,
      bridge ? proxyVariables(bridge.port) : {}
    );
    const [file, ...args] = agentArgv(options.command);
    const r = await supervise(
      { file, args, cwd: workspace, env, start: "none" },
      options
    );
    return result(r, dropped);
  } finally {
    await bridge?.close();
  }
}
async function runSandboxed(options) {
  const workspace = await hostPath(options.workspace, "workspace");
  if (!(await stat2(workspace)).isDirectory())
    throw new SandboxError("invalid-options", `workspace is not a directory: ${workspace}`);
  if (options.backend === "none") return runUnsandboxed(options, workspace);
  if (options.backend === "container") return runContainer(options, workspace);
  if (options.backend !== "bwrap")
    throw new SandboxError(
      "invalid-options",
      `unknown sandbox backend "${String(options.backend)}"`
    );
  if (process.platform !== "linux")
    throw new SandboxError(
      "unsupported-platform",
      `the bubblewrap sandbox needs Linux, not ${process.platform}`
    );
  const bwrapPath = await findBwrap(options.bwrapPath ?? "bwrap", process.env.PATH);
  const seccomp = options.seccomp === false ? void 0 : seccompProgram(seccompArch(process.arch));
  const rootEntries = await readRootEntries();
  const diagnose = () => probeSandbox({ bwrapPath, rootEntries, uid: AGENT_UID, gid: AGENT_GID, ...seccomp ? { seccomp } : {} });
  const readOnlyPaths = [];
  for (const p of options.readOnlyPaths ?? [])
    readOnlyPaths.push(await hostPath(p, "read-only path"));
  let bridge;
  if (options.egress) {
    const port = options.egress.port ?? DEFAULT_PROXY_PORT;
    const kind = options.bridge ?? (await executable(PERL) ? "perl" : "node");
    let interpreter = PERL;
    if (kind === "node") {
      interpreter = await realpath2(options.nodePath ?? process.execPath);
      if (!interpreter.startsWith("/usr/")) readOnlyPaths.push(interpreter);
    }
    bridge = { port, argv: bridgeArgv(kind, interpreter, port, EGRESS_SOCKET_INSIDE) };
  }
  const scratch = await mkdtemp2(join3(tmpdir2(), "airlock-sandbox-"));
  try {
    const generated = identityFiles(AGENT_UID, AGENT_GID);
    for (const g of generated) await writeFile2(join3(scratch, g.name), g.text, { mode: 420 });
    const layout = {
      workspace,
      rootEntries,
      etcPaths: await readEtcPaths(),
      generatedFiles: generated.map((g) => ({
        source: join3(scratch, g.name),
        target: `/etc/${g.name}`
      })),
      readOnlyPaths,
      home: SANDBOX_HOME,
      tmpfsBytes: options.tmpfsBytes ?? DEFAULT_TMPFS_BYTES,
      uid: AGENT_UID,
      gid: AGENT_GID,
      ...options.egress ? { egressSocket: { host: options.egress.socketPath, inside: EGRESS_SOCKET_INSIDE } } : {},
      ...options.trust || options.files ? {
        runFiles: [
          ...await checkedFiles(options.files ?? []),
          ...options.trust ? (
            // Tools that ignore the variables read the system bundle: it becomes the same bundle.
            trustFiles(options.trust, await isFile(SYSTEM_BUNDLE) ? [SYSTEM_BUNDLE] : [])
          ) : []
        ]
      } : {},
      ...seccomp ? { seccompFd: SECCOMP_FD2 } : {}
    };
    const fixed = fixedVariables({ ...bridge ? { proxyPort: bridge.port } : {}, trust: !!options.trust });
    const { env, dropped } = sandboxEnvironment(options.env, fixed);
    if (env.PATH === void 0) env.PATH = DEFAULT_PATH;
    const r = await supervise(
      {
        file: bwrapPath,
        args: [...bwrapArguments(layout), ...launcherArgv(options.command, bridge?.argv)],
        env,
        start: "fd",
        ...seccomp ? { seccomp } : {}
      },
      options
    ).catch(async (error) => {
      await diagnose();
      throw error;
    });
    if (!r.started && !options.signal?.aborted) {
      await diagnose();
      throw new SandboxError(
        "setup-failed",
        `bubblewrap failed before starting the agent (exit ${r.code ?? r.signal}): ${r.stderrTail.trim().slice(-500) || "no output"}. The agent did not run.`
      );
    }
    return result(r, dropped);
  } finally {
    await rm3(scratch, { recursive: true, force: true });
  }
}

// src/egress/credential-placeholder.ts
import { randomInt } from "node:crypto";
var BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
var LOWER = "abcdefghijklmnopqrstuvwxyz";
var UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
var DIGITS = "0123456789";
var pick2 = (alphabet) => alphabet[randomInt(alphabet.length)];
function githubTokenPlaceholder(prefix = "ghs_") {
  let entropy = "";
  for (let i = 0; i < 30; i++) entropy += pick2(BASE62);
  const valid = base62Crc32(entropy);
  let checksum = valid;
  while (checksum === valid) {
    checksum = "";
    for (let i = 0; i < 6; i++) checksum += pick2(BASE62);
  }
  return `${prefix}${entropy}${checksum}`;
}
function hasValidGithubChecksum(token) {
  const body = token.slice(token.indexOf("_") + 1);
  return body.length === 36 && base62Crc32(body.slice(0, 30)) === body.slice(30);
}
var TYPE_PREFIX = /^[A-Za-z]{2,8}[_-]/;
function shapedPlaceholder(real) {
  const lines = real.split("\n").filter((line) => !line.startsWith("-----"));
  if (!lines.some((line) => /[A-Za-z0-9]/.test(line.slice(TYPE_PREFIX.exec(line)?.[0].length ?? 0)))) {
    let out = "";
    for (let i = 0; i < Math.max(real.length, 16); i++) out += pick2(BASE62);
    return out;
  }
  for (; ; ) {
    const candidate = real.split("\n").map((line) => line.startsWith("-----") ? line : reshapeLine(line)).join("\n");
    if (candidate === real) continue;
    if (/^(?:gh[pousr]|npm)_[A-Za-z0-9]{36}$/.test(candidate) && hasValidGithubChecksum(candidate)) continue;
    return candidate;
  }
}
function reshapeLine(line) {
  const prefix = TYPE_PREFIX.exec(line)?.[0] ?? "";
  let out = prefix;
  for (const c of line.slice(prefix.length)) {
    if (c >= "a" && c <= "z") out += pick2(LOWER);
    else if (c >= "A" && c <= "Z") out += pick2(UPPER);
    else if (c >= "0" && c <= "9") out += pick2(DIGITS);
    else out += c;
  }
  return out;
}

// src/egress/credential-binding.ts
function compiled(hosts) {
  return compileEgressPolicy({ hosts, ...DEFAULT_EGRESS_LIMITS });
}
function authorizationCandidate(value, byPlaceholder) {
  const scheme = /^(Bearer|token)[ ]+(\S+)$/i.exec(value);
  if (scheme) {
    const credential2 = byPlaceholder.get(scheme[2]);
    const kind = scheme[1].toLowerCase();
    const word = scheme[1];
    if (credential2?.placements.some((p) => p.kind === "authorization" && p.schemes.includes(kind)))
      return { credential: credential2, placement: "authorization", value: (real) => `${word} ${real}` };
    return void 0;
  }
  const basic = /^Basic[ ]+([A-Za-z0-9+/]+={0,2})$/i.exec(value);
  if (!basic) return void 0;
  const text = Buffer.from(basic[1], "base64").toString("utf8");
  const colon = text.indexOf(":");
  if (colon < 0) return void 0;
  const user = text.slice(0, colon);
  const password = text.slice(colon + 1);
  const asPassword = byPlaceholder.get(password);
  const asUser = password === "" || password === "x-oauth-basic" ? byPlaceholder.get(user) : void 0;
  const credential = asPassword ?? asUser;
  if (!credential?.placements.some((p) => p.kind === "basic")) return void 0;
  return {
    credential,
    placement: "basic",
    value: (real) => `Basic ${Buffer.from(asPassword ? `${user}:${real}` : `${real}:${password}`, "utf8").toString("base64")}`
  };
}
function compileCredentials(bindings, options = {}) {
  const byPlaceholder = new Map(bindings.map((b) => [b.placeholder, b]));
  if (byPlaceholder.size !== bindings.length) throw new Error("two credentials share a placeholder");
  const hosts = new Map(bindings.map((b) => [b, compiled(b.hosts)]));
  const terminating = bindings.filter((b) => !b.resolvedDownstream).map((b) => hosts.get(b));
  const placeholders = new KnownValues(
    bindings.flatMap((b) => [
      { value: b.placeholder, label: b.id },
      ...b.aws ? [{ value: b.aws.placeholder.secretAccessKey, label: b.id }, ...b.aws.placeholder.sessionToken ? [{ value: b.aws.placeholder.sessionToken, label: b.id }] : []] : []
    ])
  );
  const carrier = (text) => {
    let label;
    placeholders.find(text, 0, text.length, (_, needle) => label ??= needle.label);
    return label;
  };
  const carries = (text) => carrier(text) !== void 0;
  const awsBindings = bindings.filter((b) => b.aws);
  const awsSearch = (target, headers, url) => {
    if (awsBindings.length === 0) return void 0;
    const q = url.indexOf("?");
    const read = readAwsSignature(headers, q < 0 ? "" : url.slice(q + 1));
    const signedWith = read.kind === "signed" ? awsBindings.find((b) => b.placeholder === read.signature.accessKeyId) : void 0;
    const bound = awsBindings.find((b) => hostMatches(target.host, target.port, hosts.get(b)));
    if (!bound) return signedWith ? { ok: false, reason: "placeholder-wrong-host", credential: signedWith.id } : void 0;
    const host = target.host.host;
    if (read.kind === "none") return { ok: false, reason: "aws-unsigned", detail: `requests to ${host} must be signed (SigV4) with the AWS credentials this run gave the agent` };
    if (read.kind === "unsupported") return { ok: false, reason: "aws-signing-unsupported", detail: read.why };
    if (signedWith !== bound) return { ok: false, reason: "aws-foreign-credential", detail: `the request to ${host} is signed with an access key this run did not give the agent` };
    if (read.signature.sessionToken !== bound.aws.placeholder.sessionToken) return { ok: false, reason: "aws-session-token-mismatch", detail: "the request must carry the session token this run gave the agent" };
    const found = {
      credential: bound,
      placement: "aws-sigv4",
      header: "authorization",
      value: () => {
        throw new Error("an AWS request is signed again, never given a value in place");
      }
    };
    return { ok: true, found, form: read.signature.form };
  };
  return {
    bindings,
    placeholders,
    terminates: (host, port) => terminating.some((policy) => hostMatches(host, port, policy)),
    stopped: () => options.resolution?.stopped,
    find({ scheme, target, headers, url }) {
      const aws = awsSearch(target, headers, url);
      if (aws && !aws.ok) return aws;
      const consumed = new Set(aws?.form === "header" ? ["authorization", "x-amz-security-token"] : []);
      const checkedUrl = aws?.form === "query" ? withoutQueryParameters(url, ["X-Amz-Credential", "X-Amz-Security-Token"]) : url;
      const inUrl = carrier(checkedUrl);
      if (inUrl) return { ok: false, reason: "placeholder-in-url", credential: inUrl };
      let found = aws?.found;
      for (const [name, raw] of Object.entries(headers)) {
        if (raw === void 0 || consumed.has(name)) continue;
        const values = Array.isArray(raw) ? raw : [raw];
        if (!values.some(carries)) continue;
        if (found || values.length !== 1) return { ok: false, reason: "placeholders-mixed", credential: values.map(carrier).find(Boolean) };
        const value = values[0];
        const candidate = name === "authorization" ? authorizationCandidate(value, byPlaceholder) : (() => {
          const credential = byPlaceholder.get(value);
          return credential?.placements.some((p) => p.kind === "header" && p.name.toLowerCase() === name) ? { credential, placement: "header", value: (real) => real } : void 0;
        })();
        if (!candidate) return { ok: false, reason: "placeholder-misplaced", credential: carrier(value) };
        found = { ...candidate, header: name };
      }
      if (!found) return { ok: true };
      if (!hostMatches(target.host, target.port, hosts.get(found.credential))) return { ok: false, reason: "placeholder-wrong-host", credential: found.credential.id };
      const stopped = options.resolution?.stopped;
      if (stopped) return { ok: false, reason: stopped, detail: `the Airlock App's containment revoked this run's credentials; ${found.credential.id} is no longer resolved`, credential: found.credential.id };
      if (scheme === "http" && !found.credential.resolvedDownstream) return { ok: false, reason: "placeholder-over-plain-http" };
      return { ok: true, found };
    }
  };
}
function withoutQueryParameters(url, names) {
  const q = url.indexOf("?");
  if (q < 0) return url;
  const kept = url.slice(q + 1).split("&").filter((part) => {
    const name = part.slice(0, part.includes("=") ? part.indexOf("=") : part.length);
    return !names.some((n) => [...queryParameters(name).keys()][0] === n);
  });
  return `${url.slice(0, q)}?${kept.join("&")}`;
}

// src/action/aws/aws-placeholders.ts
import { randomBytes as randomBytes2, randomInt as randomInt2 } from "node:crypto";
var BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
var SECRET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
var draw = (n, alphabet) => Array.from({ length: n }, () => alphabet[randomInt2(alphabet.length)]).join("");
function awsPlaceholderCredentials() {
  return { accessKeyId: `ASIA${draw(16, BASE32)}`, secretAccessKey: draw(40, SECRET), sessionToken: randomBytes2(270).toString("base64") };
}

export {
  githubTokenPlaceholder,
  shapedPlaceholder,
  UpstreamError,
  connectPublicUpstream,
  compileCredentials,
  responseDecoder,
  carriesKnownValue,
  StreamScrubber,
  scrubString,
  prepareAwsRequest,
  DEFAULT_BODY_POLICY,
  RequestBodyScan,
  startEgressProxy,
  SANDBOX_HOME,
  findBwrap,
  preflightContainer,
  runSandboxed,
  awsPlaceholderCredentials
};
