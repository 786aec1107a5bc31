import type { CustomAwsEndpoint } from '../../egress/aws-endpoint.js';
import { endpointKey } from './aws-binding.js';

/** The `aws-*` inputs, read and checked (action.yml). */
export interface AwsSettings {
  readonly roleArn: string;
  readonly region: string;
  /** STS session length in seconds: 900 (STS's minimum) by default, at most the role's maximum (≤ 43200). */
  readonly sessionSeconds: number;
  /** An inline session policy (JSON), narrowing the role for this run. */
  readonly sessionPolicy?: string;
  /** Where AssumeRoleWithWebIdentity is called: the region's STS endpoint unless `aws-sts-endpoint` says otherwise. */
  readonly stsEndpoint: string;
  /** `aws-endpoints`: hosts that are not under amazonaws.com, by `host:port`, and the service each serves. */
  readonly endpoints: ReadonlyMap<string, CustomAwsEndpoint>;
  /** The same, as URLs by service, for the agent's `AWS_ENDPOINT_URL_<SERVICE>` variables. */
  readonly endpointUrls: ReadonlyMap<string, string>;
}

/** STS's bounds for DurationSeconds (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html). */
const MIN_SESSION = 900;
const MAX_SESSION = 43_200;
/** The Policy parameter's limit in the same reference. */
const MAX_POLICY_CHARACTERS = 2048;
const ROLE_ARN = /^arn:aws(?:-cn|-us-gov|-iso[a-z-]*)?:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
const REGION = /^[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d+$/;
const SERVICE = /^[a-z0-9][a-z0-9-]{0,62}$/;

const https = (name: string, value: string): URL => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`input "${name}": ${JSON.stringify(value)} is not a URL; expected e.g. https://sts.us-east-1.amazonaws.com`);
  }
  if (url.protocol !== 'https:' || url.username || url.password || (url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) throw new Error(`input "${name}": ${JSON.stringify(value)} must be an https origin (scheme, host and port only), e.g. https://sts.us-east-1.amazonaws.com`);
  return url;
};

/**
 * Reads the AWS inputs; undefined without `aws-role-to-assume`. Errors name the input, what was
 * expected and how to fix it (the caller turns them into InputError).
 */
export function readAwsSettings(getInput: (name: string) => string): AwsSettings | undefined {
  const roleArn = getInput('aws-role-to-assume').trim();
  const others = ['aws-region', 'aws-session-duration', 'aws-session-policy', 'aws-sts-endpoint', 'aws-endpoints'].filter((name) => getInput(name).trim());
  if (!roleArn) {
    if (others.length) throw new Error(`${others.map((n) => `"${n}"`).join(', ')} need "aws-role-to-assume": the ARN of the IAM role the job's OIDC token assumes`);
    return undefined;
  }
  if (!ROLE_ARN.test(roleArn)) throw new Error(`input "aws-role-to-assume" must be an IAM role ARN such as arn:aws:iam::123456789012:role/my-agent-role, not ${JSON.stringify(roleArn)}`);
  const region = getInput('aws-region').trim();
  if (!REGION.test(region)) throw new Error(`input "aws-region" is required with "aws-role-to-assume" and must be a region such as us-east-1${region ? `, not ${JSON.stringify(region)}` : ''}`);
  const durationText = getInput('aws-session-duration').trim() || String(MIN_SESSION);
  const sessionSeconds = /^\d+$/.test(durationText) ? Number(durationText) : NaN;
  if (!(sessionSeconds >= MIN_SESSION && sessionSeconds <= MAX_SESSION)) throw new Error(`input "aws-session-duration" must be a whole number of seconds from ${MIN_SESSION} to ${MAX_SESSION} (and at most the role's maximum session duration), not ${JSON.stringify(durationText)}`);
  const policyText = getInput('aws-session-policy').trim();
  let sessionPolicy: string | undefined;
  if (policyText) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(policyText);
    } catch {
      throw new Error('input "aws-session-policy" is not valid JSON; expected an IAM policy document such as {"Version":"2012-10-17","Statement":[...]}');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || !('Statement' in parsed)) throw new Error('input "aws-session-policy" must be an IAM policy document: a JSON object with a Statement');
    sessionPolicy = JSON.stringify(parsed);
    if (sessionPolicy.length > MAX_POLICY_CHARACTERS) throw new Error(`input "aws-session-policy" is ${sessionPolicy.length} characters once compacted; STS takes at most ${MAX_POLICY_CHARACTERS}: use fewer statements or wildcards`);
  }
  const stsText = getInput('aws-sts-endpoint').trim();
  const stsEndpoint = stsText ? https('aws-sts-endpoint', stsText).origin : `https://sts.${region}.amazonaws.com`;
  const endpoints = new Map<string, CustomAwsEndpoint>();
  const endpointUrls = new Map<string, string>();
  for (const line of getInput('aws-endpoints').split('\n').map((l) => l.trim()).filter(Boolean)) {
    const eq = line.indexOf('=');
    const service = line.slice(0, Math.max(eq, 0)).trim();
    if (eq < 0 || !SERVICE.test(service)) throw new Error(`input "aws-endpoints": ${JSON.stringify(line)} must be "<service>=<https URL>", e.g. s3=https://minio.internal:9000`);
    const url = https('aws-endpoints', line.slice(eq + 1).trim());
    if (url.hostname.endsWith('.amazonaws.com')) throw new Error(`input "aws-endpoints": ${url.hostname} is an AWS name; AWS endpoints need no entry (Airlock reads the service and region from the name)`);
    const key = endpointKey(url);
    if (endpoints.has(key) || endpointUrls.has(service)) throw new Error(`input "aws-endpoints": ${service} or ${url.host} is listed twice`);
    endpoints.set(key, { service, region });
    endpointUrls.set(service, url.origin);
  }
  return { roleArn, region, sessionSeconds, ...(sessionPolicy ? { sessionPolicy } : {}), stsEndpoint, endpoints, endpointUrls };
}
