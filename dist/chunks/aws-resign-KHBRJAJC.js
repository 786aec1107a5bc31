import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);
import {
  require_dist_cjs,
  require_dist_cjs2
} from "./chunk-LYO3QOHG.js";
import "./chunk-UBISRFPH.js";
import {
  __toESM
} from "./chunk-WLT2JI5U.js";

// src/egress/aws-resign.ts
var import_hash_node = __toESM(require_dist_cjs(), 1);
var import_signature_v4 = __toESM(require_dist_cjs2(), 1);
import { timingSafeEqual } from "node:crypto";

// src/egress/aws-chunked-payload.ts
var CRLF = Buffer.from("\r\n");
function parseAwsChunks(body, withTrailer) {
  const chunks = [];
  let at = 0;
  for (; ; ) {
    const end = body.indexOf(CRLF, at);
    if (end < 0) return void 0;
    const header = /^([0-9a-fA-F]{1,16});chunk-signature=([0-9a-f]{64})$/.exec(body.subarray(at, end).toString("latin1"));
    if (!header) return void 0;
    const size = parseInt(header[1], 16);
    const start = end + 2;
    if (start + size > body.length) return void 0;
    chunks.push({ size: header[1], data: body.subarray(start, start + size), signature: header[2] });
    if (size === 0) {
      at = start;
      break;
    }
    if (!body.subarray(start + size, start + size + 2).equals(CRLF)) return void 0;
    at = start + size + 2;
  }
  if (!withTrailer) return body.subarray(at).equals(CRLF) ? { chunks } : void 0;
  const rest = body.subarray(at).toString("latin1");
  const lines = rest.split("\r\n");
  if (lines.length < 3 || lines.at(-1) !== "" || lines.at(-2) !== "") return void 0;
  const fields = lines.slice(0, -2);
  const signatureLine = /^x-amz-trailer-signature:([0-9a-f]{64})$/.exec(fields.at(-1) ?? "");
  const signed = fields.slice(0, -1);
  if (!signatureLine || signed.length === 0 || signed.some((l) => !/^[a-z0-9-]+:\S*$/.test(l))) return void 0;
  return { chunks, trailer: { lines: signed.map((l) => `${l}
`).join(""), signature: signatureLine[1] } };
}
function serializeAwsChunks(body) {
  const parts = [];
  for (const chunk of body.chunks) {
    parts.push(Buffer.from(`${chunk.size};chunk-signature=${chunk.signature}\r
`, "latin1"), chunk.data);
    if (chunk.data.length > 0) parts.push(CRLF);
  }
  if (body.trailer) parts.push(Buffer.from(`${body.trailer.lines.replace(/\n/g, "\r\n")}x-amz-trailer-signature:${body.trailer.signature}\r
\r
`, "latin1"));
  else parts.push(CRLF);
  return Buffer.concat(parts);
}

// src/egress/aws-resign.ts
var MAX_SKEW_MS = 15 * 60 * 1e3;
var MAX_PRESIGNED_SECONDS = 7 * 24 * 60 * 60;
var QUERY_AUTH = /* @__PURE__ */ new Set(["X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires", "X-Amz-SignedHeaders", "X-Amz-Signature", "X-Amz-Security-Token"]);
var SIGNED_CHUNKS = /* @__PURE__ */ new Set(["STREAMING-AWS4-HMAC-SHA256-PAYLOAD", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER"]);
var PASS_THROUGH_PAYLOADS = /* @__PURE__ */ new Set(["UNSIGNED-PAYLOAD", "STREAMING-UNSIGNED-PAYLOAD-TRAILER"]);
var Sha256 = class extends import_hash_node.Hash {
  constructor(secret) {
    super("sha256", secret);
  }
};
var signerFor = (credentials, signature) => (
  // S3 signs the path as sent; every other service's path is normalised and encoded again.
  new import_signature_v4.SignatureV4({ credentials, region: signature.region, service: signature.service, sha256: Sha256, uriEscapePath: signature.service !== "s3", applyChecksum: false })
);
var longDateToDate = (longDate) => /* @__PURE__ */ new Date(`${longDate.slice(0, 4)}-${longDate.slice(4, 6)}-${longDate.slice(6, 8)}T${longDate.slice(9, 11)}:${longDate.slice(11, 13)}:${longDate.slice(13, 15)}Z`);
var equal = (a, b) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
function queryBag(query, drop) {
  const bag = {};
  for (const [name, values] of query) if (!drop.has(name)) bag[name] = values.length === 1 ? values[0] : [...values];
  return bag;
}
function httpRequest(request, headers, drop) {
  return { method: request.method, protocol: "https:", hostname: headers.host ?? "", path: request.rawPath === "" ? "/" : request.rawPath, query: queryBag(request.query, drop), headers, body: request.body };
}
function signedHeaderValues(signature, values) {
  const headers = {};
  for (const name of signature.signedHeaders) {
    if (name === "x-amz-date" || name === "x-amz-security-token") continue;
    const value = values(name);
    if (value === void 0) return { missing: name };
    headers[name] = value;
  }
  return { headers };
}
var fieldOf = (authorization, name) => new RegExp(`${name}=([^,\\s]+)`).exec(authorization)?.[1] ?? "";
var payloadHashOf = (request) => request.headers.get("x-amz-content-sha256")?.[0];
async function checkAwsSignature(request, signature, placeholder, now) {
  const signingDate = longDateToDate(signature.longDate);
  if (Number.isNaN(signingDate.getTime()) || signature.longDate.slice(0, 8) !== signature.date) return { ok: false, reason: "aws-signature-mismatch", detail: "the signing date and the credential scope disagree" };
  const headerValue = (name) => {
    const values = request.headers.get(name);
    return values === void 0 ? void 0 : values.map((v) => v.trim()).join(",");
  };
  const picked = signedHeaderValues(signature, headerValue);
  if ("missing" in picked) return { ok: false, reason: "aws-signature-mismatch", detail: `the signed header ${picked.missing} is absent` };
  if (signature.sessionToken !== void 0 && signature.form === "header" && !signature.signedHeaders.includes("x-amz-security-token")) return { ok: false, reason: "aws-signing-unsupported", detail: "x-amz-security-token must be signed" };
  const signer = signerFor(placeholder, signature);
  const options = { signingDate, signableHeaders: new Set(signature.signedHeaders) };
  let expected;
  if (signature.form === "header") {
    if (Math.abs(signingDate.getTime() - now) > MAX_SKEW_MS) return { ok: false, reason: "aws-request-time-skewed", detail: `x-amz-date ${signature.longDate} is more than 15 minutes from now` };
    const signed = await signer.sign(httpRequest(request, picked.headers, /* @__PURE__ */ new Set()), options);
    const authorization = String(signed.headers.authorization ?? "");
    expected = { signedHeaders: fieldOf(authorization, "SignedHeaders"), signature: fieldOf(authorization, "Signature") };
  } else {
    const expires = signature.expires ?? 0;
    if (expires < 1 || expires > MAX_PRESIGNED_SECONDS || signingDate.getTime() + expires * 1e3 < now) return { ok: false, reason: "aws-presigned-expired", detail: `the presigned URL signed at ${signature.longDate} for ${expires} s is expired or invalid` };
    const presigned = await signer.presign(presignable(request, picked.headers, signature), { ...options, expiresIn: expires, ...presignOptions(signature) });
    expected = { signedHeaders: String(presigned.query?.["X-Amz-SignedHeaders"] ?? ""), signature: String(presigned.query?.["X-Amz-Signature"] ?? "") };
  }
  if (expected.signedHeaders !== signature.signedHeaders.join(";") || !equal(expected.signature, signature.signature)) return { ok: false, reason: "aws-signature-mismatch", detail: "the request was not signed with the credentials this run gave the agent" };
  const payload = payloadHashOf(request);
  if (signature.form === "header" && payload !== void 0 && SIGNED_CHUNKS.has(payload)) {
    const chunks = parseAwsChunks(request.body, payload.endsWith("-TRAILER"));
    if (!chunks) return { ok: false, reason: "aws-signature-mismatch", detail: "the aws-chunked body is malformed" };
    let previous = signature.signature;
    for (const chunk of chunks.chunks) {
      if (!equal(await signer.sign(await chunkStringToSign(signature, previous, chunk.data), { signingDate }), chunk.signature)) return { ok: false, reason: "aws-signature-mismatch", detail: "a chunk of the body was not signed with the run's credentials" };
      previous = chunk.signature;
    }
    if (chunks.trailer && !equal(await signer.sign(await trailerStringToSign(signature, previous, chunks.trailer.lines), { signingDate }), chunks.trailer.signature)) return { ok: false, reason: "aws-signature-mismatch", detail: "the body's trailer was not signed with the run's credentials" };
    return { ok: true, chunks };
  }
  if (payload !== void 0 && !PASS_THROUGH_PAYLOADS.has(payload) && !/^[0-9a-f]{64}$/.test(payload) && !SIGNED_CHUNKS.has(payload)) return { ok: false, reason: "aws-signing-unsupported", detail: `x-amz-content-sha256 ${payload} is not a payload form Airlock can re-sign` };
  return { ok: true };
}
function presignable(request, headers, signature) {
  const base = httpRequest(request, headers, QUERY_AUTH);
  if (signature.service !== "s3") return base;
  return { ...base, headers: { ...base.headers, "x-amz-content-sha256": "UNSIGNED-PAYLOAD" } };
}
function presignOptions(signature) {
  return { unhoistableHeaders: /* @__PURE__ */ new Set([...signature.signedHeaders, "x-amz-content-sha256"]), unsignableHeaders: /* @__PURE__ */ new Set(["x-amz-content-sha256"]) };
}
var EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
var scopeOf = (signature) => `${signature.date}/${signature.region}/${signature.service}/aws4_request`;
var sha256Hex = async (data) => {
  const hash = new Sha256();
  hash.update(data);
  return Buffer.from(await hash.digest()).toString("hex");
};
var chunkStringToSign = async (signature, previous, data) => ["AWS4-HMAC-SHA256-PAYLOAD", signature.longDate, scopeOf(signature), previous, EMPTY_SHA256, await sha256Hex(data)].join("\n");
var trailerStringToSign = async (signature, previous, lines) => ["AWS4-HMAC-SHA256-TRAILER", signature.longDate, scopeOf(signature), previous, await sha256Hex(lines)].join("\n");
async function resignAwsRequest(request, signature, checked, forwarded, real) {
  const signingDate = longDateToDate(signature.longDate);
  const kept = { ...signature, signedHeaders: signature.signedHeaders.filter((name) => name === "x-amz-date" || name === "x-amz-security-token" || forwarded[name] !== void 0) };
  const picked = signedHeaderValues(kept, (name) => {
    const v = forwarded[name];
    return v === void 0 ? void 0 : Array.isArray(v) ? v.join(",") : String(v);
  });
  if ("missing" in picked) throw new Error(`resign: forwarded header ${picked.missing} vanished`);
  const signer = signerFor(real, signature);
  const options = { signingDate, signableHeaders: new Set(kept.signedHeaders) };
  if (signature.form === "query") {
    const presigned = await signer.presign(presignable(request, picked.headers, kept), { ...options, expiresIn: signature.expires, ...presignOptions(kept) });
    const headers2 = { ...forwarded };
    delete headers2.authorization;
    return { headers: headers2, url: `${request.rawPath}?${serializeQuery(presigned.query ?? {})}`, body: request.body };
  }
  const signed = await signer.sign(httpRequest(request, picked.headers, /* @__PURE__ */ new Set()), options);
  const headers = { ...forwarded, authorization: String(signed.headers.authorization), "x-amz-date": String(signed.headers["x-amz-date"]) };
  if (real.sessionToken !== void 0) headers["x-amz-security-token"] = real.sessionToken;
  else delete headers["x-amz-security-token"];
  let body = request.body;
  if (checked.chunks) {
    let previous = fieldOf(String(signed.headers.authorization), "Signature");
    const chunks = [];
    for (const chunk of checked.chunks.chunks) {
      previous = await signer.sign(await chunkStringToSign(signature, previous, chunk.data), { signingDate });
      chunks.push({ size: chunk.size, data: chunk.data, signature: previous });
    }
    const trailer = checked.chunks.trailer ? { lines: checked.chunks.trailer.lines, signature: await signer.sign(await trailerStringToSign(signature, previous, checked.chunks.trailer.lines), { signingDate }) } : void 0;
    body = serializeAwsChunks({ chunks, ...trailer ? { trailer } : {} });
  }
  return { headers, body };
}
function serializeQuery(query) {
  const encode = (s) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const parts = [];
  for (const [name, value] of Object.entries(query)) {
    if (value === null || value === void 0) continue;
    for (const v of Array.isArray(value) ? value : [value]) parts.push(`${encode(name)}=${encode(v)}`);
  }
  return parts.join("&");
}
export {
  checkAwsSignature,
  longDateToDate,
  resignAwsRequest
};
