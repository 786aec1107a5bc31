import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGitMirror } from './github/git-mirror.js';
import { createGitSmartHttp } from './github/git-smart-http.js';
import { startGithubServer } from './github/github-server.js';
import { buildPushPayload, NULL_SHA } from './github/push-payload.js';
import { seedWorld } from './github/seed-world.js';
import { buildPayload, deliverWebhook, redeliverWebhook, type Delivery } from './github/webhook-sender.js';
import { commitFiles, hashToken, headOf, newInstallationToken, repoKey, type WorldRepo, type WorldState, type WorldUser } from './github/world-state.js';
import { snapshotWorld } from './github/world-snapshot.js';
import { createWorldTls } from './world-https.js';
import { deliverPull } from './pull-requests.js';
import { defaultJobClaims, startOidcIssuer, type OidcIssuer } from './oidc-issuer.js';
import { startSigstore, type SigstoreStandIn } from './sigstore/sigstore-server.js';
import { startAwsWorld, type AwsWorld } from './aws/aws-world.js';
import { startAzureWorld, type AzureWorld } from './azure/azure-world.js';
import { startGcpWorld, type GcpWorld } from './gcp/gcp-world.js';
import { seedVault, type SeededVault } from './vault/seed-vault.js';
import { startVaultServer, type VaultServer } from './vault/vault-server.js';

export interface World {
  state: WorldState;
  /** REST base URL, as GITHUB_API_URL / Octokit `baseUrl`. */
  githubApiUrl: string;
  /** `host:port` for Probot's GHE_HOST (with GHE_PROTOCOL=http). */
  gheHost: string;
  /**
   * The same GitHub (REST, git smart HTTP at `<serverUrl>/<owner>/<repo>.git`, `/_world/*`) over
   * HTTPS, with a certificate for 127.0.0.1 and localhost from a CA made for this world; trust
   * `caFile` (NODE_EXTRA_CA_CERTS, SSL_CERT_FILE, GIT_SSL_CAINFO, `curl --cacert`).
   */
  https: { port: number; apiUrl: string; serverUrl: string; caPem: string; caFile: string };
  oidc: OidcIssuer;
  /** Vault with JWT auth trusting `oidc`, a role for acme/widgets and seeded secrets. */
  vault: VaultServer;
  vaultSeed: SeededVault;
  /** Fulcio, Rekor and a TSA trusting `oidc`, with the trusted root for them. */
  sigstore: SigstoreStandIn;
  /** AWS STS (AssumeRoleWithWebIdentity trusting `oidc`) and an S3-shaped endpoint, over HTTPS like `https`. */
  aws: AwsWorld;
  /** Google Cloud STS, IAM Credentials and a Storage-shaped API trusting `oidc` (workload identity federation), over HTTPS like `https`. */
  gcp: GcpWorld;
  /** Microsoft Entra's token endpoint (federated credentials trusting `oidc`) and a Resource Manager-shaped API, over HTTPS like `https`. */
  azure: AzureWorld;
  privateKeyPath: string;
  webhookUrl: string | undefined;
  repo(fullName: string): WorldRepo;
  user(login: string): WorldUser;
  /** Commits to a branch as `pusher` and delivers the `push` webhook. */
  push(options: { repo: string; branch: string; files: Record<string, string | null>; pusher: string; message?: string }): Promise<{ sha: string; before: string; delivery: Delivery }>;
  /** A job's GITHUB_TOKEN for one repository, as the runner hands it to `github-token` inputs. */
  jobToken(repo: string, permissions: Record<string, 'read' | 'write'>): string;
  deliver(event: string, payload: unknown, options?: Parameters<typeof deliverWebhook>[4]): Promise<Delivery>;
  /**
   * Awaited after each delivery before `deliver` resolves. The App answers 202 as soon as it has
   * stored a delivery; a stack sets this to wait for the App's queue, so a test sees the effects
   * of a delivery when `deliver` (or `push`) resolves.
   */
  settle?: () => Promise<void>;
  payload(event: string, options: Parameters<typeof buildPayload>[2]): Record<string, unknown>;
  snapshot(): ReturnType<typeof snapshotWorld>;
  close(): Promise<void>;
}

/**
 * Starts the local world: the GitHub API stand-in, GitHub's OIDC issuer stand-in, and a seeded
 * org (see seed-world.ts). Webhooks go to `webhookUrl` once it is set.
 */
/**
 * `httpsHost`: where the HTTPS listener listens (default 127.0.0.1). Clients written in Go (`gh`)
 * never send loopback destinations through a proxy, so a test of a sandboxed agent reaching
 * GitHub through the egress proxy gives the world a local address that is not loopback.
 */
export async function startWorld(options: { port?: number; webhookUrl?: string; clock?: () => number; httpsHost?: string } = {}): Promise<World> {
  // The issuer needs the repository ids, and the repository's trust policy names the issuer:
  // seed with a placeholder issuer, then bind both once the issuer's port is known.
  const state = seedWorld({ serverUrl: '', apiUrl: '', oidcIssuer: 'pending', clock: options.clock });
  const widgets = state.repos.get(repoKey('acme', 'widgets'))!;
  const oidc = await startOidcIssuer({
    defaults: defaultJobClaims({ repositoryId: widgets.id, ownerId: widgets.owner.id, actorId: state.users.get('alice')!.id }),
    clock: options.clock,
  });
  const policyPath = '.github/airlock/agent.sts.yaml';
  const head = headOf(widgets);
  head.files.set(policyPath, head.files.get(policyPath)!.replace('issuer: pending', `issuer: ${oidc.issuer}`));

  const vault = await startVaultServer({ oidcIssuer: oidc.issuer, clock: options.clock });
  const vaultSeed = seedVault(vault, { audience: 'vault', repository: 'acme/widgets' });
  const sigstore = await startSigstore({ oidcIssuer: oidc.issuer, jwks: () => oidc.jwks() });
  const keyDir = await mkdtemp(join(tmpdir(), 'airlock-world-'));
  const tls = await createWorldTls({ dir: keyDir, ...(options.httpsHost ? { host: options.httpsHost } : {}) });
  const git = createGitSmartHttp({
    state,
    mirror: createGitMirror({ root: join(keyDir, 'git'), clock: state.clock }),
    // A push over git is the App's bot pushing with an installation token.
    onPush: async (push) => {
      if (world.webhookUrl) await world.deliver('push', buildPushPayload(state, { ...push, sender: state.appBot }));
    },
  });
  const aws = await startAwsWorld({ issuer: oidc.issuer, jwks: () => oidc.jwks(), tls: { keyPem: tls.keyPem, certPem: tls.certPem }, ...(options.httpsHost ? { host: options.httpsHost } : {}), ids: { repositoryId: widgets.id, ownerId: widgets.owner.id }, clock: options.clock });
  const gcp = await startGcpWorld({ issuer: oidc.issuer, jwks: () => oidc.jwks(), tls: { keyPem: tls.keyPem, certPem: tls.certPem }, ...(options.httpsHost ? { host: options.httpsHost } : {}), ids: { repositoryId: widgets.id, ownerId: widgets.owner.id }, clock: options.clock });
  const azure = await startAzureWorld({ issuer: oidc.issuer, jwks: () => oidc.jwks(), tls: { keyPem: tls.keyPem, certPem: tls.certPem }, ...(options.httpsHost ? { host: options.httpsHost } : {}), clock: options.clock });
  const github = await startGithubServer(state, { port: options.port, tls: { keyPem: tls.keyPem, certPem: tls.certPem, ...(options.httpsHost ? { host: options.httpsHost } : {}) }, git });
  state.serverUrl = `http://127.0.0.1:${github.port}`;
  state.apiUrl = `http://127.0.0.1:${github.port}/api/v3`;
  const httpsServerUrl = `https://${options.httpsHost ?? '127.0.0.1'}:${github.https!.port}`;
  const privateKeyPath = join(keyDir, 'app.private-key.pem');
  await writeFile(privateKeyPath, state.app.privateKeyPem, { mode: 0o600 });

  // GitHub accepts a redelivery request and sends the delivery again shortly after.
  state.redeliver = (delivery) => {
    if (world.webhookUrl) void redeliverWebhook(state, world.webhookUrl, delivery);
  };
  state.onPullOpened = async (pull) => {
    if (!world.webhookUrl) return;
    const repo = [...state.repos.values()].find((r) => r.id === pull.repoId)!;
    try {
      await deliverPull(world, repo, pull, 'opened', pull.user);
    } catch (error) {
      state.violations.push({ method: 'POST', path: `/repos/${repo.owner.login}/${repo.name}/pulls`, where: 'webhook', message: `pull_request.opened was not delivered: ${String(error)}` });
    }
  };
  const world: World = {
    state,
    githubApiUrl: state.apiUrl,
    gheHost: `127.0.0.1:${github.port}`,
    https: { port: github.https!.port, apiUrl: `${httpsServerUrl}/api/v3`, serverUrl: httpsServerUrl, caPem: tls.caPem, caFile: tls.caFile },
    oidc,
    vault,
    vaultSeed,
    sigstore,
    aws,
    gcp,
    azure,
    privateKeyPath,
    webhookUrl: options.webhookUrl,
    repo(fullName) {
      const repo = state.repos.get(fullName.toLowerCase());
      if (!repo) throw new Error(`world: no repository ${fullName}`);
      return repo;
    },
    user(login) {
      const user = state.users.get(login);
      if (!user) throw new Error(`world: no user ${login}`);
      return user;
    },
    async push({ repo: fullName, branch, files, pusher, message }) {
      const repo = world.repo(fullName);
      const user = world.user(pusher);
      const before = repo.refs.get(`heads/${branch}`) ?? NULL_SHA;
      const email = `${user.id}+${user.login}@users.noreply.github.test`;
      const commit = commitFiles(repo, branch, { files, message: message ?? 'Update files', author: { name: user.login, email, login: user.login } });
      const payload = buildPushPayload(state, { repo, ref: `refs/heads/${branch}`, before, after: commit.sha, commits: [commit], forced: false, sender: user });
      return { sha: commit.sha, before, delivery: await world.deliver('push', payload) };
    },
    jobToken(fullName, permissions) {
      const repo = world.repo(fullName);
      const token = newInstallationToken();
      state.tokens.set(hashToken(token), { hash: hashToken(token), installationId: [...state.installations.keys()][0]!, permissions: { metadata: 'read', ...permissions }, repositoryIds: [repo.id], expiresAt: state.clock() + 3600_000, job: true });
      return token;
    },
    async deliver(event, payload, deliveryOptions) {
      if (!world.webhookUrl) throw new Error('world: no webhook URL set');
      const delivery = await deliverWebhook(state, world.webhookUrl, event, payload, deliveryOptions);
      await world.settle?.();
      return delivery;
    },
    payload: (event, payloadOptions) => buildPayload(state, event, payloadOptions),
    snapshot: () => snapshotWorld(state),
    async close() {
      await Promise.all([github.close(), oidc.close(), vault.close(), sigstore.close(), aws.close(), gcp.close(), azure.close()]);
      await rm(keyDir, { recursive: true, force: true });
    },
  };
  return world;
}
