import { PolicyBackendError } from './policy-backend-error.js';

/**
 * The package a decision request names (`airlock.sts`, `data.airlock.sts` or `airlock/sts`, as
 * the embedded backend accepts) as path segments. Segments must be Rego identifiers, so the
 * path cannot carry URL syntax to a remote server.
 */
export const packagePath = (entrypoint: string): string[] => {
  const parts = entrypoint
    .replace(/^data[./]/, '')
    .split(/[./]/)
    .filter(Boolean);
  if (parts.length === 0 || !parts.every((p) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(p))) {
    throw new PolicyBackendError(
      'backend_invalid_request',
      `entrypoint ${JSON.stringify(entrypoint)} does not name a package; expected e.g. "airlock.sts"`,
    );
  }
  return parts;
};
