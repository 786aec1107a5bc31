import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** What a JSON API client needs of an answer: fetch's Response has it, and so does nodeHttpFetch's. */
export interface HttpAnswer {
  status: number;
  json(): Promise<unknown>;
  body: { cancel(): Promise<void> } | null;
}

/** The part of fetch's RequestInit a JSON API client uses. */
export interface HttpCallInit {
  method: string;
  headers: Record<string, string>;
  body?: string | undefined;
  signal: AbortSignal;
}

/** A fetch subset: `fetch` itself is one, and so is nodeHttpFetch. */
export type HttpCall = (url: string, init: HttpCallInit) => Promise<HttpAnswer>;

/**
 * `fetch`'s own rejection for a request that got no answer (undici's `TypeError: fetch failed`,
 * the cause saying why), so a caller's failure messages read the same on either transport.
 * https://fetch.spec.whatwg.org/#fetch-method ("reject p with a TypeError")
 */
const fetchFailed = (cause: unknown) => new TypeError('fetch failed', { cause });

/**
 * A JSON call on node:http or node:https, which the Action has loaded anyway (@actions/core asks
 * for OIDC tokens through them): Node's global fetch is loaded on its first call (its undici
 * bundle, tens of ms of this thread), and on a runner without a proxy or a CA the broker's exchange
 * was the call that loaded it on the way to the agent. As fetch does: TLS with Node's trust store
 * (NODE_EXTRA_CA_CERTS included), an abort rejects with the signal's reason (a TimeoutError for
 * `AbortSignal.timeout`), a failure without an answer rejects with `TypeError('fetch failed')`.
 * Unlike fetch it follows no redirect: an Airlock broker answers its API directly.
 * No proxy and no extra CA: runnerNetwork uses fetch itself where the runner names either.
 */
export const nodeHttpFetch: HttpCall = (url, init) =>
  new Promise<HttpAnswer>((resolve, reject) => {
    const target = new URL(url);
    if (target.protocol !== 'http:' && target.protocol !== 'https:') return reject(fetchFailed(new Error(`expected an http: or https: URL, not ${target.protocol}`)));
    if (init.signal.aborted) return reject(init.signal.reason as Error);
    const body = init.body === undefined ? undefined : Buffer.from(init.body);
    const headers = { ...init.headers, ...(body ? { 'content-length': String(body.length) } : {}) };
    // Until the answer's body is read (or given up), an abort ends the request and fails whoever waits.
    let fail = (error: unknown) => reject(error as Error);
    const onAbort = () => {
      request.destroy();
      fail(init.signal.reason);
    };
    const done = () => init.signal.removeEventListener('abort', onAbort);
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const request = send(target, { method: init.method, headers }, (response: IncomingMessage) => {
      // Read at once (an answer here is a small JSON document), so the socket is freed even when the
      // caller needs only the status (a 204).
      const text = new Promise<string>((resolveText, rejectText) => {
        fail = rejectText;
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          done();
          resolveText(Buffer.concat(chunks).toString('utf8'));
        });
        response.on('error', (error) => {
          done();
          rejectText(init.signal.aborted ? (init.signal.reason as Error) : fetchFailed(error));
        });
      });
      // A body nobody asks for may fail unobserved.
      text.catch(() => undefined);
      resolve({
        status: response.statusCode ?? 0,
        json: async () => JSON.parse(await text) as unknown,
        body: {
          cancel: async () => {
            done();
            response.destroy();
          },
        },
      });
    });
    init.signal.addEventListener('abort', onAbort, { once: true });
    request.on('error', (error) => {
      if (init.signal.aborted) return;
      done();
      fail(fetchFailed(error));
    });
    request.end(body);
  });
