import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { databaseTarget } from '../src/store/database-target.js';
import type { OpenDatabaseOptions } from '../src/store/database.js';
import { policyDir } from '../src/policy/policy-modules.js';
import { readTrustedRoots } from '../src/attest/trusted-roots.js';
import { PolicyBackendSettingError, readPolicyBackendSetting, type PolicyBackendSetting } from '../src/policy/backends/policy-backend-setting.js';

/** Everything the App reads from its environment, parsed once (BRIEF.md: App configuration). */
export interface AppSettings {
  appId: number;
  privateKey: string;
  webhookSecret: string;
  /** GitHub REST base URL; GHE_HOST/GHE_PROTOCOL select GitHub Enterprise or the local world. */
  githubApiUrl: string;
  oidcIssuer: string;
  audience: string;
  port: number;
  host: string;
  /** PostgreSQL at DATABASE_URL, else embedded PGlite in AIRLOCK_DATA_DIR (default .airlock-data). */
  database: OpenDatabaseOptions & { dataDir?: string };
  /** Rego policies (`airlock.sts`, `airlock.pr`, ...): the shipped set or AIRLOCK_POLICY_DIR. */
  policyDir: string;
  /** Where policies are evaluated (AIRLOCK_POLICY_BACKEND): embedded (default), an OPA server or a wasm module. */
  policyBackend?: PolicyBackendSetting;
  /** How often the sweeper revokes tokens past their policy's max_lifetime. */
  sweepIntervalMs: number;
  /** Sigstore trusted roots for agent-run attestations (AIRLOCK_TRUSTED_ROOTS); default public-good. */
  trustedRoots?: unknown[];
  /** The host Fulcio names workflows under in certificates (AIRLOCK_IDENTITY_SERVER_URL); default https://github.com. */
  identityServerUrl?: string;
  /** The verdict signing key (AIRLOCK_VERDICT_KEY, PEM); else a key file in the data directory. */
  verdictKeyPem?: string;
}

export class SettingsError extends Error {}

function trustedRoots(value: string | undefined): unknown[] {
  try {
    return readTrustedRoots(value);
  } catch (error) {
    throw new SettingsError((error as Error).message, { cause: error });
  }
}

function policyBackend(value: string | undefined, cwd: string): PolicyBackendSetting {
  try {
    return readPolicyBackendSetting(value, cwd);
  } catch (error) {
    if (error instanceof PolicyBackendSettingError) throw new SettingsError(error.message, { cause: error });
    throw error;
  }
}

function required(env: NodeJS.ProcessEnv, name: string, hint: string): string {
  const value = env[name];
  if (!value) throw new SettingsError(`${name} is not set: ${hint}`);
  return value;
}

/**
 * GitHub's web and REST URLs: github.com, or the GitHub Enterprise Server (or local world) at
 * GHE_HOST over GHE_PROTOCOL, as Probot reads them. https://probot.github.io/docs/configuration/
 */
export function githubEndpoints(env: NodeJS.ProcessEnv): { webUrl: string; apiUrl: string } {
  const protocol = env.GHE_PROTOCOL || 'https';
  if (protocol !== 'https' && protocol !== 'http') throw new SettingsError(`GHE_PROTOCOL must be https or http (got ${JSON.stringify(protocol)})`);
  if (!env.GHE_HOST) return { webUrl: 'https://github.com', apiUrl: 'https://api.github.com' };
  if (!/^[A-Za-z0-9.-]+(:\d{1,5})?$/.test(env.GHE_HOST)) throw new SettingsError(`GHE_HOST must be a host name with an optional :port, such as github.example.com (got ${JSON.stringify(env.GHE_HOST)})`);
  return { webUrl: `${protocol}://${env.GHE_HOST}`, apiUrl: `${protocol}://${env.GHE_HOST}/api/v3` };
}

/** PORT (default 3000; 0 picks a free port). */
export function listenPort(env: NodeJS.ProcessEnv): number {
  const text = env.PORT || '3000';
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) throw new SettingsError(`PORT must be a TCP port number from 0 to 65535 (got ${JSON.stringify(text)})`);
  return port;
}

/**
 * The App's private key: PRIVATE_KEY (PEM, base64 of a PEM, or a PEM with literal `\n`, as
 * Probot's get-private-key accepts) or the file at PRIVATE_KEY_PATH; refused unless Node can
 * read it as an RSA private key, the kind GitHub generates for Apps.
 * https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/managing-private-keys-for-github-apps
 */
function readPrivateKey(env: NodeJS.ProcessEnv, cwd: string): string {
  let privateKey = env.PRIVATE_KEY;
  let origin = 'PRIVATE_KEY';
  if (!privateKey && env.PRIVATE_KEY_PATH) {
    origin = `PRIVATE_KEY_PATH ${env.PRIVATE_KEY_PATH}`;
    try {
      privateKey = readFileSync(resolve(cwd, env.PRIVATE_KEY_PATH), 'utf8');
    } catch (error) {
      throw new SettingsError(`${origin} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'unreadable'}): point it at the App's .pem file`);
    }
  }
  if (!privateKey) throw new SettingsError("PRIVATE_KEY or PRIVATE_KEY_PATH must be set to the App's private key (the .pem file GitHub generated)");
  if (!privateKey.includes('-----BEGIN')) privateKey = Buffer.from(privateKey, 'base64').toString('utf8');
  if (privateKey.includes('\\n')) privateKey = privateKey.replace(/\\n/g, '\n');
  let type: string | undefined;
  try {
    type = createPrivateKey(privateKey).asymmetricKeyType;
  } catch {
    throw new SettingsError(`${origin} is not a PEM private key: use the .pem file GitHub generated for the App (or its contents, or its base64)`);
  }
  if (type !== 'rsa') throw new SettingsError(`${origin} is an ${type ?? 'unknown'} key, but GitHub App keys are RSA: use the .pem file GitHub generated for the App`);
  return privateKey;
}

/** DATABASE_URL, when set, must be a PostgreSQL connection URL; the message never repeats it (it may hold a password). */
function checkDatabaseUrl(env: NodeJS.ProcessEnv): void {
  if (!env.DATABASE_URL) return;
  let url: URL | undefined;
  try {
    url = new URL(env.DATABASE_URL);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') || !url.hostname) {
    throw new SettingsError('DATABASE_URL must be a PostgreSQL URL such as postgres://user:password@host:5432/airlock; unset it to use the embedded database in AIRLOCK_DATA_DIR');
  }
}

export function readAppSettings(env: NodeJS.ProcessEnv, cwd: string = process.cwd()): AppSettings {
  const appIdText = required(env, 'APP_ID', 'set it to your GitHub App id');
  const appId = Number(appIdText);
  if (!/^\d+$/.test(appIdText) || !Number.isSafeInteger(appId) || appId <= 0) throw new SettingsError(`APP_ID must be the numeric GitHub App id (got ${JSON.stringify(appIdText)})`);
  const webhookSecret = required(env, 'WEBHOOK_SECRET', "set it to the App's webhook secret");
  const privateKey = readPrivateKey(env, cwd);
  const port = listenPort(env);
  checkDatabaseUrl(env);
  const audience = env.AIRLOCK_AUDIENCE ?? 'airlock';
  return {
    appId,
    privateKey,
    webhookSecret,
    githubApiUrl: githubEndpoints(env).apiUrl,
    oidcIssuer: env.AIRLOCK_OIDC_ISSUER ?? 'https://token.actions.githubusercontent.com',
    audience,
    port,
    host: env.HOST ?? '0.0.0.0',
    database: databaseTarget(env, cwd),
    policyDir: policyDir(env),
    policyBackend: policyBackend(env.AIRLOCK_POLICY_BACKEND, cwd),
    sweepIntervalMs: 30_000,
    trustedRoots: trustedRoots(env.AIRLOCK_TRUSTED_ROOTS),
    identityServerUrl: (env.AIRLOCK_IDENTITY_SERVER_URL ?? 'https://github.com').replace(/\/+$/, ''),
    verdictKeyPem: env.AIRLOCK_VERDICT_KEY || undefined,
  };
}
