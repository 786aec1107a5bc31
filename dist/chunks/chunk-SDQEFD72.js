import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);

// src/http/node-http-fetch.ts
import { Agent as HttpAgent, request as httpRequest } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { Readable } from "node:stream";
import { brotliDecompressSync, gunzipSync, inflateSync } from "node:zlib";
var MAX_REDIRECTS = 20;
var ANSWER_TIMEOUT_MS = 3e5;
var IDLE_MS = 4e3;
var CROSS_ORIGIN_DROPPED = ["authorization", "cookie", "proxy-authorization"];
var BODY_HEADERS = ["content-type", "content-length", "content-encoding", "content-language", "content-location"];
var BufferedResponse = class _BufferedResponse {
  constructor(content, status, statusText, headers, url, redirected) {
    this.content = content;
    this.status = status;
    this.statusText = statusText;
    this.headers = headers;
    this.url = url;
    this.redirected = redirected;
    this.ok = status >= 200 && status <= 299;
  }
  content;
  status;
  statusText;
  headers;
  url;
  redirected;
  ok;
  type = "basic";
  #used = false;
  get bodyUsed() {
    return this.#used;
  }
  /** A stream of the body, as fetch's `body` is; null where fetch's is (no content). */
  get body() {
    if (this.content.length === 0 && (this.status === 204 || this.status === 304)) return null;
    return Readable.toWeb(Readable.from([this.take()]));
  }
  take() {
    if (this.#used) throw new TypeError("Body is unusable: Body has already been read");
    this.#used = true;
    return this.content;
  }
  async text() {
    return this.take().toString("utf8");
  }
  async json() {
    return JSON.parse(await this.text());
  }
  async arrayBuffer() {
    const bytes = this.take();
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length);
  }
  async bytes() {
    return new Uint8Array(await this.arrayBuffer());
  }
  async blob() {
    return new Blob([await this.arrayBuffer()], { type: this.headers.get("content-type") ?? "" });
  }
  async formData() {
    throw new TypeError("formData() is not supported for GitHub answers");
  }
  clone() {
    if (this.#used) throw new TypeError("Response.clone: Body has already been consumed.");
    return new _BufferedResponse(this.content, this.status, this.statusText, this.headers, this.url, this.redirected);
  }
};
function headerRecord(init) {
  const out = {};
  if (!init) return out;
  const entries = init instanceof Headers || Array.isArray(init) ? init : Object.entries(init);
  for (const [name, value] of entries) out[name.toLowerCase()] = String(value);
  return out;
}
function bodyBytes(body) {
  if (body === void 0 || body === null) return void 0;
  if (typeof body === "string") return Buffer.from(body, "utf8");
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  return "unsupported";
}
var AnswerHeaders = class {
  #entries;
  constructor(raw) {
    const entries = [];
    for (const name of Object.keys(raw).sort()) {
      const value = raw[name];
      if (value === void 0) continue;
      if (Array.isArray(value)) {
        if (name === "set-cookie") for (const one of value) entries.push([name, one]);
        else entries.push([name, value.join(", ")]);
      } else entries.push([name, value]);
    }
    this.#entries = entries;
  }
  get(name) {
    const wanted = name.toLowerCase();
    const values = this.#entries.filter(([key]) => key === wanted).map(([, value]) => value);
    return values.length ? values.join(", ") : null;
  }
  has(name) {
    return this.get(name) !== null;
  }
  getSetCookie() {
    return this.#entries.filter(([key]) => key === "set-cookie").map(([, value]) => value);
  }
  forEach(callback) {
    for (const [name, value] of this) callback(value, name, this);
  }
  *entries() {
    for (const [name, value] of this.#entries) yield [name, value];
  }
  *keys() {
    for (const [name] of this.#entries) yield name;
  }
  *values() {
    for (const [, value] of this.#entries) yield value;
  }
  [Symbol.iterator]() {
    return this.entries();
  }
};
function decoded(bytes, encoding) {
  if (bytes.length === 0 || !encoding) return bytes;
  let out = bytes;
  for (const coding of encoding.toLowerCase().split(",").map((c) => c.trim()).reverse()) {
    if (coding === "gzip" || coding === "x-gzip") out = gunzipSync(out);
    else if (coding === "deflate") out = inflateSync(out);
    else if (coding === "br") out = brotliDecompressSync(out);
    else if (coding !== "identity") return bytes;
  }
  return out;
}
function sendOnce(agents, sent, signal) {
  return new Promise((resolve, reject) => {
    const https = sent.url.protocol === "https:";
    const options = { method: sent.method, headers: sent.headers, agent: https ? agents.https : agents.http, timeout: ANSWER_TIMEOUT_MS };
    let settled = false;
    const fail = (error) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener("abort", onAbort);
      reject(error);
    };
    const onAbort = () => {
      fail(signal?.reason);
      request.destroy();
    };
    const request = (https ? httpsRequest : httpRequest)(sent.url, options, (message) => {
      const chunks = [];
      message.on("data", (chunk) => chunks.push(chunk));
      message.on("error", (error) => fail(new TypeError("fetch failed", { cause: error })));
      message.on("aborted", () => fail(new TypeError("fetch failed", { cause: new Error("the connection closed before the answer ended") })));
      message.on("end", () => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener("abort", onAbort);
        resolve({ message, bytes: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks), reused: request.reusedSocket });
      });
    });
    request.on("timeout", () => request.destroy(new Error(`no answer within ${ANSWER_TIMEOUT_MS} ms`)));
    request.on("error", (error) => {
      if (settled) return;
      if (request.reusedSocket && (error.code === "ECONNRESET" || error.code === "EPIPE")) Object.assign(error, { staleConnection: true });
      fail(new TypeError("fetch failed", { cause: error }));
    });
    signal?.addEventListener("abort", onAbort, { once: true });
    request.end(sent.body);
  });
}
async function sendFresh(agents, sent, signal) {
  try {
    return await sendOnce(agents, sent, signal);
  } catch (error) {
    const stale = error.cause?.staleConnection === true;
    if (stale && (sent.method === "GET" || sent.method === "HEAD") && !signal?.aborted) return sendOnce(agents, sent, signal);
    throw error;
  }
}
function nodeHttpFetch(options = {}) {
  const fallback = options.fallback ?? ((input, init) => fetch(input, init));
  const env = options.env ?? process.env;
  const agents = {
    http: new HttpAgent({ keepAlive: true, timeout: IDLE_MS, scheduling: "lifo" }),
    https: new HttpsAgent({ keepAlive: true, timeout: IDLE_MS, scheduling: "lifo" })
  };
  const useProxy = env.NODE_USE_ENV_PROXY !== void 0 && env.NODE_USE_ENV_PROXY !== "" && env.NODE_USE_ENV_PROXY !== "0" || /(^|\s)--use-env-proxy(\s|$)/.test(`${env.NODE_OPTIONS ?? ""} ${(options.execArgv ?? process.execArgv).join(" ")}`);
  const handler = async (input, init = {}) => {
    const body = bodyBytes(init.body);
    if (input instanceof Request || body === "unsupported" || useProxy) return fallback(input, init);
    const signal = init.signal ?? void 0;
    if (signal?.aborted) throw signal.reason;
    let url = new URL(input);
    if (url.protocol !== "http:" && url.protocol !== "https:") return fallback(input, init);
    let method = (init.method ?? "GET").toUpperCase();
    let headers = headerRecord(init.headers);
    let sentBody = body;
    headers["user-agent"] ??= "node";
    headers.accept ??= "*/*";
    if (sentBody !== void 0) {
      if (typeof init.body === "string") headers["content-type"] ??= "text/plain;charset=UTF-8";
      headers["content-length"] = String(sentBody.length);
    }
    for (let redirects = 0; ; redirects++) {
      const { message, bytes } = await sendFresh(agents, { url, method, headers, body: sentBody }, signal);
      const status = message.statusCode ?? 0;
      const location = message.headers.location;
      const redirect = [301, 302, 303, 307, 308].includes(status) && location !== void 0;
      if (redirect && init.redirect !== "manual") {
        if (init.redirect === "error") throw new TypeError("fetch failed", { cause: new Error("a redirect was refused (redirect: 'error')") });
        if (redirects >= MAX_REDIRECTS) throw new TypeError("fetch failed", { cause: new Error("redirect count exceeded") });
        let next;
        try {
          next = new URL(location, url);
        } catch {
          throw new TypeError("fetch failed", { cause: new Error("a redirect named an invalid URL") });
        }
        if (next.protocol !== "http:" && next.protocol !== "https:") throw new TypeError("fetch failed", { cause: new Error(`redirect to a ${next.protocol} URL`) });
        if (status === 303 && method !== "HEAD" || (status === 301 || status === 302) && method === "POST") {
          method = "GET";
          sentBody = void 0;
          headers = Object.fromEntries(Object.entries(headers).filter(([name]) => !BODY_HEADERS.includes(name)));
        }
        if (next.origin !== url.origin) headers = Object.fromEntries(Object.entries(headers).filter(([name]) => !CROSS_ORIGIN_DROPPED.includes(name)));
        url = next;
        continue;
      }
      const noBody = method === "HEAD" || status === 204 || status === 304;
      let content;
      try {
        content = noBody ? Buffer.alloc(0) : decoded(bytes, message.headers["content-encoding"]);
      } catch (error) {
        throw new TypeError("fetch failed", { cause: error });
      }
      return new BufferedResponse(content, status, message.statusMessage ?? "", new AnswerHeaders(message.headers), url.href, redirects > 0);
    }
  };
  return handler;
}

export {
  nodeHttpFetch
};
