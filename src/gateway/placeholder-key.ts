import { randomBytes } from 'node:crypto';
import type { LlmProvider } from './llm-providers.js';

/** Every placeholder starts so; recognisable in logs and scans as a stand-in, never a key. */
export const PLACEHOLDER_PREFIX = 'airlock-placeholder-';

/**
 * A fresh stand-in key for one run and one provider. 128 random bits make it useless outside
 * this gateway instance: a placeholder copied out of another run is refused (THREATS.md §C 18).
 */
export function mintPlaceholderKey(provider: LlmProvider): string {
  return `${PLACEHOLDER_PREFIX}${provider}-${randomBytes(16).toString('hex')}`;
}
