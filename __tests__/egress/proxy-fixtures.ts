import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import {
  connect,
  createServer as createTcpServer,
  type Server as TcpServer,
  type Socket,
} from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConnectUpstream } from '../../src/egress/connect-upstream.js';
import type { EgressLogRecord } from '../../src/egress/egress-log-record.js';
import { DEFAULT_EGRESS_LIMITS, type EgressPolicy } from '../../src/egress/egress-policy.js';
import {
  startEgressProxy,
  type EgressProxy,
  type InspectBody,
} from '../../src/egress/egress-proxy.js';

/** Everything an upstream (a sink) received: used to prove what left the host. */
export interface Received {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface Upstream {
  readonly port: number;
  readonly received: Received[];
  close(): Promise<void>;
}

/** Local HTTP upstream on loopback. `/redirect` answers 302 to another host; everything else echoes. */
export async function startUpstream(): Promise<Upstream> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      received.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(parts).toString('utf8'),
      });
      if (req.url?.startsWith('/redirect')) {
        res.writeHead(302, { location: 'http://evil.test/steal' });
        res.end();
        return;
      }
      if (req.url?.startsWith('/big')) {
        res.end(
          Buffer.alloc(Number(new URL(req.url, 'http://x').searchParams.get('n') ?? '0'), 97),
        );
        return;
      }
      res.end(`ok ${req.method} ${req.url}`);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    port: (server.address() as { port: number }).port,
    received,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

/** Local TCP sink: records what each connection sent first, then hangs up (it is no TLS server). */
export async function startTcpSink(): Promise<{
  port: number;
  received: Buffer[];
  close(): Promise<void>;
}> {
  const received: Buffer[] = [];
  const sockets = new Set<Socket>();
  const server: TcpServer = createTcpServer((s) => {
    sockets.add(s);
    const parts: Buffer[] = [];
    s.on('data', (c: Buffer) => {
      parts.push(c);
      s.end();
    });
    s.on('close', () => {
      sockets.delete(s);
      received.push(Buffer.concat(parts));
    });
    s.on('error', () => undefined);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    port: (server.address() as { port: number }).port,
    received,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

/** Test connector: every allowed name goes to a loopback port; no real network is ever used. */
export function loopbackConnector(
  portFor: (host: string, port: number) => number,
  asked: string[],
): ConnectUpstream {
  return (host, port) =>
    new Promise((resolve, reject) => {
      asked.push(`${host.host}:${port}`);
      const s = connect({ host: '127.0.0.1', port: portFor(host.host, port) });
      s.once('connect', () => resolve(s));
      s.once('error', reject);
    });
}

export interface ProxyFixture {
  readonly proxy: EgressProxy;
  readonly logs: EgressLogRecord[];
  readonly asked: string[];
  readonly dir: string;
  close(): Promise<void>;
}

export async function startProxy(
  policy: Partial<EgressPolicy> & Pick<EgressPolicy, 'hosts'>,
  portFor: (host: string, port: number) => number,
  inspectBody?: InspectBody,
): Promise<ProxyFixture> {
  const dir = await mkdtemp(join(tmpdir(), 'airlock-egress-'));
  const logs: EgressLogRecord[] = [];
  const asked: string[] = [];
  const proxy = await startEgressProxy({
    policy: { ...DEFAULT_EGRESS_LIMITS, ...policy },
    socketPath: join(dir, 'egress.sock'),
    onLog: (r) => logs.push(r),
    connectUpstream: loopbackConnector(portFor, asked),
    handshakeTimeoutMs: 2000,
    ...(inspectBody ? { inspectBody } : {}),
  });
  return {
    proxy,
    logs,
    asked,
    dir,
    close: async () => {
      await proxy.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface ProxyResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** Sends one absolute-form request to the proxy over its unix socket, as an HTTP_PROXY client would. */
export function viaProxy(
  socketPath: string,
  method: string,
  url: string,
  options: { headers?: Record<string, string>; body?: string | Buffer; chunked?: boolean } = {},
): Promise<ProxyResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        socketPath,
        method,
        path: url,
        headers: { host: new URL(url).host, ...options.headers },
        agent: false,
      },
      (res) => {
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
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) {
      if (options.chunked) {
        const b = Buffer.from(options.body);
        for (let i = 0; i < b.length; i += 100) req.write(b.subarray(i, i + 100));
      } else req.write(options.body);
    }
    req.end();
  });
}

/** Opens a CONNECT tunnel; resolves with the status line and the socket (open only on 200). */
export function connectTunnel(
  socketPath: string,
  target: string,
): Promise<{ status: number; socket: Socket }> {
  return new Promise((resolve, reject) => {
    const s = connect({ path: socketPath });
    let head = '';
    const onData = (c: Buffer) => {
      head += c.toString('latin1');
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      s.off('data', onData);
      resolve({ status: Number(head.split(' ')[1]), socket: s });
    };
    s.on('data', onData);
    s.on('error', reject);
    s.write(`CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n\r\n`);
  });
}
