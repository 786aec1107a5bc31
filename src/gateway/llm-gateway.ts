import { chmod, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Agent, request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { Transform, type Duplex } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { KnownValues, MIN_KNOWN_VALUE_LENGTH, type KnownValue } from '../scan/known-values.js';
import { GatewayError } from './gateway-error.js';
import type { GatewayLogRecord } from './gateway-log-record.js';
import { agentResponseHeaders, upstreamRequestHeaders } from './gateway-headers.js';
import { REFUSAL_MESSAGE, REFUSAL_STATUS, type GatewayRefusal } from './gateway-refusal.js';
import { LLM_PROVIDERS, PROVIDER_DEFINITIONS, type LlmProvider } from './llm-providers.js';
import { matchProviderRoute } from './match-provider-route.js';
import { mintPlaceholderKey } from './placeholder-key.js';
import { checkPresentedKey } from './provider-credential.js';
import {
  DEFAULT_BODY_POLICY,
  RequestBodyScan,
  type BodyDecision,
  type BodyPolicy,
} from './request-body-scan.js';
import { responseDecoder } from './response-decoder.js';
import { carriesKnownValue } from './sensitive-metadata.js';
import { StreamScrubber, scrubString } from './stream-scrubber.js';
import { parseUpstreamOrigin, type UpstreamOrigin } from './upstream-origin.js';
import type { ResolutionSwitch } from '../egress/resolution-switch.js';
import { requestModel } from './request-model.js';
import { UsageTally } from './usage-tally.js';

export interface LlmProviderOptions {
  /** The real API key (from a secret input or Vault). It leaves only toward `upstream`. */
  readonly apiKey: string;
  /** The one https origin this route forwards to; default the provider's public API. */
  readonly upstream?: string;
}

export interface LlmGatewayOptions {
  /** Providers to front; a provider left out has no route and no placeholder. */
  readonly providers: Readonly<Partial<Record<LlmProvider, LlmProviderOptions>>>;
  /** Trust roots for upstream TLS in place of Node's bundled CAs (tests pass a test CA). Verification is never turned off. */
  readonly ca?: string | Buffer | readonly (string | Buffer)[];
  readonly onLog: (record: GatewayLogRecord) => void;
  /**
   * Further values no request may carry: minted credentials, values behind workspace tokens
   * (see `tokenVaultValues`). Asked per request, so credentials minted after start count.
   */
  readonly sensitiveValues?: () => readonly KnownValue[];
  readonly bodyPolicy?: Partial<BodyPolicy>;
  /** Shared with the egress proxy: once stopped (containment revoked the run), nothing is forwarded with a real key. */
  readonly resolution?: ResolutionSwitch;
  /** Loopback port; default 0 (any free port). */
  readonly port?: number;
  /** Also listen on this unix socket (created mode 0600), for a bridge into the sandbox. */
  readonly socketPath?: string;
  /** Request bodies above this are refused before anything is sent; default 32 MiB (Anthropic's own limit). */
  readonly maxRequestBodyBytes?: number;
  /** All request bodies held at once; beyond it requests get 503; default 128 MiB. */
  readonly maxBufferedBytes?: number;
  readonly maxConnections?: number;
  /** Time allowed for request headers; default 10 s. */
  readonly headersTimeoutMs?: number;
  /** Time allowed to receive a whole request, body included; default 120 s. */
  readonly requestTimeoutMs?: number;
  /** An upstream connection silent this long is dropped; default 10 min (long generations stream slowly). */
  readonly upstreamIdleTimeoutMs?: number;
  readonly now?: () => number;
}

export interface LlmGateway {
  /** `http://127.0.0.1:<port>` on the host. */
  readonly origin: string;
  /** Host-side base URLs per configured provider, in each SDK's convention. */
  readonly baseUrls: Readonly<Partial<Record<LlmProvider, string>>>;
  /** This run's placeholder keys: what the agent holds instead of the real keys. */
  readonly placeholderKeys: Readonly<Partial<Record<LlmProvider, string>>>;
  readonly socketPath: string | undefined;
  close(): Promise<void>;
}

interface BoundProvider {
  readonly provider: LlmProvider;
  readonly apiKey: string;
  readonly upstream: UpstreamOrigin;
  readonly placeholder: string;
  readonly agent: Agent;
}

const DEFAULTS = {
  maxRequestBodyBytes: 32 * 1024 * 1024,
  maxBufferedBytes: 128 * 1024 * 1024,
  maxConnections: 256,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 120_000,
  upstreamIdleTimeoutMs: 600_000,
} as const;

function positive(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value <= 0)
    throw new GatewayError('invalid-options', `${name} must be a positive integer`);
  return value;
}

function checkApiKey(provider: LlmProvider, key: string): void {
  // Shorter keys fall below what the scanner matches, so they could leave in a body unnoticed.
  if (key.length < MIN_KNOWN_VALUE_LENGTH)
    throw new GatewayError('invalid-options', `${provider}: apiKey is too short`);
  if (!/^[\x21-\x7e]+$/.test(key))
    throw new GatewayError('invalid-options', `${provider}: apiKey must be printable ASCII`);
}

function listen(server: Server, where: { port: number } | { path: string }): Promise<void> {
  return new Promise((resolve, reject) => {
    const fail = (e: Error) =>
      reject(new GatewayError('listen-failed', `LLM gateway cannot listen: ${e.message}`));
    server.once('error', fail);
    const done = () => {
      server.off('error', fail);
      resolve();
    };
    if ('path' in where) server.listen(where.path, done);
    else server.listen(where.port, '127.0.0.1', done);
  });
}

/**
 * Starts the LLM gateway: per-provider routes on loopback (and optionally a unix socket) that
 * forward to one bound https upstream each, swapping the run's placeholder key for the real key
 * only there. Request bodies are scanned before any byte leaves; responses are scrubbed of the
 * real keys. Every refusal is answered as JSON and logged; every error path refuses.
 */
export async function startLlmGateway(options: LlmGatewayOptions): Promise<LlmGateway> {
  const now = options.now ?? Date.now;
  const cap = positive(
    'maxRequestBodyBytes',
    options.maxRequestBodyBytes ?? DEFAULTS.maxRequestBodyBytes,
  );
  const budget = positive(
    'maxBufferedBytes',
    options.maxBufferedBytes ?? DEFAULTS.maxBufferedBytes,
  );
  const idleMs = positive(
    'upstreamIdleTimeoutMs',
    options.upstreamIdleTimeoutMs ?? DEFAULTS.upstreamIdleTimeoutMs,
  );
  const headersTimeout = positive(
    'headersTimeoutMs',
    options.headersTimeoutMs ?? DEFAULTS.headersTimeoutMs,
  );
  const requestTimeout = positive(
    'requestTimeoutMs',
    options.requestTimeoutMs ?? DEFAULTS.requestTimeoutMs,
  );
  const maxConnections = positive(
    'maxConnections',
    options.maxConnections ?? DEFAULTS.maxConnections,
  );
  const policy: BodyPolicy = { ...DEFAULT_BODY_POLICY, ...options.bodyPolicy };
  if (!['redact', 'block'].includes(policy.knownValue))
    throw new GatewayError('invalid-options', 'bodyPolicy.knownValue must be redact or block');

  const bound = new Map<LlmProvider, BoundProvider>();
  for (const provider of LLM_PROVIDERS) {
    const config = options.providers[provider];
    if (config === undefined) continue;
    checkApiKey(provider, config.apiKey);
    bound.set(provider, {
      provider,
      apiKey: config.apiKey,
      upstream: parseUpstreamOrigin(
        config.upstream ?? PROVIDER_DEFINITIONS[provider].defaultUpstream,
      ),
      placeholder: mintPlaceholderKey(provider),
      agent: new Agent({
        keepAlive: true,
        rejectUnauthorized: true,
        minVersion: 'TLSv1.2',
        ...(options.ca !== undefined
          ? { ca: options.ca as string | Buffer | (string | Buffer)[] }
          : {}),
      }),
    });
  }
  if (bound.size === 0) throw new GatewayError('invalid-options', 'no provider configured');
  const configured = new Set(bound.keys());
  const realKeys: KnownValue[] = [...bound.values()].map((b) => ({
    value: b.apiKey,
    label: `${b.provider}-api-key`,
  }));
  const realKeyValues = new KnownValues(realKeys);
  let buffered = 0;

  const handleRequest = async (req: IncomingMessage, res: ServerResponse) => {
    const start = now();
    const method = req.method ?? 'GET';
    const route = matchProviderRoute(method, req.url ?? '', configured);
    let requestBytes = 0;
    let held = 0;
    let logged = false;
    const release = () => {
      buffered -= held;
      held = 0;
    };
    const log = (
      record: Pick<GatewayLogRecord, 'decision' | 'status' | 'upstream'> &
        Partial<Pick<GatewayLogRecord, 'reason' | 'rules' | 'responseBytes' | 'scrubbed' | 'model' | 'inputTokens' | 'outputTokens'>>,
    ) => {
      if (logged) return;
      logged = true;
      options.onLog({
        time: new Date(start).toISOString(),
        provider: route.provider,
        method,
        path: route.path.slice(0, 200),
        requestBytes,
        responseBytes: 0,
        scrubbed: 0,
        durationMs: now() - start,
        ...record,
      });
    };
    const refuse = (reason: GatewayRefusal, rules?: readonly string[]) => {
      release();
      const status = REFUSAL_STATUS[reason];
      log({ decision: 'deny', reason, status, upstream: undefined, ...(rules ? { rules } : {}) });
      if (res.headersSent) {
        res.destroy();
        return;
      }
      // An unread body stays on the socket: `connection: close` drops it after this answer.
      res.writeHead(status, {
        'content-type': 'application/json',
        connection: 'close',
        'x-airlock-gateway': reason,
      });
      res.end(JSON.stringify({ error: { code: reason, message: REFUSAL_MESSAGE[reason] } }));
    };

    try {
      if (!route.ok) return refuse(route.reason);
      const b = bound.get(route.provider)!;
      const def = PROVIDER_DEFINITIONS[b.provider];
      const others = [...bound.values()].filter((o) => o !== b).map((o) => o.placeholder);
      const key = checkPresentedKey(req.headers, def.keyConvention, b.placeholder, others);
      if (!key.ok) return refuse(key.reason);
      if (options.resolution?.stopped) return refuse(options.resolution.stopped);
      let protectedValues: KnownValues;
      try {
        protectedValues = new KnownValues([...realKeys, ...(options.sensitiveValues?.() ?? [])]);
      } catch {
        return refuse('scan-failed');
      }
      if (carriesKnownValue(protectedValues, req.url ?? '', req.headers))
        return refuse('sensitive-value-in-request');
      const encoding = String(req.headers['content-encoding'] ?? 'identity')
        .trim()
        .toLowerCase();
      if (encoding !== 'identity') return refuse('content-encoding-unsupported');
      const declared = req.headers['content-length'];
      if (declared !== undefined && Number(declared) > cap) return refuse('body-too-large');

      // The whole body is held (up to the cap), scanned as it arrives, and decided on before
      // anything is sent upstream, so a blocked or oversized body never partly leaves.
      const scan = new RequestBodyScan(protectedValues, policy);
      const parts: Buffer[] = [];
      const outcome = await new Promise<'complete' | GatewayRefusal>((resolve) => {
        const stop = (result: GatewayRefusal) => {
          req.off('data', onData);
          req.pause();
          resolve(result);
        };
        const onData = (chunk: Buffer) => {
          requestBytes += chunk.length;
          if (requestBytes > cap) return stop('body-too-large');
          if (buffered + chunk.length > budget) return stop('gateway-busy');
          buffered += chunk.length;
          held += chunk.length;
          parts.push(chunk);
          try {
            scan.push(chunk);
          } catch {
            stop('scan-failed');
          }
        };
        req.on('data', onData);
        req.once('end', () => resolve('complete'));
        req.once('error', () => stop('body-aborted'));
        req.once('close', () => {
          if (!req.complete) stop('body-aborted');
        });
      });
      if (outcome !== 'complete') return refuse(outcome);
      let decision: BodyDecision;
      try {
        decision = scan.finish(Buffer.concat(parts));
      } catch {
        return refuse('scan-failed');
      }
      if (decision.action === 'block') return refuse('body-blocked', decision.rules);
      const body = decision.body;
      const action = decision.action;
      const rules = decision.action === 'redact' ? { rules: decision.rules } : {};
      // Asked again: containment may have revoked the run while the body arrived.
      if (options.resolution?.stopped) return refuse(options.resolution.stopped);
      const model = requestModel(body);
      const usage = new UsageTally();

      const upstream = httpsRequest({
        host: b.upstream.host,
        port: b.upstream.port,
        method,
        path: route.path + route.query,
        headers: upstreamRequestHeaders(
          req.headers,
          def.keyConvention,
          b.apiKey,
          body.length > 0 || declared !== undefined ? body.length : undefined,
        ),
        agent: b.agent,
        rejectUnauthorized: true,
        timeout: idleMs,
      });
      upstream.on('timeout', () => upstream.destroy(new Error('upstream idle timeout')));
      upstream.on('error', () => {
        if (!res.headersSent) refuse('upstream-failed');
        else res.destroy();
      });
      res.once('close', () => {
        if (!res.writableFinished) upstream.destroy();
      });
      upstream.on('response', (up) => {
        const status = up.statusCode ?? 502;
        // Never followed and never passed on: a redirect could steer the agent's next request,
        // and no provider API answers one legitimately (THREATS.md §C 13).
        if (status >= 300 && status < 400) {
          up.resume();
          return refuse('upstream-redirect');
        }
        const decoder = responseDecoder(up.headers['content-encoding']);
        if (decoder === null) {
          up.resume();
          return refuse('upstream-encoding-unsupported');
        }
        let scrubbed = 0;
        let responseBytes = 0;
        const headers = agentResponseHeaders(up.headers, (value) => {
          const r = scrubString(realKeyValues, value);
          scrubbed += r.replacements;
          return r.text;
        });
        const scrubber = new StreamScrubber(realKeyValues);
        const emit = (out: Buffer) => {
          responseBytes += out.length;
          usage.push(out);
          return out;
        };
        const scrub = new Transform({
          transform(chunk: Buffer, _enc, done) {
            done(null, emit(scrubber.push(chunk)));
          },
          flush(done) {
            done(null, emit(scrubber.end()));
          },
        });
        // The upstream's reason phrase is not passed on: it is free text that could echo a key.
        res.writeHead(status, headers);
        res.once('close', () =>
          log({
            decision: action,
            status,
            upstream: b.upstream.label,
            responseBytes,
            scrubbed: scrubbed + scrubber.replacements,
            ...rules,
            ...(model ? { model } : {}),
            inputTokens: usage.inputTokens,
            outputTokens: usage.outputTokens,
          }),
        );
        const flow = decoder ? pipeline(up, decoder, scrub, res) : pipeline(up, scrub, res);
        flow.catch(() => res.destroy());
      });
      upstream.end(body);
    } finally {
      release();
    }
  };

  /** Refuses on a socket the HTTP server handed over (CONNECT, upgrades). */
  const refuseSocket = (socket: Duplex, method: string, reason: GatewayRefusal) => {
    const start = now();
    options.onLog({
      time: new Date(start).toISOString(),
      provider: undefined,
      method,
      path: '',
      upstream: undefined,
      decision: 'deny',
      reason,
      status: REFUSAL_STATUS[reason],
      requestBytes: 0,
      responseBytes: 0,
      scrubbed: 0,
      durationMs: now() - start,
    });
    socket.end(
      `HTTP/1.1 ${REFUSAL_STATUS[reason]} Refused\r\nconnection: close\r\nx-airlock-gateway: ${reason}\r\n\r\n`,
    );
  };

  const servers: Server[] = [];
  const sockets = new Set<Duplex>();
  const makeServer = () => {
    const server = createServer({ headersTimeout, requestTimeout }, (req, res) => {
      handleRequest(req, res).catch(() => res.destroy());
    });
    server.maxConnections = maxConnections;
    // Upgraded and CONNECT sockets leave the HTTP server's bookkeeping; tracked to close them.
    server.on('connection', (s: Duplex) => {
      sockets.add(s);
      s.once('close', () => sockets.delete(s));
    });
    // WebSocket or h2c would turn scanned requests into an opaque stream (THREATS.md §C 14).
    server.on('upgrade', (req: IncomingMessage, socket: Duplex) =>
      refuseSocket(socket, req.method ?? '', 'upgrade-refused'),
    );
    server.on('connect', (_req: IncomingMessage, socket: Duplex) =>
      refuseSocket(socket, 'CONNECT', 'method-not-allowed'),
    );
    server.on('clientError', (_err, socket: Duplex) => socket.destroy());
    servers.push(server);
    return server;
  };

  const close = async () => {
    await Promise.all(
      servers.map(
        (s) =>
          new Promise<void>((resolve) => {
            s.close(() => resolve());
            s.closeAllConnections();
          }),
      ),
    );
    for (const s of sockets) s.destroy();
    for (const b of bound.values()) b.agent.destroy();
  };

  try {
    const tcp = makeServer();
    await listen(tcp, { port: options.port ?? 0 });
    if (options.socketPath !== undefined) {
      await rm(options.socketPath, { force: true });
      await listen(makeServer(), { path: options.socketPath });
      await chmod(options.socketPath, 0o600);
    }
    const origin = `http://127.0.0.1:${(tcp.address() as AddressInfo).port}`;
    const baseUrls: Partial<Record<LlmProvider, string>> = {};
    const placeholderKeys: Partial<Record<LlmProvider, string>> = {};
    for (const b of bound.values()) {
      baseUrls[b.provider] =
        `${origin}/${b.provider}${PROVIDER_DEFINITIONS[b.provider].baseUrlSuffix}`;
      placeholderKeys[b.provider] = b.placeholder;
    }
    return { origin, baseUrls, placeholderKeys, socketPath: options.socketPath, close };
  } catch (e) {
    await close();
    throw e;
  }
}
