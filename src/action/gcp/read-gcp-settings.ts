import { httpsOriginInput, originKey } from '../https-origin-input.js';

/**
 * The `gcp-*` inputs, read and checked (action.yml), modelled on google-github-actions/auth's
 * workload_identity_provider, service_account, audience, access_token_lifetime,
 * access_token_scopes and project_id (https://github.com/google-github-actions/auth#inputs).
 */
export interface GcpSettings {
  /** `projects/<number>/locations/global/workloadIdentityPools/<pool>/providers/<provider>`. */
  readonly workloadIdentityProvider: string;
  /** Impersonated after the exchange when set; without it the federated token itself is used (direct workload identity federation). */
  readonly serviceAccount?: string;
  /** The OIDC token's audience: the provider's default allowed audience unless `gcp-audience` says otherwise. */
  readonly audience: string;
  /** generateAccessToken's lifetime: 600 s by default, at most 3600. Direct federation tokens live as STS decides (an hour). */
  readonly lifetimeSeconds: number;
  readonly scopes: readonly string[];
  readonly projectId?: string;
  readonly stsEndpoint: string;
  readonly iamCredentialsEndpoint: string;
  /** `gcp-endpoints`: hosts outside googleapis.com the token also resolves toward, by `host:port`, with the service each serves. */
  readonly endpoints: ReadonlyMap<string, string>;
}

const PROVIDER = /^projects\/\d{1,20}\/locations\/global\/workloadIdentityPools\/[a-z0-9-]{4,32}\/providers\/[a-z0-9-]{4,32}$/;
const SERVICE_ACCOUNT = /^[a-z0-9][a-z0-9-]{0,62}@[a-z0-9.-]+\.gserviceaccount\.com$/;
const PROJECT = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
const SERVICE = /^[a-z0-9][a-z0-9-]{0,62}$/;
/** generateAccessToken's ceiling without the org policy that lifts it (its reference). */
const MAX_LIFETIME = 3600;
const DEFAULT_LIFETIME = 600;
const CLOUD_PLATFORM = 'https://www.googleapis.com/auth/cloud-platform';

/**
 * Reads the GCP inputs; undefined without `gcp-workload-identity-provider`. Errors name the input,
 * what was expected and how to fix it (the caller turns them into InputError).
 */
export function readGcpSettings(getInput: (name: string) => string): GcpSettings | undefined {
  const provider = getInput('gcp-workload-identity-provider').trim();
  const others = ['gcp-service-account', 'gcp-audience', 'gcp-access-token-lifetime', 'gcp-access-token-scopes', 'gcp-project-id', 'gcp-sts-endpoint', 'gcp-iamcredentials-endpoint', 'gcp-endpoints'].filter((name) => getInput(name).trim());
  if (!provider) {
    if (others.length) throw new Error(`${others.map((n) => `"${n}"`).join(', ')} need "gcp-workload-identity-provider": the full name of the workload identity pool provider the job's OIDC token is exchanged at`);
    return undefined;
  }
  if (!PROVIDER.test(provider)) throw new Error(`input "gcp-workload-identity-provider" must be a provider's full name such as projects/123456789/locations/global/workloadIdentityPools/github/providers/my-repo (the project number, not its id), not ${JSON.stringify(provider)}`);
  const serviceAccount = getInput('gcp-service-account').trim();
  if (serviceAccount && !SERVICE_ACCOUNT.test(serviceAccount)) throw new Error(`input "gcp-service-account" must be a service account's email such as my-agent@my-project.iam.gserviceaccount.com, not ${JSON.stringify(serviceAccount)}`);
  const lifetimeText = getInput('gcp-access-token-lifetime').trim();
  if (lifetimeText && !serviceAccount) throw new Error('input "gcp-access-token-lifetime" needs "gcp-service-account": a federated token lives as long as Google\'s STS decides (an hour); impersonate a service account to choose a shorter one');
  const lifetime = lifetimeText ? (/^\d+s?$/.test(lifetimeText) ? Number(lifetimeText.replace(/s$/, '')) : NaN) : DEFAULT_LIFETIME;
  if (!(lifetime >= 1 && lifetime <= MAX_LIFETIME)) throw new Error(`input "gcp-access-token-lifetime" must be a whole number of seconds from 1 to ${MAX_LIFETIME} (e.g. 600 or 600s), not ${JSON.stringify(lifetimeText)}`);
  const scopesText = getInput('gcp-access-token-scopes').trim();
  const scopes = scopesText ? scopesText.split(/[,\n]/).map((s) => s.trim()).filter(Boolean) : [CLOUD_PLATFORM];
  for (const scope of scopes) if (!/^https:\/\/www\.googleapis\.com\/auth\/[\w.-]+$/.test(scope)) throw new Error(`input "gcp-access-token-scopes": ${JSON.stringify(scope)} is not an OAuth scope such as ${CLOUD_PLATFORM}`);
  if (scopesText && !serviceAccount) throw new Error('input "gcp-access-token-scopes" needs "gcp-service-account": the federated token\'s scope is fixed at cloud-platform');
  const projectId = getInput('gcp-project-id').trim();
  if (projectId && !PROJECT.test(projectId)) throw new Error(`input "gcp-project-id" must be a project id such as my-project-123, not ${JSON.stringify(projectId)}`);
  const audience = getInput('gcp-audience').trim() || `https://iam.googleapis.com/${provider}`;
  const origin = (name: string, fallback: string) => {
    const text = getInput(name).trim();
    return text ? httpsOriginInput(name, text, fallback).origin : fallback;
  };
  const endpoints = new Map<string, string>();
  for (const line of getInput('gcp-endpoints').split('\n').map((l) => l.trim()).filter(Boolean)) {
    const eq = line.indexOf('=');
    const service = line.slice(0, Math.max(eq, 0)).trim();
    if (eq < 0 || !SERVICE.test(service)) throw new Error(`input "gcp-endpoints": ${JSON.stringify(line)} must be "<service>=<https origin>", e.g. storage=https://storage.internal:8443`);
    const url = httpsOriginInput('gcp-endpoints', line.slice(eq + 1).trim(), 'https://storage.internal:8443');
    if (url.hostname.endsWith('.googleapis.com')) throw new Error(`input "gcp-endpoints": ${url.hostname} is a Google API name; those need no entry (the token resolves toward *.googleapis.com)`);
    if (endpoints.has(originKey(url))) throw new Error(`input "gcp-endpoints": ${url.host} is listed twice`);
    endpoints.set(originKey(url), service);
  }
  return {
    workloadIdentityProvider: provider,
    ...(serviceAccount ? { serviceAccount } : {}),
    audience,
    lifetimeSeconds: lifetime,
    scopes,
    ...(projectId ? { projectId } : {}),
    stsEndpoint: origin('gcp-sts-endpoint', 'https://sts.googleapis.com'),
    iamCredentialsEndpoint: origin('gcp-iamcredentials-endpoint', 'https://iamcredentials.googleapis.com'),
    endpoints,
  };
}
