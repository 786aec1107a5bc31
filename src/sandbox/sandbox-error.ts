/** Why the sandbox refused to run: each code names a cause the operator can fix. */
export type SandboxErrorCode =
  | 'bwrap-missing'
  | 'bwrap-too-old'
  | 'userns-restricted'
  | 'userns-disabled'
  | 'namespaces-unavailable'
  | 'setup-failed'
  | 'unsupported-platform'
  | 'invalid-options'
  // sandbox: container (run-container.ts)
  | 'engine-missing'
  | 'engine-unavailable'
  | 'image-missing'
  | 'image-unsuitable'
  | 'container-refused'
  | 'container-unsafe';

export class SandboxError extends Error {
  override readonly name = 'SandboxError';
  constructor(
    readonly code: SandboxErrorCode,
    message: string,
  ) {
    super(message);
  }
}
