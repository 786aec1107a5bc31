import { SettingsError } from './app-settings.js';
import { StoreError } from '../src/store/store-error.js';

/** Every way `airlock app` refuses to start after its settings parse, as a closed set of codes. */
export type AppStartupErrorCode =
  | 'credentials_refused'
  | 'github_unreachable'
  | 'store_unavailable'
  | 'policies_unreadable'
  | 'listen_failed';

export class AppStartupError extends Error {
  constructor(
    readonly code: AppStartupErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AppStartupError';
  }
}

const oneLine = (text: string): string => text.replace(/\s*\n\s*/g, ' ').trim();

/**
 * What `airlock app` prints for a startup failure: one line, never a stack. Our own errors carry
 * a message that names the setting and the fix; anything else is reported by its first line.
 */
export function startupErrorLine(error: unknown): string {
  if (error instanceof SettingsError || error instanceof AppStartupError || error instanceof StoreError) return oneLine(error.message);
  const err = error as { message?: unknown; code?: unknown } | undefined;
  const message = typeof err?.message === 'string' && err.message ? err.message.split('\n')[0]! : String(error);
  return oneLine(`cannot start: ${message}${typeof err?.code === 'string' && !message.includes(err.code) ? ` (${err.code})` : ''}`);
}
