import { readAppSettings, SettingsError } from '../../app/app-settings.js';
import { startApp } from '../../app/start-app.js';
import type { CliCommand } from './cli-io.js';
import { waitForSignal } from './wait-for-signal.js';

/** `airlock app`: the Probot App and broker, configured by the environment (BRIEF.md). */
export const appCommand: CliCommand = async (_argv, io) => {
  let settings;
  try {
    settings = readAppSettings(io.env);
  } catch (error) {
    if (error instanceof SettingsError) {
      io.stderr(`airlock app: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const app = await startApp({ settings });
  io.stderr(`airlock app: listening on port ${new URL(app.url).port} (webhooks at /api/github/webhooks, broker at /airlock/v1/token)\n`);
  await waitForSignal();
  await app.close();
  return 0;
};
