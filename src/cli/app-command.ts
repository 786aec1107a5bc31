import { join } from 'node:path';
import { readAppSettings } from '../../app/app-settings.js';
import { startupErrorLine } from '../../app/app-startup-error.js';
import { environmentWithEnvFile } from '../../app/env-file.js';
import { startManifestSetup } from '../../app/setup/manifest-setup.js';
import { readSetupSettings } from '../../app/setup/setup-settings.js';
import { startApp } from '../../app/start-app.js';
import type { CliCommand, CliIo } from './cli-io.js';
import { waitForSignal } from './wait-for-signal.js';

/** Registration mode: no APP_ID yet, so serve the manifest flow until the person restarts us. */
async function register(env: NodeJS.ProcessEnv, io: CliIo): Promise<number> {
  const settings = readSetupSettings(env, io.cwd);
  const setup = await startManifestSetup({ settings, report: (line) => io.stderr(`airlock app: ${line}\n`) });
  io.stderr(`airlock app: APP_ID is not set, so this is registration mode: open ${setup.url}/probot to register the GitHub App (its credentials go to ${settings.envFile})\n`);
  await waitForSignal();
  await setup.close();
  return 0;
}

/**
 * `airlock app`: the Probot App and broker, configured by the environment and `.env` in the
 * working directory (the environment wins), or registration of the App when APP_ID is not set.
 * Any failure to start is one line on stderr and exit code 2 (BRIEF.md: App configuration).
 */
export const appCommand: CliCommand = async (_argv, io) => {
  try {
    const env = await environmentWithEnvFile(io.env, join(io.cwd, '.env'));
    if (!env.APP_ID) return await register(env, io);
    const app = await startApp({ settings: readAppSettings(env, io.cwd), env });
    io.stderr(`airlock app: listening on port ${new URL(app.url).port} (webhooks at /api/github/webhooks, broker at /airlock/v1/token)\n`);
    await waitForSignal();
    await app.close();
    return 0;
  } catch (error) {
    io.stderr(`airlock app: ${startupErrorLine(error)}\n`);
    return 2;
  }
};
