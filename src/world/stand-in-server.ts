import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

/** A listening stand-in: its origin, and how to stop it. */
export interface StandInServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/**
 * Listens with `handle` over HTTPS with the world's certificate (`tls`), or plain HTTP when none is
 * given, on `host` (127.0.0.1 by default). A handler that throws answers 500.
 */
export async function startStandInServer(handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>, options: { tls?: { keyPem: string; certPem: string }; host?: string; port?: number } = {}): Promise<StandInServer> {
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) return res.destroy();
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`stand-in failure: ${(error as Error).message}\n`);
    });
  };
  const server: Server = options.tls ? createHttpsServer({ key: options.tls.keyPem, cert: options.tls.certPem }, listener) : createServer(listener);
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, host, resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${options.tls ? 'https' : 'http'}://${host}:${port}`,
    port,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
