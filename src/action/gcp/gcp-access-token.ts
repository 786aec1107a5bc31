import { CloudTokenError } from '../cloud-token-error.js';
import { postForJson } from '../cloud-token-request.js';

/** An access token the Action holds; its value never reaches the agent. */
export interface GcpAccessToken {
  readonly accessToken: string;
  /** ISO 8601. Google's access tokens cannot be revoked before. */
  readonly expiresAt: string;
  /** The service account impersonated, or (direct federation) the workload identity principal. */
  readonly identity: string;
  readonly lifetimeSeconds: number;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/**
 * Workload identity federation as google-github-actions/auth does it: the job's OIDC token is
 * exchanged at Google's STS (RFC 8693 token exchange, audience `//iam.googleapis.com/<provider>`)
 * for a federated token, which, when a service account is named, is used once to call
 * generateAccessToken for that account. Neither the OIDC token nor any access token is put in an
 * error or a log.
 * https://cloud.google.com/iam/docs/reference/sts/rest/v1/TopLevel/token
 * https://cloud.google.com/iam/docs/reference/credentials/rest/v1/projects.serviceAccounts/generateAccessToken
 * https://github.com/google-github-actions/auth/blob/main/docs/EXAMPLES.md
 */
export async function gcpAccessToken(options: {
  readonly stsEndpoint: string;
  readonly iamCredentialsEndpoint: string;
  readonly workloadIdentityProvider: string;
  readonly serviceAccount?: string;
  readonly oidcToken: string;
  /** `sub` of the OIDC token, naming the principal of a direct federation. */
  readonly subject: string;
  readonly scopes: readonly string[];
  readonly lifetimeSeconds: number;
  readonly fetch: typeof fetch;
  readonly now: () => number;
}): Promise<GcpAccessToken> {
  const form = new URLSearchParams({
    grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
    audience: `//iam.googleapis.com/${options.workloadIdentityProvider}`,
    scope: 'https://www.googleapis.com/auth/cloud-platform',
    requested_token_type: 'urn:ietf:params:oauth:token-type:access_token',
    subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
    subject_token: options.oidcToken,
  });
  const sts = await postForJson({ cloud: 'gcp', url: `${options.stsEndpoint}/v1/token`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString(), fetch: options.fetch });
  if (!sts.ok) {
    const code = text(sts.json?.error);
    const description = text(sts.json?.error_description);
    throw new CloudTokenError('gcp', 'refused', `Google STS refused to exchange the job's OIDC token at ${options.workloadIdentityProvider} (HTTP ${sts.status}${code ? `, ${code}` : ''})${description ? `: ${description}` : ''}; check the provider's issuer, allowed audiences and attribute condition`, code);
  }
  const federated = text(sts.json?.access_token);
  const federatedSeconds = sts.json?.expires_in;
  if (!federated || typeof federatedSeconds !== 'number' || !(federatedSeconds > 0)) throw new CloudTokenError('gcp', 'bad-response', `Google STS at ${options.stsEndpoint} answered without the access_token and expires_in its reference documents`);
  if (!options.serviceAccount) {
    const pool = options.workloadIdentityProvider.replace(/\/providers\/[^/]+$/, '');
    return { accessToken: federated, expiresAt: new Date(options.now() + federatedSeconds * 1000).toISOString(), identity: `principal://iam.googleapis.com/${pool}/subject/${options.subject}`, lifetimeSeconds: federatedSeconds };
  }
  const account = options.serviceAccount;
  const iam = await postForJson({
    cloud: 'gcp',
    url: `${options.iamCredentialsEndpoint}/v1/projects/-/serviceAccounts/${encodeURIComponent(account)}:generateAccessToken`,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${federated}` },
    body: JSON.stringify({ scope: options.scopes, lifetime: `${options.lifetimeSeconds}s` }),
    fetch: options.fetch,
  });
  if (!iam.ok) {
    const error = (iam.json?.error ?? {}) as Record<string, unknown>;
    const status = text(error.status);
    const message = text(error.message);
    throw new CloudTokenError('gcp', 'refused', `IAM Credentials refused to mint an access token for ${account} (HTTP ${iam.status}${status ? `, ${status}` : ''})${message ? `: ${message}` : ''}; grant the provider's principal set roles/iam.workloadIdentityUser on the service account`, status);
  }
  const accessToken = text(iam.json?.accessToken);
  const expireTime = text(iam.json?.expireTime);
  if (!accessToken || !expireTime || Number.isNaN(Date.parse(expireTime))) throw new CloudTokenError('gcp', 'bad-response', `IAM Credentials at ${options.iamCredentialsEndpoint} answered generateAccessToken without the accessToken and expireTime its reference documents`);
  return { accessToken, expiresAt: new Date(expireTime).toISOString(), identity: account, lifetimeSeconds: options.lifetimeSeconds };
}
