import type { GithubGateway } from '../sts/github-gateway.js';
import { REVOKE_TIMEOUT_MS } from '../sts/broker-deadline.js';

/**
 * GitHub's token revocation for a process without the App (the kill switch CLI): DELETE
 * /installation/token authenticated by the token itself; 204 revoked, 401 already revoked or
 * expired. The same call the App's gateway makes (app/sts/github-gateway.ts).
 * https://docs.github.com/en/rest/apps/installations#revoke-an-installation-access-token
 */
export function githubRevoker(apiUrl: string, fetchImpl: typeof fetch = fetch): Pick<GithubGateway, 'revokeToken'> {
  return {
    async revokeToken(token) {
      const response = await fetchImpl(`${apiUrl}/installation/token`, {
        method: 'DELETE',
        headers: { authorization: `token ${token}`, accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28' },
        signal: AbortSignal.timeout(REVOKE_TIMEOUT_MS),
      });
      await response.body?.cancel().catch(() => undefined);
      return response.status === 204 || response.status === 401;
    },
  };
}
