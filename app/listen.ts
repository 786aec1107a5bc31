import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { AppStartupError } from './app-startup-error.js';

/** Bounds on what one client can hold of the App's server. */
export interface ServerLimits {
  /** Time to receive a request's headers. */
  headersTimeoutMs: number;
  /** Time to receive a whole request, body included: a slow body is cut off, not held for Node's default 300 s. */
  requestTimeoutMs: number;
  /** Open connections at once; past it new connections are closed at once. */
  maxConnections: number;
}

/**
 * GitHub gives a webhook 10 s to be answered and sends at most 25 MB, and the broker's requests
 * are small JSON, so 30 s for a whole request is generous for every honest client.
 */
export const SERVER_LIMITS: ServerLimits = { headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, maxConnections: 1_024 };

/**
 * The App's HTTP server with its limits. Headers up to 64 KiB reach the broker, so an oversized
 * OIDC token gets its own error code (oidc_token_too_large) instead of Node's bare 431. Node
 * enforces the timeouts when it checks connections, so it checks every second, not every 30.
 * https://nodejs.org/api/http.html#httpcreateserveroptions-requestlistener
 */
export function createAppServer(handler: (req: IncomingMessage, res: ServerResponse) => void, limits: ServerLimits = SERVER_LIMITS): Server {
  const server = createServer(
    {
      maxHeaderSize: 64 * 1024,
      headersTimeout: Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs),
      requestTimeout: limits.requestTimeoutMs,
      connectionsCheckingInterval: Math.min(1_000, limits.requestTimeoutMs),
    },
    handler,
  );
  server.maxConnections = limits.maxConnections;
  return server;
}

/** Listens on `host:port`, or rejects with a one-line AppStartupError (a port in use, say) instead of an 'error' event nobody handles. */
export function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const why = error.code === 'EADDRINUSE' ? 'is in use by another process' : `cannot be used (${error.code ?? error.message})`;
      reject(new AppStartupError('listen_failed', `PORT ${port} on HOST ${host} ${why}; set PORT (or HOST) to a free one`, { cause: error }));
    });
    server.listen(port, host, () => resolve());
  });
}
