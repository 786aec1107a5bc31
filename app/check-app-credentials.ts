import { createHash, createPublicKey } from 'node:crypto';
import { AppStartupError } from './app-startup-error.js';

/** What the check needs of an Octokit authenticated as the App (Probot's `probot.auth()`). */
export interface AppRequester {
  request(route: 'GET /app', options: { request: { retries: number; signal: AbortSignal } }): Promise<{ data: unknown }>;
}

/**
 * The fingerprint GitHub shows beside each private key of an App: SHA-256 of the public key
 * (DER, SubjectPublicKeyInfo), base64. Names the key in an error without revealing it.
 * https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/managing-private-keys-for-github-apps#verifying-private-keys
 */
export function keyFingerprint(privateKeyPem: string): string {
  const der = createPublicKey(privateKeyPem).export({ type: 'spki', format: 'der' });
  return `SHA256:${createHash('sha256').update(der).digest('base64')}`;
}

const brief = (text: string): string => text.replace(/\s+/g, ' ').trim().slice(0, 200);

/**
 * Authenticates once as the App (`GET /app` with its JWT), so a wrong APP_ID or key stops the
 * start instead of failing every webhook and token exchange later. One attempt (no retries),
 * bounded by `timeoutMs`. https://docs.github.com/en/rest/apps/apps#get-the-authenticated-app
 */
export async function checkAppCredentials(options: {
  octokit: AppRequester;
  appId: number;
  privateKey: string;
  githubApiUrl: string;
  timeoutMs?: number;
}): Promise<{ slug?: string; name?: string }> {
  const { appId, githubApiUrl } = options;
  try {
    const { data } = await options.octokit.request('GET /app', { request: { retries: 0, signal: AbortSignal.timeout(options.timeoutMs ?? 10_000) } });
    const app = (data ?? {}) as { slug?: string; name?: string };
    return { slug: app.slug, name: app.name };
  } catch (error) {
    const err = error as { status?: number; message?: string; response?: { data?: { message?: string } } };
    if (err.response && err.status !== undefined && err.status < 500) {
      const said = brief(err.response.data?.message ?? err.message ?? '');
      throw new AppStartupError(
        'credentials_refused',
        `GitHub refused the App's credentials (APP_ID ${appId}, key ${keyFingerprint(options.privateKey)}): ${err.status} ${said}; check APP_ID and PRIVATE_KEY`,
        { cause: error },
      );
    }
    const what = err.response ? `answered ${err.status} ${brief(err.response.data?.message ?? '')}` : `could not be reached (${brief(err.message ?? String(error))})`;
    throw new AppStartupError('github_unreachable', `GitHub at ${githubApiUrl} ${what} on GET /app; check GHE_HOST and GHE_PROTOCOL and that GitHub is reachable, then start again`, { cause: error });
  }
}
