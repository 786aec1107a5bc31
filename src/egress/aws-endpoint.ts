/**
 * Which AWS service and region a host serves, read from its name as AWS builds them:
 * `<endpoint-prefix>.<region>.amazonaws.com`, global `<prefix>.amazonaws.com` (signed for
 * us-east-1), and S3's forms with the bucket in front for virtual-host-style requests
 * (`<bucket>.s3.<region>.amazonaws.com`, `s3-<region>`, `s3.dualstack.<region>`, `s3.amazonaws.com`).
 * https://docs.aws.amazon.com/general/latest/gr/rande.html
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/VirtualHosting.html
 * Anything else under amazonaws.com (VPC endpoints, access points, S3 Control, FIPS) is not
 * recognised, and so refused: Airlock cannot say which service it is.
 */
export interface AwsEndpoint {
  /** The service's signing name, as in the credential scope and IAM (`s3`, `dynamodb`, `bedrock`). */
  readonly service: string;
  readonly region: string;
  /** S3 virtual-host style: the bucket the host names. */
  readonly bucket?: string;
}

/** A non-AWS host name the run maps to a service (the `aws-endpoints` input: S3-compatible stores, the local world). */
export interface CustomAwsEndpoint {
  readonly service: string;
  readonly region: string;
}

const SUFFIX = '.amazonaws.com';
const REGION = /^[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d+$/;

/**
 * Endpoint prefixes whose signing name differs, from the services' models
 * (https://github.com/boto/botocore/tree/develop/botocore/data, `signingName`).
 */
const SIGNING_NAMES: Readonly<Record<string, string>> = {
  email: 'ses',
  'runtime.sagemaker': 'sagemaker',
  'api.sagemaker': 'sagemaker',
  'data.iot': 'iotdata',
  'data-ats.iot': 'iotdata',
  'runtime.lex': 'lex',
  'api.ecr': 'ecr',
  'api.pricing': 'pricing',
  'streams.dynamodb': 'dynamodb',
  'bedrock-runtime': 'bedrock',
  'bedrock-agent-runtime': 'bedrock',
  'bedrock-agent': 'bedrock',
};

/** Services served from one global endpoint, signed for us-east-1. */
const GLOBAL_SERVICES = new Set(['iam', 'sts', 'route53', 'cloudfront', 'organizations', 's3']);

function s3Endpoint(labels: readonly string[]): AwsEndpoint | undefined {
  // From the right: [...bucket, 's3', region] | [...bucket, 's3', 'dualstack', region] | [...bucket, 's3-<region>'] | [...bucket, 's3'] | [...bucket, 's3-external-1'].
  const n = labels.length;
  const bucketOf = (end: number) => (end > 0 ? { bucket: labels.slice(0, end).join('.') } : {});
  const last = labels[n - 1]!;
  if (n >= 2 && REGION.test(last) && labels[n - 2] === 's3') return { service: 's3', region: last, ...bucketOf(n - 2) };
  if (n >= 3 && REGION.test(last) && labels[n - 2] === 'dualstack' && labels[n - 3] === 's3') return { service: 's3', region: last, ...bucketOf(n - 3) };
  if (last === 's3' || last === 's3-external-1') return { service: 's3', region: 'us-east-1', ...bucketOf(n - 1) };
  const legacy = /^s3-(.+)$/.exec(last);
  if (legacy && REGION.test(legacy[1]!)) return { service: 's3', region: legacy[1]!, ...bucketOf(n - 1) };
  return undefined;
}

/** The service and region `host` (lower case, no port) serves, or undefined when it is not a recognised AWS endpoint. */
export function awsEndpointOf(host: string): AwsEndpoint | undefined {
  if (!host.endsWith(SUFFIX)) return undefined;
  const labels = host.slice(0, -SUFFIX.length).split('.');
  if (labels.some((l) => l === '')) return undefined;
  if (labels.includes('s3') || labels.some((l) => /^s3-/.test(l))) {
    const s3 = s3Endpoint(labels);
    if (s3) return s3;
    // s3-accesspoint, s3-control, s3-fips and the like: not recognised.
    if (labels.some((l) => l.startsWith('s3'))) return undefined;
  }
  const last = labels[labels.length - 1]!;
  if (REGION.test(last)) {
    if (labels.length < 2) return undefined;
    const prefix = labels.slice(0, -1).join('.');
    return { service: SIGNING_NAMES[prefix] ?? prefix, region: last };
  }
  if (labels.length === 1 && GLOBAL_SERVICES.has(last)) return { service: last, region: 'us-east-1' };
  return undefined;
}
