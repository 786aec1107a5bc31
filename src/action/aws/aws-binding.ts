import type { CustomAwsEndpoint } from '../../egress/aws-endpoint.js';
import type { AwsCredentials } from '../../egress/aws-resign.js';
import type { CredentialBinding } from '../../egress/credential-binding.js';

/** The AWS session's id in logs, the policy's input and the attestation's resolution counts. */
export const AWS_CREDENTIAL_ID = 'aws';

/** `host:port` of an `aws-endpoints` URL, as the proxy looks endpoints up. */
export const endpointKey = (url: URL): string => `${url.hostname.toLowerCase()}:${url.port || (url.protocol === 'https:' ? '443' : '80')}`;

/**
 * The run's AWS session as the egress proxy knows it: bound to every host under amazonaws.com
 * (the policy then decides by service, region and operation) and to the hosts `aws-endpoints`
 * maps to a service; found by the placeholder access key id the agent signs with; resolved by
 * signing the request again with the real session (credential-binding.ts, aws-resolution.ts).
 */
export function awsCredentialBinding(options: {
  readonly placeholder: Required<AwsCredentials>;
  readonly real: () => AwsCredentials;
  readonly roleArn: string;
  /** By `host:port` (see endpointKey). */
  readonly endpoints: ReadonlyMap<string, CustomAwsEndpoint>;
}): CredentialBinding {
  // One rule per host with all its ports: the proxy matches the first rule for a host.
  const ports = new Map<string, number[]>();
  for (const key of options.endpoints.keys()) {
    const colon = key.lastIndexOf(':');
    ports.set(key.slice(0, colon), [...(ports.get(key.slice(0, colon)) ?? []), Number(key.slice(colon + 1))]);
  }
  const custom = [...ports].map(([host, list]) => ({ host, ports: list }));
  return {
    id: AWS_CREDENTIAL_ID,
    kind: 'cloud',
    placeholder: options.placeholder.accessKeyId,
    hosts: [{ host: '*.amazonaws.com', ports: [443] }, ...custom],
    placements: [{ kind: 'aws-sigv4' }],
    real: () => options.real().secretAccessKey,
    aws: { placeholder: options.placeholder, real: options.real, endpoints: options.endpoints, roleArn: options.roleArn },
  };
}
