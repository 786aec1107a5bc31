import { randomBytes } from 'node:crypto';
import type { CredentialBinding } from '../../egress/credential-binding.js';
import { hostRulesOf } from '../host-rules-of.js';

/** The Google Cloud token's id in logs, the policy's input and the attestation's resolution counts. */
export const GCP_CREDENTIAL_ID = 'gcp';

/**
 * A placeholder with the shape of Google's OAuth access tokens (`ya29.` and URL-safe base64), so
 * gcloud, the client libraries and Terraform take it; it is random, never issued by Google, and
 * only ever exchanged for the real token by the egress proxy.
 */
export function gcpPlaceholderToken(): string {
  return `ya29.${randomBytes(120).toString('base64url')}`;
}

/**
 * The run's Google Cloud access token as the egress proxy knows it: a bearer token in
 * `Authorization`, resolved toward *.googleapis.com and the `gcp-endpoints` hosts only, each
 * request then decided by the egress policy with the service its host serves.
 */
export function gcpCredentialBinding(options: { readonly placeholder: string; readonly real: () => string; readonly identity: string; readonly endpoints: ReadonlyMap<string, string> }): CredentialBinding {
  return {
    id: GCP_CREDENTIAL_ID,
    kind: 'gcp-token',
    placeholder: options.placeholder,
    hosts: [{ host: '*.googleapis.com', ports: [443] }, ...hostRulesOf(options.endpoints.keys())],
    placements: [{ kind: 'authorization', schemes: ['bearer'] }],
    real: options.real,
    cloud: {
      provider: 'gcp',
      identity: options.identity,
      serviceOf: (host, port) => options.endpoints.get(`${host.toLowerCase()}:${port}`) ?? host.toLowerCase().replace(/\.googleapis\.com$/, ''),
    },
  };
}

/**
 * What the agent gets: the placeholder as GOOGLE_OAUTH_ACCESS_TOKEN (read by Terraform's google
 * provider and usable as `Authorization: Bearer`), and the project where given, under the names
 * google-github-actions/auth exports it (https://github.com/google-github-actions/auth#outputs).
 */
export const GCP_AGENT_VARIABLES = ['GOOGLE_OAUTH_ACCESS_TOKEN', 'GOOGLE_CLOUD_PROJECT', 'CLOUDSDK_CORE_PROJECT', 'CLOUDSDK_PROJECT', 'GCLOUD_PROJECT', 'GCP_PROJECT'] as const;

export function gcpAgentEnv(placeholder: string, projectId: string | undefined): Record<string, string> {
  return { GOOGLE_OAUTH_ACCESS_TOKEN: placeholder, ...(projectId ? { GOOGLE_CLOUD_PROJECT: projectId, CLOUDSDK_CORE_PROJECT: projectId, CLOUDSDK_PROJECT: projectId, GCLOUD_PROJECT: projectId, GCP_PROJECT: projectId } : {}) };
}
