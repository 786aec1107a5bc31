import type { ResolutionStop } from '../egress/resolution-switch.js';

/** Every reason the gateway answers a request itself instead of forwarding it. */
export type GatewayRefusal =
  | 'unknown-route'
  | 'method-not-allowed'
  | 'missing-key'
  | 'wrong-key'
  | 'placeholder-wrong-provider'
  | 'sensitive-value-in-request'
  | 'content-encoding-unsupported'
  | 'body-too-large'
  | 'body-aborted'
  | 'body-blocked'
  | 'scan-failed'
  | 'gateway-busy'
  | 'upstream-failed'
  | 'upstream-redirect'
  | 'upstream-encoding-unsupported'
  | 'upgrade-refused'
  | ResolutionStop;

export const REFUSAL_STATUS: Readonly<Record<GatewayRefusal, number>> = {
  'unknown-route': 404,
  'method-not-allowed': 405,
  'missing-key': 401,
  'wrong-key': 401,
  'placeholder-wrong-provider': 401,
  'sensitive-value-in-request': 403,
  'content-encoding-unsupported': 415,
  'body-too-large': 413,
  'body-aborted': 400,
  'body-blocked': 403,
  'scan-failed': 500,
  'gateway-busy': 503,
  'upstream-failed': 502,
  'upstream-redirect': 502,
  'upstream-encoding-unsupported': 502,
  'upgrade-refused': 403,
  'revoked-by-containment': 403,
};

/** What the agent reads: enough to fix its own mistake, never a key or a body excerpt. */
export const REFUSAL_MESSAGE: Readonly<Record<GatewayRefusal, string>> = {
  'unknown-route': 'no such provider route on the Airlock LLM gateway',
  'method-not-allowed': 'this method is not allowed on this route',
  'missing-key': 'the request carries no API key; use the placeholder key Airlock gave this run',
  'wrong-key': "the API key is not this run's placeholder key for this provider",
  'placeholder-wrong-provider': "the placeholder key belongs to another provider's route",
  'sensitive-value-in-request': 'the URL or a header carries a credential Airlock protects',
  'content-encoding-unsupported': 'compressed request bodies are not accepted',
  'body-too-large': 'the request body is larger than the gateway accepts',
  'body-aborted': 'the request body ended early',
  'body-blocked': 'the request body carries a credential; the request was not sent',
  'scan-failed': 'the request body could not be scanned; the request was not sent',
  'gateway-busy': 'the gateway holds too many request bodies; retry later',
  'upstream-failed': 'the provider could not be reached over verified TLS',
  'upstream-redirect': 'the provider answered with a redirect, which the gateway never follows',
  'upstream-encoding-unsupported':
    'the provider answered in a content encoding the gateway cannot scrub',
  'upgrade-refused': 'protocol upgrades are not allowed',
  'revoked-by-containment': "the Airlock App's containment revoked this run's credentials; the gateway no longer forwards with the real key",
};
