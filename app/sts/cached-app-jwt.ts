import { createPrivateKey, sign, type KeyObject } from 'node:crypto';

/** `createJwt` of @octokit/auth-app 8 (its `getAppAuthentication`): the App JWT, with GitHub's clock skew in seconds when it complained of one. */
export type CreateAppJwt = (appId: string | number, timeDifference?: number) => Promise<{ jwt: string; expiresAt: string }>;

export interface CachedAppJwtOptions {
  appId: number;
  /** PEM, PKCS#1 or PKCS#8 (escaped `\n` accepted, as Probot and universal-github-app-jwt accept it). */
  privateKey: string;
  clock?: () => number;
}

// GitHub accepts an App JWT for at most 10 minutes; `iat` 60 s back absorbs clock drift, as
// GitHub advises. https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/generating-a-json-web-token-jwt-for-a-github-app
const BACKDATE_S = 60;
const LIFETIME_S = 9 * 60;
/** A cached JWT is replaced this long before it expires, so none is sent that could lapse in flight. */
const RENEW_BEFORE_S = 120;

const base64url = (value: string | Buffer): string => Buffer.from(value).toString('base64url');

/**
 * The App JWT, signed once and reused until two minutes before it expires. @octokit/auth-app
 * caches installation tokens (Probot gives it an LRU of 15000 for 59 minutes) but signs a new App
 * JWT for every app-authenticated request (universal-github-app-jwt 2.x imports the private key
 * with WebCrypto and RSA-signs each time): one per token mint. Passed to Probot's Octokit as
 * `auth.createJwt` in place of `privateKey` (the two are mutually exclusive there).
 * A request that GitHub refused for clock skew is retried with `timeDifference`: that JWT is signed
 * afresh for the corrected time and not cached (auth-app itself keeps no skew either).
 */
export function cachedAppJwt(options: CachedAppJwtOptions): CreateAppJwt {
  const clock = options.clock ?? Date.now;
  // Read on first use, so a bad key fails where the first GitHub call reports it (at start-up).
  let key: KeyObject | undefined;
  const header = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }));
  let cached: { jwt: string; exp: number } | undefined;
  const signed = (appId: string | number, now: number) => {
    const iat = now - BACKDATE_S;
    const exp = iat + LIFETIME_S;
    const payload = base64url(JSON.stringify({ iat, exp, iss: appId }));
    const signature = sign('sha256', Buffer.from(`${header}.${payload}`), (key ??= createPrivateKey(options.privateKey.replace(/\\n/g, '\n')))).toString('base64url');
    return { jwt: `${header}.${payload}.${signature}`, exp };
  };
  const answer = (token: { jwt: string; exp: number }) => ({ jwt: token.jwt, expiresAt: new Date(token.exp * 1000).toISOString() });
  return async (appId, timeDifference) => {
    const now = Math.floor(clock() / 1000) + (timeDifference ?? 0);
    // Only this App's JWT without a skew correction is kept; anything else is signed as asked.
    if (timeDifference || String(appId) !== String(options.appId)) return answer(signed(appId, now));
    if (!cached || now >= cached.exp - RENEW_BEFORE_S) cached = signed(appId, now);
    return answer(cached);
  };
}
