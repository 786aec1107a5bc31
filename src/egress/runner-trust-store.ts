import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';

/** Debian and Ubuntu's system bundle (ca-certificates), which curl, git and gh read by default. */
export const SYSTEM_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

const readPemFile = (path: string | undefined): string[] => {
  if (!path) return [];
  try {
    return [readFileSync(path, 'utf8')];
  } catch {
    return [];
  }
};

/**
 * The certificates the runner itself trusts, for verifying upstream TLS when the proxy terminates
 * an agent's connection: Node's bundled Mozilla roots, the system bundle (where an enterprise adds
 * its own CA), and `NODE_EXTRA_CA_CERTS` (which Node adds to its defaults, but which an explicit
 * `ca` list would otherwise drop). Never the run's own CA.
 * https://nodejs.org/api/cli.html#node_extra_ca_certsfile
 */
export function runnerTrustStore(env: NodeJS.ProcessEnv = process.env): string[] {
  return [...rootCertificates, ...readPemFile(SYSTEM_BUNDLE), ...readPemFile(env.NODE_EXTRA_CA_CERTS)];
}
