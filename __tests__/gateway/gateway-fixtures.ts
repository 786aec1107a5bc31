import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { request, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type Server } from 'node:https';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { gzipSync } from 'node:zlib';

/** PEM material for the fake providers: a test CA, a server certificate it signed, and one it did not. */
export interface TestPki {
  readonly caCert: string;
  readonly serverKey: string;
  readonly serverCert: string;
  readonly untrustedKey: string;
  readonly untrustedCert: string;
}

const SAN = 'subjectAltName=IP:127.0.0.1,DNS:localhost';

function openssl(dir: string, ...args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

/** Generates a throw-away CA and certificates for 127.0.0.1/localhost with the openssl CLI. */
export function makeTestPki(dir: string): TestPki {
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(
    dir,
    'req',
    '-x509',
    ...ec,
    '-keyout',
    'ca.key',
    '-out',
    'ca.crt',
    '-days',
    '2',
    '-subj',
    '/CN=Airlock Gateway Test CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  );
  openssl(
    dir,
    'req',
    ...ec,
    '-keyout',
    'server.key',
    '-out',
    'server.csr',
    '-subj',
    '/CN=localhost',
  );
  writeFileSync(
    join(dir, 'server.ext'),
    `${SAN}\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n`,
  );
  openssl(
    dir,
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.crt',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'server.crt',
    '-days',
    '2',
    '-extfile',
    'server.ext',
  );
  // Same names, but self-signed: a host that is not the bound provider, however it is named.
  openssl(
    dir,
    'req',
    '-x509',
    ...ec,
    '-keyout',
    'untrusted.key',
    '-out',
    'untrusted.crt',
    '-days',
    '2',
    '-subj',
    '/CN=localhost',
    '-addext',
    SAN,
  );
  const read = (f: string) => readFileSync(join(dir, f), 'utf8');
  return {
    caCert: read('ca.crt'),
    serverKey: read('server.key'),
    serverCert: read('server.crt'),
    untrustedKey: read('untrusted.key'),
    untrustedCert: read('untrusted.crt'),
  };
}

/** What a fake provider received: the proof of what left the gateway. */
export interface Received {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface FakeProvider {
  readonly origin: string;
  readonly received: Received[];
  close(): Promise<void>;
}

/** The credential the fake saw, whichever convention carried it. */
function presented(headers: IncomingHttpHeaders): string {
  const k = headers['x-api-key'];
  if (typeof k === 'string') return k;
  return (headers.authorization ?? '').replace(/^Bearer /, '');
}

/**
 * A provider stand-in over HTTPS. It records every request and answers by the
 * `x-test-behaviour` header: `redirect` (302 to `redirectTo`), `reflect-sse` (echoes the key it
 * received, raw and base64, split over several writes of an SSE stream), `reflect-gzip` (echoes
 * it in a gzip JSON body and a header), or by default a small JSON echo of method and path.
 */
export async function startFakeProvider(
  tls: { key: string; cert: string },
  redirectTo = 'https://127.0.0.1:1/steal',
): Promise<FakeProvider> {
  const received: Received[] = [];
  const server: Server = createHttpsServer(tls, (req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      received.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(parts).toString('utf8'),
      });
      void answer(req.headers, req.method ?? '', req.url ?? '', res);
    });
  });
  const answer = async (
    headers: IncomingHttpHeaders,
    method: string,
    url: string,
    res: ServerResponse,
  ) => {
    const key = presented(headers);
    switch (headers['x-test-behaviour']) {
      case 'redirect':
        res.writeHead(302, { location: redirectTo });
        res.end();
        return;
      case 'reflect-sse': {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        const b64 = Buffer.from(key).toString('base64');
        const text = `data: {"type":"delta","text":"your key is ${key} ok"}\n\ndata: {"type":"delta","text":"b64 ${b64} done"}\n\n`;
        // Cut inside the key and inside its base64 form, paced so the pieces travel apart.
        const cuts = [
          text.indexOf(key) + 5,
          text.indexOf(key) + 40,
          text.indexOf(b64) + 7,
          text.length,
        ];
        let at = 0;
        for (const cut of cuts) {
          res.write(text.slice(at, cut));
          at = cut;
          await sleep(20);
        }
        res.end('data: [DONE]\n\n');
        return;
      }
      case 'reflect-gzip':
        res.writeHead(401, {
          'content-type': 'application/json',
          'content-encoding': 'gzip',
          'x-echo': `bad key ${key}`,
        });
        res.end(gzipSync(JSON.stringify({ error: { message: `invalid x-api-key ${key}` } })));
        return;
      default:
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: true, method, url }));
    }
  };
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    origin: `https://127.0.0.1:${(server.address() as { port: number }).port}`,
    received,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

export interface AgentResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface AgentRequest {
  readonly headers?: Record<string, string>;
  readonly body?: string | Buffer;
  /** Send the body in small writes without a Content-Length. */
  readonly chunked?: boolean;
}

/** Sends one request to the gateway as an SDK inside the sandbox would (loopback URL or unix socket). */
export function callGateway(
  where: { url: string } | { socketPath: string; path: string },
  method: string,
  options: AgentRequest = {},
): Promise<AgentResponse> {
  const target =
    'url' in where
      ? (() => {
          const u = new URL(where.url);
          // The path is sent as written: URL parsing would resolve `..` before the gateway sees it.
          return { host: u.hostname, port: Number(u.port), path: where.url.slice(u.origin.length) };
        })()
      : { socketPath: where.socketPath, path: where.path };
  return new Promise((resolve, reject) => {
    const req = request({ ...target, method, headers: options.headers, agent: false }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(parts).toString('utf8'),
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    if (options.body !== undefined) {
      const b = Buffer.from(options.body);
      if (options.chunked)
        for (let i = 0; i < b.length; i += 100) req.write(b.subarray(i, i + 100));
      else {
        req.setHeader('content-length', b.length);
        req.write(b);
      }
    }
    req.end();
  });
}

/** A key in the shape the provider's scanner rule expects, random per test run. */
export function fakeAnthropicKey(): string {
  return `sk-ant-api03-${randomBytes(72).toString('base64url').slice(0, 93)}AA`;
}

export function fakeOpenAiKey(): string {
  return `sk-proj-${randomBytes(60).toString('base64url')}`;
}
