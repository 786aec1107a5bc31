import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { runSandboxed } from '../../src/sandbox/run-sandboxed.js';
import { SandboxError } from '../../src/sandbox/sandbox-error.js';
import { hostProcessesWith, runIn, tempDir } from './sandbox-fixtures.js';

// Real bubblewrap (CI installs it). THREATS.md §B 1-3, §B 7, §C 8-9, §D 24, §E 26.
let workspace: string;
let outside: string;
const canary = `CANARY${randomBytes(12).toString('hex')}`;

beforeAll(async () => {
  workspace = await tempDir('ws');
  outside = await tempDir('outside');
  await mkdir(join(outside, '_temp'));
  await writeFile(join(outside, 'canary.txt'), canary);
  await writeFile(join(outside, '_temp', 'runner-file-command'), canary);
});

afterAll(async () => {
  await rm(workspace, { recursive: true, force: true });
  await rm(outside, { recursive: true, force: true });
});

describe('sandbox isolation (bubblewrap)', () => {
  it('shows the agent only the allow-listed environment, in env and in every /proc/<pid>/environ', async () => {
    process.env.AIRLOCK_TEST_HOST_ONLY = canary;
    try {
      const r = await runIn(
        'env; for p in /proc/self /proc/[0-9]*; do tr "\\0" "\\n" < $p/environ; done',
        {
          workspace,
          env: {
            PATH: '/usr/bin:/bin',
            AGENT_VISIBLE: 'yes',
            GITHUB_TOKEN: canary,
            ACTIONS_RUNTIME_TOKEN: canary,
            ACTIONS_ID_TOKEN_REQUEST_URL: canary,
            RUNNER_TEMP: join(outside, '_temp'),
            INPUT_ANTHROPIC_API_KEY: canary,
            GITHUB_ENV: canary,
          },
        },
      );
      expect(r.exitCode).toBe(0);
      expect(r.stdout).toContain('AGENT_VISIBLE=yes');
      expect(r.stdout).toContain('HOME=/home/agent');
      expect(r.stdout).not.toContain(canary);
      expect(r.stdout).not.toMatch(/^(GITHUB_TOKEN|ACTIONS_|RUNNER_|INPUT_|GITHUB_ENV)/m);
      expect(r.droppedEnv).toEqual([
        'ACTIONS_ID_TOKEN_REQUEST_URL',
        'ACTIONS_RUNTIME_TOKEN',
        'GITHUB_ENV',
        'GITHUB_TOKEN',
        'INPUT_ANTHROPIC_API_KEY',
        'RUNNER_TEMP',
      ]);
    } finally {
      delete process.env.AIRLOCK_TEST_HOST_ONLY;
    }
  });

  it('hides host processes: /proc and ps show only the sandbox', async () => {
    const r = await runIn(
      'ls /proc | grep -cE "^[0-9]+$"; cat /proc/[0-9]*/cmdline | tr "\\0" " "; echo; ps -e -o comm=',
      { workspace },
    );
    expect(r.exitCode).toBe(0);
    const [count, cmdlines] = r.stdout.split('\n');
    expect(Number(count)).toBeLessThanOrEqual(6);
    expect(cmdlines).not.toMatch(/jest|node_modules/);
    expect(r.stdout).not.toContain(String(process.pid) + ' ');
  });

  it('cannot read host files outside its binds: a canary, a fake RUNNER_TEMP, the host root and home', async () => {
    const r = await runIn(
      `set +e; cat ${outside}/canary.txt ${outside}/_temp/runner-file-command; ls -a ${outside} /root /home /proc/1/root${outside}; cat /etc/shadow /etc/resolv.conf; ls /sys /var/run/docker.sock; echo done`,
      { workspace },
    );
    expect(r.stdout.trim().split('\n').at(-1)).toBe('done');
    expect(r.stdout + r.stderr).not.toContain(canary);
    expect(r.stderr).toMatch(/canary\.txt: No such file or directory/);
    expect(r.stdout).toMatch(/^agent$/m);
  });

  it('cannot write outside the workspace; its /tmp is private', async () => {
    const r = await runIn(
      `set +e; touch /usr/x; touch /etc/x; echo x > ${outside}/new; echo in-tmp > /tmp/private-${canary}; echo ws > out.txt; echo end`,
      { workspace },
    );
    expect(r.stderr).toMatch(/\/usr\/x.*Read-only file system/);
    expect(await stat(join(outside, 'new')).catch(() => undefined)).toBeUndefined();
    expect(await stat(`/tmp/private-${canary}`).catch(() => undefined)).toBeUndefined();
    expect(await readFile(join(workspace, 'out.txt'), 'utf8')).toBe('ws\n');
  });

  it('has size-limited tmpfs mounts, so filling /tmp or $HOME cannot exhaust the runner', async () => {
    const r = await runIn(
      'set +e; head -c 3000000 /dev/zero > /tmp/fill || echo TMP-FULL; head -c 3000000 /dev/zero > ~/fill || echo HOME-FULL; rm /tmp/fill; head -c 1000 /dev/zero > /tmp/small && echo SMALL-OK',
      { workspace, tmpfsBytes: 1024 * 1024 },
    );
    expect(r.stdout).toBe('TMP-FULL\nHOME-FULL\nSMALL-OK\n');
    expect(r.stderr).toMatch(/No space left on device/);
  });

  it('has no network but loopback: no route to a host TCP port, no DNS', async () => {
    const connections: string[] = [];
    const server: Server = createServer((s) => {
      connections.push('hit');
      s.destroy();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as { port: number }).port;
    try {
      const r = await runIn(
        `set +e; curl -sS --max-time 3 http://127.0.0.1:${port}/ && echo CURL-OK; (echo x > /dev/tcp/127.0.0.1/${port}) 2>/dev/null && echo TCP-OK; getent hosts example.com && echo DNS-OK; cat /proc/net/dev | tail -n +3 | cut -d: -f1`,
        { workspace },
      );
      expect(r.stdout).not.toMatch(/CURL-OK|TCP-OK|DNS-OK/);
      expect(r.stdout.trim().split(/\s+/)).toEqual(['lo']);
      expect(connections).toEqual([]);
    } finally {
      server.close();
    }
  });

  it('kills background processes with the run, and on abort', async () => {
    const marker = `airlock-bg-${randomBytes(6).toString('hex')}`;
    const r = await runIn(
      `bash -c 'exec -a ${marker} sleep 30' & disown; setsid bash -c 'exec -a ${marker} sleep 30' & disown; sleep 0.2; echo started`,
      { workspace },
    );
    expect(r.stdout).toBe('started\n');
    expect(await hostProcessesWith(marker)).toEqual([]);

    const controller = new AbortController();
    const running = runIn(`bash -c 'exec -a ${marker} sleep 30' & echo up; wait`, {
      workspace,
      signal: controller.signal,
      onOutput: () => controller.abort(),
    });
    const aborted = await running;
    expect(aborted.signal).toBe('SIGKILL');
    expect(await hostProcessesWith(marker)).toEqual([]);
  });

  it('dies with the process that started it (--die-with-parent), even when that process is SIGKILLed', async () => {
    const marker = `airlock-orphan-${randomBytes(6).toString('hex')}`;
    const { build } = await import('esbuild');
    const entry = join(outside, 'parent.ts');
    await writeFile(
      entry,
      `import { runSandboxed } from ${JSON.stringify(join(process.cwd(), 'src/sandbox/run-sandboxed.ts'))};\n` +
        `await runSandboxed({ backend: 'bwrap', command: "bash -c 'exec -a ${marker} sleep 600'", workspace: ${JSON.stringify(workspace)}, env: { PATH: '/usr/bin:/bin' }, onOutput: () => undefined });\n`,
    );
    const bundle = join(outside, 'parent.mjs');
    await build({
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile: bundle,
      logLevel: 'silent',
    });
    const { spawn } = await import('node:child_process');
    const parent = spawn(process.execPath, [bundle], { stdio: 'ignore' });
    try {
      while ((await hostProcessesWith(marker)).length === 0)
        await new Promise((r) => setTimeout(r, 20));
      parent.kill('SIGKILL');
      // No timing asserted: the test times out if the sandbox outlives its parent.
      while ((await hostProcessesWith(marker)).length > 0)
        await new Promise((r) => setTimeout(r, 20));
    } finally {
      parent.kill('SIGKILL');
      for (const pid of await hostProcessesWith(marker)) process.kill(pid, 'SIGKILL');
    }
    expect(await hostProcessesWith(marker)).toEqual([]);
  });

  it('passes no inherited descriptors and forbids nested user namespaces', async () => {
    const r = await runIn(
      'set +e; ls /proc/self/fd | tr "\\n" " "; echo; unshare -U true && echo NESTED-OK; echo end',
      { workspace },
    );
    expect(r.stdout.split('\n')[0]!.trim().split(' ').sort()).toEqual(['0', '1', '2', '3']);
    expect(r.stdout).not.toContain('NESTED-OK');
  });

  it('seccomp: ptrace and process_vm_readv fail with EPERM; without the filter they do not', async () => {
    // x86_64 numbers; perl's syscall() issues the raw call.
    const probe =
      'perl -e \'$!=0; my $r = syscall(101, 0, 0, 0, 0); print "ptrace=$r:", ($!+0), "\\n"; $!=0; $r = syscall(310, $$, 0, 0, 0, 0, 0); print "vm_readv=$r:", ($!+0), "\\n"\'';
    if (process.arch !== 'x64') return;
    const filtered = await runIn(probe, { workspace });
    expect(filtered.stdout).toBe('ptrace=-1:1\nvm_readv=-1:1\n');
    const unfiltered = await runIn(probe, { workspace, seccomp: false });
    expect(unfiltered.stdout).toMatch(/^ptrace=0:0\nvm_readv=0:0\n$/);
  });

  it('with backend none, a process that left the group does not keep the run from ending', async () => {
    const marker = `airlock-setsid-${randomBytes(6).toString('hex')}`;
    try {
      // Without the grace period this run would wait for the 600 s sleep and hit the test timeout.
      const r = await runIn(`setsid bash -c 'exec -a ${marker} sleep 600' & sleep 0.3; echo bg`, {
        workspace,
        backend: 'none',
      });
      expect(r.stdout).toBe('bg\n');
    } finally {
      // The documented limit of `none`: it survives the group kill, so the test cleans it up.
      for (const pid of await hostProcessesWith(marker)) process.kill(pid, 'SIGKILL');
    }
  });

  it('runs unsandboxed only when asked with backend none, still without runner variables', async () => {
    const marker = `airlock-none-${randomBytes(6).toString('hex')}`;
    const r = await runIn(
      `echo "$GITHUB_TOKEN|$AGENT_VISIBLE"; bash -c 'exec -a ${marker} sleep 30' & echo bg`,
      {
        workspace,
        backend: 'none',
        env: { PATH: '/usr/bin:/bin', GITHUB_TOKEN: canary, AGENT_VISIBLE: 'yes' },
      },
    );
    expect(r.stdout).toBe('|yes\nbg\n');
    expect(await hostProcessesWith(marker)).toEqual([]);
  });
});

describe('fail closed (THREATS.md §E 26)', () => {
  const marker = () => join(workspace, `ran-${randomBytes(4).toString('hex')}`);
  const fakeBwrap = async (script: string) => {
    const dir = await tempDir('fake-bwrap');
    const path = join(dir, 'bwrap');
    await writeFile(path, `#!/bin/sh\n${script}\n`);
    await chmod(path, 0o755);
    return path;
  };
  const attempt = (bwrapPath: string, file: string) =>
    runSandboxed({
      backend: 'bwrap',
      bwrapPath,
      command: `touch ${file}`,
      workspace,
      env: {},
      onOutput: () => undefined,
    });

  it('no bubblewrap: a typed error naming the fix, and the agent did not run', async () => {
    const file = marker();
    await expect(attempt('/nonexistent/bwrap', file)).rejects.toMatchObject({
      name: 'SandboxError',
      code: 'bwrap-missing',
      message: expect.stringMatching(/install/i),
    });
    expect(await stat(file).catch(() => undefined)).toBeUndefined();
  });

  it("namespaces unavailable: the probe fails, the error carries bwrap's reason, the agent did not run", async () => {
    const file = marker();
    const bwrap = await fakeBwrap(
      'echo "bwrap: setting up uid map: Permission denied" >&2; exit 1',
    );
    const error = await attempt(bwrap, file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SandboxError);
    expect(['namespaces-unavailable', 'userns-restricted']).toContain((error as SandboxError).code);
    expect((error as SandboxError).message).toMatch(/setting up uid map/);
    expect(await stat(file).catch(() => undefined)).toBeUndefined();
  });

  it('a working sandbox is one bubblewrap launch: the probe runs only to diagnose a run that did not start', async () => {
    const dir = await tempDir('bwrap-launches');
    try {
      const log = join(dir, 'launches');
      const real = (process.env.PATH ?? '').split(':').map((d) => join(d, 'bwrap')).find((p) => existsSync(p))!;
      const counting = await fakeBwrap(`echo "$@" >> ${log}\nexec ${real} "$@"`);
      const file = marker();
      await attempt(counting, file);
      expect(await stat(file)).toBeDefined();
      const launches = (await readFile(log, 'utf8')).trim().split('\n');
      expect(launches).toHaveLength(1);
      expect(launches[0]).not.toMatch(/\/bin\/true$/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a sandbox that passes the probe but never starts the command is an error, not exit 0', async () => {
    const file = marker();
    const bwrap = await fakeBwrap('exit 0');
    await expect(attempt(bwrap, file)).rejects.toMatchObject({ code: 'setup-failed' });
    expect(await stat(file).catch(() => undefined)).toBeUndefined();
  });

  it('refuses to bind the host root or system trees, also through a symlink', async () => {
    const link = join(outside, 'etc-link');
    await symlink('/etc', link);
    for (const options of [
      { workspace: '/' },
      { workspace: '/proc/self' },
      { workspace: link },
      { workspace, readOnlyPaths: ['/'] },
      { workspace, readOnlyPaths: ['/var/run'] },
      { workspace, readOnlyPaths: ['/home'] },
      { workspace: 'relative/ws' },
    ]) {
      const file = marker();
      await expect(
        runSandboxed({
          backend: 'bwrap',
          command: `touch ${file}`,
          env: {},
          onOutput: () => undefined,
          ...options,
        }),
      ).rejects.toMatchObject({ code: 'invalid-options' });
      expect(await stat(file).catch(() => undefined)).toBeUndefined();
    }
  });

  it('an old bubblewrap without --disable-userns is refused', async () => {
    const file = marker();
    const bwrap = await fakeBwrap('echo "bwrap: Unknown option --disable-userns" >&2; exit 1');
    await expect(attempt(bwrap, file)).rejects.toMatchObject({ code: 'bwrap-too-old' });
    expect(await stat(file).catch(() => undefined)).toBeUndefined();
  });
});
