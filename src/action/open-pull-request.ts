import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as Core from '@actions/core';
import { hardenedGit } from '../git/hardened-git.js';
import type { AgentPatch } from './agent-patch.js';
import type { RunnerNetwork } from './runner-network.js';
import type { BrokerClient, MintedToken } from './broker-client.js';

/** `pull-request: true`: where the agent's change goes, and what the pull request says. */
export interface PullRequestSettings {
  title: string;
  /** Branch to push; default `airlock/<identity>/<run id>-<attempt>`. */
  branch?: string;
  /** Base branch; default the workflow's pull request base, else the branch the run checked out. */
  base?: string;
  /** Appended to the body Airlock writes. */
  body?: string;
}

export interface PullRequestDeps {
  core: typeof Core;
  broker: BrokerClient;
  env: NodeJS.ProcessEnv;
  /** The runner's proxy and trust store, for the push and the API call. */
  network: RunnerNetwork;
  /** A fresh OIDC token for the broker (each is accepted once). */
  idToken: () => Promise<string>;
  /** Holds (masks) a credential and records it for the post step, before it is used. */
  hold: (token: MintedToken) => void;
  /** Revokes it, confirmed with GitHub; called on every path. */
  revoke: (token: MintedToken) => Promise<void>;
}

export interface PullRequestFacts {
  /** The checkout the change was handed back to. */
  cwd: string;
  patch: AgentPatch;
  identity: string;
  changesetDigest?: string;
  attestationUrl?: string;
}

export interface OpenedPullRequest {
  number: number;
  url: string;
  branch: string;
}

/** The permissions a pull request needs: a branch to push, a pull request to open; nothing else. */
export const PULL_REQUEST_PERMISSIONS = { contents: 'write', pull_requests: 'write' } as const;

const treeMode = (f: { kind: 'file' | 'symlink'; executable: boolean }) => (f.kind === 'symlink' ? '120000' : f.executable ? '100755' : '100644');

/**
 * The commit of the agent's change, built with plumbing in the checkout's own object store from
 * the handed-back files alone (nothing else of the working tree, no hooks, no filters): HEAD's
 * tree with each changed path replaced or removed, HEAD as its parent.
 */
async function commitChange(cwd: string, patch: AgentPatch, message: string, author: { name: string; email: string }, scratch: string): Promise<string> {
  const env = { GIT_INDEX_FILE: join(scratch, 'index') };
  await hardenedGit(cwd, ['read-tree', 'HEAD'], { env });
  const lines: string[] = [];
  for (const file of patch.files) {
    if (!file.after) lines.push(`0 ${'0'.repeat(40)}\t${file.path}`);
    else {
      const sha = (await hardenedGit(cwd, ['hash-object', '-w', '--no-filters', '--stdin'], { input: file.after.content })).toString('latin1').trim();
      lines.push(`${treeMode(file.after)} ${sha}\t${file.path}`);
    }
  }
  await hardenedGit(cwd, ['update-index', '--index-info'], { env, input: Buffer.from(lines.join('\n') + '\n', 'latin1') });
  const tree = (await hardenedGit(cwd, ['write-tree'], { env })).toString('latin1').trim();
  const identity = { GIT_AUTHOR_NAME: author.name, GIT_AUTHOR_EMAIL: author.email, GIT_COMMITTER_NAME: author.name, GIT_COMMITTER_EMAIL: author.email };
  return (await hardenedGit(cwd, ['commit-tree', tree, '-p', 'HEAD', '-F', '-'], { env: identity, input: Buffer.from(message) })).toString('latin1').trim();
}

export function pullRequestBody(options: { identity: string; files: number; changesetDigest?: string; attestationUrl?: string; runUrl: string; extra?: string }): string {
  const lines = [
    `Proposed by the agent \`${options.identity}\`, run by Airlock in [this workflow run](${options.runUrl}).`,
    '',
    `- Files changed: ${options.files}`,
    ...(options.changesetDigest ? [`- Changeset: \`sha256:${options.changesetDigest}\`, the subject of the run's signed attestation`] : []),
    ...(options.attestationUrl ? [`- Attestation: ${options.attestationUrl}`] : []),
    '',
    'The Airlock gate verifies that attestation and waits for a human approval bound to the head commit before this can merge.',
  ];
  if (options.extra?.trim()) lines.push('', '---', '', options.extra.trim());
  return lines.join('\n');
}

function baseBranch(settings: PullRequestSettings, env: NodeJS.ProcessEnv): string {
  const base = settings.base || env.GITHUB_BASE_REF || env.GITHUB_REF_NAME || (env.GITHUB_REF?.startsWith('refs/heads/') ? env.GITHUB_REF.slice('refs/heads/'.length) : '');
  if (!base) throw new Error('"pull-request: true" cannot tell which branch to open the pull request against (no GITHUB_BASE_REF or branch ref); set "pull-request-base"');
  return base;
}

/**
 * Opens a pull request with the agent's change (`pull-request: true`): commits the handed-back
 * files on top of the checkout's HEAD, pushes the commit to a new branch and opens the pull request
 * with a token minted for this alone (contents and pull requests, this repository), which the
 * agent never saw and which is revoked as soon as the pull request exists. The pull request is
 * authored by the App's bot, so the Airlock gate treats it as an agent's.
 * https://docs.github.com/en/rest/pulls/pulls#create-a-pull-request
 */
export async function openPullRequest(settings: PullRequestSettings, deps: PullRequestDeps, facts: PullRequestFacts): Promise<OpenedPullRequest | undefined> {
  const { core, env } = deps;
  if (facts.patch.files.length === 0) {
    core.info('The agent changed nothing: no pull request.');
    return undefined;
  }
  const repository = env.GITHUB_REPOSITORY ?? '';
  const [, name] = repository.split('/');
  if (!name) throw new Error('GITHUB_REPOSITORY is not set: cannot open a pull request');
  const server = (env.GITHUB_SERVER_URL ?? 'https://github.com').replace(/\/+$/, '');
  if (!server.startsWith('https://')) throw new Error(`the change is pushed over HTTPS only, and GITHUB_SERVER_URL is ${server}`);
  const api = (env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/+$/, '');
  const branch = settings.branch || `airlock/${facts.identity}/${env.GITHUB_RUN_ID ?? 'local'}-${env.GITHUB_RUN_ATTEMPT ?? '1'}`;
  const base = baseBranch(settings, env);
  const scratch = await mkdtemp(join(tmpdir(), 'airlock-pr-'));
  try {
    const commit = await commitChange(facts.cwd, facts.patch, `${settings.title}\n\nProposed by the agent ${facts.identity} through Airlock.\n`, { name: `Airlock agent ${facts.identity}`, email: 'airlock-agent@users.noreply.github.com' }, scratch);
    let token: MintedToken;
    try {
      token = await deps.broker.exchange(deps.idToken, { identity: facts.identity, permissions: { ...PULL_REQUEST_PERMISSIONS }, repositories: [name] });
    } catch (error) {
      throw new Error(`could not get a token to open the pull request (${(error as Error).message}); the trust policy "${facts.identity}" must allow contents: write and pull_requests: write`, { cause: error });
    }
    deps.hold(token);
    try {
      // The token reaches git through its environment (GIT_CONFIG_*), never argv, which any process can read.
      const caFile = join(scratch, 'ca.pem');
      await writeFile(caFile, deps.network.trustStore().join('\n'));
      await hardenedGit(facts.cwd, ['-c', 'protocol.https.allow=always', 'push', '--quiet', `${server}/${repository}.git`, `${commit}:refs/heads/${branch}`], {
        env: {
          GIT_CONFIG_COUNT: '1',
          GIT_CONFIG_KEY_0: 'http.extraHeader',
          GIT_CONFIG_VALUE_0: `AUTHORIZATION: basic ${Buffer.from(`x-access-token:${token.token}`).toString('base64')}`,
          GIT_SSL_CAINFO: caFile,
          // git reads the runner's proxy variables itself (https://git-scm.com/docs/git-config#Documentation/git-config.txt-httpproxy).
          ...deps.network.proxyEnv,
        },
      });
      const runUrl = `${server}/${repository}/actions/runs/${env.GITHUB_RUN_ID ?? ''}`;
      const body = pullRequestBody({ identity: facts.identity, files: facts.patch.files.length, runUrl, ...(facts.changesetDigest ? { changesetDigest: facts.changesetDigest } : {}), ...(facts.attestationUrl ? { attestationUrl: facts.attestationUrl } : {}), ...(settings.body ? { extra: settings.body } : {}) });
      const response = await deps.network.fetch(`${api}/repos/${repository}/pulls`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token.token}`, accept: 'application/vnd.github+json', 'content-type': 'application/json', 'x-github-api-version': '2022-11-28' },
        body: JSON.stringify({ title: settings.title, head: branch, base, body, maintainer_can_modify: false }),
      });
      const json = (await response.json().catch(() => ({}))) as { number?: number; html_url?: string; message?: string };
      if (response.status !== 201 || typeof json.number !== 'number') throw new Error(`GitHub refused the pull request from ${branch} into ${base}: ${response.status} ${json.message ?? ''}`.trim());
      return { number: json.number, url: json.html_url ?? `${server}/${repository}/pull/${json.number}`, branch };
    } finally {
      await deps.revoke(token);
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
