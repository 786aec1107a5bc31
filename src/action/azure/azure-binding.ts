import { randomBytes, randomUUID } from 'node:crypto';
import type { CredentialBinding } from '../../egress/credential-binding.js';
import type { HostRule } from '../../egress/egress-policy.js';

/** The Azure token's id in logs, the policy's input and the attestation's resolution counts. */
export const AZURE_CREDENTIAL_ID = 'azure';

/**
 * Where a resource's APIs are served, when that is not the resource's own host: a token for
 * Azure Storage is presented to every account's endpoints.
 * https://learn.microsoft.com/en-us/rest/api/storageservices/authorize-with-azure-active-directory
 */
const RESOURCE_HOSTS: Readonly<Record<string, readonly string[]>> = {
  'https://storage.azure.com': ['*.blob.core.windows.net', '*.queue.core.windows.net', '*.table.core.windows.net', '*.file.core.windows.net', '*.dfs.core.windows.net'],
  'https://vault.azure.net': ['*.vault.azure.net'],
};

/** The hosts a token for `resource` is presented to (`host`, `host:port` for a resource on another port). */
export function resourceHostRules(resource: string): HostRule[] {
  const known = RESOURCE_HOSTS[resource];
  if (known) return known.map((host) => ({ host, ports: [443] }));
  const url = new URL(resource);
  return [{ host: url.hostname.toLowerCase(), ports: [Number(url.port || 443)] }];
}

/**
 * A placeholder with the shape of Entra's access tokens (a JWT: header, claims, signature) so
 * clients that read its expiry or tenant accept it; its signature is random, so it verifies
 * nowhere, and only the egress proxy exchanges it for the real token.
 */
export function azurePlaceholderToken(claims: { readonly tenantId: string; readonly clientId: string; readonly resource: string; readonly expiresAt: string }): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const exp = Math.floor(Date.parse(claims.expiresAt) / 1000);
  const header = { typ: 'JWT', alg: 'RS256', kid: 'airlock-placeholder' };
  const body = { aud: claims.resource, iss: `https://sts.windows.net/${claims.tenantId}/`, tid: claims.tenantId, appid: claims.clientId, exp, uti: randomUUID() };
  return `${part(header)}.${part(body)}.${randomBytes(256).toString('base64url')}`;
}

/**
 * The run's Azure access token as the egress proxy knows it: a bearer token in `Authorization`,
 * resolved toward the resource's hosts only, each request decided by the egress policy.
 */
export function azureCredentialBinding(options: { readonly placeholder: string; readonly real: () => string; readonly clientId: string; readonly resource: string }): CredentialBinding {
  return {
    id: AZURE_CREDENTIAL_ID,
    kind: 'azure-token',
    placeholder: options.placeholder,
    hosts: resourceHostRules(options.resource),
    placements: [{ kind: 'authorization', schemes: ['bearer'] }],
    real: options.real,
    cloud: { provider: 'azure', identity: options.clientId, serviceOf: () => options.resource },
  };
}

/** What the agent gets: the placeholder as AZURE_ACCESS_TOKEN, and the ids azure/login is given (none of them secret). */
export const AZURE_AGENT_VARIABLES = ['AZURE_ACCESS_TOKEN', 'AZURE_CLIENT_ID', 'AZURE_TENANT_ID', 'AZURE_SUBSCRIPTION_ID'] as const;

export function azureAgentEnv(placeholder: string, ids: { readonly clientId: string; readonly tenantId: string; readonly subscriptionId?: string }): Record<string, string> {
  return { AZURE_ACCESS_TOKEN: placeholder, AZURE_CLIENT_ID: ids.clientId, AZURE_TENANT_ID: ids.tenantId, ...(ids.subscriptionId ? { AZURE_SUBSCRIPTION_ID: ids.subscriptionId } : {}) };
}
