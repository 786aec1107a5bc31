import { randomBytes } from 'node:crypto';
import type { JWK } from 'jose';

/** The world's Microsoft Entra tenant and subscription. */
export const AZURE_TENANT_ID = '7f3b6c2e-1d4a-4e8b-9a55-0c2d8e1f4a77';
export const AZURE_SUBSCRIPTION_ID = '5a1c9e0d-2b7f-4c3a-8d61-93e0f2b4c518';
/** The audience GitHub's OIDC tokens carry for Entra (azure/login's default `audience`). */
export const AZURE_FEDERATION_AUDIENCE = 'api://AzureADTokenExchange';

/**
 * A federated identity credential on an app registration: the assertion's issuer, subject and
 * audience must each match one credential. `subject` is an exact match; `subjectPattern` stands for
 * a flexible credential's `claims['sub'] matches '<pattern>'` (`*` any run of characters).
 * https://learn.microsoft.com/en-us/entra/workload-id/workload-identity-federation-create-trust#github-actions
 * https://learn.microsoft.com/en-us/entra/workload-id/workload-identities-flexible-federated-identity-credentials
 */
export interface WorldFederatedCredential {
  readonly issuer: string;
  readonly jwks: () => { keys: JWK[] };
  readonly audiences: readonly string[];
  readonly subject?: string;
  readonly subjectPattern?: string;
}

export interface WorldApplication {
  readonly clientId: string;
  readonly name: string;
  readonly credentials: readonly WorldFederatedCredential[];
  /** Role names on the world's subscription (Reader, Contributor). */
  readonly roles: readonly string[];
}

export interface AzureAccessToken {
  readonly clientId: string;
  /** The resource the token is for (its `aud`). */
  readonly audience: string;
  readonly expiresAt: number;
}

export interface AzureCallRecord {
  readonly service: 'login' | 'management';
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly bearer?: string;
  readonly clientId?: string;
  /** The AADSTS code or ARM error code of a refusal. */
  readonly error?: string;
}

export interface WorldResourceGroup {
  readonly name: string;
  readonly location: string;
}

export interface AzureWorldState {
  readonly clock: () => number;
  readonly tenantId: string;
  readonly applications: Map<string, WorldApplication>;
  readonly tokens: Map<string, AzureAccessToken>;
  readonly resourceGroups: Map<string, WorldResourceGroup>;
  readonly calls: AzureCallRecord[];
  /** The management endpoint's own resource id (the audience its tokens must carry); set once it listens. */
  managementResource: string;
}

export function createAzureState(clock: () => number = Date.now): AzureWorldState {
  return { clock, tenantId: AZURE_TENANT_ID, applications: new Map(), tokens: new Map(), resourceGroups: new Map(), calls: [], managementResource: '' };
}

/**
 * An opaque token with a JWT's shape (three base64url parts, `eyJ…`), as Entra's access tokens
 * look to clients; the world looks it up rather than verifying it.
 */
export function newEntraAccessToken(): string {
  const header = Buffer.from(JSON.stringify({ typ: 'JWT', alg: 'RS256', kid: randomBytes(8).toString('hex') })).toString('base64url');
  return `${header}.${randomBytes(180).toString('base64url')}.${randomBytes(256).toString('base64url')}`;
}
