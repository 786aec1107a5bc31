import { readFileSync } from 'node:fs';
import { databaseTarget } from '../src/store/database-target.js';
import type { OpenDatabaseOptions } from '../src/store/database.js';
import { policyDir } from '../src/policy/policy-modules.js';
import { readTrustedRoots } from '../src/attest/trusted-roots.js';

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

function required(env: NodeJS.ProcessEnv, name: string, hint: string): string {
  const value = env[name];
  if (!value) throw new SettingsError(`${name} is not set: ${hint}`);
  return value;
}

export function readAppSettings(env: NodeJS.ProcessEnv, cwd: string = process.cwd()): AppSettings {
  const appId = Number(required(env, 'APP_ID', 'set it to your GitHub App id'));
  if (!Number.isInteger(appId) || appId <= 0) throw new SettingsError('APP_ID must be the numeric GitHub App id');
  let privateKey = env.PRIVATE_KEY;
  if (!privateKey && env.PRIVATE_KEY_PATH) {
    try {
      privateKey = readFileSync(env.PRIVATE_KEY_PATH, 'utf8');
    } catch {
      throw new SettingsError(`PRIVATE_KEY_PATH ${env.PRIVATE_KEY_PATH} cannot be read: point it at the App's .pem file`);
    }
  }
  if (!privateKey) throw new SettingsError('PRIVATE_KEY or PRIVATE_KEY_PATH must be set to the App private key (PEM)');
  if (!privateKey.includes('-----BEGIN')) privateKey = Buffer.from(privateKey, 'base64').toString('utf8');
  const protocol = env.GHE_PROTOCOL ?? 'https';
  if (protocol !== 'https' && protocol !== 'http') throw new SettingsError('GHE_PROTOCOL must be https or http');
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new SettingsError('PORT must be a TCP port number');
  const audience = env.AIRLOCK_AUDIENCE ?? 'airlock';
  return {
    appId,
    privateKey,
    webhookSecret: required(env, 'WEBHOOK_SECRET', "set it to the App's webhook secret"),
    githubApiUrl: env.GHE_HOST ? `${protocol}://${env.GHE_HOST}/api/v3` : 'https://api.github.com',
    oidcIssuer: env.AIRLOCK_OIDC_ISSUER ?? 'https://token.actions.githubusercontent.com',
    audience,
    port,
    host: env.HOST ?? '0.0.0.0',
    database: databaseTarget(env, cwd),
    policyDir: policyDir(env),
    sweepIntervalMs: 30_000,
    trustedRoots: trustedRoots(env.AIRLOCK_TRUSTED_ROOTS),
    identityServerUrl: (env.AIRLOCK_IDENTITY_SERVER_URL ?? 'https://github.com').replace(/\/+$/, ''),
    verdictKeyPem: env.AIRLOCK_VERDICT_KEY || undefined,
  };
}
