import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createCertificateAuthority } from '../tls/certificate-authority.js';

/** The world's HTTPS identity: a CA made at start, and a server certificate it issued. */
export interface WorldTls {
  /** The CA certificate clients must trust. */
  caPem: string;
  /** `caPem` written to a file, for NODE_EXTRA_CA_CERTS, SSL_CERT_FILE, GIT_SSL_CAINFO or `curl --cacert`. */
  caFile: string;
  keyPem: string;
  certPem: string;
}

/** The names the world's HTTPS listener answers to on loopback (see `host` for another address). */
export const WORLD_TLS_NAMES = ['127.0.0.1', 'localhost'] as const;

/**
 * Creates a CA for this world alone (its key lives in this process's memory and nowhere else),
 * issues the listener's certificate for 127.0.0.1, localhost and `host`, and writes the CA certificate
 * into `dir`. Validity follows the real clock, not the world's: TLS clients check real time.
 */
export async function createWorldTls(options: { dir: string; host?: string }): Promise<WorldTls> {
  const ca = createCertificateAuthority({ commonName: 'Airlock local world CA', validityMs: 30 * 24 * 60 * 60 * 1000 });
  const { keyPem, certPem } = ca.issueServerCertificate([...new Set([...WORLD_TLS_NAMES, ...(options.host ? [options.host] : [])])]);
  const caFile = join(options.dir, 'world-ca.pem');
  await writeFile(caFile, ca.certPem, { mode: 0o644 });
  return { caPem: ca.certPem, caFile, keyPem, certPem };
}
