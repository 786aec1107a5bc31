import { readFile } from 'node:fs/promises';
import { SandboxError } from './sandbox-error.js';
import { DENIED_SYSCALLS, type SeccompArch } from './seccomp-filter.js';

/**
 * The container's seccomp profile: the containers-common default (Podman's; the file ships with
 * Podman, also on GitHub's Ubuntu runners) with what the bubblewrap sandbox also denies
 * (seccomp-filter.ts). That default allows `ptrace`, `process_vm_readv`, `keyctl` and new user
 * namespaces (`unshare`, `clone` with CLONE_NEWUSER), so a container agent could otherwise attach
 * to its own launcher, reach the keyring or gain a namespace's capabilities that
 * `bwrap --disable-userns` forbids. The result keeps every rule of the default, removes those calls
 * from its allow rules, allows `clone` only without namespace flags (Docker's own default does the
 * same), answers `clone3` with ENOSYS so libc falls back to `clone`, and lists the native ABI only
 * (no i386 or x32 calls). Docker reads the same format.
 * Profile format: https://github.com/containers/common/blob/main/pkg/seccomp/types.go and
 * https://docs.docker.com/engine/security/seccomp/
 *
 * Without that file the engine keeps its own default: Docker's (compiled into the daemon) already
 * refuses namespaces, the keyring, bpf, perf_event_open, userfaultfd and kcmp without
 * capabilities, but allows ptrace and process_vm_readv among the container's own processes.
 */
export interface SeccompProfile {
  defaultAction: string;
  archMap?: { architecture: string; subArchitectures: string[] | null }[];
  architectures?: string[];
  syscalls: SeccompRule[];
  [key: string]: unknown;
}

export interface SeccompRule {
  names: string[];
  action: string;
  errnoRet?: number;
  args?: { index: number; value: number; valueTwo?: number; op: string }[] | null;
  [key: string]: unknown;
}

const EPERM = 1;
const ENOSYS = 38;
/** CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET (linux/sched.h). */
const CLONE_NAMESPACE_FLAGS = 0x7e020000;
const NATIVE: Record<SeccompArch, string> = { x64: 'SCMP_ARCH_X86_64', arm64: 'SCMP_ARCH_AARCH64' };

/** Where Podman reads its default profile: an administrator's override first, then containers-common's. */
export const CONTAINERS_DEFAULT_PROFILES = ['/etc/containers/seccomp.json', '/usr/share/containers/seccomp.json'];

export function hardenedSeccompProfile(base: SeccompProfile, arch: SeccompArch): SeccompProfile {
  const denied = [...DENIED_SYSCALLS, 'unshare', 'setns'];
  const replaced = new Set([...denied, 'clone', 'clone3']);
  const syscalls = base.syscalls
    .map((rule) => ({ ...rule, names: rule.names.filter((n) => !replaced.has(n)) }))
    .filter((rule) => rule.names.length > 0);
  syscalls.push(
    { names: ['clone'], action: 'SCMP_ACT_ALLOW', args: [{ index: 0, value: CLONE_NAMESPACE_FLAGS, valueTwo: 0, op: 'SCMP_CMP_MASKED_EQ' }] },
    { names: ['clone3'], action: 'SCMP_ACT_ERRNO', errnoRet: ENOSYS },
    { names: denied, action: 'SCMP_ACT_ERRNO', errnoRet: EPERM },
  );
  const { architectures: _legacy, ...rest } = base;
  return { ...rest, archMap: [{ architecture: NATIVE[arch], subArchitectures: [] }], syscalls };
}

/** The containers-common default from the first path that holds one; undefined when none does (the engine's built-in default applies). */
export async function readDefaultProfile(paths: readonly string[]): Promise<SeccompProfile | undefined> {
  for (const path of paths) {
    const text = await readFile(path, 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    let profile: SeccompProfile | undefined;
    try {
      profile = JSON.parse(text) as SeccompProfile;
    } catch {
      profile = undefined;
    }
    if (typeof profile?.defaultAction !== 'string' || !Array.isArray(profile.syscalls)) throw new SandboxError('container-refused', `${path} is not a seccomp profile (JSON with defaultAction and syscalls); fix or remove it, Podman reads it for every container and Airlock extends it`);
    return profile;
  }
  return undefined;
}
