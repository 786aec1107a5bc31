import type { Probot } from 'probot';
import { StsError } from '../../src/sts/sts-error.js';
import { REVOKE_TIMEOUT_MS } from './broker-deadline.js';
import { ConditionalCache, conditionalGet } from '../gate/conditional-cache.js';
import { InFlightReads } from './in-flight-reads.js';
import { MintError } from './mint-error.js';

/** Per call: the request's AbortSignal (app/sts/broker-deadline.ts), when there is a request. */
export interface CallOptions {
  signal?: AbortSignal;
  /**
   * When the request arrived (performance.now()): a read of the same resource sent since then and
   * still awaiting GitHub's answer serves this call too (app/sts/in-flight-reads.ts).
   */
  since?: number;
}

export interface MintOptions {
  /** The request's end: the mint is not sent once it has aborted. */
  signal?: AbortSignal;
  /** How long an answer is waited for once the mint is sent (it is not cut off with `signal`). */
  answerWithinMs: number;
  /** Called as the request leaves for GitHub; from then on a token may exist. */
  onSent?: () => void;
}

/** The GitHub calls the broker makes, in one place. */
export interface GithubGateway {
  findInstallation(owner: string, repo: string, options?: CallOptions): Promise<{ id: number; permissions: Record<string, string> }>;
  getRepository(installationId: number, owner: string, repo: string, options?: CallOptions): Promise<RepositoryInfo>;
  /**
   * A file's text at `ref` (without one, on the default branch: https://docs.github.com/en/rest/repos/contents#get-repository-content)
   * and its blob SHA (which names its content), or undefined if it (or the repository) does not exist.
   */
  readFile(installationId: number, owner: string, repo: string, path: string, ref: string | undefined, options?: CallOptions): Promise<RepositoryFile | undefined>;
  /**
   * POST /app/installations/{id}/access_tokens, sent at most once and never after `signal` has
   * aborted; anything but a token is a MintError saying whether GitHub may have minted.
   */
  mintToken(installationId: number, permissions: Record<string, string>, repositories: string[], options: MintOptions): Promise<{ token: string; expiresAt: string }>;
  /** DELETE /installation/token with the token itself; true if GitHub no longer accepts it. */
  revokeToken(token: string): Promise<boolean>;
}

export interface RepositoryFile {
  text: string;
  /** Git's blob SHA of the content, as GitHub reports it. */
  sha: string;
}

export interface RepositoryInfo {
  id: number;
  ownerId: number;
  owner: string;
  name: string;
  defaultBranch: string;
}

const statusOf = (error: unknown): number | undefined => (error as { status?: number }).status;

function unavailable(what: string, error: unknown): StsError {
  return new StsError('github_unavailable', `GitHub refused or failed to ${what} (status ${statusOf(error) ?? 'none'}); retry later`);
}

const INSTALLATION_TTL_MS = 60_000;

/**
 * A read is asked once: a 5xx or a reset is answered 503 github_unavailable at once, and the
 * Action's client retries the exchange with a fresh OIDC token (src/action/broker-client.ts), the
 * one retry layer of an exchange (plugin-retry is off, app/start-app.ts; the broker runs outside
 * app/github/read-retry.ts's scope). The request's signal bounds each read by the deadline.
 */
const reading = (options: CallOptions | undefined) => (options?.signal ? { request: { signal: options.signal } } : {});

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
  // Installation lookups are cached briefly, per owner: an App has one installation per account
  // (https://docs.github.com/en/rest/apps/apps#get-a-repository-installation-for-the-authenticated-app).
  // GitHub itself refuses a mint beyond the installation, and a repository the installation does
  // not cover is not found with its token, so a stale entry can only cause a refusal, never a
  // wider token.
  const installations = new Map<string, { at: number; value: { id: number; permissions: Record<string, string> } }>();
  // Repositories and files are read conditionally (app/gate/conditional-cache.ts, the App's one
  // ETag cache): each exchange still asks GitHub, and an unchanged answer costs a 304 without a body.
  const conditional = new ConditionalCache();
  const getRepository: GithubGateway['getRepository'] = async (installationId, owner, repo, options) => {
    const octokit = await asInstallation(installationId);
    try {
      const read = await conditionalGet(octokit, conditional, {
        installationId,
        route: 'GET /repos/{owner}/{repo}',
        params: { owner: owner.toLowerCase(), repo: repo.toLowerCase() },
        ...reading(options),
        keep: (data): RepositoryInfo => {
          const d = data as { id: number | bigint; owner: { id: number | bigint; login: string }; name: string; default_branch: string };
          return { id: Number(d.id), ownerId: Number(d.owner.id), owner: d.owner.login, name: d.name, defaultBranch: d.default_branch };
        },
      });
      return read.value!;
    } catch (error) {
      if (statusOf(error) === 404) throw new StsError('repository_not_found', `repository ${owner}/${repo} does not exist or the App cannot see it`);
      throw unavailable(`read ${owner}/${repo}`, error);
    }
  };
  const readFile: GithubGateway['readFile'] = async (installationId, owner, repo, path, ref, options) => {
    const octokit = await asInstallation(installationId);
    try {
      const read = await conditionalGet(octokit, conditional, {
        installationId,
        route: 'GET /repos/{owner}/{repo}/contents/{path}',
        params: { owner: owner.toLowerCase(), repo: repo.toLowerCase(), path, ...(ref === undefined ? {} : { ref }) },
        ...reading(options),
        // Wrapped: "not a file" is an answer worth keeping too.
        keep: (data): { file: RepositoryFile | undefined } => {
          const d = data as { type?: string; content?: unknown; sha?: unknown } | unknown[];
          return { file: Array.isArray(d) || d.type !== 'file' || typeof d.content !== 'string' || typeof d.sha !== 'string' ? undefined : { text: Buffer.from(d.content, 'base64').toString('utf8'), sha: d.sha } };
        },
      });
      return read.value!.file;
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw unavailable(`read ${path}`, error);
    }
  };
  // Exchanges running at once share a read sent after they arrived (app/sts/in-flight-reads.ts):
  // the answer is as fresh for each, and concurrent runs of one repository cost one request.
  const inFlight = new InFlightReads();
  const shared = <T>(key: unknown[], options: CallOptions | undefined, send: () => Promise<T>) => inFlight.read(JSON.stringify(key), options?.since, options?.signal, send);
  return {
    async findInstallation(owner, repo, options) {
      const key = owner.toLowerCase();
      const cached = installations.get(key);
      if (cached && clock() - cached.at < INSTALLATION_TTL_MS) return cached.value;
      const octokit = await asApp();
      try {
        const { data } = await octokit.request('GET /repos/{owner}/{repo}/installation', { owner, repo, ...reading(options) });
        const value = { id: data.id, permissions: data.permissions as Record<string, string> };
        installations.set(key, { at: clock(), value });
        return value;
      } catch (error) {
        if (statusOf(error) === 404) throw new StsError('installation_not_found', `the Airlock App is not installed on ${owner}/${repo}`);
        throw unavailable('look up the installation', error);
      }
    },
    getRepository: (installationId, owner, repo, options) => shared(['repo', installationId, owner.toLowerCase(), repo.toLowerCase()], options, () => getRepository(installationId, owner, repo, options)),
    readFile: (installationId, owner, repo, path, ref, options) => shared(['file', installationId, owner.toLowerCase(), repo.toLowerCase(), path, ref], options, () => readFile(installationId, owner, repo, path, ref, options)),
    async mintToken(installationId, permissions, repositories, options) {
      const { signal } = options;
      // What reached GitHub, seen from the fetch Octokit calls: whether any attempt may have been
      // acted on (sent, and answered with neither a token nor a 4xx). Probot's throttling plugin
      // can still repeat a mint refused for a rate limit (403/429: nothing minted), so every
      // attempt counts: one that may have been acted on makes a failed mint uncertain.
      let sent = false;
      let mayHaveMinted = false;
      const guardedFetch: typeof fetch = async (input, init) => {
        // The last checkpoint: nothing is asked of GitHub for a client that has gone.
        if (signal?.aborted) throw new MintError('not_sent', undefined, 'the request was over before the mint was sent');
        sent = true;
        options.onSent?.();
        try {
          // Once sent, the answer is awaited for its own time, not cut off when the request ends.
          const response = await fetchImpl(input, { ...init, signal: AbortSignal.timeout(options.answerWithinMs) });
          if (response.status >= 500) mayHaveMinted = true;
          return response;
        } catch (error) {
          mayHaveMinted = true;
          throw error;
        }
      };
      try {
        const octokit = await asApp();
        const { data } = await octokit.request('POST /app/installations/{installation_id}/access_tokens', {
          installation_id: installationId,
          permissions,
          repositories,
          // Never repeated: a 5xx or a reset may come after GitHub minted, and a repeat would mint
          // a second token. The App's Octokit retries no POST (app/start-app.ts); `retries: 0` also
          // says so to any retry layer that reads it (plugin-retry's option, app/github/read-retry.ts).
          request: { retries: 0, fetch: guardedFetch },
        });
        return { token: data.token, expiresAt: data.expires_at };
      } catch (error) {
        if (error instanceof MintError) throw error;
        // Octokit wraps what guardedFetch threw in a RequestError (status 500, `cause`).
        if ((error as Error).cause instanceof MintError) throw (error as Error).cause as MintError;
        if (!sent) throw new MintError('not_sent', undefined, `the mint was not sent (${(error as Error).message})`);
        const status = statusOf(error);
        const answered = (error as { response?: unknown }).response !== undefined;
        if (!mayHaveMinted && answered && status !== undefined && status >= 400 && status < 500) {
          throw new MintError('refused', status, `GitHub refused to mint an installation token (status ${status})`);
        }
        const lost = /AbortError|TimeoutError/.test((error as Error).name) ? `no answer within ${options.answerWithinMs} ms` : answered ? `GitHub answered ${status}` : 'the connection failed';
        throw new MintError('uncertain', answered ? status : undefined, `no answer says whether GitHub minted (${lost}); a token may exist that the broker never saw`);
      }
    },
    async revokeToken(token) {
      // https://docs.github.com/en/rest/apps/installations#revoke-an-installation-access-token
      const response = await fetchImpl(`${apiUrl}/installation/token`, {
        method: 'DELETE',
        headers: { authorization: `token ${token}`, accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28' },
        signal: AbortSignal.timeout(REVOKE_TIMEOUT_MS),
      });
      // 401: already revoked or expired, which is what we want.
      return response.status === 204 || response.status === 401;
    },
  };
}
