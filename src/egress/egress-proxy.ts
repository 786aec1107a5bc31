import { chmod, rm } from 'node:fs/promises';
import {
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type ServerResponse,
} from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { connectPublicUpstream, UpstreamError, type ConnectUpstream } from './connect-upstream.js';
import type { EgressLogRecord } from './egress-log-record.js';
import {
  compileEgressPolicy,
  decideConnect,
  decideHttpRequest,
  type EgressPolicy,
} from './egress-policy.js';
import { normalizeHost } from './normalize-host.js';
import {
  hostHeaderTarget,
  parseAbsoluteTarget,
  parseConnectTarget,
  type ProxyTarget,
} from './parse-proxy-target.js';
import { RateLimiter } from './rate-limiter.js';
import { readClientHelloSni } from './tls-client-hello.js';

export type BodyVerdict =
  { readonly verdict: 'allow' } | { readonly verdict: 'block'; readonly reason: string };

export interface InspectedRequest {
  readonly method: string;
  readonly host: string;
  readonly port: number;
  readonly path: string;
}

/**
 * The scanner's hook: sees the whole request body (already capped) before any byte of the
 * request leaves the host. Plain CONNECT tunnels are opaque and never reach it; body scanning
 * of TLS traffic is the LLM gateway's job (it terminates TLS).
 */
export type InspectBody = (
  body: AsyncIterable<Buffer>,
  request: InspectedRequest,
) => Promise<BodyVerdict>;

export interface EgressProxyOptions {
  readonly policy: EgressPolicy;
  /** Unix socket the proxy listens on; bound into the sandbox, created mode 0600. */
  readonly socketPath: string;
  readonly onLog: (record: EgressLogRecord) => void;
  readonly inspectBody?: InspectBody;
  readonly connectUpstream?: ConnectUpstream;
  /** Time allowed for a tunnel's ClientHello and for request headers. */
  readonly handshakeTimeoutMs?: number;
  /** Time allowed to receive a whole request, body included; default 120 s. */
  readonly requestTimeoutMs?: number;
  readonly now?: () => number;
}

export interface EgressProxyStats {
  /** Request bodies held right now, awaiting inspection or forwarding. */
  readonly bufferedBytes: number;
  /** Open client connections, tunnels included. */
  readonly connections: number;
}

export interface EgressProxy {
  readonly socketPath: string;
  stats(): EgressProxyStats;
  close(): Promise<void>;
}

/** Hop-by-hop and proxy headers (RFC 9110 §7.6.1) are never forwarded; `Host` is rewritten from the checked target; `Expect` is answered here, since the body is held before forwarding. */
const HOP_BY_HOP = new Set([
  'expect',
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authorization',
  'proxy-authenticate',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  'content-length',
]);

function forwardHeaders(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const named = new Set(
    String(headers.connection ?? '')
      .split(',')
      .map((s) => s.trim().toLowerCase()),
  );
  const out: OutgoingHttpHeaders = {};
  for (const [k, v] of Object.entries(headers))
    if (v !== undefined && !HOP_BY_HOP.has(k) && !named.has(k)) out[k] = v;
  return out;
}

function hostHeaderValue(target: ProxyTarget): string {
  const host = target.host.kind === 'ipv6' ? `[${target.host.host}]` : target.host.host;
  return target.port === 80 ? host : `${host}:${target.port}`;
}

async function* chunks(list: readonly Buffer[]): AsyncIterable<Buffer> {
  yield* list;
}

/** Starts the host-side egress proxy: plain HTTP (absolute-form) and CONNECT, policy first, fail closed. */
export async function startEgressProxy(options: EgressProxyOptions): Promise<EgressProxy> {
  const compiled = compileEgressPolicy(options.policy);
  const now = options.now ?? Date.now;
  const limiter = new RateLimiter(options.policy.requestsPerMinute, options.policy.burst, now);
  const connectUpstream = options.connectUpstream ?? connectPublicUpstream();
  const handshakeTimeoutMs = options.handshakeTimeoutMs ?? 10_000;
  const cap = options.policy.maxRequestBodyBytes;
  const budget = options.policy.maxBufferedBytes;
  let buffered = 0;

  const log = (start: number, record: Omit<EgressLogRecord, 'time' | 'durationMs'>) => {
    options.onLog({
      time: new Date(start).toISOString(),
      durationMs: now() - start,
      ...record,
      path: record.path.slice(0, 200),
    });
  };

  const handleRequest = async (req: IncomingMessage, res: ServerResponse) => {
    const start = now();
    const method = req.method ?? 'GET';
    const parsed = parseAbsoluteTarget(req.url ?? '');
    let requestBytes = 0;
    let held = 0;
    const release = () => {
      buffered -= held;
      held = 0;
    };
    const refuse = (status: number, reason: string, host = '', port?: number, path = '') => {
      release();
      log(start, {
        kind: 'http',
        method,
        host,
        port,
        path,
        decision: 'deny',
        reason,
        status,
        requestBytes,
        responseBytes: 0,
      });
      // The unread body stays on the socket: `connection: close` makes the server drop it after this answer.
      res.writeHead(status, {
        'content-type': 'text/plain',
        connection: 'close',
        'x-airlock-egress': reason,
      });
      res.end(`airlock egress: ${reason}\n`);
    };
    try {
      if (!parsed.ok) return refuse(400, parsed.reason);
      const t = parsed.target;
      const hostHeader =
        req.headers.host === undefined
          ? undefined
          : (hostHeaderTarget(req.headers.host, t.port) ?? 'unparseable');
      const decision = decideHttpRequest(method, t, hostHeader, compiled);
      if (!decision.allow)
        return refuse(decision.status, decision.reason, t.host.host, t.port, t.path);
      if (!limiter.take(t.host.host))
        return refuse(429, 'rate-limited', t.host.host, t.port, t.path);
      const declared = req.headers['content-length'];
      if (declared !== undefined && Number(declared) > cap)
        return refuse(413, 'body-too-large', t.host.host, t.port, t.path);

      // The whole body is held (up to the cap) and inspected before anything is sent upstream, so
      // an oversized or blocked body never partly leaves the host.
      // A budget over all held bodies keeps many slow uploads from exhausting memory (THREATS.md §E 27).
      const body: Buffer[] = [];
      // Read by hand rather than with for-await: leaving that loop early destroys the socket
      // and can drop the refusal before it reaches the client.
      const outcome = await new Promise<'complete' | 'too-large' | 'busy' | 'aborted'>(
        (resolve) => {
          const stop = (result: 'too-large' | 'busy' | 'aborted') => {
            req.off('data', onData);
            req.pause();
            resolve(result);
          };
          const onData = (chunk: Buffer) => {
            requestBytes += chunk.length;
            if (requestBytes > cap) return stop('too-large');
            if (buffered + chunk.length > budget) return stop('busy');
            buffered += chunk.length;
            held += chunk.length;
            body.push(chunk);
          };
          req.on('data', onData);
          req.once('end', () => resolve('complete'));
          req.once('error', () => stop('aborted'));
          req.once('close', () => {
            if (!req.complete) stop('aborted');
          });
        },
      );
      if (outcome === 'too-large')
        return refuse(413, 'body-too-large', t.host.host, t.port, t.path);
      if (outcome === 'busy') return refuse(503, 'proxy-busy', t.host.host, t.port, t.path);
      if (outcome === 'aborted') return refuse(400, 'body-aborted', t.host.host, t.port, t.path);
      if (options.inspectBody) {
        let verdict: BodyVerdict;
        try {
          verdict = await options.inspectBody(chunks(body), {
            method,
            host: t.host.host,
            port: t.port,
            path: t.path,
          });
        } catch {
          verdict = { verdict: 'block', reason: 'inspector-failed' };
        }
        if (verdict.verdict === 'block')
          return refuse(403, `body-blocked:${verdict.reason}`, t.host.host, t.port, t.path);
      }

      let socket: Socket;
      try {
        socket = await connectUpstream(t.host, t.port);
      } catch (e) {
        return refuse(
          502,
          e instanceof UpstreamError ? e.code : 'connect-failed',
          t.host.host,
          t.port,
          t.path,
        );
      }
      const headers = forwardHeaders(req.headers);
      headers.host = hostHeaderValue(t);
      if (requestBytes > 0 || declared !== undefined) headers['content-length'] = requestBytes;
      // No redirect following: whatever the upstream answers, 3xx included, goes back to the client as is.
      const upstream = httpRequest({
        method,
        path: t.path + t.query,
        headers,
        createConnection: () => socket,
      });
      upstream.on('response', (up) => {
        let responseBytes = 0;
        const out = forwardHeaders(up.headers);
        if (up.headers['content-length'] !== undefined)
          out['content-length'] = up.headers['content-length'];
        res.writeHead(up.statusCode ?? 502, up.statusMessage, out);
        up.on('data', (c: Buffer) => (responseBytes += c.length));
        up.pipe(res);
        const done = () =>
          log(start, {
            kind: 'http',
            method,
            host: t.host.host,
            port: t.port,
            path: t.path,
            decision: 'allow',
            status: up.statusCode ?? 0,
            requestBytes,
            responseBytes,
          });
        res.once('close', done);
        up.once('error', () => res.destroy());
      });
      upstream.on('error', () => {
        if (!res.headersSent) refuse(502, 'upstream-failed', t.host.host, t.port, t.path);
        else res.destroy();
      });
      res.once('close', () => upstream.destroy());
      upstream.end(Buffer.concat(body));
    } finally {
      release();
    }
  };

  const handleConnect = (req: IncomingMessage, client: Duplex, head: Buffer) => {
    const start = now();
    const parsed = parseConnectTarget(req.url ?? '');
    const deny = (status: number, reason: string, host = '', port?: number) => {
      log(start, {
        kind: 'connect',
        method: 'CONNECT',
        host,
        port,
        path: '',
        decision: 'deny',
        reason,
        status,
        requestBytes: 0,
        responseBytes: 0,
      });
      client.end(
        `HTTP/1.1 ${status} Forbidden\r\nconnection: close\r\nx-airlock-egress: ${reason}\r\n\r\n`,
      );
    };
    if (!parsed.ok) return deny(400, parsed.reason);
    const t = parsed.target;
    const decision = decideConnect(t, compiled);
    if (!decision.allow) return deny(decision.status, decision.reason, t.host.host, t.port);
    if (!limiter.take(t.host.host)) return deny(429, 'rate-limited', t.host.host, t.port);
    client.write('HTTP/1.1 200 Connection Established\r\n\r\n');

    let buffered = head;
    let settled = false;
    const reject = (reason: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      log(start, {
        kind: 'connect',
        method: 'CONNECT',
        host: t.host.host,
        port: t.port,
        path: '',
        decision: 'deny',
        reason,
        status: 200,
        requestBytes: buffered.length,
        responseBytes: 0,
      });
      client.destroy();
    };
    const timer = setTimeout(() => reject('tls-hello-timeout'), handshakeTimeoutMs);
    const examine = () => {
      const hello = readClientHelloSni(buffered);
      if (hello.status === 'need-more') return;
      client.off('data', onData);
      // Bytes that arrive while the upstream connects wait in the socket until the pipe starts.
      client.pause();
      if (hello.status === 'invalid') return reject(`tls-${hello.reason}`);
      // The handshake must name the host the tunnel was allowed for; IP targets may omit SNI.
      const sni = hello.serverName === undefined ? undefined : normalizeHost(hello.serverName);
      const matches =
        sni === undefined
          ? t.host.kind !== 'name'
          : sni.kind !== 'invalid' && sni.host === t.host.host;
      if (!matches) return reject('sni-mismatch');
      settled = true;
      clearTimeout(timer);
      void tunnel();
    };
    const onData = (c: Buffer) => {
      buffered = Buffer.concat([buffered, c]);
      examine();
    };
    const tunnel = async () => {
      let upstream: Socket;
      try {
        upstream = await connectUpstream(t.host, t.port);
      } catch (e) {
        log(start, {
          kind: 'connect',
          method: 'CONNECT',
          host: t.host.host,
          port: t.port,
          path: '',
          decision: 'deny',
          reason: e instanceof UpstreamError ? e.code : 'connect-failed',
          status: 502,
          requestBytes: 0,
          responseBytes: 0,
        });
        client.destroy();
        return;
      }
      let requestBytes = buffered.length;
      let responseBytes = 0;
      upstream.write(buffered);
      client.on('data', (c: Buffer) => (requestBytes += c.length));
      upstream.on('data', (c: Buffer) => (responseBytes += c.length));
      client.pipe(upstream);
      upstream.pipe(client);
      let closed = false;
      const close = () => {
        if (closed) return;
        closed = true;
        client.destroy();
        upstream.destroy();
        log(start, {
          kind: 'connect',
          method: 'CONNECT',
          host: t.host.host,
          port: t.port,
          path: '',
          decision: 'allow',
          status: 200,
          requestBytes,
          responseBytes,
        });
      };
      for (const s of [client, upstream]) {
        s.on('error', close);
        s.on('close', close);
      }
    };
    client.on('error', () => reject('client-error'));
    client.on('data', onData);
    examine();
  };

  const sockets = new Set<Duplex>();
  // requestTimeout bounds how long a client may take to send one request, body included.
  const server = createServer(
    { headersTimeout: handshakeTimeoutMs, requestTimeout: options.requestTimeoutMs ?? 120_000 },
    (req, res) => {
      handleRequest(req, res).catch(() => res.destroy());
    },
  );
  server.maxConnections = options.policy.maxConnections;
  // CONNECT and upgraded sockets leave the HTTP server's bookkeeping; track them to close them.
  server.on('connection', (s: Duplex) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  server.on('connect', handleConnect);
  // WebSocket and h2c upgrades would turn an inspected request into an opaque stream (THREATS.md §C 14).
  server.on('upgrade', (req: IncomingMessage, socket: Duplex) => {
    const start = now();
    log(start, {
      kind: 'upgrade',
      method: req.method ?? '',
      host: '',
      port: undefined,
      path: '',
      decision: 'deny',
      reason: 'upgrade-refused',
      status: 403,
      requestBytes: 0,
      responseBytes: 0,
    });
    socket.end(
      'HTTP/1.1 403 Forbidden\r\nconnection: close\r\nx-airlock-egress: upgrade-refused\r\n\r\n',
    );
  });
  server.on('clientError', (_err, socket: Duplex) => socket.destroy());

  await rm(options.socketPath, { force: true });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.socketPath, () => resolve());
  });
  await chmod(options.socketPath, 0o600);

  return {
    socketPath: options.socketPath,
    stats: () => ({ bufferedBytes: buffered, connections: sockets.size }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        for (const s of sockets) s.destroy();
      }),
  };
}
