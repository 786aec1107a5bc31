/** Why the OpenAPI validator itself (not the request or response it checks) could not do its job. */
export type OpenApiValidatorErrorCode =
  /** `@octokit/openapi` is not installed (it is a dev dependency). */
  | 'spec_not_installed'
  /** The description file exists but could not be read or parsed. */
  | 'spec_unreadable'
  /** An operation was passed that did not come from this validator's `match`. */
  | 'unknown_operation'
  /** Ajv could not compile a schema from the description. */
  | 'schema_compile_failed';

export class OpenApiValidatorError extends Error {
  override readonly name = 'OpenApiValidatorError';

  constructor(
    readonly code: OpenApiValidatorErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
