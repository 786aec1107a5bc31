/**
 * What the agent gets whichever backend runs it (bubblewrap or a container): its identity, its
 * HOME, where the run's files and the egress socket appear, the variables that point its tools
 * at the proxy and the run's CA. Each backend turns these into its own mounts and arguments
 * (bwrap-arguments.ts, container-arguments.ts); nothing here differs between them.
 */

/** The agent's identity inside the sandbox: never root, whoever runs the Action. */
export const AGENT_UID = 1000;
export const AGENT_GID = 1000;
/** The agent's HOME inside the sandbox (a tmpfs). */
export const SANDBOX_HOME = '/home/agent';
/** The run's own files (trust stores, the task, the egress socket), on the sandbox's /run tmpfs. */
export const TRUST_DIR = '/run/airlock';
export const EGRESS_SOCKET_INSIDE = `${TRUST_DIR}/egress.sock`;
/** Where the relay inside listens; HTTP(S)_PROXY points here. */
export const DEFAULT_PROXY_PORT = 3128;
/** Size limit of each writable tmpfs (/tmp, /var/tmp, $HOME). */
export const DEFAULT_TMPFS_BYTES = 2 * 1024 * 1024 * 1024;
/** /run holds only the run's small files. */
export const RUN_TMPFS_BYTES = 16 * 1024 * 1024;
/** Debian and Ubuntu's system bundle: the run's bundle is shown over it, for tools that ignore the variables. */
export const SYSTEM_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';
export const DEFAULT_PATH = '/usr/local/bin:/usr/bin:/bin';

/** Where `files` may appear: never over the sandbox's own files, never outside these trees. */
export const FILE_TARGETS = [`${TRUST_DIR}/`, `${SANDBOX_HOME}/`, '/etc/claude-code/'];

/**
 * Where each toolchain looks for trust roots: OpenSSL-based tools and Go (`SSL_CERT_FILE`), curl
 * and git (`CURL_CA_BUNDLE`, `GIT_SSL_CAINFO`), Python requests (`REQUESTS_CA_BUNDLE`), Node
 * (`NODE_EXTRA_CA_CERTS`, added to its bundled roots).
 */
export const trustVariables = (): Record<string, string> => ({
  SSL_CERT_FILE: `${TRUST_DIR}/ca-bundle.pem`,
  CURL_CA_BUNDLE: `${TRUST_DIR}/ca-bundle.pem`,
  GIT_SSL_CAINFO: `${TRUST_DIR}/ca-bundle.pem`,
  REQUESTS_CA_BUNDLE: `${TRUST_DIR}/ca-bundle.pem`,
  NODE_EXTRA_CA_CERTS: `${TRUST_DIR}/ca.pem`,
});

/**
 * The proxy for every client that reads the conventional variables. NODE_USE_ENV_PROXY makes
 * Node's own `fetch` (and, in later releases, `http`/`https`) honour them too; a Node that predates
 * it ignores it: https://nodejs.org/api/cli.html#node_use_env_proxy1 (nodejs/node#57165, #59151)
 */
export const proxyVariables = (port: number): Record<string, string> => {
  const url = `http://127.0.0.1:${port}`;
  return { HTTP_PROXY: url, HTTPS_PROXY: url, http_proxy: url, https_proxy: url, NODE_USE_ENV_PROXY: '1' };
};

/** Variables the sandbox sets itself; they win over anything requested (sandbox-environment.ts). */
export function fixedVariables(input: { readonly proxyPort?: number; readonly trust: boolean }): Record<string, string> {
  return {
    HOME: SANDBOX_HOME,
    TMPDIR: '/tmp',
    USER: 'agent',
    LOGNAME: 'agent',
    ...(input.proxyPort !== undefined ? proxyVariables(input.proxyPort) : {}),
    ...(input.trust ? trustVariables() : {}),
  };
}

/** Synthetic identity files shown at /etc/<name>: the host's (or the image's) users and host names stay out. */
export function identityFiles(uid: number, gid: number): { readonly name: 'passwd' | 'group' | 'hosts'; readonly text: string }[] {
  return [
    {
      name: 'passwd',
      text: `root:x:0:0:root:/root:/usr/sbin/nologin\nagent:x:${uid}:${gid}:airlock agent:${SANDBOX_HOME}:/bin/bash\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n`,
    },
    { name: 'group', text: `root:x:0:\nagent:x:${gid}:\nnogroup:x:65534:\n` },
    { name: 'hosts', text: '127.0.0.1 localhost airlock\n::1 localhost\n' },
  ];
}

/**
 * The run CA's files as the sandbox shows them: its certificate and the bundle (system roots plus
 * it) under /run/airlock, and the bundle over each system bundle the sandbox has, so tools that
 * ignore the variables trust the same roots.
 */
export function trustFiles(
  trust: { readonly caFile: string; readonly bundleFile: string },
  systemBundles: readonly string[],
): { source: string; target: string }[] {
  return [
    { source: trust.caFile, target: `${TRUST_DIR}/ca.pem` },
    { source: trust.bundleFile, target: `${TRUST_DIR}/ca-bundle.pem` },
    ...systemBundles.map((target) => ({ source: trust.bundleFile, target })),
  ];
}
