import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createNodeMiddleware, createProbot } from 'probot';
import { pino, type Logger } from 'pino';
import { sendJson } from '../src/http/json-http.js';
import { airlockApp, type AirlockAppOptions } from './airlock-app.js';

export interface RunningApp {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** Serves the App: webhooks at /api/github/webhooks, the broker at /airlock/v1, and /healthz. */
export async function startApp(options: AirlockAppOptions & { log?: Logger }): Promise<RunningApp> {
  const { settings } = options;
  const log = options.log ?? pino({ level: process.env.LOG_LEVEL ?? 'info', redact: ['req.headers.authorization', '*.token'] });
  const probot = createProbot({
    overrides: { appId: settings.appId, privateKey: settings.privateKey, secret: settings.webhookSecret, baseUrl: settings.githubApiUrl, log },
  });
  const middleware = await createNodeMiddleware(airlockApp(options), { probot, webhooksPath: '/api/github/webhooks' });
  // Headers up to 64 KiB reach the broker, so an oversized OIDC token gets its own error code
  // (oidc_token_too_large) instead of Node's bare 431.
  const server = createServer({ maxHeaderSize: 64 * 1024 }, (req, res) => {
    if (req.url === '/healthz' && req.method === 'GET') return sendJson(res, 200, { status: 'ok' });
    void middleware(req, res, () => sendJson(res, 404, { error: { code: 'not_found', message: `no route ${req.method} ${req.url}` } }));
  });
  await new Promise<void>((resolve) => server.listen(settings.port, settings.host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
