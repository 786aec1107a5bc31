import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { Readable } from 'node:stream';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';

/**
 * `fetch` over node:http(s) with kept-alive connections, for JSON API clients: the App's GitHub
 * calls (app/github/app-octokit.ts, the STS mint) and the Action's broker calls on a runner with
 * no proxy and no CA (src/action/runner-network.ts).
 *
 * Why: Node's own fetch (undici, with WHATWG streams for every body) cost about 0.5 ms of CPU per
 * call on the machines `npm run bench` runs on, against about 0.1 ms for node:http with the body
 * read whole; the gate makes four GitHub calls per delivery and the STS path four per exchange. And
 * the Action's first fetch loads undici (tens of ms of the main thread) on the way to the agent's
 * credentials, while node:http is loaded anyway (@actions/core asks for OIDC tokens through it).
 * Octokit takes a fetch as `request.fetch`, its documented extension point
 * (https://github.com/octokit/request.js#request); it reads status, url, statusText, the headers and
 * the body as text or bytes (node_modules/@octokit/request/dist-bundle/index.js, fetchWrapper).
 * Neither `Headers` nor `Response` is touched: in Node those globals load undici.
 *
 * What it keeps of fetch (https://fetch.spec.whatwg.org/): redirects followed (at most 20) as
 * `redirect: 'follow'` does, 303 and a POST's 301/302 becoming a GET without a body, and the
 * `authorization`, `cookie` and `proxy-authorization` headers dropped when a redirect leaves the
 * origin; `redirect: 'manual'` answers the redirect itself and `'error'` rejects it; an aborted
 * signal rejects with its reason (`AbortError`, or `TimeoutError` for `AbortSignal.timeout`) and
 * ends the request; a failure to connect rejects with `TypeError('fetch failed', { cause })`; a
 * compressed body (gzip, deflate, br) is decompressed; `user-agent: node` and an `accept` of any type when the
 * caller sets none (GitHub refuses a request without a user agent:
 * https://docs.github.com/en/rest/using-the-rest-api/getting-started-with-the-rest-api#user-agent);
 * undici's 300-second limits on an answer's headers and body. The body is read whole: the
 * answers are JSON documents their clients read whole anyway.
 *
 * What it hands to Node's fetch instead: a `Request` object or a streamed, form or blob body (neither
 * client sends one), and every request when `NODE_USE_ENV_PROXY=1` or `--use-env-proxy` is set, so a
 * deployment that routes through a proxy with Node's own switch keeps doing so
 * (https://nodejs.org/api/cli.html#node_use_env_proxy1, https://nodejs.org/api/cli.html#--use-env-proxy).
 *
 * A kept-alive connection the server closed while idle fails the next request on it before any
 * answer; a GET or HEAD is then sent once more on a new connection, as Node's documentation shows
 * (https://nodejs.org/api/http.html#requestreusedsocket). Nothing else is repeated: a POST may have
 * had effects (GitHub's mint, app/sts/github-gateway.ts, must never be sent twice).
 */

const MAX_REDIRECTS = 20;
/** undici's headersTimeout and bodyTimeout (https://undici.nodejs.org/#/docs/api/Client). */
const ANSWER_TIMEOUT_MS = 300_000;
/** undici's keepAliveTimeout: an idle connection is closed after 4 s. */
const IDLE_MS = 4_000;
const CROSS_ORIGIN_DROPPED = ['authorization', 'cookie', 'proxy-authorization'];
const BODY_HEADERS = ['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location'];

interface Sent {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body: Buffer | undefined;
}

/** A fetch Response read whole: what fetch's callers read of one (status, headers, body once). */
class BufferedResponse {
  readonly ok: boolean;
  readonly type = 'basic';
  #used = false;
  constructor(
    private readonly content: Buffer,
    readonly status: number,
    readonly statusText: string,
    readonly headers: AnswerHeaders,
    readonly url: string,
    readonly redirected: boolean,
  ) {
    this.ok = status >= 200 && status <= 299;
  }
  get bodyUsed(): boolean {
    return this.#used;
  }
  /** A stream of the body, as fetch's `body` is; null where fetch's is (no content). */
  get body(): ReadableStream<Uint8Array> | null {
    if (this.content.length === 0 && (this.status === 204 || this.status === 304)) return null;
    return Readable.toWeb(Readable.from([this.take()])) as ReadableStream<Uint8Array>;
  }
  private take(): Buffer {
    if (this.#used) throw new TypeError('Body is unusable: Body has already been read');
    this.#used = true;
    return this.content;
  }
  async text(): Promise<string> {
    return this.take().toString('utf8');
  }
  async json(): Promise<unknown> {
    return JSON.parse(await this.text()) as unknown;
  }
  async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = this.take();
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer;
  }
  async bytes(): Promise<Uint8Array> {
    return new Uint8Array(await this.arrayBuffer());
  }
  async blob(): Promise<Blob> {
    return new Blob([await this.arrayBuffer()], { type: this.headers.get('content-type') ?? '' });
  }
  async formData(): Promise<never> {
    throw new TypeError('formData() is not supported for GitHub answers');
  }
  clone(): BufferedResponse {
    if (this.#used) throw new TypeError('Response.clone: Body has already been consumed.');
    return new BufferedResponse(this.content, this.status, this.statusText, this.headers, this.url, this.redirected);
  }
}

function headerRecord(init: RequestInit['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  if (!init) return out;
  const entries = init instanceof Headers || Array.isArray(init) ? init : Object.entries(init);
  for (const [name, value] of entries) out[name.toLowerCase()] = String(value);
  return out;
}

function bodyBytes(body: RequestInit['body']): Buffer | undefined | 'unsupported' {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  return 'unsupported';
}

/**
 * The answer's headers as fetch's `Headers` reads them (lower-case names in order, repeated ones
 * joined by ", ", each set-cookie its own entry; https://fetch.spec.whatwg.org/#concept-header-list-sort-and-combine),
 * read-only. Not Node's `Headers`: that global loads undici, which this module exists to leave out.
 */
class AnswerHeaders {
  readonly #entries: [string, string][];
  constructor(raw: IncomingHttpHeaders) {
    const entries: [string, string][] = [];
    for (const name of Object.keys(raw).sort()) {
      const value = raw[name];
      if (value === undefined) continue;
      if (Array.isArray(value)) {
        if (name === 'set-cookie') for (const one of value) entries.push([name, one]);
        else entries.push([name, value.join(', ')]);
      } else entries.push([name, value]);
    }
    this.#entries = entries;
  }
  get(name: string): string | null {
    const wanted = name.toLowerCase();
    const values = this.#entries.filter(([key]) => key === wanted).map(([, value]) => value);
    return values.length ? values.join(', ') : null;
  }
  has(name: string): boolean {
    return this.get(name) !== null;
  }
  getSetCookie(): string[] {
    return this.#entries.filter(([key]) => key === 'set-cookie').map(([, value]) => value);
  }
  forEach(callback: (value: string, name: string, headers: AnswerHeaders) => void): void {
    for (const [name, value] of this) callback(value, name, this);
  }
  *entries(): IterableIterator<[string, string]> {
    for (const [name, value] of this.#entries) yield [name, value];
  }
  *keys(): IterableIterator<string> {
    for (const [name] of this.#entries) yield name;
  }
  *values(): IterableIterator<string> {
    for (const [, value] of this.#entries) yield value;
  }
  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }
}

function decoded(bytes: Buffer, encoding: string | undefined): Buffer {
  if (bytes.length === 0 || !encoding) return bytes;
  // Applied in reverse order of the header's list (RFC 9110, section 8.4).
  let out = bytes;
  for (const coding of encoding.toLowerCase().split(',').map((c) => c.trim()).reverse()) {
    if (coding === 'gzip' || coding === 'x-gzip') out = gunzipSync(out);
    else if (coding === 'deflate') out = inflateSync(out);
    else if (coding === 'br') out = brotliDecompressSync(out);
    else if (coding !== 'identity') return bytes;
  }
  return out;
}

interface Agents {
  http: HttpAgent;
  https: HttpsAgent;
}

function sendOnce(agents: Agents, sent: Sent, signal: AbortSignal | undefined): Promise<{ message: IncomingMessage; bytes: Buffer; reused: boolean }> {
  return new Promise((resolve, reject) => {
    const https = sent.url.protocol === 'https:';
    const options = { method: sent.method, headers: sent.headers, agent: https ? agents.https : agents.http, timeout: ANSWER_TIMEOUT_MS };
    let settled = false;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      reject(error);
    };
    const onAbort = () => {
      fail(signal?.reason);
      request.destroy();
    };
    const request = (https ? httpsRequest : httpRequest)(sent.url, options, (message) => {
      const chunks: Buffer[] = [];
      message.on('data', (chunk: Buffer) => chunks.push(chunk));
      message.on('error', (error) => fail(new TypeError('fetch failed', { cause: error })));
      message.on('aborted', () => fail(new TypeError('fetch failed', { cause: new Error('the connection closed before the answer ended') })));
      message.on('end', () => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener('abort', onAbort);
        resolve({ message, bytes: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks), reused: request.reusedSocket });
      });
    });
    request.on('timeout', () => request.destroy(new Error(`no answer within ${ANSWER_TIMEOUT_MS} ms`)));
    request.on('error', (error: NodeJS.ErrnoException) => {
      if (settled) return;
      // A kept-alive connection closed before any answer (see the note above).
      if (request.reusedSocket && (error.code === 'ECONNRESET' || error.code === 'EPIPE')) Object.assign(error, { staleConnection: true });
      fail(new TypeError('fetch failed', { cause: error }));
    });
    signal?.addEventListener('abort', onAbort, { once: true });
    request.end(sent.body);
  });
}

async function sendFresh(agents: Agents, sent: Sent, signal: AbortSignal | undefined) {
  try {
    return await sendOnce(agents, sent, signal);
  } catch (error) {
    const stale = (error as { cause?: { staleConnection?: boolean } }).cause?.staleConnection === true;
    if (stale && (sent.method === 'GET' || sent.method === 'HEAD') && !signal?.aborted) return sendOnce(agents, sent, signal);
    throw error;
  }
}

export interface NodeHttpFetchOptions {
  /** The fetch for what this one hands on (see above); the global fetch by default. */
  fallback?: typeof fetch;
  /** The environment read for `NODE_USE_ENV_PROXY` and `NODE_OPTIONS`; process.env by default. */
  env?: NodeJS.ProcessEnv;
  /** The process' own flags, read for `--use-env-proxy`; process.execArgv by default. */
  execArgv?: readonly string[];
}

/** A fetch (see above) with its own kept-alive connections; idle ones never hold the process open. */
export function nodeHttpFetch(options: NodeHttpFetchOptions = {}): typeof fetch {
  const fallback = options.fallback ?? ((input, init) => fetch(input, init));
  const env = options.env ?? process.env;
  const agents: Agents = {
    http: new HttpAgent({ keepAlive: true, timeout: IDLE_MS, scheduling: 'lifo' }),
    https: new HttpsAgent({ keepAlive: true, timeout: IDLE_MS, scheduling: 'lifo' }),
  };
  const useProxy = (env.NODE_USE_ENV_PROXY !== undefined && env.NODE_USE_ENV_PROXY !== '' && env.NODE_USE_ENV_PROXY !== '0') || /(^|\s)--use-env-proxy(\s|$)/.test(`${env.NODE_OPTIONS ?? ''} ${(options.execArgv ?? process.execArgv).join(' ')}`);
  const handler = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const body = bodyBytes(init.body);
    if (input instanceof Request || body === 'unsupported' || useProxy) return fallback(input, init);
    const signal = init.signal ?? undefined;
    if (signal?.aborted) throw signal.reason;
    let url = new URL(input);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return fallback(input, init);
    let method = (init.method ?? 'GET').toUpperCase();
    let headers = headerRecord(init.headers);
    let sentBody = body;
    headers['user-agent'] ??= 'node';
    headers.accept ??= '*/*';
    if (sentBody !== undefined) {
      if (typeof init.body === 'string') headers['content-type'] ??= 'text/plain;charset=UTF-8';
      headers['content-length'] = String(sentBody.length);
    }
    for (let redirects = 0; ; redirects++) {
      const { message, bytes } = await sendFresh(agents, { url, method, headers, body: sentBody }, signal);
      const status = message.statusCode ?? 0;
      const location = message.headers.location;
      const redirect = [301, 302, 303, 307, 308].includes(status) && location !== undefined;
      if (redirect && init.redirect !== 'manual') {
        if (init.redirect === 'error') throw new TypeError('fetch failed', { cause: new Error("a redirect was refused (redirect: 'error')") });
        if (redirects >= MAX_REDIRECTS) throw new TypeError('fetch failed', { cause: new Error('redirect count exceeded') });
        // A redirect's URL may carry a credential (a signed download link): no error here names it.
        let next: URL;
        try {
          next = new URL(location, url);
        } catch {
          throw new TypeError('fetch failed', { cause: new Error('a redirect named an invalid URL') });
        }
        if (next.protocol !== 'http:' && next.protocol !== 'https:') throw new TypeError('fetch failed', { cause: new Error(`redirect to a ${next.protocol} URL`) });
        if ((status === 303 && method !== 'HEAD') || ((status === 301 || status === 302) && method === 'POST')) {
          method = 'GET';
          sentBody = undefined;
          headers = Object.fromEntries(Object.entries(headers).filter(([name]) => !BODY_HEADERS.includes(name)));
        }
        if (next.origin !== url.origin) headers = Object.fromEntries(Object.entries(headers).filter(([name]) => !CROSS_ORIGIN_DROPPED.includes(name)));
        url = next;
        continue;
      }
      const noBody = method === 'HEAD' || status === 204 || status === 304;
      let content: Buffer;
      try {
        content = noBody ? Buffer.alloc(0) : decoded(bytes, message.headers['content-encoding']);
      } catch (error) {
        throw new TypeError('fetch failed', { cause: error });
      }
      return new BufferedResponse(content, status, message.statusMessage ?? '', new AnswerHeaders(message.headers), url.href, redirects > 0) as unknown as Response;
    }
  };
  return handler as typeof fetch;
}
