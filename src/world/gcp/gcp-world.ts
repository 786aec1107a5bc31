import type { JWK } from 'jose';
import type { StandInServer } from '../stand-in-server.js';
import { startGcpStsStandIn } from './gcp-sts-stand-in.js';
import { startGcsStandIn } from './gcs-stand-in.js';
import { createGcpState, defaultProviderAudience, GCP_PROJECT_ID, GCP_PROJECT_NUMBER, type GcpWorldState } from './gcp-state.js';
import { startIamCredentialsStandIn } from './iam-credentials-stand-in.js';

export const GCP_BUCKET = 'acme-widgets-data';

export interface GcpWorld {
  readonly state: GcpWorldState;
  /** Security Token Service (POST /v1/token). */
  readonly sts: StandInServer;
  /** IAM Service Account Credentials (generateAccessToken). */
  readonly iamCredentials: StandInServer;
  /** The Cloud Storage-shaped JSON API. */
  readonly storage: StandInServer;
  /**
   * `github` trusts the world's issuer for acme's repositories (condition on repository_owner_id);
   * `widgets-only` additionally requires acme/widgets' repository id.
   */
  readonly providers: { readonly github: string; readonly widgetsOnly: string };
  /** `agent` may be impersonated by acme/widgets' workflows and read the bucket; `unbound` by no one. */
  readonly serviceAccounts: { readonly agent: string; readonly unbound: string };
  /** The members the bucket grants to acme/widgets directly (direct workload identity federation). */
  readonly repositoryMember: string;
  close(): Promise<void>;
}

/**
 * Starts the Google Cloud part of the world: a workload identity pool `github` with providers for
 * the world's issuer, service accounts bound to the repository's principal set, and a bucket with
 * one object (named without a slash: the egress proxy refuses encoded slashes in paths, and the
 * JSON API names objects in one path segment), served by STS, IAM Credentials and Storage stand-ins on `host`.
 * https://github.com/google-github-actions/auth#setup
 */
export async function startGcpWorld(options: {
  issuer: string;
  jwks: () => { keys: JWK[] };
  tls: { keyPem: string; certPem: string };
  host?: string;
  ids: { repositoryId: number; ownerId: number };
  clock?: () => number;
}): Promise<GcpWorld> {
  const state = createGcpState(options.clock);
  const pool = `projects/${GCP_PROJECT_NUMBER}/locations/global/workloadIdentityPools/github`;
  const attributes = ['repository', 'repository_id', 'repository_owner', 'repository_owner_id'];
  const provider = (id: string, condition: Record<string, string>) => {
    const name = `${pool}/providers/${id}`;
    state.providers.set(name, { name, pool, issuer: options.issuer, jwks: options.jwks, allowedAudiences: [defaultProviderAudience(name)], attributes, condition });
    return name;
  };
  const github = provider('acme', { repository_owner_id: String(options.ids.ownerId) });
  const widgetsOnly = provider('acme-widgets', { repository_owner_id: String(options.ids.ownerId), repository_id: String(options.ids.repositoryId) });
  const repositoryMember = `principalSet://iam.googleapis.com/${pool}/attribute.repository/acme/widgets`;
  const agent = `airlock-agent@${GCP_PROJECT_ID}.iam.gserviceaccount.com`;
  const unbound = `deployer@${GCP_PROJECT_ID}.iam.gserviceaccount.com`;
  state.serviceAccounts.set(agent, { email: agent, workloadIdentityUsers: [repositoryMember] });
  state.serviceAccounts.set(unbound, { email: unbound, workloadIdentityUsers: [] });
  state.buckets.set(GCP_BUCKET, {
    name: GCP_BUCKET,
    objects: new Map([['build.txt', { body: Buffer.from('build 41: all green (gcs)\n'), contentType: 'text/plain' }]]),
    readers: [`serviceAccount:${agent}`, repositoryMember],
    writers: [`serviceAccount:${agent}`],
  });
  const listen = { tls: options.tls, ...(options.host ? { host: options.host } : {}) };
  const [sts, iamCredentials, storage] = await Promise.all([startGcpStsStandIn(state, listen), startIamCredentialsStandIn(state, listen), startGcsStandIn(state, listen)]);
  return {
    state,
    sts,
    iamCredentials,
    storage,
    providers: { github, widgetsOnly },
    serviceAccounts: { agent, unbound },
    repositoryMember,
    close: async () => {
      await Promise.all([sts.close(), iamCredentials.close(), storage.close()]);
    },
  };
}
