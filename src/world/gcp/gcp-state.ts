import { randomBytes } from 'node:crypto';
import type { JWK } from 'jose';

/** The world's Google Cloud project: its number names the workload identity pool. */
export const GCP_PROJECT_NUMBER = '424242424242';
export const GCP_PROJECT_ID = 'acme-widgets';

/**
 * A workload identity pool provider for an OIDC issuer, as IAM keeps it: the issuer, the audiences
 * it accepts (by default its own full resource name as a URL), the attribute mapping (here GitHub's
 * usual one: google.subject = assertion.sub, attribute.<claim> = assertion.<claim>) and an
 * attribute condition, kept as claim equalities and shown as the CEL it stands for.
 * https://cloud.google.com/iam/docs/workload-identity-federation-with-deployment-pipelines#github-actions
 */
export interface WorldWorkloadProvider {
  /** `projects/N/locations/global/workloadIdentityPools/P/providers/R`. */
  readonly name: string;
  readonly pool: string;
  readonly issuer: string;
  readonly jwks: () => { keys: JWK[] };
  readonly allowedAudiences: readonly string[];
  /** Mapped to attribute.<claim>. */
  readonly attributes: readonly string[];
  /** Every one must hold: `assertion.<claim> == '<value>'`. */
  readonly condition: Readonly<Record<string, string>>;
}

/** A federated token from STS: the principal it stands for and what it carries. */
export interface FederatedToken {
  readonly kind: 'federated';
  readonly provider: string;
  /** `principal://iam.googleapis.com/<pool>/subject/<sub>`. */
  readonly principal: string;
  /** `principalSet://iam.googleapis.com/<pool>/attribute.<name>/<value>` for each mapped attribute. */
  readonly principalSets: readonly string[];
  readonly expiresAt: number;
}

/** An access token of a service account, from generateAccessToken. */
export interface ServiceAccountToken {
  readonly kind: 'service-account';
  readonly email: string;
  readonly scopes: readonly string[];
  readonly lifetimeSeconds: number;
  readonly expiresAt: number;
}

export type GcpToken = FederatedToken | ServiceAccountToken;

export interface WorldServiceAccount {
  readonly email: string;
  /** Members holding roles/iam.workloadIdentityUser on it (principal:// or principalSet://). */
  readonly workloadIdentityUsers: readonly string[];
}

export interface WorldGcsObject {
  body: Buffer;
  contentType: string;
}

export interface WorldGcsBucket {
  readonly name: string;
  readonly objects: Map<string, WorldGcsObject>;
  /** Members that may read: `serviceAccount:<email>`, principal:// or principalSet://. */
  readonly readers: readonly string[];
  readonly writers: readonly string[];
}

/** What the world saw at each stand-in (never a token's value except as the bearer it checked). */
export interface GcpCallRecord {
  readonly service: 'sts' | 'iamcredentials' | 'storage';
  readonly method: string;
  readonly path: string;
  readonly status: number;
  /** The bearer token presented, for the test to compare with what the Action holds. */
  readonly bearer?: string;
  /** Who the token stood for: a service account's email or a federated principal. */
  readonly caller?: string;
  readonly error?: string;
}

export interface GcpWorldState {
  readonly clock: () => number;
  readonly providers: Map<string, WorldWorkloadProvider>;
  readonly serviceAccounts: Map<string, WorldServiceAccount>;
  readonly tokens: Map<string, GcpToken>;
  readonly buckets: Map<string, WorldGcsBucket>;
  readonly calls: GcpCallRecord[];
}

export function createGcpState(clock: () => number = Date.now): GcpWorldState {
  return { clock, providers: new Map(), serviceAccounts: new Map(), tokens: new Map(), buckets: new Map(), calls: [] };
}

/** `ya29.` and URL-safe base64, the shape of Google's OAuth access tokens. */
export function newGoogleAccessToken(): string {
  return `ya29.${randomBytes(120).toString('base64url')}`;
}

/** `//iam.googleapis.com/<provider>` is what STS's audience names; the OIDC token's audience defaults to `https://iam.googleapis.com/<provider>`. */
export const providerResource = (provider: string) => `//iam.googleapis.com/${provider}`;
export const defaultProviderAudience = (provider: string) => `https://iam.googleapis.com/${provider}`;

/** The member a token stands for, and the members it belongs to, as IAM bindings name them. */
export function membersOf(token: GcpToken): string[] {
  return token.kind === 'service-account' ? [`serviceAccount:${token.email}`] : [token.principal, ...token.principalSets];
}
