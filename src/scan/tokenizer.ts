import type { Finding } from './finding.js';
import type { ScanOptions } from './scan-options.js';
import { scanText } from './scan-text.js';
import type { TokenVault } from './token-vault.js';

export interface TokenizeResult {
  /** The text with every finding replaced by its token. */
  readonly text: string;
  /** What was replaced (offsets refer to the input text). */
  readonly findings: readonly Finding[];
}

/**
 * Replaces every finding's span by an opaque token from `vault`. Tokens are [A-Za-z0-9_], so
 * the surrounding syntax (quotes, YAML, .env, URLs, JSON) stays valid. The vault keeps the
 * original span text, so restoring gives back the exact bytes.
 */
export function tokenizeText(
  text: string,
  vault: TokenVault,
  options: ScanOptions = {},
): TokenizeResult {
  const { findings } = scanText(text, options);
  let out = '';
  let at = 0;
  for (const f of findings) {
    if (f.start < at) continue; // resolved findings do not overlap; stay safe if they ever did
    out += text.slice(at, f.start) + vault.tokenFor(text.slice(f.start, f.end), f.token_type);
    at = f.end;
  }
  out += text.slice(at);
  return { text: out, findings };
}

/** Tokenises bytes, read as latin1 so every other byte is kept exactly. */
export function tokenizeBuffer(
  bytes: Buffer,
  vault: TokenVault,
  options: ScanOptions = {},
): { bytes: Buffer; findings: readonly Finding[] } {
  const r = tokenizeText(bytes.toString('latin1'), vault, options);
  return { bytes: Buffer.from(r.text, 'latin1'), findings: r.findings };
}
