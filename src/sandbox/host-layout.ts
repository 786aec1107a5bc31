import { lstat, readlink } from 'node:fs/promises';
import type { RootEntry } from './bwrap-arguments.js';

const ROOT_DIRS = ['/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32'];

/**
 * /etc entries the agent's tools need to run (dynamic loader cache, Debian alternatives, CA
 * certificates, time zone, name-service switch). Not /etc/resolv.conf (no DNS inside), not
 * /etc/gitconfig or anything holding credentials; passwd, group and hosts are synthetic.
 */
const ETC_PATHS = [
  '/etc/ld.so.cache',
  '/etc/ld.so.conf',
  '/etc/ld.so.conf.d',
  '/etc/alternatives',
  // Certificates only: /etc/ssl/private and /etc/pki/tls/private hold host keys (and when the
  // Action runs as root, the agent's mapped uid owns root's files inside the user namespace).
  '/etc/ssl/certs',
  '/etc/ssl/openssl.cnf',
  '/etc/ca-certificates',
  '/etc/pki/tls/certs',
  '/etc/pki/ca-trust',
  '/etc/localtime',
  '/etc/nsswitch.conf',
  '/etc/services',
  '/etc/protocols',
  '/etc/os-release',
];

async function exists(p: string): Promise<boolean> {
  return lstat(p).then(
    () => true,
    () => false,
  );
}

/** How /bin, /lib... look on this host, so the sandbox mirrors merged-/usr symlinks instead of binding the host root. */
export async function readRootEntries(): Promise<RootEntry[]> {
  const out: RootEntry[] = [];
  for (const path of ROOT_DIRS) {
    const st = await lstat(path).catch(() => undefined);
    if (!st) continue;
    if (st.isSymbolicLink()) out.push({ path, symlinkTo: await readlink(path) });
    else if (st.isDirectory()) out.push({ path });
  }
  return out;
}

export async function readEtcPaths(): Promise<string[]> {
  const out: string[] = [];
  for (const p of ETC_PATHS) if (await exists(p)) out.push(p);
  return out;
}
