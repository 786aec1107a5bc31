import { CloudTokenError } from '../cloud-token-error.js';
import { postForJson } from '../cloud-token-request.js';

/** An access token the Action holds; its value never reaches the agent. */
export interface EntraAccessToken {
  readonly accessToken: string;
  /** ISO 8601. Entra's access tokens cannot be revoked before. */
  readonly expiresAt: string;
  readonly lifetimeSeconds: number;
}

/**
 * The client credentials grant with a federated credential, as azure/login (through MSAL) makes
 * it: the job's OIDC token is the client assertion, and the token is for `<resource>/.default`.
 * Neither the assertion nor the token is put in an error or a log.
 * https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-client-creds-grant-flow#third-case-access-token-request-with-a-federated-credential
 */
export async function entraAccessToken(options: {
  readonly authorityHost: string;
  readonly tenantId: string;
  readonly clientId: string;
  readonly resource: string;
  readonly oidcToken: string;
  readonly fetch: typeof fetch;
  readonly now: () => number;
}): Promise<EntraAccessToken> {
  const form = new URLSearchParams({
    client_id: options.clientId,
    scope: `${options.resource}/.default`,
    grant_type: 'client_credentials',
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion: options.oidcToken,
  });
  const url = `${options.authorityHost}/${encodeURIComponent(options.tenantId)}/oauth2/v2.0/token`;
  const answer = await postForJson({ cloud: 'azure', url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString(), fetch: options.fetch });
  if (!answer.ok) {
    const codes = Array.isArray(answer.json?.error_codes) ? (answer.json.error_codes as unknown[]).map(String) : [];
    const error = typeof answer.json?.error === 'string' ? answer.json.error : undefined;
    // Entra's description begins with its AADSTS code and the reason, then trace ids: the first line is enough.
    const description = typeof answer.json?.error_description === 'string' ? answer.json.error_description.split(/\r?\n/)[0] : undefined;
    throw new CloudTokenError('azure', 'refused', `Microsoft Entra refused a token for ${options.clientId} (HTTP ${answer.status}${error ? `, ${error}` : ''})${description ? `: ${description}` : ''}; check the app's federated credential (issuer, subject for this workflow, audience ${'api://AzureADTokenExchange'}) and azure-resource`, codes[0] ? `AADSTS${codes[0]}` : error);
  }
  const accessToken = answer.json?.access_token;
  const seconds = Number(answer.json?.expires_in);
  if (typeof accessToken !== 'string' || accessToken === '' || !(seconds > 0)) throw new CloudTokenError('azure', 'bad-response', `Microsoft Entra at ${options.authorityHost} answered without the access_token and expires_in the client credentials grant documents`);
  return { accessToken, expiresAt: new Date(options.now() + seconds * 1000).toISOString(), lifetimeSeconds: seconds };
}
