import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ProbotOctokit } from 'probot';
import { updateEnvFile } from '../env-file.js';
import { listen } from '../listen.js';
import { appManifest, readAppYml } from './app-manifest.js';
import type { SetupSettings } from './setup-settings.js';
import { messagePage, registeredPage, registrationPage } from './setup-pages.js';

// Registration mode of `airlock app` (no APP_ID), after Probot's setup app (src/apps/setup.ts):
// GET / redirects to /probot, /probot serves a button that posts app.yml's manifest to GitHub's
// settings/apps/new, and /probot/setup converts the code GitHub sends back into the App's
// credentials and writes them to .env. Unlike Probot's, the form carries a one-time `state`
// bound to the browser by a cookie, so a link with someone else's code cannot make this server
// write their App's credentials (GitHub returns `state` unchanged with the code); the first
// registration ends the mode; and no smee.io channel is fetched from npm at run time.
// https://docs.github.com/en/apps/sharing-github-apps/registering-a-github-app-from-a-manifest

const STATE_COOKIE = 'airlock_setup_state';
/** GitHub's code lives an hour; a page older than that cannot finish anyway. */
const STATE_LIFETIME_MS = 3_600_000;
const MAX_PENDING_STATES = 32;

export interface RunningSetup {
  url: string;
  close(): Promise<void>;
}

interface Conversion {
  id: number;
  slug: string;
  name: string;
  html_url: string;
  pem: string;
  webhook_secret: string | null;
  client_id: string;
  client_secret: string;
}

const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of String(req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

/** How the browser reached this server (Probot's getBaseUrl: X-Forwarded-* from a proxy, else Host). */
function baseUrl(req: IncomingMessage): string | undefined {
  const first = (value: string | string[] | undefined) => String(Array.isArray(value) ? value[0] : (value ?? '')).split(',')[0]!.trim();
  const host = first(req.headers['x-forwarded-host']) || first(req.headers.host);
  const proto = first(req.headers['x-forwarded-proto']) || 'http';
  if (!/^[A-Za-z0-9.:[\]-]+$/.test(host) || (proto !== 'http' && proto !== 'https')) return undefined;
  return `${proto}://${host}`;
}

/** Serves registration until an App is registered (then every page says to restart). */
export async function startManifestSetup(options: { settings: SetupSettings; report: (line: string) => void; clock?: () => number }): Promise<RunningSetup> {
  const { settings, report } = options;
  const clock = options.clock ?? Date.now;
  const appYml = readAppYml(await readFile(settings.manifestFile, 'utf8'));
  const name = String(appYml.name ?? 'Airlock');
  const description = String(appYml.description ?? '');
  const pending = new Map<string, number>();
  let busy = false;
  /** The App registered here; once set, registration is over until a restart. */
  let done: { name: string } | undefined;
  const createUrl = `${settings.githubWebUrl}${settings.org ? `/organizations/${settings.org}` : ''}/settings/apps/new`;

  const send = (res: ServerResponse, status: number, html: string, headers: Record<string, string> = {}): void => {
    res.writeHead(status, { ...PAGE_HEADERS, ...headers }).end(html);
  };

  const servePage = (req: IncomingMessage, res: ServerResponse): void => {
    if (done) return send(res, 200, messagePage(`${done.name} is registered`, 'Restart airlock app: it reads .env and starts as the App.'));
    const base = baseUrl(req);
    if (!base) return send(res, 400, messagePage('Bad request', 'The Host header is not a host name.'));
    const now = clock();
    for (const [state, expires] of pending) if (expires <= now || pending.size >= MAX_PENDING_STATES) pending.delete(state);
    const state = randomBytes(24).toString('base64url');
    pending.set(state, now + STATE_LIFETIME_MS);
    const manifestJson = JSON.stringify(appManifest({ appYml, baseUrl: base, webhookProxyUrl: settings.webhookProxyUrl }));
    send(res, 200, registrationPage({ name, description, formAction: `${createUrl}?state=${state}`, manifestJson, envFile: settings.envFile }), {
      'set-cookie': `${STATE_COOKIE}=${state}; Path=/probot; HttpOnly; SameSite=Lax; Max-Age=${STATE_LIFETIME_MS / 1000}`,
    });
  };

  const convert = async (code: string): Promise<Conversion> => {
    const octokit = new ProbotOctokit({ baseUrl: settings.githubApiUrl, throttle: { enabled: false }, log: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined } });
    // One attempt: a code works once, so a retry after an answer was lost could only fail.
    const { data } = await octokit.request('POST /app-manifests/{code}/conversions', { code, request: { retries: 0, signal: AbortSignal.timeout(30_000) } });
    return data as unknown as Conversion;
  };

  const serveSetup = async (req: IncomingMessage, res: ServerResponse, query: URLSearchParams): Promise<void> => {
    if (done || busy) return send(res, 409, messagePage('Already registering', 'An App is already registered (or being registered) from this server. Restart airlock app.'));
    const code = query.get('code') ?? '';
    const state = query.get('state') ?? '';
    const expires = pending.get(state);
    const bound = cookie(req, STATE_COOKIE);
    if (!/^[A-Za-z0-9_-]{1,128}$/.test(code) || expires === undefined || expires <= clock() || bound === undefined || !sameSecret(bound, state)) {
      report('refused a /probot/setup request whose state does not match a registration page this browser opened');
      return send(res, 400, messagePage('Registration not recognised', 'This link does not come from a registration this browser started here (or it is over an hour old). Start again from the registration page.'));
    }
    pending.delete(state);
    busy = true;
    try {
      let app: Conversion;
      try {
        app = await convert(code);
      } catch (error) {
        const status = (error as { status?: number }).status;
        report(`GitHub did not convert the registration code (${status ?? (error as Error).message}); start again from /probot`);
        return send(res, 502, messagePage('GitHub did not finish the registration', `GitHub answered ${status ?? 'nothing'} for the registration code. Codes work once and for an hour: start again.`));
      }
      const values: Record<string, string> = {
        APP_ID: String(app.id),
        PRIVATE_KEY: app.pem,
        WEBHOOK_SECRET: app.webhook_secret ?? '',
        GITHUB_CLIENT_ID: app.client_id,
        GITHUB_CLIENT_SECRET: app.client_secret,
      };
      try {
        await updateEnvFile(settings.envFile, values);
      } catch (error) {
        report(`registered App ${app.slug} (App ID ${app.id}) but ${(error as Error).message}; generate a private key on ${app.html_url} and set the variables by hand`);
        return send(res, 500, messagePage('Could not write .env', `The App ${app.name} (App ID ${app.id}) is registered, but ${settings.envFile} could not be written. Set its credentials by hand (docs/register-the-app.md).`));
      }
      done = { name: app.name };
      report(`registered GitHub App ${app.slug} (App ID ${app.id}); wrote ${settings.envFile}; restart airlock app, then install it: ${app.html_url}/installations/new`);
      send(res, 200, registeredPage({ name: app.name, appId: app.id, htmlUrl: app.html_url, envFile: settings.envFile, keys: Object.keys(values) }));
    } finally {
      busy = false;
    }
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://setup.invalid');
    if (req.method !== 'GET') return void res.writeHead(405, { allow: 'GET' }).end();
    if (url.pathname === '/') return void res.writeHead(302, { location: '/probot' }).end();
    if (url.pathname === '/probot') return servePage(req, res);
    if (url.pathname === '/probot/setup') {
      return void serveSetup(req, res, url.searchParams).catch((error: unknown) => {
        report(`registration failed: ${(error as Error).message}`);
        if (!res.headersSent) send(res, 500, messagePage('Registration failed', 'See the terminal running airlock app.'));
      });
    }
    if (url.pathname === '/healthz') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"setup"}');
    res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found: airlock app is in registration mode (no APP_ID); open /probot\n');
  });
  await listen(server, settings.port, settings.host);
  const { port } = server.address() as AddressInfo;
  const host = settings.host === '0.0.0.0' || settings.host === '::' ? '127.0.0.1' : settings.host;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
