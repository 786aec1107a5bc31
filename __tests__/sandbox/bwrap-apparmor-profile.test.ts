import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { preflightSandbox } from '../../src/action/run-agent.js';
import { bwrapProfile, installBwrapProfile, runCommand, type RunCommand } from '../../src/sandbox/bwrap-apparmor-profile.js';
import { SandboxError } from '../../src/sandbox/sandbox-error.js';

/*
 * Issue 13 item 5: on ubuntu-24.04 (kernel.apparmor_restrict_unprivileged_userns=1) the Action lets
 * bubblewrap alone create user namespaces, on GitHub-hosted runners only, and says so; elsewhere it
 * fails with the exact fix. These machines have no AppArmor: `sudo` and `apparmor_parser` are
 * stand-in scripts that record what they were asked and write where a real sudo would.
 */
let bin: string;
let calls: string;
let profile: string;
beforeAll(async () => {
  bin = await mkdtemp(join(tmpdir(), 'airlock-fake-sudo-'));
  calls = join(bin, 'calls.log');
  profile = join(bin, 'airlock-bwrap');
  // sudo -n <cmd...>: records, then runs the command itself (as the caller: no privilege here).
  await writeFile(join(bin, 'sudo'), `#!/bin/sh\necho "sudo $*" >> ${calls}\n[ "$1" = -n ] && shift\n[ -f ${bin}/no-sudo ] && exit 1\nPATH=${bin}:$PATH exec "$@"\n`);
  await writeFile(join(bin, 'apparmor_parser'), `#!/bin/sh\necho "apparmor_parser $*" >> ${calls}\ngrep -q 'userns,' "$2"\n`);
  for (const f of ['sudo', 'apparmor_parser']) await chmod(join(bin, f), 0o755);
});
afterAll(() => rm(bin, { recursive: true, force: true }));

const withPath: RunCommand = (file, args, input) => runCommand(file === 'sudo' ? join(bin, 'sudo') : file, args, input);
const env = (extra: Record<string, string> = {}) => ({ PATH: `${bin}:${process.env.PATH}`, ...extra });

describe('the AppArmor profile for bubblewrap', () => {
  it('allows user namespaces for the one bwrap binary and nothing else', () => {
    const text = bwrapProfile('/usr/bin/bwrap');
    expect(text).toContain('profile airlock-bwrap /usr/bin/bwrap flags=(unconfined) {');
    expect(text.split('\n').filter((l) => /^\s+\S/.test(l))).toEqual(['  userns,']);
  });

  it('is installed and loaded with sudo on a GitHub-hosted runner', async () => {
    await rm(calls, { force: true });
    const outcome = await installBwrapProfile('/usr/bin/bwrap', { env: env({ RUNNER_ENVIRONMENT: 'github-hosted' }), run: withPath, path: profile });
    expect(outcome).toEqual({ installed: true, path: profile });
    expect(await readFile(profile, 'utf8')).toBe(bwrapProfile('/usr/bin/bwrap'));
    expect((await readFile(calls, 'utf8')).trim().split('\n')).toEqual(['sudo -n true', `sudo -n tee ${profile}`, `sudo -n apparmor_parser --replace ${profile}`, `apparmor_parser --replace ${profile}`]);
  });

  it('is never installed on a self-hosted runner, nor without passwordless sudo', async () => {
    await rm(calls, { force: true });
    expect(await installBwrapProfile('/usr/bin/bwrap', { env: env({ RUNNER_ENVIRONMENT: 'self-hosted' }), run: withPath, path: profile })).toEqual({ installed: false, reason: expect.stringContaining('not a GitHub-hosted runner') });
    await writeFile(join(bin, 'no-sudo'), '');
    try {
      expect(await installBwrapProfile('/usr/bin/bwrap', { env: env({ RUNNER_ENVIRONMENT: 'github-hosted' }), run: withPath, path: profile })).toEqual({ installed: false, reason: 'sudo needs a password here' });
    } finally {
      await rm(join(bin, 'no-sudo'));
    }
  });
});

describe('preflightSandbox on a restricted host', () => {
  const restricted = () => new SandboxError('userns-restricted', 'AppArmor restricts unprivileged user namespaces on this host');

  it('installs the profile, says so, and runs the probe again', async () => {
    let runs = 0;
    const logs: string[] = [];
    await preflightSandbox('/tmp', {
      env: { PATH: process.env.PATH, RUNNER_ENVIRONMENT: 'github-hosted' },
      log: (m) => logs.push(m),
      run: async () => {
        runs++;
        if (runs === 1) throw restricted();
        return { exitCode: 0, signal: null, droppedEnv: [] };
      },
      installProfile: async () => ({ installed: true, path: '/etc/apparmor.d/airlock-bwrap' }),
    });
    expect(runs).toBe(2);
    expect(logs).toEqual([expect.stringMatching(/apparmor_restrict_unprivileged_userns=1.*installed and loaded the AppArmor profile \/etc\/apparmor\.d\/airlock-bwrap, which lets .*bwrap alone create them/)]);
  });

  it('fails with the fix, and why it did not apply it, where it may not change the host', async () => {
    await expect(
      preflightSandbox('/tmp', {
        env: { PATH: process.env.PATH },
        log: () => undefined,
        run: async () => {
          throw restricted();
        },
        installProfile: async () => ({ installed: false, reason: 'this is not a GitHub-hosted runner, so Airlock does not change its AppArmor setup' }),
      }),
    ).rejects.toThrow(/sandbox is unavailable \(userns-restricted\): AppArmor restricts .*\(Airlock did not change this itself: this is not a GitHub-hosted runner/);
  });

  it('other failures are reported as they are, with no change to the host', async () => {
    let asked = false;
    await expect(
      preflightSandbox('/tmp', {
        env: { PATH: process.env.PATH, RUNNER_ENVIRONMENT: 'github-hosted' },
        log: () => undefined,
        run: async () => {
          throw new SandboxError('bwrap-missing', 'bubblewrap (bwrap) is not installed');
        },
        installProfile: async () => {
          asked = true;
          return { installed: true, path: 'x' };
        },
      }),
    ).rejects.toThrow(/\(bwrap-missing\)/);
    expect(asked).toBe(false);
  });
});
