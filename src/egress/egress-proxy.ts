import { chmod, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { TLSSocket, createSecureContext, type SecureContext } from 'node:tls';
import type { KnownValue } from '../scan/known-values.js';
import type { CertificateAuthority } from '../tls/certificate-authority.js';
import { connectPublicUpstream, UpstreamError, type ConnectUpstream } from './connect-upstream.js';
import type { CredentialSet } from './credential-binding.js';
import type { EgressLogRecord } from './egress-log-record.js';
import { compileEgressPolicy, decideConnect, decideHttpRequest, type EgressPolicy } from './egress-policy.js';
import { createRequestInspector, type ApproveResolution, type DecideRequest, type InspectBody } from './inspect-request.js';
import { normalizeHost } from './normalize-host.js';
import { hostHeaderTarget, parseAbsoluteTarget, parseConnectTarget, parseOriginTarget, type ProxyTarget } from './parse-proxy-target.js';
import { RateLimiter } from './rate-limiter.js';
import { runnerTrustStore } from './runner-trust-store.js';
import { readClientHelloSni } from './tls-client-hello.js';
import { upstreamAgents } from './upstream-agent.js';

export type { BodyVerdict, InspectBody, InspectedRequest } from './inspect-request.js';

export interface EgressProxyOptions {
  readonly policy: EgressPolicy;
  /** Unix socket the proxy listens on; bound into the sandbox, created mode 0600. */
  readonly socketPath: string;
  readonly onLog: (record: EgressLogRecord) => void;
  readonly inspectBody?: InspectBody;
  readonly connectUpstream?: ConnectUpstream;
  /**
   * The run's credentials. Tunnels to a host one of them is bound to are terminated with a
   * certificate from `authority` (which the sandbox trusts), so each request in them is inspected
   * and its placeholder resolved; every other tunnel stays opaque.
   */
  readonly credentials?: CredentialSet;
  readonly authority?: CertificateAuthority;
  /** Trust for upstream TLS from terminated tunnels; default the runner's (runner-trust-store.ts). */
  readonly upstreamCa?: readonly string[];
  /** `data.airlock.egress`, asked for every inspected request. */
  readonly decide?: DecideRequest;
  readonly approve?: ApproveResolution;
  /** Every real value the run holds: refused in requests, scrubbed from the answers to resolved ones. Asked per request. */
  readonly protectedValues?: () => readonly KnownValue[];
  /**
   * Plain-HTTP hosts (such as the LLM gateway's virtual host) that a client may also reach with
   * CONNECT, as some proxy agents tunnel every request: the tunnel is read as plain HTTP and each
   * request in it is checked like an absolute-form one, never relayed opaquely.
   */
  readonly plainTunnelHosts?: readonly string[];
  /**
   * `audit`: a destination the allow-list would refuse (host, port, method, path) is let through and
   * logged as `audit:<reason>`, so a team can build its allow-list from a real run. Everything else
   * (placeholders, real values, the per-request policy, TLS and Host checks) is enforced as ever.
   */
  readonly enforcement?: 'block' | 'audit';
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

/** Allow-list refusals that audit mode lets through (and reports); never a host-confusion or parsing refusal. */
const AUDITABLE: ReadonlySet<string> = new Set(['host-not-allowed', 'ip-literal-not-allowed', 'port-not-allowed', 'method-not-allowed', 'path-not-allowed', 'connect-bypasses-rules', 'connect-not-allowed']);

/** Starts the host-side egress proxy: plain HTTP (absolute-form) and CONNECT, policy first, fail closed. */
export async function startEgressProxy(options: EgressProxyOptions): Promise<EgressProxy> {
  const compiled = compileEgressPolicy(options.policy);
  const now = options.now ?? Date.now;
  const limiter = new RateLimiter(options.policy.requestsPerMinute, options.policy.burst, now);
  const connectUpstream = options.connectUpstream ?? connectPublicUpstream();
  const handshakeTimeoutMs = options.handshakeTimeoutMs ?? 10_000;
  const requestTimeout = options.requestTimeoutMs ?? 120_000;
  const credentials = options.credentials;
  if (credentials && !options.authority && credentials.bindings.some((b) => !b.resolvedDownstream))
    throw new Error('egress proxy: credentials bound to hosts need an authority to terminate their TLS');
  const budgetBytes = options.policy.maxBufferedBytes;
  const audit = options.enforcement === 'audit';
  let buffered = 0;
  const agents = upstreamAgents(connectUpstream, options.upstreamCa ?? runnerTrustStore());

  const log = (start: number, record: Omit<EgressLogRecord, 'time' | 'durationMs'>) => {
    options.onLog({
      time: new Date(start).toISOString(),
      durationMs: now() - start,
      ...record,
      path: record.path.slice(0, 200),
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
      },
    },
    log,
  });

  /** Refuses before anything was inspected (the target itself is not allowed). */
  const refuseEarly = (res: ServerResponse, start: number, kind: 'http' | 'https', method: string, status: number, reason: string, t?: ProxyTarget) => {
    log(start, { kind, method, host: t?.host.host ?? '', port: t?.port, path: t?.path ?? '', decision: 'deny', reason, status, requestBytes: 0, responseBytes: 0 });
    res.writeHead(status, { 'content-type': 'text/plain', connection: 'close', 'x-airlock-egress': reason });
    res.end(`airlock egress: ${reason}\n`);
  };

  /** Host rules (allow-list, methods, paths, Host header) and the rate limit, then the inspector. */
  const handleTargeted = (req: IncomingMessage, res: ServerResponse, t: ProxyTarget, scheme: 'http' | 'https', start: number) => {
    const method = req.method ?? 'GET';
    const hostHeader = req.headers.host === undefined ? undefined : (hostHeaderTarget(req.headers.host, scheme === 'https' ? 443 : 80) ?? 'unparseable');
    // Inside a terminated tunnel the Host header is required: it must name the tunnel's own target.
    if (scheme === 'https' && hostHeader === undefined) return refuseEarly(res, start, scheme, method, 403, 'host-header-mismatch', t);
    const decision = decideHttpRequest(method, t, hostHeader, compiled);
    const audited = !decision.allow && audit && AUDITABLE.has(decision.reason) ? `audit:${decision.reason}` : undefined;
    if (!decision.allow && !audited) return refuseEarly(res, start, scheme, method, decision.status, decision.reason, t);
    if (!limiter.take(t.host.host)) return refuseEarly(res, start, scheme, method, 429, 'rate-limited', t);
    return inspect(req, res, t, scheme, start, audited);
  };

  const handleRequest = async (req: IncomingMessage, res: ServerResponse) => {
    const start = now();
    const parsed = parseAbsoluteTarget(req.url ?? '');
    if (!parsed.ok) return refuseEarly(res, start, 'http', req.method ?? 'GET', 400, parsed.reason);
    await handleTargeted(req, res, parsed.target, 'http', start);
  };

  // Requests inside tunnels the proxy reads: one HTTP server that never listens, fed TLS sockets
  // (terminated tunnels) or the plain sockets of tunnels to plain-HTTP hosts.
  const tunnelTargets = new WeakMap<object, { target: ProxyTarget; scheme: 'http' | 'https' }>();
  const inner: Server = createServer({ headersTimeout: handshakeTimeoutMs, requestTimeout }, (req, res) => {
    const start = now();
    const tunnel = tunnelTargets.get(req.socket);
    const parsed = tunnel ? parseOriginTarget(req.url ?? '', tunnel.target) : undefined;
    if (!tunnel || !parsed?.ok) {
      refuseEarly(res, start, tunnel?.scheme ?? 'https', req.method ?? 'GET', 400, parsed && !parsed.ok ? parsed.reason : 'not-a-proxy-request', tunnel?.target);
      return;
    }
    handleTargeted(req, res, parsed.target, tunnel.scheme, start)?.catch(() => res.destroy());
  });
  const plainTunnels = new Set((options.plainTunnelHosts ?? []).map((h) => normalizeHost(h)).flatMap((h) => (h.kind === 'invalid' ? [] : [h.host])));
  inner.on('upgrade', (_req: IncomingMessage, socket: Duplex) => refuseUpgrade(socket, _req.method ?? ''));
  inner.on('connect', (_req: IncomingMessage, socket: Duplex) => socket.destroy());
  inner.on('clientError', (_err, socket: Duplex) => socket.destroy());
  const contexts = new Map<string, SecureContext>();
  const contextFor = (t: ProxyTarget): SecureContext => {
    let context = contexts.get(t.host.host);
    if (!context) {
      const issued = options.authority!.issueServerCertificate([t.host.host]);
      context = createSecureContext({ key: issued.keyPem, cert: issued.certPem, minVersion: 'TLSv1.2' });
      contexts.set(t.host.host, context);
    }
    return context;
  };
  /** Answers the tunnel's TLS as `t` with the run's authority; its requests go to `inner`. */
  const terminate = (client: Socket, hello: Buffer, t: ProxyTarget) => {
    client.unshift(hello);
    // Only HTTP/1.1 is offered: every client falls back to it, and the inspector reads HTTP/1.1 messages.
    const secure = new TLSSocket(client, { isServer: true, secureContext: contextFor(t), ALPNProtocols: ['http/1.1'] });
    secure.on('error', () => secure.destroy());
    tunnelTargets.set(secure, { target: t, scheme: 'https' });
    inner.emit('connection', secure);
  };

  const refuseUpgrade = (socket: Duplex, method: string) => {
    const start = now();
    log(start, { kind: 'upgrade', method, host: '', port: undefined, path: '', decision: 'deny', reason: 'upgrade-refused', status: 403, requestBytes: 0, responseBytes: 0 });
    socket.end('HTTP/1.1 403 Forbidden\r\nconnection: close\r\nx-airlock-egress: upgrade-refused\r\n\r\n');
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
    const plain = plainTunnels.has(t.host.host);
    const terminated = plain || (credentials?.terminates(t.host, t.port) ?? false);
    const decision = decideConnect(t, compiled, terminated);
    const audited = !decision.allow && audit && AUDITABLE.has(decision.reason) ? `audit:${decision.reason}` : undefined;
    if (!decision.allow && !audited) return deny(decision.status, decision.reason, t.host.host, t.port);
    if (!limiter.take(t.host.host)) return deny(429, 'rate-limited', t.host.host, t.port);
    client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    if (plain) {
      // Plain HTTP inside: every request is read and checked as if sent in absolute form.
      log(start, { kind: 'connect', method: 'CONNECT', host: t.host.host, port: t.port, path: '', decision: 'allow', reason: 'terminated', status: 200, requestBytes: 0, responseBytes: 0 });
      const socket = client as Socket;
      if (head.length) socket.unshift(head);
      tunnelTargets.set(socket, { target: t, scheme: 'http' });
      inner.emit('connection', socket);
      socket.resume();
      return;
    }

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
      if (!terminated) return void tunnel();
      log(start, { kind: 'connect', method: 'CONNECT', host: t.host.host, port: t.port, path: '', decision: 'allow', reason: 'terminated', status: 200, requestBytes: 0, responseBytes: 0 });
      terminate(client as Socket, buffered, t);
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
          ...(audited ? { reason: audited } : {}),
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
    { headersTimeout: handshakeTimeoutMs, requestTimeout },
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
  server.on('upgrade', (req: IncomingMessage, socket: Duplex) => refuseUpgrade(socket, req.method ?? ''));
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
        inner.closeAllConnections();
        for (const s of sockets) s.destroy();
        agents.destroy();
      }),
  };
}
