import { SandboxError } from './sandbox-error.js';

/** What the host told us when the namespace probe failed. */
export interface ProbeFacts {
  /** errno code when bwrap could not be started at all (ENOENT, EACCES). */
  readonly spawnError?: string;
  readonly exitCode: number | null;
  readonly stderr: string;
  readonly uid: number;
  /** /proc/sys/kernel/apparmor_restrict_unprivileged_userns (Ubuntu ≥ 23.10), if present. */
  readonly apparmorRestrictUserns?: string;
  /** /proc/sys/kernel/unprivileged_userns_clone (Debian/Ubuntu patch), if present. */
  readonly unprivilegedUsernsClone?: string;
  /** /proc/sys/user/max_user_namespaces. */
  readonly maxUserNamespaces?: string;
}

const NONE_HINT =
  "The agent was not started. Running it without a sandbox requires `sandbox: none` in the workflow, which gives it the runner's files and network.";

/**
 * Turns a failed probe into a typed error that names the cause and the fix.
 * Ubuntu 23.10+ (and GitHub's ubuntu-24.04 image unless the image relaxes it) lets an unprivileged
 * process create a user namespace but confines it to an AppArmor profile without capabilities,
 * so bwrap fails on `setting up uid map`: https://ubuntu.com/blog/ubuntu-23-10-restricted-unprivileged-user-namespaces
 */
export function diagnoseProbeFailure(f: ProbeFacts): SandboxError {
  const detail = f.stderr.trim().split('\n').slice(-3).join(' | ').slice(0, 500);
  if (f.spawnError === 'ENOENT') {
    return new SandboxError(
      'bwrap-missing',
      `bubblewrap (bwrap) is not installed or not on PATH. Install it (\`sudo apt-get install -y bubblewrap\`) before this step. ${NONE_HINT}`,
    );
  }
  if (f.spawnError)
    return new SandboxError(
      'bwrap-missing',
      `bubblewrap (bwrap) could not be started (${f.spawnError}). ${NONE_HINT}`,
    );
  if (/unknown option|unrecognized option/i.test(f.stderr)) {
    return new SandboxError(
      'bwrap-too-old',
      `bubblewrap is too old for the options Airlock needs (--disable-userns needs 0.8.0 or later): ${detail}. ${NONE_HINT}`,
    );
  }
  if (f.maxUserNamespaces === '0' || (f.uid !== 0 && f.unprivilegedUsernsClone === '0')) {
    return new SandboxError(
      'userns-disabled',
      `user namespaces are disabled on this host (${f.maxUserNamespaces === '0' ? 'user.max_user_namespaces=0' : 'kernel.unprivileged_userns_clone=0'}), so bubblewrap cannot create the sandbox: ${detail}. Fix: \`sudo sysctl -w ${f.maxUserNamespaces === '0' ? 'user.max_user_namespaces=15000' : 'kernel.unprivileged_userns_clone=1'}\` in a step before this one. ${NONE_HINT}`,
    );
  }
  if (f.uid !== 0 && f.apparmorRestrictUserns === '1') {
    return new SandboxError(
      'userns-restricted',
      `AppArmor restricts unprivileged user namespaces on this host (kernel.apparmor_restrict_unprivileged_userns=1, the Ubuntu 24.04 default), so bubblewrap cannot set up the sandbox: ${detail}. ` +
        "Fix, in a step before this one, for bubblewrap alone: `printf 'abi <abi/4.0>,\\ninclude <tunables/global>\\nprofile airlock-bwrap /usr/bin/bwrap flags=(unconfined) {\\n  userns,\\n}\\n' | sudo tee /etc/apparmor.d/airlock-bwrap && sudo apparmor_parser --replace /etc/apparmor.d/airlock-bwrap`, or for every program: `sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0`. " +
        NONE_HINT,
    );
  }
  return new SandboxError(
    'namespaces-unavailable',
    `bubblewrap could not create the sandbox's namespaces (exit ${f.exitCode ?? 'signal'}): ${detail || 'no output'}. ` +
      'Inside a container, namespaces need a privileged container or a seccomp/AppArmor profile that allows unshare and mount. ' +
      NONE_HINT,
  );
}
