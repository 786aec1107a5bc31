import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import { mkdtemp } from 'node:fs/promises';
import { createServer as createHttpsServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWorldTls } from '../../src/world/world-https.js';
import { Octokit } from '@octokit/core';
import { afterEach, describe, expect, it } from '@jest/globals';
import { nodeHttpFetch } from '../../src/http/node-http-fetch.js';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  socket: Socket;
}

const servers: (Server | import('node:https').Server)[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
  }
});

/** A real HTTP server; `answer` writes the response for each request, after its body is read. */
async function serve(answer: (seen: Seen, res: ServerResponse, index: number) => void) {
  const seen: Seen[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const one = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString(), socket: req.socket };
      seen.push(one);
      answer(one, res, seen.length - 1);
    });
  });
  server.on('connection', (socket) => sockets.add(socket));
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, sockets };
}

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(JSON.stringify(body));

describe('nodeHttpFetch', () => {
  it('answers like fetch: status, headers, the body once, and defaults a user agent and accept', async () => {
    const server = await serve((_, res) => json(res, 200, { id: 7, name: 'widgets' }, { etag: '"abc"', 'x-multi': 'one' }));
    const fetch = nodeHttpFetch();
    const response = await fetch(`${server.url}/repos/acme/widgets`, { headers: { Authorization: 'token t1' } });
    expect(response.status).toBe(200);
    expect(response.ok).toBe(true);
    expect(response.url).toBe(`${server.url}/repos/acme/widgets`);
    expect(response.headers.get('etag')).toBe('"abc"');
    expect(Object.fromEntries(response.headers)).toMatchObject({ 'content-type': 'application/json; charset=utf-8', etag: '"abc"' });
    expect(await response.json()).toEqual({ id: 7, name: 'widgets' });
    expect(response.bodyUsed).toBe(true);
    await expect(response.text()).rejects.toThrow(TypeError);
    expect(server.seen[0].headers).toMatchObject({ authorization: 'token t1', 'user-agent': 'node', accept: '*/*' });
  });

  it('reads headers as fetch does: sorted lower-case names, repeats joined, each set-cookie its own; the body as a stream once', async () => {
    const server = await serve((_, res) => {
      res.setHeader('X-Zed', '1');
      res.setHeader('Set-Cookie', ['a=1', 'b=2']);
      res.setHeader('Vary', ['Accept', 'Authorization']);
      res.writeHead(200, { 'content-type': 'text/plain' }).end('streamed');
    });
    const response = await nodeHttpFetch()(`${server.url}/h`);
    const names = [...response.headers.keys()];
    expect(names).toEqual([...names].sort());
    expect(response.headers.get('VARY')).toBe('Accept, Authorization');
    expect(response.headers.get('set-cookie')).toBe('a=1, b=2');
    expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect([...response.headers].filter(([name]) => name === 'set-cookie')).toEqual([['set-cookie', 'a=1'], ['set-cookie', 'b=2']]);
    expect(response.headers.has('x-zed')).toBe(true);
    expect(response.headers.get('x-none')).toBeNull();
    const chunks: Uint8Array[] = [];
    for await (const chunk of response.body!) chunks.push(chunk);
    expect(Buffer.concat(chunks).toString()).toBe('streamed');
    await expect(response.text()).rejects.toThrow(TypeError);
  });

  it('sends a body with its length, and keeps the caller\'s headers', async () => {
    const server = await serve((_, res) => json(res, 201, { ok: true }));
    const fetch = nodeHttpFetch();
    const body = JSON.stringify({ name: 'Airlock', output: { title: 'é' } });
    const response = await fetch(`${server.url}/check-runs`, { method: 'post', body, headers: { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'airlock' } });
    expect(response.status).toBe(201);
    expect(server.seen[0]).toMatchObject({ method: 'POST', body });
    expect(server.seen[0].headers).toMatchObject({ 'content-length': String(Buffer.byteLength(body)), 'content-type': 'application/json; charset=utf-8', 'user-agent': 'airlock' });
    await fetch(`${server.url}/text`, { method: 'POST', body: 'plain' });
    expect(server.seen[1].headers['content-type']).toBe('text/plain;charset=UTF-8');
  });

  it('reuses one kept-alive connection for calls one after another', async () => {
    const server = await serve((_, res) => json(res, 200, {}));
    const fetch = nodeHttpFetch();
    for (let i = 0; i < 3; i++) await (await fetch(`${server.url}/x`)).text();
    expect(server.sockets.size).toBe(1);
  });

  it('follows redirects as fetch does: same origin keeps the credential, another origin drops it, 303 and a POST\'s 302 become a GET', async () => {
    const other = await serve((_, res) => json(res, 200, { at: 'other' }));
    const server = await serve((seen, res) => {
      if (seen.url === '/moved') return void res.writeHead(301, { location: '/repositories/1' }).end();
      if (seen.url === '/away') return void res.writeHead(302, { location: `${other.url}/landing` }).end();
      if (seen.url === '/post-302') return void res.writeHead(302, { location: '/after' }).end();
      if (seen.url === '/post-307') return void res.writeHead(307, { location: '/after' }).end();
      json(res, 200, { at: seen.url, method: seen.method, body: seen.body });
    });
    const fetch = nodeHttpFetch();
    const moved = await fetch(`${server.url}/moved`, { headers: { authorization: 'token t1' } });
    expect(await moved.json()).toEqual({ at: '/repositories/1', method: 'GET', body: '' });
    expect(moved.redirected).toBe(true);
    expect(moved.url).toBe(`${server.url}/repositories/1`);
    expect(server.seen[1].headers.authorization).toBe('token t1');

    const away = await fetch(`${server.url}/away`, { headers: { authorization: 'token t1', cookie: 'c=1', 'x-keep': 'yes' } });
    expect(await away.json()).toEqual({ at: 'other' });
    expect(other.seen[0].headers.authorization).toBeUndefined();
    expect(other.seen[0].headers.cookie).toBeUndefined();
    expect(other.seen[0].headers['x-keep']).toBe('yes');

    const posted = await fetch(`${server.url}/post-302`, { method: 'POST', body: '{"a":1}', headers: { 'content-type': 'application/json' } });
    expect(await posted.json()).toEqual({ at: '/after', method: 'GET', body: '' });
    expect(server.seen.at(-1)!.headers['content-type']).toBeUndefined();
    const kept = await fetch(`${server.url}/post-307`, { method: 'POST', body: '{"a":1}', headers: { 'content-type': 'application/json' } });
    expect(await kept.json()).toEqual({ at: '/after', method: 'POST', body: '{"a":1}' });
  });

  it('answers a redirect itself with redirect: manual, rejects it with redirect: error, and gives up after 20', async () => {
    const server = await serve((seen, res) => void res.writeHead(302, { location: `/loop${seen.url}` }).end());
    const fetch = nodeHttpFetch();
    const manual = await fetch(`${server.url}/a`, { redirect: 'manual' });
    expect(manual.status).toBe(302);
    expect(manual.headers.get('location')).toBe('/loop/a');
    const refused = await fetch(`${server.url}/b?token=s3cret`, { redirect: 'error' }).catch((error: Error) => error);
    expect(refused).toMatchObject({ name: 'TypeError', message: 'fetch failed' });
    // A redirect's URL may carry a credential: the rejection never names it.
    expect(JSON.stringify(refused, Object.getOwnPropertyNames(refused)) + String((refused as Error).cause)).not.toContain('loop');
    const before = server.seen.length;
    await expect(fetch(`${server.url}/c`)).rejects.toMatchObject({ name: 'TypeError', cause: { message: 'redirect count exceeded' } });
    expect(server.seen.length - before).toBe(21);
  });

  it('rejects a redirect to an invalid URL as fetch failed, without naming it', async () => {
    const server = await serve((_, res) => void res.writeHead(302, { location: 'http://[::1/secret' }).end());
    const refused = await nodeHttpFetch()(`${server.url}/x`).catch((error: Error) => error);
    expect(refused).toMatchObject({ name: 'TypeError', message: 'fetch failed', cause: { message: 'a redirect named an invalid URL' } });
  });

  it('rejects with the signal\'s reason: before sending, while waiting, and on a timeout; the request is ended', async () => {
    const server = await serve(() => undefined); // never answers
    const fetch = nodeHttpFetch();
    const early = new AbortController();
    early.abort();
    await expect(fetch(`${server.url}/x`, { signal: early.signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect(server.seen).toHaveLength(0);

    const late = new AbortController();
    const pending = fetch(`${server.url}/y`, { signal: late.signal });
    while (server.seen.length === 0) await new Promise((r) => setTimeout(r, 5));
    const closed = once(server.seen[0].socket, 'close');
    late.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    await closed;

    await expect(fetch(`${server.url}/z`, { signal: AbortSignal.timeout(50) })).rejects.toMatchObject({ name: 'TimeoutError' });
  });

  it('rejects a failed connection as fetch does, with the cause Octokit reports', async () => {
    const server = await serve(() => undefined);
    const url = server.url;
    servers.pop()!.close();
    await expect(nodeHttpFetch()(`${url}/x`)).rejects.toMatchObject({ name: 'TypeError', message: 'fetch failed', cause: { code: 'ECONNREFUSED' } });
  });

  it("trusts Node's store only: an HTTPS server whose CA is not trusted is refused (fetch failed)", async () => {
    const tls = await createWorldTls({ dir: await mkdtemp(join(tmpdir(), 'airlock-http-fetch-')) });
    const https = createHttpsServer({ key: tls.keyPem, cert: tls.certPem }, (_req, res) => res.end('{}'));
    servers.push(https);
    https.listen(0, '127.0.0.1');
    await once(https, 'listening');
    const refused = nodeHttpFetch()(`https://127.0.0.1:${(https.address() as AddressInfo).port}/`);
    await expect(refused).rejects.toMatchObject({ name: 'TypeError', message: 'fetch failed' });
    await expect(refused.catch((e: Error) => (e.cause as NodeJS.ErrnoException).code)).resolves.toMatch(/SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/);
  });

  it('decompresses a gzip body, and reads no body for 204, 304 and HEAD', async () => {
    const server = await serve((seen, res) => {
      if (seen.url === '/gz') return void res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' }).end(gzipSync('{"zipped":true}'));
      if (seen.url === '/none') return void res.writeHead(204).end();
      if (seen.url === '/same') return void res.writeHead(304, { etag: '"e"' }).end();
      json(res, 200, { head: true });
    });
    const fetch = nodeHttpFetch();
    expect(await (await fetch(`${server.url}/gz`)).json()).toEqual({ zipped: true });
    const none = await fetch(`${server.url}/none`);
    expect([none.status, none.body, await none.text()]).toEqual([204, null, '']);
    const same = await fetch(`${server.url}/same`);
    expect([same.status, same.headers.get('etag'), await same.text()]).toEqual([304, '"e"', '']);
    const head = await fetch(`${server.url}/h`, { method: 'HEAD' });
    expect([head.status, await head.text()]).toEqual([200, '']);
  });

  it('sends a GET once more when a kept-alive connection was closed under it, and never a POST', async () => {
    let fresh = 0;
    const server = await serve((seen, res, index) => {
      // The first request on every connection is answered; a second one on it finds the connection closed.
      const first = (seen.socket as Socket & { answered?: boolean }).answered !== true;
      (seen.socket as Socket & { answered?: boolean }).answered = true;
      if (index >= 0 && first) {
        fresh++;
        return json(res, 200, { n: fresh });
      }
      seen.socket.destroy();
    });
    const fetch = nodeHttpFetch();
    expect(await (await fetch(`${server.url}/a`)).json()).toEqual({ n: 1 });
    expect(await (await fetch(`${server.url}/b`)).json()).toEqual({ n: 2 });
    const posts = () => server.seen.filter((s) => s.method === 'POST').length;
    await expect(fetch(`${server.url}/mint`, { method: 'POST', body: '{}' })).rejects.toMatchObject({ name: 'TypeError', message: 'fetch failed' });
    expect(posts()).toBe(1);
  });

  it('hands a Request, a streamed body, and every call under NODE_USE_ENV_PROXY to the fallback', async () => {
    const calls: string[] = [];
    const fallback: typeof fetch = async (input) => {
      calls.push(String(input instanceof Request ? input.url : input));
      return new Response('fallback');
    };
    const plain = nodeHttpFetch({ fallback, env: {}, execArgv: [] });
    expect(await (await plain(new Request('http://127.0.0.1:9/r'))).text()).toBe('fallback');
    expect(await (await plain('http://127.0.0.1:9/s', { method: 'POST', body: new ReadableStream(), duplex: 'half' } as RequestInit)).text()).toBe('fallback');
    for (const proxied of [nodeHttpFetch({ fallback, env: { NODE_USE_ENV_PROXY: '1' }, execArgv: [] }), nodeHttpFetch({ fallback, env: { NODE_OPTIONS: '--max-old-space-size=512 --use-env-proxy' }, execArgv: [] }), nodeHttpFetch({ fallback, env: {}, execArgv: ['--use-env-proxy'] })]) {
      expect(await (await proxied('http://127.0.0.1:9/p')).text()).toBe('fallback');
    }
    expect(calls).toEqual(['http://127.0.0.1:9/r', 'http://127.0.0.1:9/s', 'http://127.0.0.1:9/p', 'http://127.0.0.1:9/p', 'http://127.0.0.1:9/p']);
  });

  it('is what Octokit reads: parsed data, a 304 and a 404 as RequestErrors with their answers', async () => {
    const server = await serve((seen, res) => {
      if (seen.url === '/repos/acme/widgets' && seen.headers['if-none-match'] === '"v1"') return void res.writeHead(304, { etag: '"v1"' }).end();
      if (seen.url === '/repos/acme/widgets') return json(res, 200, { id: 42, full_name: 'acme/widgets' }, { etag: '"v1"' });
      json(res, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
    });
    const octokit = new Octokit({ baseUrl: server.url, request: { fetch: nodeHttpFetch() } });
    const { data, headers } = await octokit.request('GET /repos/{owner}/{repo}', { owner: 'acme', repo: 'widgets' });
    expect(data.full_name).toBe('acme/widgets');
    expect(headers.etag).toBe('"v1"');
    await expect(octokit.request('GET /repos/{owner}/{repo}', { owner: 'acme', repo: 'widgets', headers: { 'if-none-match': '"v1"' } })).rejects.toMatchObject({ status: 304 });
    await expect(octokit.request('GET /repos/{owner}/{repo}', { owner: 'acme', repo: 'gone' })).rejects.toMatchObject({ status: 404, message: 'Not Found - https://docs.github.com/rest', response: { data: { message: 'Not Found' } } });
    expect(server.seen[0].headers['user-agent']).toMatch(/^octokit-core\.js/);
  });
});
