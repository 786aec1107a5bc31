import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { githubEndpoints, listenPort, SettingsError } from '../app-settings.js';

/** What registration mode (`airlock app` with no APP_ID) reads from its environment. */
export interface SetupSettings {
  host: string;
  port: number;
  /** Where the browser registers the App (`<webUrl>/settings/apps/new`). */
  githubWebUrl: string;
  /** Where the code is converted (`POST <apiUrl>/app-manifests/{code}/conversions`). */
  githubApiUrl: string;
  /** GH_ORG: register the App for this organization instead of the user. */
  org?: string;
  /** WEBHOOK_PROXY_URL: the webhook URL to register instead of this server's own (a smee.io channel, say). */
  webhookProxyUrl?: string;
  /** The `.env` the credentials are written to: `.env` in the working directory, as Probot does. */
  envFile: string;
  /** Airlock's manifest: `app.yml` at the package root. */
  manifestFile: string;
}

/** `app.yml` at the Airlock package root, found by walking up from this module (sources or dist/). */
export function shippedManifestFile(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!(existsSync(join(dir, 'app.yml')) && existsSync(join(dir, 'package.json')))) {
    const parent = dirname(dir);
    if (parent === dir) throw new SettingsError('cannot find app.yml at the Airlock package root: reinstall Airlock');
    dir = parent;
  }
  return join(dir, 'app.yml');
}

/**
 * Registration runs where a person can reach it from their browser, so it listens on loopback
 * unless HOST says otherwise; it is refused in production (NODE_ENV=production), as Probot's is.
 * https://probot.github.io/docs/development/#manually-configuring-a-github-app
 */
export function readSetupSettings(env: NodeJS.ProcessEnv, cwd: string): SetupSettings {
  if (env.NODE_ENV === 'production') {
    throw new SettingsError('APP_ID is not set, and registration is not served in production (NODE_ENV=production): register the App first (docs/register-the-app.md), then set APP_ID, PRIVATE_KEY and WEBHOOK_SECRET');
  }
  const { webUrl, apiUrl } = githubEndpoints(env);
  if (env.GH_ORG && !/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/.test(env.GH_ORG)) throw new SettingsError(`GH_ORG must be an organization login such as acme (got ${JSON.stringify(env.GH_ORG)})`);
  let webhookProxyUrl: string | undefined;
  if (env.WEBHOOK_PROXY_URL) {
    webhookProxyUrl = env.WEBHOOK_PROXY_URL;
    if (!/^https?:\/\/[^\s]+$/.test(webhookProxyUrl)) throw new SettingsError('WEBHOOK_PROXY_URL must be an http(s) URL, such as a https://smee.io/<channel> URL');
  }
  return {
    host: env.HOST || '127.0.0.1',
    port: listenPort(env),
    githubWebUrl: webUrl,
    githubApiUrl: apiUrl,
    org: env.GH_ORG || undefined,
    webhookProxyUrl,
    envFile: join(cwd, '.env'),
    manifestFile: shippedManifestFile(),
  };
}
