import { join } from 'node:path';
import { readAppSettings } from '../../app/app-settings.js';
import { startupErrorLine } from '../../app/app-startup-error.js';
import { environmentWithEnvFile } from '../../app/env-file.js';
import { startManifestSetup } from '../../app/setup/manifest-setup.js';
import { readSetupSettings } from '../../app/setup/setup-settings.js';
import { startApp } from '../../app/start-app.js';
import { appLogger } from '../../app/metrics/app-logger.js';
import type { CliCommand, CliIo } from './cli-io.js';
import { runCommand } from './parse-command-args.js';
import { waitForSignal } from './wait-for-signal.js';

/** Registration mode: no APP_ID yet, so serve the manifest flow until the person restarts us. */
async function register(env: NodeJS.ProcessEnv, io: CliIo): Promise<number> {
  const settings = readSetupSettings(env, io.cwd);
  const setup = await startManifestSetup({ settings, report: (line) => io.stderr(`airlock app: ${line}\n`) });
  // Listen for the signal before saying we are up: whoever reads the line may stop us at once.
  const stopped = waitForSignal();
  io.stderr(`airlock app: APP_ID is not set, so this is registration mode: open ${setup.url}/probot to register the GitHub App (its credentials go to ${settings.envFile})\n`);
  await stopped;
  await setup.close();
  return 0;
}

const APP = {
  name: 'app',
  help: {
    usage: ['airlock app'],
    about: `Starts the Airlock App: webhooks at /api/github/webhooks, the token broker at /airlock/v1/token,
until SIGINT or SIGTERM. Configured by the environment and .env in the working directory (the
environment wins): APP_ID, PRIVATE_KEY or PRIVATE_KEY_PATH, WEBHOOK_SECRET, GHE_HOST/GHE_PROTOCOL,
AIRLOCK_OIDC_ISSUER, AIRLOCK_AUDIENCE, DATABASE_URL or AIRLOCK_DATA_DIR, PORT.
Without APP_ID it serves the registration flow instead (docs/register-the-app.md).`,
    exit: { 0: 'stopped by SIGINT or SIGTERM', 2: 'configuration or start-up error (one line on stderr)' },
  },
  options: {},
} as const;

/**
 * `airlock app`: the Probot App and broker, configured by the environment and `.env` in the
 * working directory (the environment wins), or registration of the App when APP_ID is not set.
 * Any failure to start is one line on stderr and exit code 2 (BRIEF.md: App configuration).
 */
export const appCommand: CliCommand = (argv, io) =>
  runCommand(APP, argv, io, async () => {
    try {
      const env = await environmentWithEnvFile(io.env, join(io.cwd, '.env'));
      if (!env.APP_ID) return await register(env, io);
      // The App's log, this line included, is JSON on stderr (docs/metrics.md).
      const log = appLogger({ level: env.LOG_LEVEL ?? 'info', write: io.stderr });
      const app = await startApp({ settings: readAppSettings(env, io.cwd), env, log });
      const port = Number(new URL(app.url).port);
      // Listen for SIGTERM before the status line: a supervisor (or test) that reads the line may
      // stop us at once, and a signal with no handler yet kills the process without closing.
      const stopped = waitForSignal();
      // The CLI's status line (scripts and tests wait for it): written whatever LOG_LEVEL says.
      log.child({}, { level: 'info' }).info({ port, webhooks: '/api/github/webhooks', broker: '/airlock/v1/token', metrics: '/metrics' }, `listening on port ${port} (webhooks at /api/github/webhooks, broker at /airlock/v1/token)`);
      await stopped;
      await app.close();
      return 0;
    } catch (error) {
      io.stderr(`airlock app: ${startupErrorLine(error)}\n`);
      return 2;
    }
  });
