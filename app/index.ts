import type { ApplicationFunction } from 'probot';
import { airlockApp } from './airlock-app.js';
import { readAppSettings } from './app-settings.js';

/** Probot entry (`probot run app/index.js`): settings from the environment (BRIEF.md). */
const app: ApplicationFunction = (probot, options) => airlockApp({ settings: readAppSettings(process.env) })(probot, options);
export default app;
