import { describe, expect, it } from '@jest/globals';
import { azureCredentialBinding, azurePlaceholderToken } from '../../src/action/azure/azure-binding.js';
import { gcpCredentialBinding, gcpPlaceholderToken } from '../../src/action/gcp/gcp-binding.js';
import { compileCredentials } from '../../src/egress/credential-binding.js';
import { normalizeHost, type NormalizedHost } from '../../src/egress/normalize-host.js';

/* Where the run's bearer cloud tokens are terminated and resolved, bound host by bound host. */
const host = (name: string) => normalizeHost(name) as NormalizedHost;
const target = (name: string, port: number) => ({ host: host(name), port, path: '/', query: '' });

describe('cloud token bindings', () => {
  const gcp = gcpCredentialBinding({ placeholder: gcpPlaceholderToken(), real: () => 'ya29.real', identity: 'a@p.iam.gserviceaccount.com', endpoints: new Map([['10.0.0.5:8443', 'storage']]) });
  const azure = azureCredentialBinding({ placeholder: azurePlaceholderToken({ tenantId: 't', clientId: 'c', resource: 'https://10.0.0.5:9443', expiresAt: new Date().toISOString() }), real: () => 'eyJ.real.x', clientId: 'c', resource: 'https://10.0.0.5:9443' });
  const set = compileCredentials([gcp, azure]);

  it('terminates each binding on its own host and port, also when two share a host on different ports', () => {
    expect([set.terminates(host('10.0.0.5'), 8443), set.terminates(host('10.0.0.5'), 9443), set.terminates(host('10.0.0.5'), 443)]).toEqual([true, true, false]);
    expect([set.terminates(host('storage.googleapis.com'), 443), set.terminates(host('googleapis.com.evil.test'), 443)]).toEqual([true, false]);
  });

  it('resolves each token only as a bearer toward its own hosts', () => {
    const find = (name: string, port: number, authorization: string) => set.find({ scheme: 'https', target: target(name, port), headers: { authorization }, url: '/' });
    expect(find('10.0.0.5', 8443, `Bearer ${gcp.placeholder}`)).toMatchObject({ ok: true, found: { credential: { id: 'gcp' } } });
    expect(find('10.0.0.5', 9443, `Bearer ${azure.placeholder}`)).toMatchObject({ ok: true, found: { credential: { id: 'azure' } } });
    expect(find('10.0.0.5', 9443, `Bearer ${gcp.placeholder}`)).toEqual({ ok: false, reason: 'placeholder-wrong-host', credential: 'gcp' });
    expect(find('storage.googleapis.com', 443, `token ${gcp.placeholder}`)).toEqual({ ok: false, reason: 'placeholder-misplaced', credential: 'gcp' });
  });

  it('names the service for the policy: the API under googleapis.com, the gcp-endpoints name, the Azure resource', () => {
    expect([gcp.cloud!.serviceOf('bigquery.googleapis.com', 443), gcp.cloud!.serviceOf('10.0.0.5', 8443), azure.cloud!.serviceOf('10.0.0.5', 9443)]).toEqual(['bigquery', 'storage', 'https://10.0.0.5:9443']);
  });
});
