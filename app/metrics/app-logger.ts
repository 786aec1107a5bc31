import { pino, type Logger } from 'pino';
import { oneNamePerLine } from './one-name-logger.js';

/**
 * Paths pino replaces with "[Redacted]" wherever a request, error or record carries them: the
 * Authorization header (an OIDC or installation token) and any field named token.
 * https://getpino.io/#/docs/redaction
 */
export const LOG_REDACT = ['req.headers.authorization', 'headers.authorization', '*.token', 'token'];

/**
 * The App's log: one strict JSON object per line with exactly one `name` (`airlock`, or the
 * child's: probot, event, octokit, github, audit), written to `write` (the CLI's stderr, where
 * its status lines have always gone).
 */
export function appLogger(options: { level: string; write: (line: string) => void }): Logger {
  const root = pino({ level: options.level, redact: LOG_REDACT }, { write: options.write });
  return oneNamePerLine(root, { name: 'airlock' });
}
