import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { ScanError } from './scan-error.js';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** Random part of a token: 20 characters of [A-Za-z0-9], about 119 bits. */
const RANDOM_CHARS = 20;

/** Any Airlock token, known to this vault or not. */
// Bounded: patches come from the agent, so this runs on attacker-controlled text.
export const TOKEN_REGEX =
  /AIRLOCK_[A-Z0-9]{1,40}(?:_[A-Z0-9]{1,40}){0,8}_[A-Za-z0-9]{20}(?![A-Za-z0-9])/g;

function randomPart(): string {
  // 248 = 4 × 62: rejection sampling keeps the characters uniform.
  let out = '';
  while (out.length < RANDOM_CHARS) {
    for (const b of randomBytes(32)) if (b < 248 && out.length < RANDOM_CHARS) out += ALNUM[b % 62];
  }
  return out;
}

/**
 * The reversible map between opaque tokens (`AIRLOCK_<TYPE>_<random>`) and the real values
 * they stand for. Lives only in memory: it refuses to serialise and prints without values.
 */
export class TokenVault {
  readonly #byToken = new Map<string, string>();
  readonly #byValue = new Map<string, string>();

  /** The token for `value` (the same token every time for the same value). */
  tokenFor(value: string, type: string): string {
    const existing = this.#byValue.get(value);
    if (existing !== undefined) return existing;
    if (!/^[A-Z0-9]+(?:_[A-Z0-9]+)*$/.test(type))
      throw new ScanError('bad-token-type', `bad token type "${type}"`);
    const token = `AIRLOCK_${type}_${randomPart()}`;
    this.#byToken.set(token, value);
    this.#byValue.set(value, token);
    return token;
  }

  valueOf(token: string): string | undefined {
    return this.#byToken.get(token);
  }

  tokens(): string[] {
    return [...this.#byToken.keys()];
  }

  get size(): number {
    return this.#byToken.size;
  }

  toJSON(): { tokens: number } {
    return { tokens: this.#byToken.size };
  }

  [inspect.custom](): string {
    return `TokenVault { ${this.#byToken.size} tokens }`;
  }
}
