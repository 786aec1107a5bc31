import { httpsOriginInput } from '../https-origin-input.js';

/**
 * The `azure-*` inputs, read and checked (action.yml), modelled on azure/login's client-id,
 * tenant-id, subscription-id and audience (https://github.com/Azure/login#parameters), plus the
 * resource the token is for and the authority host (the Azure SDKs' AZURE_AUTHORITY_HOST).
 */
export interface AzureSettings {
  readonly clientId: string;
  readonly tenantId: string;
  readonly subscriptionId?: string;
  /** The OIDC token's audience: api://AzureADTokenExchange unless `azure-audience` says otherwise. */
  readonly audience: string;
  /** The resource the token is for (scope `<resource>/.default`): Resource Manager by default. */
  readonly resource: string;
  readonly authorityHost: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TENANT_DOMAIN = /^[a-z0-9-]+(?:\.[a-z0-9-]+)+$/i;

/**
 * Reads the Azure inputs; undefined without `azure-client-id`. Errors name the input, what was
 * expected and how to fix it (the caller turns them into InputError).
 */
export function readAzureSettings(getInput: (name: string) => string): AzureSettings | undefined {
  const clientId = getInput('azure-client-id').trim();
  const others = ['azure-tenant-id', 'azure-subscription-id', 'azure-audience', 'azure-resource', 'azure-authority-host'].filter((name) => getInput(name).trim());
  if (!clientId) {
    if (others.length) throw new Error(`${others.map((n) => `"${n}"`).join(', ')} need "azure-client-id": the application (client) id of the app registration whose federated credential trusts this workflow`);
    return undefined;
  }
  if (!GUID.test(clientId)) throw new Error(`input "azure-client-id" must be an application (client) id, a GUID such as 0b6e8a3c-5f21-4d7e-9c48-1a2b3c4d5e6f, not ${JSON.stringify(clientId)}`);
  const tenantId = getInput('azure-tenant-id').trim();
  if (!GUID.test(tenantId) && !TENANT_DOMAIN.test(tenantId)) throw new Error(`input "azure-tenant-id" is required with "azure-client-id" and must be the directory (tenant) id, a GUID${tenantId ? `, not ${JSON.stringify(tenantId)}` : ''}`);
  const subscriptionId = getInput('azure-subscription-id').trim();
  if (subscriptionId && !GUID.test(subscriptionId)) throw new Error(`input "azure-subscription-id" must be a subscription id (a GUID), not ${JSON.stringify(subscriptionId)}`);
  const resourceText = getInput('azure-resource').trim().replace(/\/+$/, '');
  const resource = resourceText ? httpsOriginInput('azure-resource', resourceText, 'https://management.azure.com').origin : 'https://management.azure.com';
  const authorityText = getInput('azure-authority-host').trim();
  const authorityHost = authorityText ? httpsOriginInput('azure-authority-host', authorityText, 'https://login.microsoftonline.com').origin : 'https://login.microsoftonline.com';
  return { clientId, tenantId, ...(subscriptionId ? { subscriptionId } : {}), audience: getInput('azure-audience').trim() || 'api://AzureADTokenExchange', resource, authorityHost };
}
