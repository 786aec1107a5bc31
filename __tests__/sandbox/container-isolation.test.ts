import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { access, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { ContainerOptions } from '../../src/sandbox/container-options.js';
import { runSandboxed } from '../../src/sandbox/run-sandboxed.js';
import { SandboxError } from '../../src/sandbox/sandbox-error.js';
import { startProxy, startUpstream, type ProxyFixture, type Upstream } from '../egress/proxy-fixtures.js';
import { containersWith, ENGINE, notOwnedBy, testImage } from './container-fixtures.js';
import { hostProcessesWith, tempDir, type Captured } from './sandbox-fixtures.js';

// Real Podman with runc (CI installs both) and images built here from the host's own binaries.
const exec = promisify(execFile);
let image: string;
let workspace: string;
let upstream: Upstream;
let fx: ProxyFixture;

beforeAll(async () => {
  image = await testImage();
  workspace = await tempDir('container-ws');
  upstream = await startUpstream();
  fx = await startProxy({ hosts: [{ host: 'allowed.test', ports: [80] }] }, () => upstream.port);
}, 600_000);

afterAll(async () => {
  await fx.close();
  await upstream.close();
  await rm(workspace, { recursive: true, force: true });
});

async function inContainer(command: string, options: Partial<Omit<Parameters<typeof runSandboxed>[0], 'container'>> & { container?: Partial<ContainerOptions> } = {}): Promise<Captured> {
  const out = { stdout: [] as Buffer[], stderr: [] as Buffer[] };
  const { container, ...rest } = options;
  const run = await runSandboxed({
    backend: 'container',
    workspace,
    env: { PATH: '/usr/local/bin:/usr/bin:/bin' },
    onOutput: (s, c) => out[s].push(c),
    command,
    ...rest,
    container: { image, engine: ENGINE, ...container },
  });
  return { ...run, stdout: Buffer.concat(out.stdout).toString('utf8'), stderr: Buffer.concat(out.stderr).toString('utf8') };
}

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => (e instanceof SandboxError ? { code: e.code, message: e.message } : { code: 'not-a-sandbox-error', message: String(e) }),
  );

describe('sandbox: container — what the agent gets', () => {
  it("reads back the guarantees from inside: uid 1000, no capabilities, no_new_privs, seccomp, loopback only; the image's entrypoint and user never run", async () => {
    const r = await inContainer('grep -E "^(Uid|Gid|CapEff|CapBnd|CapPrm|NoNewPrivs|Seccomp):" /proc/self/status | tr -s "\\t " " "; cut -d: -f1 /proc/net/dev | tail -n +3 | tr -d " "; id -un; echo "$(cat /etc/hostname)"; echo "home=$HOME"');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe(
      ['Uid: 1000 1000 1000 1000', 'Gid: 1000 1000 1000 1000', 'CapPrm: 0000000000000000', 'CapEff: 0000000000000000', 'CapBnd: 0000000000000000', 'NoNewPrivs: 1', 'Seccomp: 2', 'lo', 'agent', 'airlock', 'home=/home/agent', ''].join('\n'),
    );
    // The launcher's start line is the Action's own; the agent's output never shows it.
    expect(r.stderr).toBe('');
  });

  it('has a read-only root, writable tmpfs /tmp, /var/tmp and HOME (its own), and the workspace as the only writable bind, handed back to its owner', async () => {
    const r = await inContainer(
      'set +e; for d in /usr /etc /opt /; do touch $d/x 2>/dev/null && echo "wrote $d" || echo "refused $d"; done; for d in /tmp /var/tmp $HOME; do touch $d/x && echo "wrote $d"; done; stat -c "%U %a" $HOME; mkdir -p made/deeper; echo change > made/deeper/file; ln -s /etc/passwd made/link; awk \'{print $5, $6}\' /proc/self/mountinfo | cut -d, -f1',
    );
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain(['refused /usr', 'refused /etc', 'refused /opt', 'refused /', 'wrote /tmp', 'wrote /var/tmp', 'wrote /home/agent', 'agent 700', ''].join('\n'));
    // Bind mounts other than the workspace are read-only: the identity files, the environment file.
    const binds = r.stdout.split('\n').filter((l) => /^\/(etc|run\/airlock)\/\S+ /.test(l) || l.startsWith(`${workspace} `));
    expect(binds.sort()).toEqual(['/etc/group ro', '/etc/hostname ro', '/etc/hosts ro', '/etc/passwd ro', '/etc/resolv.conf ro', '/run/airlock/environ ro', `${workspace} rw`].sort());
    expect(await readFile(join(workspace, 'made/deeper/file'), 'utf8')).toBe('change\n');
    // Handed to uid 1000 for the run only: every entry belongs to the workspace's owner again.
    expect(await notOwnedBy(workspace, process.getuid!())).toEqual([]);
    await rm(join(workspace, 'made'), { recursive: true });
  });

  it("passes the same environment allow-list as bubblewrap, with the image's PATH and variables and none of its denied ones", async () => {
    const canary = `CANARY${randomBytes(8).toString('hex')}`;
    const r = await inContainer('env | sort; printf "<%s>" "$MULTI"', {
      env: { PATH: '/host/only/bin:/usr/bin', AGENT_VISIBLE: 'yes', MULTI: 'line one\nline two', 'NOT-EXPORTABLE': 'x', GITHUB_TOKEN: canary, ACTIONS_RUNTIME_TOKEN: canary, RUNNER_TEMP: '/tmp/x', INPUT_KEY: canary, LD_PRELOAD: '/x.so' },
    });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).not.toContain(canary);
    expect(r.stdout).toContain('AGENT_VISIBLE=yes\n');
    expect(r.stdout).toContain('IMAGE_ONLY=from-the-image\n');
    expect(r.stdout).toContain('PATH=/usr/local/bin:/usr/bin:/bin\n');
    expect(r.stdout).toContain('<line one\nline two>');
    expect(r.stdout).not.toMatch(/^(LD_PRELOAD|HTTP_PROXY|http_proxy|container|HOSTNAME)=/m);
    expect(r.stderr).toBe('');
    expect(r.droppedEnv).toEqual(['ACTIONS_RUNTIME_TOKEN', 'GITHUB_TOKEN', 'INPUT_KEY', 'LD_PRELOAD', 'NOT-EXPORTABLE', 'RUNNER_TEMP']);
  });

  it('refuses what bubblewrap refuses: ptrace, process_vm_readv, the keyring, new user namespaces; a setuid binary gains nothing', async () => {
    const syscall = (n: number, ...args: number[]) => `perl -e 'my $r = syscall(${[n, ...args].join(', ')}); print "${n}:", $r, ":", ($r < 0 ? $!+0 : 0), "\\n"'`;
    const r = await inContainer(
      [
        'set +e',
        syscall(101, 0, 0, 0, 0), // ptrace(PTRACE_TRACEME)
        syscall(310, 1, 0, 0, 0, 0, 0), // process_vm_readv(1, …)
        syscall(250, 0, -3, 0, 0), // keyctl(KEYCTL_GET_KEYRING_ID)
        syscall(272, 0x10000000), // unshare(CLONE_NEWUSER)
        'unshare -Ur id -u 2>/dev/null || echo unshare-refused',
        'ls -l /usr/bin/su | cut -c1-4; su -c "id -u" root </dev/null 2>/dev/null || echo su-refused; id -u',
      ].join('\n'),
    );
    expect(r.stdout).toBe(['101:-1:1', '310:-1:1', '250:-1:1', '272:-1:1', 'unshare-refused', '-rws', 'su-refused', '1000', ''].join('\n'));
  });

  it('shows no engine socket and no host socket, only the egress one', async () => {
    // find(1) trusts readdir's file type, which shows a bound socket's mount point as the file under it: test each path.
    const r = await inContainer('set +e; find / \\( -path /proc -o -path /sys \\) -prune -o -print 2>/dev/null | while IFS= read -r f; do [ -S "$f" ] && echo "$f"; done; ls -d /run/podman /var/run/docker.sock /run/docker.sock /run/containerd /var/lib/containers 2>&1 | grep -c "No such file"', {
      egress: { socketPath: fx.proxy.socketPath },
    });
    expect(r.stdout).toBe('/run/airlock/egress.sock\n5\n');
  });

  it('reaches an allowed host through the proxy, nothing directly; with perl in the image and, without it, with its node', async () => {
    const noPerl = await testImage({ withoutPerl: true });
    for (const [img, relay] of [[image, '1\n0'], [noPerl, '0\n1']] as const) {
      const before = upstream.received.length;
      const r = await inContainer(
        `set +e; echo "$HTTP_PROXY"; curl -sS --max-time 5 http://allowed.test/hello; echo; curl -sS --max-time 5 -o /dev/null -w '%{http_code}\\n' http://evil.test/; curl -sS --max-time 3 --noproxy '*' http://127.0.0.1:${upstream.port}/direct || echo DIRECT-REFUSED; ps -eo args | grep -c "^/usr/bin/perl -e"; ps -eo args | grep -c "^/usr/local/bin/node -e"`,
        { egress: { socketPath: fx.proxy.socketPath }, container: { image: img } },
      );
      expect(r.stdout).toBe(`http://127.0.0.1:3128\nok GET /hello\n403\nDIRECT-REFUSED\n${relay}\n`);
      expect(upstream.received.slice(before).map((x) => x.url)).toEqual(['/hello']);
    }
  });

  it('returns the exit status and records the engine and the image by digest; a pinned reference runs and says so', async () => {
    const r = await inContainer('echo out; echo err >&2; exit 7');
    expect([r.exitCode, r.stdout, r.stderr]).toEqual([7, 'out\n', 'err\n']);
    const { stdout } = await exec(ENGINE, ['image', 'inspect', image, '--format', '{{.Id}} {{.Digest}}']);
    const [id, digest] = stdout.trim().split(' ');
    expect(r.container).toEqual({ engine: { name: 'podman', version: expect.stringMatching(/^\d+\.\d+/) }, image: { reference: image, id: `sha256:${id}`, repoDigests: [expect.stringMatching(/@sha256:[0-9a-f]{64}$/)], pinned: false } });
    const pinned = `${image.split(':')[0]}@${digest}`;
    const p = await inContainer('true', { container: { image: pinned } });
    expect(p.container?.image).toEqual({ reference: pinned, id: `sha256:${id}`, repoDigests: r.container!.image.repoDigests, pinned: true });
  });
});

describe('sandbox: container — container-entrypoint: image', () => {
  const probe = 'grep -E "^(Uid|CapEff|NoNewPrivs|Seccomp):" /proc/self/status | tr -s "\\t " " "; echo "from-entrypoint=${FROM_ENTRYPOINT:-unset}"';

  it("runs the image's entrypoint first, as uid 1000 under the same restrictions, then the agent with the allow-listed environment only; by default it never runs", async () => {
    const withEntrypoint = await testImage({ withEntrypoint: true });
    const r = await inContainer(probe, { container: { image: withEntrypoint, entrypoint: 'image' } });
    expect([r.exitCode, r.stderr]).toEqual([0, 'entrypoint ran as 1000\n']);
    // The launcher replaces the environment after the entrypoint: what it exported does not reach the agent.
    expect(r.stdout).toBe(['Uid: 1000 1000 1000 1000', 'CapEff: 0000000000000000', 'NoNewPrivs: 1', 'Seccomp: 2', 'from-entrypoint=unset', ''].join('\n'));
    const byDefault = await inContainer(probe, { container: { image: withEntrypoint } });
    expect([byDefault.exitCode, byDefault.stderr]).toEqual([0, '']);
  });

  it('refuses, running nothing, an entrypoint that does not exec its arguments', async () => {
    // The test image's ENTRYPOINT is /bin/false.
    const e = await refusal(inContainer('touch agent-ran', { container: { entrypoint: 'image' } }));
    expect(e).toEqual({ code: 'container-refused', message: expect.stringMatching(/entrypoint of image .* did not start Airlock's launcher.*must end with exec "\$@"/) });
    expect(await access(join(workspace, 'agent-ran')).then(() => true, () => false)).toBe(false);
  });
});

describe('sandbox: container — fail closed, nothing run', () => {
  const ran = () => access(join(workspace, 'agent-ran')).then(() => true, () => false);

  it.each([
    ['no engine on PATH', { engine: 'podman' as const }, { PATH: '/nonexistent' }, 'engine-missing', /podman is not on PATH.*apt-get install podman runc/],
    ['an engine that cannot run containers (a Docker client without its daemon)', { engine: 'docker' as const }, { PATH: '/usr/local/bin:/usr/bin:/bin', DOCKER_HOST: 'unix:///nonexistent/docker.sock' }, 'engine-unavailable', /Docker daemon does not answer/],
    ['an image not in the local store (never pulled)', { image: 'localhost/airlock-no-such-image:1' }, {}, 'image-missing', /not in podman's local store.*never pulls/],
    ['a pinned digest the local image does not carry', { image: `localhost/airlock-test-agent@sha256:${'0'.repeat(64)}` }, {}, 'image-missing', /not in podman's local store|does not carry/],
    ['a reference that is an option', { image: '--privileged' }, {}, 'invalid-options', /not an image reference/],
    ['a run option the engine refuses', { memoryBytes: 1024 }, {}, 'container-refused', /refused to start the container.*memory/i],
  ])('%s', async (_name, container, env, code, message) => {
    const saved = { PATH: process.env.PATH, DOCKER_HOST: process.env.DOCKER_HOST };
    Object.assign(process.env, env);
    try {
      const e = await refusal(inContainer('touch agent-ran', { container }));
      expect(e?.code).toBe(code);
      expect(e?.message).toMatch(message);
    } finally {
      for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    expect(await ran()).toBe(false);
  });

  it('an image without bash, or without perl and node for the egress relay', async () => {
    const noBash = await refusal(inContainer('touch agent-ran', { container: { image: await testImage({ withoutBash: true }) } }));
    expect(noBash).toEqual({ code: 'image-unsuitable', message: expect.stringMatching(/has no \/bin\/bash/) });
    const noRelay = await refusal(inContainer('touch agent-ran', { container: { image: await testImage({ withoutRelay: true }) }, egress: { socketPath: fx.proxy.socketPath } }));
    expect(noRelay).toEqual({ code: 'image-unsuitable', message: expect.stringMatching(/neither \/usr\/bin\/perl nor node/) });
    expect(await ran()).toBe(false);
  });
});

describe('sandbox: container — nothing outlives the run', () => {
  it('on abort the container and every process the agent started are gone when the run returns', async () => {
    const marker = `airlock-abort-${randomBytes(6).toString('hex')}`;
    const controller = new AbortController();
    const started = join(workspace, `${marker}.started`);
    const sleeper = `bash -c "sleep 300; :" ${marker}`;
    const run = inContainer(`(setsid ${sleeper} &); ${sleeper} & touch ${marker}.started; wait`, { signal: controller.signal });
    for (let i = 0; i < 600 && !(await access(started).then(() => true, () => false)); i++) await new Promise((r) => setTimeout(r, 100));
    expect((await hostProcessesWith(marker)).length).toBeGreaterThan(0);
    controller.abort();
    const r = await run;
    expect(r.exitCode).not.toBe(0);
    expect(await containersWith(marker)).toEqual([]);
    expect(await hostProcessesWith(marker)).toEqual([]);
    await rm(started, { force: true });
  });

  it('a SIGKILL of the Action (its whole process tree) leaves no container and no scratch files: the watchdog removes both', async () => {
    const { build } = await import('esbuild');
    const dir = await tempDir('container-kill');
    // The Action's own TMPDIR, where its scratch (the environment file bound into the container) is made.
    const actionTmp = await tempDir('container-kill-tmp');
    const entry = join(dir, 'run.mjs');
    const marker = `airlock-sigkill-${randomBytes(6).toString('hex')}`;
    await build({
      stdin: { contents: `import { runSandboxed } from './src/sandbox/run-sandboxed.ts';\nawait runSandboxed({ backend: 'container', container: ${JSON.stringify({ image, engine: ENGINE })}, workspace: ${JSON.stringify(workspace)}, env: {}, command: ${JSON.stringify(`touch ${marker}.started; bash -c "sleep 300; :" ${marker}`)}, onOutput: () => undefined });`, resolveDir: process.cwd(), loader: 'ts' },
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile: entry,
      logLevel: 'warning',
    });
    const { spawn } = await import('node:child_process');
    const action = spawn(process.execPath, [entry], { stdio: 'ignore', detached: true, env: { ...process.env, TMPDIR: actionTmp } });
    const started = join(workspace, `${marker}.started`);
    // The runner's last resort: every process of the step's tree, its own group and any other, SIGKILLed at once.
    const killTree = async () => {
      for (const pid of [action.pid!, ...(await descendants(action.pid!))]) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // gone already
        }
      }
    };
    try {
      for (let i = 0; i < 900 && !(await access(started).then(() => true, () => false)); i++) await new Promise((r) => setTimeout(r, 100));
      expect(await containersWith(marker)).toHaveLength(1);
      await killTree();
      let left = ['unchecked'];
      for (let i = 0; i < 300 && left.length; i++) {
        left = await containersWith(marker);
        if (left.length) await new Promise((r) => setTimeout(r, 100));
      }
      expect(left).toEqual([]);
      expect(await hostProcessesWith(marker)).toEqual([]);
      let scratch = ['unchecked'];
      for (let i = 0; i < 100 && scratch.length; i++) {
        scratch = await readdir(actionTmp);
        if (scratch.length) await new Promise((r) => setTimeout(r, 100));
      }
      expect(scratch).toEqual([]);
    } finally {
      await killTree();
      await rm(started, { force: true });
      await rm(dir, { recursive: true, force: true });
      await rm(actionTmp, { recursive: true, force: true });
    }
  });
});

/** Every process whose parent chain leads to `pid` (by /proc/<pid>/stat's ppid). */
async function descendants(pid: number): Promise<number[]> {
  const parent = new Map<number, number>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid) parent.set(Number(entry), ppid);
  }
  const out: number[] = [];
  const add = (p: number) => {
    for (const [child, pp] of parent) if (pp === p && !out.includes(child)) {
      out.push(child);
      add(child);
    }
  };
  add(pid);
  return out;
}
