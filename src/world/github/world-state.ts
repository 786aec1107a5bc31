import { createHash, randomBytes } from 'node:crypto';
import type { WorldFault } from './request-faults.js';

/** GitHub's permission levels for GitHub App permissions. */
export type PermissionLevel = 'read' | 'write' | 'admin';
export type PermissionSet = Record<string, PermissionLevel>;

export interface WorldUser {
  login: string;
  id: number;
  type: 'User' | 'Bot' | 'Organization';
}

export interface WorldCommit {
  sha: string;
  parents: string[];
  message: string;
  author: { name: string; email: string; login?: string };
  /** The whole tree at this commit: path -> content. */
  files: Map<string, string>;
}

export interface WorldRepo {
  id: number;
  name: string;
  owner: WorldUser;
  private: boolean;
  defaultBranch: string;
  refs: Map<string, string>; // "heads/main" -> sha
  commits: Map<string, WorldCommit>;
  collaborators: Map<string, 'admin' | 'maintain' | 'write' | 'triage' | 'read'>;
}

export interface WorldApp {
  id: number;
  slug: string;
  name: string;
  clientId: string;
  privateKeyPem: string;
  publicKeyPem: string;
  webhookSecret: string;
  permissions: PermissionSet;
  events: string[];
  /** Who registered it (the seeded App: the org `acme`). */
  owner?: WorldUser;
  /** Apps registered from a manifest: their OAuth client secret, and the manifest's description and url. */
  clientSecret?: string;
  description?: string | null;
  externalUrl?: string;
}

/** A code the world's `settings/apps/new` page handed back, until converted once or an hour passes. */
export interface WorldManifestCode {
  manifest: Record<string, unknown>;
  owner: WorldUser;
  issuedAt: number;
}

export interface WorldInstallation {
  id: number;
  account: WorldUser;
  permissions: PermissionSet;
  repositorySelection: 'all' | 'selected';
  repositoryIds: number[];
}

export interface WorldToken {
  /** sha256 of the token: the world never needs the clear value after minting. */
  hash: string;
  installationId: number;
  permissions: PermissionSet;
  /** undefined: every repository of the installation. */
  repositoryIds?: number[];
  expiresAt: number;
  revokedAt?: number;
  /** A job's own GITHUB_TOKEN (the runner's, not minted by the broker). */
  job?: true;
}

export interface WorldCheckRun {
  id: number;
  repoId: number;
  appId: number;
  name: string;
  headSha: string;
  status: string;
  conclusion: string | null;
  output?: { title?: string; summary?: string; text?: string };
  actions?: unknown[];
  externalId?: string;
  startedAt: string;
  completedAt: string | null;
  detailsUrl?: string;
}

export interface WorldIssue {
  number: number;
  id: number;
  repoId: number;
  title: string;
  body: string;
  labels: string[];
  user: WorldUser;
  state: 'open' | 'closed';
  comments: { id: number; body: string; user: WorldUser; createdAt: string }[];
  createdAt: string;
}

export interface WorldReview {
  id: number;
  user: WorldUser;
  state: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED';
  commitId: string;
  body: string;
  submittedAt: string;
}

export interface WorldPull {
  number: number;
  id: number;
  repoId: number;
  title: string;
  body: string;
  user: WorldUser;
  state: 'open' | 'closed';
  headRef: string;
  baseRef: string;
  reviews: WorldReview[];
  /** Logins and `org/team` slugs asked to review (POST .../requested_reviewers). */
  requestedReviewers?: string[];
  createdAt: string;
}

export interface WorldRuleset {
  id: number;
  repoId: number;
  body: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

/**
 * How the attestation list endpoints serve a bundle: `url` as GitHub does since 2026-07-16 for every
 * API version (`"bundle": null` plus a `bundle_url` serving snappy-compressed JSON), `inline` as it
 * did before (the bundle itself). See attestation-blob-route.ts.
 */
export type AttestationDelivery = 'url' | 'inline';

export interface WorldAttestation {
  id: number;
  repoId: number;
  bundle: unknown;
  /** This attestation's shape in list answers; `state.attestationDelivery` when unset. */
  delivery?: AttestationDelivery;
  /** Bytes the blob endpoint serves instead of the compressed bundle: damaged storage, for tests. */
  blob?: Uint8Array;
}

/**
 * One attempt to deliver a webhook to the App, as GitHub lists it for the App's webhook
 * (`GET /app/hook/deliveries`); a redelivery is a new attempt with the same `guid`.
 * https://docs.github.com/en/rest/apps/webhooks#list-deliveries-for-an-app-webhook
 */
export interface WorldHookDelivery {
  id: number;
  guid: string;
  event: string;
  action: string | null;
  installationId: number | null;
  repositoryId: number | null;
  /** `state.clock()` when it was sent. */
  deliveredAt: number;
  redelivery: boolean;
  durationMs: number;
  /** The App's HTTP status; 0 when no answer came (refused connection, timeout). */
  statusCode: number;
  status: string;
  /** What was sent, so it can be sent again. */
  request: { headers: Record<string, string>; body: string };
}

/** One request the world received (REST, git or echo); never the credential itself. */
export interface WorldRequest {
  /** `state.clock()` when it arrived. */
  time: number;
  method: string;
  /** Without the query. */
  path: string;
  listener: 'http' | 'https';
  auth: {
    scheme: 'none' | 'token' | 'bearer' | 'basic';
    kind: 'app' | 'installation' | 'invalid' | 'none';
    /** sha256 hex of the presented token or password, as `hashToken` computes it. */
    tokenHash?: string;
  };
  /** The answer's status once it is sent (none for a connection the world reset). */
  status?: number;
}

export interface WorldState {
  serverUrl: string;
  apiUrl: string;
  clock: () => number;
  nextId: () => number;
  users: Map<string, WorldUser>;
  /** Team members by `org/team-slug` (lower case), logins in lower case. */
  teams: Map<string, Set<string>>;
  app: WorldApp;
  /** Apps registered from manifests (apps/create-from-manifest), by id; they have no installations. */
  registeredApps: Map<number, WorldApp>;
  /** Codes awaiting `POST /app-manifests/{code}/conversions`, by code. */
  manifestCodes: Map<string, WorldManifestCode>;
  appBot: WorldUser;
  installations: Map<number, WorldInstallation>;
  repos: Map<string, WorldRepo>; // "owner/name"
  tokens: Map<string, WorldToken>; // keyed by hash
  /**
   * Every installation token minted by `POST /app/installations/{id}/access_tokens`, in clear, in
   * order: what GitHub itself knows. Only leak tests read it (to search every sink for the real
   * values); it is never served, logged or put in a snapshot.
   */
  issuedTokens: string[];
  checkRuns: WorldCheckRun[];
  issues: WorldIssue[];
  pulls: WorldPull[];
  rulesets: WorldRuleset[];
  branchProtections: Map<string, Record<string, unknown>>; // "owner/name:branch"
  attestations: WorldAttestation[];
  /** The shape attestation list answers take unless an attestation sets its own (default `url`). */
  attestationDelivery: AttestationDelivery;
  /** Failures to answer in place of the next requests of a path (request-faults.ts). */
  faults: WorldFault[];
  /** Every request the GitHub listeners received, in order (see request-log.ts). */
  requests: WorldRequest[];
  /** Every webhook delivery attempt, oldest first (webhook-sender.ts). */
  hookDeliveries: WorldHookDelivery[];
  /** Set by the world: sends a recorded delivery again (`POST /app/hook/deliveries/{id}/attempts`). */
  redeliver?: (delivery: WorldHookDelivery) => void;
  /** Set by the world: delivers `pull_request.opened` for a pull request created through the API, as GitHub does. */
  onPullOpened?: (pull: WorldPull) => Promise<void>;
  /** OpenAPI mismatches seen by the stand-in; tests assert this stays empty. */
  violations: { method: string; path: string; where: string; message: string }[];
}

export const hashToken = (token: string): string =>
  createHash('sha256').update(token).digest('hex');

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** An installation token shaped like GitHub's (`ghs_` + 36 base62 characters). */
export function newInstallationToken(): string {
  const bytes = randomBytes(36);
  let body = '';
  for (const b of bytes) body += BASE62[b % 62];
  return `ghs_${body}`;
}

export function gitSha(content: string): string {
  return createHash('sha1').update(content).digest('hex');
}

export function repoKey(owner: string, name: string): string {
  return `${owner}/${name}`.toLowerCase();
}

export function findRepoById(state: WorldState, id: number): WorldRepo | undefined {
  for (const repo of state.repos.values()) if (repo.id === id) return repo;
  return undefined;
}

export function headOf(repo: WorldRepo, branch = repo.defaultBranch): WorldCommit {
  const sha = repo.refs.get(`heads/${branch}`);
  const commit = sha ? repo.commits.get(sha) : undefined;
  if (!commit) throw new Error(`world: ${repo.owner.login}/${repo.name} has no branch ${branch}`);
  return commit;
}

/** Records a commit on a branch (creating the branch from the default branch if needed). */
export function commitFiles(
  repo: WorldRepo,
  branch: string,
  change: { files: Record<string, string | null>; message: string; author: WorldCommit['author'] },
): WorldCommit {
  const parentSha = repo.refs.get(`heads/${branch}`) ?? repo.refs.get(`heads/${repo.defaultBranch}`);
  const parent = parentSha ? repo.commits.get(parentSha) : undefined;
  const files = new Map(parent?.files ?? []);
  for (const [path, content] of Object.entries(change.files)) {
    if (content === null) files.delete(path);
    else files.set(path, content);
  }
  const sha = gitSha(
    JSON.stringify([parentSha ?? null, change.message, [...files.entries()].sort(), randomBytes(8).toString('hex')]),
  );
  const commit: WorldCommit = { sha, parents: parentSha ? [parentSha] : [], message: change.message, author: change.author, files };
  repo.commits.set(sha, commit);
  repo.refs.set(`heads/${branch}`, sha);
  return commit;
}
