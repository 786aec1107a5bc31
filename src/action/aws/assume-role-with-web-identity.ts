import type { AwsCredentials } from '../../egress/aws-resign.js';

/** A session from AssumeRoleWithWebIdentity: real credentials, which stay in the Action's memory. */
export interface AssumedRole {
  readonly credentials: Required<AwsCredentials>;
  /** ISO 8601: when STS says the session stops working. It cannot be revoked before. */
  readonly expiration: string;
  /** `arn:aws:sts::<account>:assumed-role/<role>/<session>`. */
  readonly assumedRoleArn: string;
  /** `<role id>:<session name>`; not secret. */
  readonly assumedRoleId: string;
}

export type AwsStsErrorCode = 'sts-refused' | 'sts-unreachable' | 'sts-bad-response';

export class AwsStsError extends Error {
  override readonly name = 'AwsStsError';
  constructor(
    readonly code: AwsStsErrorCode,
    message: string,
    /** AWS's own error code (InvalidIdentityToken, AccessDenied, …), when STS answered with one. */
    readonly awsCode?: string,
  ) {
    super(message);
  }
}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decodeXml = (text: string) => text.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, e: string) => (e.startsWith('#x') ? String.fromCodePoint(parseInt(e.slice(2), 16)) : e.startsWith('#') ? String.fromCodePoint(Number(e.slice(1))) : ENTITIES[e]!));
/** The text of the one element `name` inside `scope` (STS's answers are flat and small; no attributes on these). */
const element = (xml: string, name: string): string | undefined => {
  const found = [...xml.matchAll(new RegExp(`<${name}>([^<]*)</${name}>`, 'g'))];
  return found.length === 1 ? decodeXml(found[0]![1]!) : undefined;
};

/**
 * `sts:AssumeRoleWithWebIdentity` over the Query API, as aws-actions/configure-aws-credentials
 * calls it (through the AWS SDK): an unsigned form-encoded POST, since the web identity token
 * itself is the proof of identity; the answer is XML.
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html
 * The token is never put in an error or a log.
 */
export async function assumeRoleWithWebIdentity(options: {
  readonly endpoint: string;
  readonly roleArn: string;
  readonly sessionName: string;
  readonly webIdentityToken: string;
  readonly durationSeconds: number;
  readonly policy?: string;
  readonly fetch: typeof fetch;
  readonly timeoutMs?: number;
}): Promise<AssumedRole> {
  const form = new URLSearchParams({ Action: 'AssumeRoleWithWebIdentity', Version: '2011-06-15', RoleArn: options.roleArn, RoleSessionName: options.sessionName, WebIdentityToken: options.webIdentityToken, DurationSeconds: String(options.durationSeconds) });
  if (options.policy !== undefined) form.set('Policy', options.policy);
  let response: Response;
  let text: string;
  try {
    response = await options.fetch(`${options.endpoint}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', accept: 'text/xml' },
      body: form.toString(),
      redirect: 'error',
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    });
    text = await response.text();
  } catch (error) {
    throw new AwsStsError('sts-unreachable', `AWS STS at ${options.endpoint} could not be reached: ${(error as Error).message}`);
  }
  if (!response.ok) {
    const code = element(text, 'Code');
    const message = element(text, 'Message');
    throw new AwsStsError('sts-refused', `AWS STS refused AssumeRoleWithWebIdentity for ${options.roleArn} (HTTP ${response.status}${code ? `, ${code}` : ''})${message ? `: ${message}` : ''}; check the role's trust policy (its OIDC provider, aud sts.amazonaws.com, and sub for this repository) and aws-session-duration`, code);
  }
  const credentials = { accessKeyId: element(text, 'AccessKeyId'), secretAccessKey: element(text, 'SecretAccessKey'), sessionToken: element(text, 'SessionToken') };
  const expiration = element(text, 'Expiration');
  const assumedRoleArn = element(text, 'Arn');
  const assumedRoleId = element(text, 'AssumedRoleId');
  if (!credentials.accessKeyId || !credentials.secretAccessKey || !credentials.sessionToken || !expiration || Number.isNaN(Date.parse(expiration)) || !assumedRoleArn || !assumedRoleId) {
    throw new AwsStsError('sts-bad-response', `AWS STS at ${options.endpoint} answered AssumeRoleWithWebIdentity without the credentials, expiration and assumed role it documents`);
  }
  return { credentials: credentials as Required<AwsCredentials>, expiration: new Date(expiration).toISOString(), assumedRoleArn, assumedRoleId };
}
