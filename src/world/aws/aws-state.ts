import { randomBytes } from 'node:crypto';
import type { JWK } from 'jose';

/** The world's one AWS account, as in AWS's documentation examples. */
export const WORLD_ACCOUNT_ID = '123456789012';

/**
 * A role's trust policy, reduced to what web identity federation uses: the federated principal
 * (an IAM OIDC provider's ARN) and conditions on the token's claims, each key `<provider>:<claim>`
 * (AWS evaluates `aud` and `sub` for GitHub's tokens; custom claims are not available:
 * https://docs.github.com/en/actions/how-tos/secure-your-work/security-harden-deployments/oidc-in-aws).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html
 */
export interface TrustPolicy {
  readonly federated: string;
  readonly stringEquals?: Readonly<Record<string, string | readonly string[]>>;
  readonly stringLike?: Readonly<Record<string, string | readonly string[]>>;
}

export interface WorldRole {
  readonly arn: string;
  readonly roleId: string;
  readonly trust: TrustPolicy;
  /** 3600 by default, as IAM sets it; AssumeRoleWithWebIdentity may ask for 900 s up to this. */
  readonly maxSessionDuration: number;
  /** What the role's permission policy allows, as `service:Action` globs (e.g. `s3:Get*`). */
  readonly allow: readonly string[];
}

/** An IAM OIDC identity provider: the issuer URL (without scheme) and the audiences it accepts. */
export interface OidcProvider {
  readonly url: string;
  readonly clientIds: readonly string[];
  readonly jwks: () => { keys: JWK[] };
}

export interface WorldSession {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly roleArn: string;
  readonly assumedRoleArn: string;
  readonly assumedRoleId: string;
  readonly issuedAt: number;
  readonly expiresAt: number;
  readonly durationSeconds: number;
  /** The inline session policy passed with the call, if any (kept, not enforced). */
  readonly policy?: string;
}

export interface WorldObject {
  readonly body: Buffer;
  readonly etag: string;
  readonly lastModified: number;
  readonly contentType: string;
}

export interface WorldBucket {
  readonly name: string;
  readonly region: string;
  readonly objects: Map<string, WorldObject>;
}

/** One request the S3 stand-in answered: who signed it and what came of it. */
export interface S3RequestRecord {
  readonly method: string;
  readonly path: string;
  readonly operation: string;
  /** The access key id the request was signed with; absent when it carried no signature. */
  readonly accessKeyId?: string;
  /** Whether the key is a session the world's STS issued (so its signature could be checked). */
  readonly knownKey: boolean;
  readonly status: number;
  /** S3's error code, when it refused. */
  readonly code?: string;
  readonly payload: string;
}

export interface StsCallRecord {
  readonly action: string;
  readonly roleArn?: string;
  readonly status: number;
  readonly code?: string;
  readonly accessKeyId?: string;
}

export interface AwsWorldState {
  readonly accountId: string;
  readonly providers: Map<string, OidcProvider>;
  readonly roles: Map<string, WorldRole>;
  readonly sessions: Map<string, WorldSession>;
  readonly buckets: Map<string, WorldBucket>;
  readonly s3Requests: S3RequestRecord[];
  readonly stsCalls: StsCallRecord[];
  readonly clock: () => number;
}

export function createAwsState(clock: () => number = Date.now): AwsWorldState {
  return { accountId: WORLD_ACCOUNT_ID, providers: new Map(), roles: new Map(), sessions: new Map(), buckets: new Map(), s3Requests: [], stsCalls: [], clock };
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const draw = (n: number, alphabet: string) => [...randomBytes(n)].map((b) => alphabet[b % alphabet.length]).join('');

/** Temporary credentials shaped as STS issues them: an `ASIA` key id, a 40-character secret and a long session token. */
export function newSessionCredentials(): Pick<WorldSession, 'accessKeyId' | 'secretAccessKey' | 'sessionToken'> {
  return {
    accessKeyId: `ASIA${draw(16, BASE32)}`,
    secretAccessKey: randomBytes(30).toString('base64'),
    sessionToken: `IQoJb3JpZ2luX2Vj${randomBytes(300).toString('base64')}`,
  };
}

export function newRoleId(): string {
  return `AROA${draw(17, BASE32)}`;
}

export function addRole(state: AwsWorldState, name: string, options: { trust: TrustPolicy; allow?: readonly string[]; maxSessionDuration?: number }): WorldRole {
  const role: WorldRole = { arn: `arn:aws:iam::${state.accountId}:role/${name}`, roleId: newRoleId(), trust: options.trust, maxSessionDuration: options.maxSessionDuration ?? 3600, allow: options.allow ?? ['s3:*'] };
  state.roles.set(role.arn, role);
  return role;
}

export function addBucket(state: AwsWorldState, name: string, region: string): WorldBucket {
  const bucket: WorldBucket = { name, region, objects: new Map() };
  state.buckets.set(name, bucket);
  return bucket;
}

/** `arn:aws:iam::<account>:oidc-provider/<url>`, the principal a trust policy names. */
export const providerArn = (state: AwsWorldState, url: string) => `arn:aws:iam::${state.accountId}:oidc-provider/${url}`;

/** Whether the role's permission policy allows `service:Action` (IAM's `*` and `?` wildcards). */
export function roleAllows(role: WorldRole, action: string): boolean {
  return role.allow.some((pattern) => globMatches(pattern, action, true));
}

/** IAM's string globbing: `*` any run, `?` one character (StringLike, Action). */
export function globMatches(pattern: string, value: string, ignoreCase = false): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`, ignoreCase ? 'is' : 's').test(value);
}
