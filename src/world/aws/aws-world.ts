import { createHash } from 'node:crypto';
import type { JWK } from 'jose';
import { addBucket, addRole, createAwsState, providerArn, type AwsWorldState, type WorldRole } from './aws-state.js';
import { startS3StandIn, type S3StandIn } from './s3-stand-in.js';
import { startStsStandIn, type StsStandIn } from './sts-stand-in.js';

/** The audience GitHub's OIDC tokens carry for AWS (aws-actions/configure-aws-credentials' default). */
export const STS_AUDIENCE = 'sts.amazonaws.com';
/** The seeded bucket, in us-east-1, with one object under reports/. */
export const WORLD_BUCKET = 'acme-artifacts';
export const WORLD_REGION = 'us-east-1';

export interface AwsWorld {
  readonly state: AwsWorldState;
  /** AssumeRoleWithWebIdentity / GetCallerIdentity, over HTTPS with the world's CA. */
  readonly sts: StsStandIn;
  /** The S3-shaped endpoint (path style), over HTTPS with the world's CA. */
  readonly s3: S3StandIn;
  /**
   * `airlock-agent`: trusts the world's issuer for `aud` sts.amazonaws.com and `sub`
   * `repo:acme/widgets:*`. `airlock-agent-by-id`: the same, bound on ids through a customised
   * `sub` (`repository_owner_id:<id>:repository_id:<id>:…`, GitHub's subject customisation; AWS
   * reads no custom claims). `airlock-reader`: may only read S3.
   */
  readonly roles: { readonly agent: WorldRole; readonly byId: WorldRole; readonly reader: WorldRole };
  close(): Promise<void>;
}

/**
 * Starts the AWS part of the world: an IAM OIDC provider for the world's issuer (clients
 * sts.amazonaws.com), the seeded roles and bucket, STS and S3 listening on `host`.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_oidc.html
 */
export async function startAwsWorld(options: {
  issuer: string;
  jwks: () => { keys: JWK[] };
  tls: { keyPem: string; certPem: string };
  host?: string;
  ids: { repositoryId: number; ownerId: number };
  clock?: () => number;
}): Promise<AwsWorld> {
  const state = createAwsState(options.clock);
  const url = options.issuer.replace(/^https?:\/\//, '');
  state.providers.set(url, { url, clientIds: [STS_AUDIENCE], jwks: options.jwks });
  const federated = providerArn(state, url);
  const agent = addRole(state, 'airlock-agent', { trust: { federated, stringEquals: { [`${url}:aud`]: STS_AUDIENCE }, stringLike: { [`${url}:sub`]: 'repo:acme/widgets:*' } } });
  const byId = addRole(state, 'airlock-agent-by-id', {
    trust: { federated, stringEquals: { [`${url}:aud`]: STS_AUDIENCE }, stringLike: { [`${url}:sub`]: `repository_owner_id:${options.ids.ownerId}:repository_id:${options.ids.repositoryId}:*` } },
  });
  const reader = addRole(state, 'airlock-reader', { trust: { federated, stringEquals: { [`${url}:aud`]: STS_AUDIENCE }, stringLike: { [`${url}:sub`]: 'repo:acme/widgets:*' } }, allow: ['s3:Get*', 's3:List*'] });
  const bucket = addBucket(state, WORLD_BUCKET, WORLD_REGION);
  const seeded = Buffer.from('build 41: all green\n');
  bucket.objects.set('reports/build.txt', { body: seeded, etag: createHash('md5').update(seeded).digest('hex'), lastModified: state.clock(), contentType: 'text/plain' });
  const sts = await startStsStandIn(state, { tls: options.tls, ...(options.host ? { host: options.host } : {}) });
  const s3 = await startS3StandIn(state, { tls: options.tls, ...(options.host ? { host: options.host } : {}) });
  return {
    state,
    sts,
    s3,
    roles: { agent, byId, reader },
    close: async () => {
      await Promise.all([sts.close(), s3.close()]);
    },
  };
}
