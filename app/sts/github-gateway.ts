import type { Probot } from 'probot';
import { StsError } from '../../src/sts/sts-error.js';

/** The GitHub calls the broker makes, in one place. */
export interface GithubGateway {
  findInstallation(owner: string, repo: string): Promise<{ id: number; permissions: Record<string, string> }>;
  getRepository(installationId: number, owner: string, repo: string): Promise<{ id: number; ownerId: number; owner: string; name: string; defaultBranch: string }>;
  /** A file's text at `ref`, or undefined if it does not exist. */
  readFile(installationId: number, owner: string, repo: string, path: string, ref: string): Promise<string | undefined>;
  mintToken(installationId: number, permissions: Record<string, string>, repositories: string[]): Promise<{ token: string; expiresAt: string }>;
  /** DELETE /installation/token with the token itself; true if GitHub no longer accepts it. */
  revokeToken(token: string): Promise<boolean>;
}

const statusOf = (error: unknown): number | undefined => (error as { status?: number }).status;

function unavailable(what: string, error: unknown): StsError {
  return new StsError('github_unavailable', `GitHub refused or failed to ${what} (status ${statusOf(error) ?? 'none'}); retry later`);
}

const INSTALLATION_TTL_MS = 60_000;

export function probotGateway(app: Probot, apiUrl: string, fetchImpl: typeof fetch = fetch, clock: () => number = Date.now): GithubGateway {
  // One client for the App and one per installation, reused: each renews its own credentials.
  let appClient: ReturnType<Probot['auth']> | undefined;
  const installationClients = new Map<number, ReturnType<Probot['auth']>>();
  const asApp = () => (appClient ??= app.auth());
  const asInstallation = (id: number) => {
    let client = installationClients.get(id);
    if (!client) installationClients.set(id, (client = app.auth(id)));
    return client;
  };
  // Installation lookups are cached briefly; GitHub itself refuses a mint beyond the
  // installation, so a stale entry can only cause a refusal, never a wider token.
  const installations = new Map<string, { at: number; value: { id: number; permissions: Record<string, string> } }>();
  return {
    async findInstallation(owner, repo) {
      const key = `${owner}/${repo}`.toLowerCase();
      const cached = installations.get(key);
      if (cached && clock() - cached.at < INSTALLATION_TTL_MS) return cached.value;
      const octokit = await asApp();
      try {
        const { data } = await octokit.request('GET /repos/{owner}/{repo}/installation', { owner, repo });
        const value = { id: data.id, permissions: data.permissions as Record<string, string> };
        installations.set(key, { at: clock(), value });
        return value;
      } catch (error) {
        if (statusOf(error) === 404) throw new StsError('installation_not_found', `the Airlock App is not installed on ${owner}/${repo}`);
        throw unavailable('look up the installation', error);
      }
    },
    async getRepository(installationId, owner, repo) {
      const octokit = await asInstallation(installationId);
      try {
        const { data } = await octokit.request('GET /repos/{owner}/{repo}', { owner, repo });
        return { id: Number(data.id), ownerId: Number(data.owner.id), owner: data.owner.login, name: data.name, defaultBranch: data.default_branch };
      } catch (error) {
        if (statusOf(error) === 404) throw new StsError('repository_not_found', `repository ${owner}/${repo} does not exist or the App cannot see it`);
        throw unavailable(`read ${owner}/${repo}`, error);
      }
    },
    async readFile(installationId, owner, repo, path, ref) {
      const octokit = await asInstallation(installationId);
      try {
        const { data } = await octokit.request('GET /repos/{owner}/{repo}/contents/{path}', { owner, repo, path, ref });
        if (Array.isArray(data) || data.type !== 'file' || !('content' in data)) return undefined;
        return Buffer.from(data.content, 'base64').toString('utf8');
      } catch (error) {
        if (statusOf(error) === 404) return undefined;
        throw unavailable(`read ${path}`, error);
      }
    },
    async mintToken(installationId, permissions, repositories) {
      const octokit = await asApp();
      try {
        const { data } = await octokit.request('POST /app/installations/{installation_id}/access_tokens', {
          installation_id: installationId,
          permissions,
          repositories,
        });
        return { token: data.token, expiresAt: data.expires_at };
      } catch (error) {
        throw unavailable('mint an installation token', error);
      }
    },
    async revokeToken(token) {
      // https://docs.github.com/en/rest/apps/installations#revoke-an-installation-access-token
      const response = await fetchImpl(`${apiUrl}/installation/token`, {
        method: 'DELETE',
        headers: { authorization: `token ${token}`, accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28' },
      });
      // 401: already revoked or expired, which is what we want.
      return response.status === 204 || response.status === 401;
    },
  };
}
