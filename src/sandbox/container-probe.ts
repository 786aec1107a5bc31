import type { BridgeKind } from './egress-bridge.js';
import { SandboxError } from './sandbox-error.js';

/**
 * Run once per process, image and set of options before the first agent (THREATS.md §E 26): the
 * same `run` options as the agent's, and a script that reports from inside what the container
 * really is. An engine may accept an option and not apply it (Docker runs unconfined where the
 * kernel lacks seccomp, with a warning), so the guarantees are read back rather than assumed: the
 * uid, no capabilities in any set, no_new_privs, a seccomp filter, loopback as the only interface,
 * the synthetic passwd (the binds are this host's files, not a remote engine's) and a writable
 * workspace. It also finds what the image offers for the egress relay (perl, else node) and which
 * system trust bundles the run's bundle must be shown over.
 */
export const PROBE_SCRIPT = [
  'set +e',
  'while IFS=$\' \\t\' read -r k v; do case $k in Uid:|Gid:|CapInh:|CapPrm:|CapEff:|CapBnd:|CapAmb:|NoNewPrivs:|Seccomp:) echo "${k%:}=$v";; esac; done < /proc/self/status',
  'while IFS= read -r line; do case $line in *:*) n=${line%%:*}; echo "iface=${n// /}";; esac; done < /proc/net/dev',
  '[ -x /usr/bin/perl ] && echo perl=/usr/bin/perl',
  'n=$(command -v node) && echo "node=$n"',
  'for f in /etc/ssl/certs/ca-certificates.crt /etc/pki/tls/certs/ca-bundle.crt /etc/ssl/cert.pem; do [ -f "$f" ] && echo "bundle=$f"; done',
  "[[ $(< /etc/passwd) == *'airlock agent'* ]] && echo identity=synthetic",
  '[ -w "$PWD" ] && echo workspace=writable',
  'echo probe=done',
].join('\n');

export interface ContainerProbeFacts {
  /** The interpreter inside the image that relays egress; absent when it has neither perl nor node. */
  readonly relay?: { readonly kind: BridgeKind; readonly interpreter: string };
  /** System trust bundles in the image, shown as the run's bundle when the run has a CA. */
  readonly bundles: readonly string[];
}

/** Reads the probe's report and refuses a container that is not what the options asked for. */
export function readProbeReport(stdout: string, expected: { readonly uid: number; readonly gid: number }): ContainerProbeFacts {
  const values = new Map<string, string[]>();
  for (const line of stdout.split('\n')) {
    const at = line.indexOf('=');
    if (at > 0) values.set(line.slice(0, at), [...(values.get(line.slice(0, at)) ?? []), line.slice(at + 1)]);
  }
  const one = (key: string) => values.get(key)?.[0];
  if (one('probe') !== 'done') throw new SandboxError('container-refused', `the container probe did not finish (it printed ${JSON.stringify(stdout.slice(-300))}); the agent did not run`);
  const problems: string[] = [];
  // /proc/self/status lists real, effective, saved and filesystem ids: all must be the agent's.
  const ids = (key: string) => (one(key) ?? '').split(/\s+/).filter(Boolean);
  if (ids('Uid').length === 0 || ids('Uid').some((u) => u !== String(expected.uid))) problems.push(`runs as uid ${one('Uid') ?? '?'}, not ${expected.uid}`);
  if (ids('Gid').length === 0 || ids('Gid').some((g) => g !== String(expected.gid))) problems.push(`runs as gid ${one('Gid') ?? '?'}, not ${expected.gid}`);
  for (const set of ['CapInh', 'CapPrm', 'CapEff', 'CapBnd', 'CapAmb']) if (!/^0+$/.test(one(set) ?? '')) problems.push(`${set} is ${one(set) ?? 'unknown'}, not empty`);
  if (one('NoNewPrivs') !== '1') problems.push('no_new_privs is not set');
  if (one('Seccomp') !== '2') problems.push(`no seccomp filter is applied (mode ${one('Seccomp') ?? 'unknown'})`);
  const interfaces = values.get('iface') ?? [];
  if (interfaces.length !== 1 || interfaces[0] !== 'lo') problems.push(`network interfaces are ${interfaces.join(', ') || 'unknown'}, not loopback alone`);
  if (one('identity') !== 'synthetic') problems.push("the bound files are not this host's (is the engine remote?)");
  if (one('workspace') !== 'writable') problems.push('the workspace is not writable for the agent');
  if (problems.length) throw new SandboxError('container-unsafe', `the container does not hold the sandbox's guarantees: ${problems.join('; ')}. The agent did not run.`);
  const perl = one('perl');
  const node = one('node');
  return {
    ...(perl ? { relay: { kind: 'perl' as const, interpreter: perl } } : node?.startsWith('/') ? { relay: { kind: 'node' as const, interpreter: node } } : {}),
    bundles: values.get('bundle') ?? [],
  };
}
