import { describe, expect, it } from '@jest/globals';
import { readAzureSettings } from '../../src/action/azure/read-azure-settings.js';
import { readGcpSettings } from '../../src/action/gcp/read-gcp-settings.js';

/* The gcp-* and azure-* inputs: defaults, and one-line errors naming the input, what was expected and how to fix it. */
const inputs = (values: Record<string, string>) => (name: string) => values[name] ?? '';
const PROVIDER = 'projects/424242424242/locations/global/workloadIdentityPools/github/providers/acme';

describe('gcp-* inputs', () => {
  it('are off without gcp-workload-identity-provider, and take the documented defaults with it', () => {
    expect(readGcpSettings(inputs({}))).toBeUndefined();
    const settings = readGcpSettings(inputs({ 'gcp-workload-identity-provider': PROVIDER, 'gcp-service-account': 'agent@acme-widgets.iam.gserviceaccount.com' }))!;
    expect(settings).toMatchObject({ audience: `https://iam.googleapis.com/${PROVIDER}`, lifetimeSeconds: 600, scopes: ['https://www.googleapis.com/auth/cloud-platform'], stsEndpoint: 'https://sts.googleapis.com', iamCredentialsEndpoint: 'https://iamcredentials.googleapis.com' });
    expect(settings.endpoints.size).toBe(0);
  });

  it.each([
    [{ 'gcp-service-account': 'a@b.iam.gserviceaccount.com' }, /"gcp-service-account" need "gcp-workload-identity-provider"/],
    [{ 'gcp-workload-identity-provider': 'projects/acme/locations/global/workloadIdentityPools/github/providers/acme' }, /must be a provider's full name .*the project number/],
    [{ 'gcp-workload-identity-provider': PROVIDER, 'gcp-service-account': 'agent' }, /"gcp-service-account" must be a service account's email/],
    [{ 'gcp-workload-identity-provider': PROVIDER, 'gcp-access-token-lifetime': '600' }, /"gcp-access-token-lifetime" needs "gcp-service-account"/],
    [{ 'gcp-workload-identity-provider': PROVIDER, 'gcp-service-account': 'a@p.iam.gserviceaccount.com', 'gcp-access-token-lifetime': '7200' }, /from 1 to 3600/],
    [{ 'gcp-workload-identity-provider': PROVIDER, 'gcp-sts-endpoint': 'http://sts.example' }, /"gcp-sts-endpoint".*must be an https origin/],
    [{ 'gcp-workload-identity-provider': PROVIDER, 'gcp-endpoints': 'storage=https://storage.googleapis.com' }, /need no entry/],
    [{ 'gcp-workload-identity-provider': PROVIDER, 'gcp-endpoints': 'https://storage.internal' }, /must be "<service>=<https origin>"/],
  ])('refuses %j', (values, message) => {
    expect(() => readGcpSettings(inputs(values))).toThrow(message);
  });

  it('reads gcp-endpoints by host:port with their service names', () => {
    const settings = readGcpSettings(inputs({ 'gcp-workload-identity-provider': PROVIDER, 'gcp-endpoints': 'storage=https://198.18.0.1:8443\nbigquery=https://bq.internal' }))!;
    expect([...settings.endpoints]).toEqual([
      ['198.18.0.1:8443', 'storage'],
      ['bq.internal:443', 'bigquery'],
    ]);
  });
});

describe('azure-* inputs', () => {
  const CLIENT = '0b6e8a3c-5f21-4d7e-9c48-1a2b3c4d5e6f';
  const TENANT = '7f3b6c2e-1d4a-4e8b-9a55-0c2d8e1f4a77';

  it('are off without azure-client-id, and take the documented defaults with it', () => {
    expect(readAzureSettings(inputs({}))).toBeUndefined();
    expect(readAzureSettings(inputs({ 'azure-client-id': CLIENT, 'azure-tenant-id': TENANT }))).toEqual({ clientId: CLIENT, tenantId: TENANT, audience: 'api://AzureADTokenExchange', resource: 'https://management.azure.com', authorityHost: 'https://login.microsoftonline.com' });
    expect(readAzureSettings(inputs({ 'azure-client-id': CLIENT, 'azure-tenant-id': TENANT, 'azure-resource': 'https://storage.azure.com/' }))?.resource).toBe('https://storage.azure.com');
  });

  it.each([
    [{ 'azure-tenant-id': TENANT }, /"azure-tenant-id" need "azure-client-id"/],
    [{ 'azure-client-id': 'my-app' }, /"azure-client-id" must be an application \(client\) id/],
    [{ 'azure-client-id': CLIENT }, /"azure-tenant-id" is required with "azure-client-id"/],
    [{ 'azure-client-id': CLIENT, 'azure-tenant-id': TENANT, 'azure-subscription-id': 'prod' }, /"azure-subscription-id" must be a subscription id/],
    [{ 'azure-client-id': CLIENT, 'azure-tenant-id': TENANT, 'azure-resource': 'https://management.azure.com/subscriptions' }, /"azure-resource".*must be an https origin/],
  ])('refuses %j', (values, message) => {
    expect(() => readAzureSettings(inputs(values))).toThrow(message);
  });
});
