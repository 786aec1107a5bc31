/** Why the gateway refused to start; callers switch on `code`. Refused requests are answered, not thrown. */
export type GatewayErrorCode =
  | 'invalid-options' // a provider, upstream origin, limit or policy the gateway cannot honour
  | 'listen-failed'; // the loopback port or the unix socket could not be bound

export class GatewayError extends Error {
  override readonly name = 'GatewayError';
  constructor(
    readonly code: GatewayErrorCode,
    message: string,
  ) {
    super(message);
  }
}
