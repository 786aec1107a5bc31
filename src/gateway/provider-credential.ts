import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { KeyConvention } from './llm-providers.js';

/** Headers either convention may carry a key in; both are removed before forwarding. */
export const CREDENTIAL_HEADERS: readonly string[] = ['x-api-key', 'authorization'];

export type KeyCheck =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly reason: 'missing-key' | 'wrong-key' | 'placeholder-wrong-provider';
    };

function bearer(value: string | undefined): string | undefined {
  return value === undefined ? undefined : /^Bearer (\S+)$/i.exec(value)?.[1];
}

/** The key a request presents under `convention`, or undefined when it presents none. */
export function presentedKey(
  headers: IncomingHttpHeaders,
  convention: KeyConvention,
): string | undefined {
  if (convention === 'authorization-bearer') return bearer(headers.authorization);
  const v = headers['x-api-key'];
  // Node joins repeated x-api-key headers with ", ": such a value matches no placeholder.
  return typeof v === 'string' ? v : undefined;
}

function sameKey(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Whether a request may have the real key swapped in: it must present exactly this route's
 * placeholder. Another route's placeholder in any credential header is named separately, since
 * it shows an agent trying to aim one provider's key at another host.
 */
export function checkPresentedKey(
  headers: IncomingHttpHeaders,
  convention: KeyConvention,
  placeholder: string,
  otherPlaceholders: readonly string[],
): KeyCheck {
  const key = presentedKey(headers, convention);
  if (key !== undefined && sameKey(key, placeholder)) return { ok: true };
  const anywhere = [
    presentedKey(headers, 'x-api-key'),
    presentedKey(headers, 'authorization-bearer'),
  ];
  if (anywhere.some((k) => k !== undefined && otherPlaceholders.some((p) => sameKey(k, p))))
    return { ok: false, reason: 'placeholder-wrong-provider' };
  return { ok: false, reason: key === undefined ? 'missing-key' : 'wrong-key' };
}

/** The header that carries the real key to the bound upstream. */
export function credentialHeader(convention: KeyConvention, key: string): [string, string] {
  return convention === 'x-api-key' ? ['x-api-key', key] : ['authorization', `Bearer ${key}`];
}
