import type { ApplicationFunction } from 'probot';
import { loadPolicyModules } from '../src/policy/policy-modules.js';
import { loadEncryptionKey } from '../src/store/encryption-key.js';
import { airlockApp } from './airlock-app.js';
import { readAppSettings } from './app-settings.js';
import { openAppStore } from './app-store.js';

/**
 * Probot entry (`probot run`): settings from the environment (BRIEF.md). `airlock app` is the
 * supported way to run it: it also serves /healthz and runs the token sweeper.
 */
const app: ApplicationFunction = async (probot, options) => {
  const settings = readAppSettings(process.env);
  const { key } = await loadEncryptionKey({ env: process.env, dataDir: settings.database.dataDir ?? '.airlock-data' });
  const store = await openAppStore({ database: settings.database, encryptionKey: key, clock: Date.now });
  const policies = await loadPolicyModules(settings.policyDir);
  return airlockApp({ settings, store, policies })(probot, options);
};
export default app;
