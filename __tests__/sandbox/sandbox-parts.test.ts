import { describe, expect, it } from '@jest/globals';
import { bwrapArguments, type SandboxLayout } from '../../src/sandbox/bwrap-arguments.js';
import { diagnoseProbeFailure } from '../../src/sandbox/diagnose-probe-failure.js';
import { sandboxEnvironment } from '../../src/sandbox/sandbox-environment.js';
import {
  ARCH_TABLES,
  DENIED_SYSCALLS,
  seccompArch,
  seccompInstructions,
  seccompProgram,
  type SeccompArch,
} from '../../src/sandbox/seccomp-filter.js';

/** A classic-BPF interpreter for the instructions the filter uses, run on a synthetic seccomp_data. */
function runFilter(program: Buffer, data: { nr: number; arch: number }): number {
  const mem = Buffer.alloc(64);
  mem.writeInt32LE(data.nr, 0);
  mem.writeUInt32LE(data.arch, 4);
  let acc = 0;
  for (let pc = 0; pc * 8 < program.length; pc++) {
    const code = program.readUInt16LE(pc * 8);
    const jt = program.readUInt8(pc * 8 + 2);
    const jf = program.readUInt8(pc * 8 + 3);
    const k = program.readUInt32LE(pc * 8 + 4);
    if (code === 0x20) acc = mem.readUInt32LE(k);
    else if (code === 0x15) pc += acc === k ? jt : jf;
    else if (code === 0x35) pc += acc >= k ? jt : jf;
    else if (code === 0x06) return k;
    else throw new Error(`unexpected opcode ${code}`);
  }
  throw new Error('fell off the end of the program');
}

const ALLOW = 0x7fff0000;
const EPERM = 0x00050001;
const AUDIT_ARCH_I386 = 0x40000003;
const AUDIT_ARCH_ARM = 0x40000028;

describe('seccomp filter', () => {
  it.each(['x64', 'arm64'] as SeccompArch[])(
    '%s: denies each listed syscall and allows the rest',
    (arch) => {
      const table = ARCH_TABLES[arch];
      const program = seccompProgram(arch);
      for (const name of DENIED_SYSCALLS)
        expect([
          name,
          runFilter(program, { nr: table.numbers[name], arch: table.auditArch }),
        ]).toEqual([name, EPERM]);
      const denied = new Set(Object.values(table.numbers));
      for (let nr = 0; nr < 460; nr++)
        if (!denied.has(nr)) expect(runFilter(program, { nr, arch: table.auditArch })).toBe(ALLOW);
    },
  );

  it('denies every syscall of a foreign ABI (i386 int 0x80, 32-bit ARM, x32)', () => {
    const x64 = seccompProgram('x64');
    expect(runFilter(x64, { nr: 39, arch: AUDIT_ARCH_I386 })).toBe(EPERM);
    expect(runFilter(x64, { nr: 0x40000000 + 39, arch: ARCH_TABLES.x64.auditArch })).toBe(EPERM);
    expect(runFilter(seccompProgram('arm64'), { nr: 20, arch: AUDIT_ARCH_ARM })).toBe(EPERM);
    expect(runFilter(seccompProgram('arm64'), { nr: 20, arch: ARCH_TABLES.x64.auditArch })).toBe(
      EPERM,
    );
  });

  it('encodes struct sock_filter as 8 little-endian bytes per instruction', () => {
    const ins = seccompInstructions('x64');
    const bytes = seccompProgram('x64');
    expect(bytes.length).toBe(ins.length * 8);
    expect([...bytes.subarray(0, 8)]).toEqual([0x20, 0, 0, 0, 4, 0, 0, 0]);
    expect(() => seccompArch('ia32')).toThrow(/no seccomp filter/);
  });
});

describe('sandbox environment', () => {
  it('drops runner variables even when asked for them, and the sandbox settings win', () => {
    const { env, dropped } = sandboxEnvironment(
      {
        PATH: '/usr/bin',
        ANTHROPIC_BASE_URL: 'http://127.0.0.1:3128',
        GITHUB_TOKEN: 'ghs_x',
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'x',
        ACTIONS_RUNTIME_TOKEN: 'x',
        actions_cache_url: 'x',
        RUNNER_TEMP: '/home/runner/work/_temp',
        GITHUB_ENV: '/x',
        GITHUB_OUTPUT: '/x',
        GITHUB_STEP_SUMMARY: '/x',
        GITHUB_EVENT_PATH: '/x',
        INPUT_API_KEY: 'sk-ant-x',
        LD_PRELOAD: '/x.so',
        BASH_ENV: '/x',
        NO_PROXY: '*',
        HOME: '/home/runner',
        'A=B': 'x',
        UNSET: undefined,
      },
      { HOME: '/home/agent', HTTP_PROXY: 'http://127.0.0.1:3128' },
    );
    expect(env).toEqual({
      PATH: '/usr/bin',
      ANTHROPIC_BASE_URL: 'http://127.0.0.1:3128',
      HOME: '/home/agent',
      HTTP_PROXY: 'http://127.0.0.1:3128',
    });
    expect(dropped).toEqual([
      'A=B',
      'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
      'ACTIONS_RUNTIME_TOKEN',
      'BASH_ENV',
      'GITHUB_ENV',
      'GITHUB_EVENT_PATH',
      'GITHUB_OUTPUT',
      'GITHUB_STEP_SUMMARY',
      'GITHUB_TOKEN',
      'INPUT_API_KEY',
      'LD_PRELOAD',
      'NO_PROXY',
      'RUNNER_TEMP',
      'actions_cache_url',
    ]);
  });
});

describe('probe failure diagnosis', () => {
  const base = { exitCode: 1, stderr: 'bwrap: setting up uid map: Permission denied\n', uid: 1001 };
  it.each([
    [
      { ...base, spawnError: 'ENOENT', exitCode: null },
      'bwrap-missing',
      /apt-get install -y bubblewrap/,
    ],
    [{ ...base, stderr: 'bwrap: Unknown option --disable-userns' }, 'bwrap-too-old', /0\.8\.0/],
    [
      { ...base, apparmorRestrictUserns: '1' },
      'userns-restricted',
      /kernel\.apparmor_restrict_unprivileged_userns=0/,
    ],
    [{ ...base, maxUserNamespaces: '0' }, 'userns-disabled', /user\.max_user_namespaces/],
    [
      { ...base, unprivilegedUsernsClone: '0' },
      'userns-disabled',
      /kernel\.unprivileged_userns_clone=1/,
    ],
    [
      {
        ...base,
        uid: 0,
        apparmorRestrictUserns: '1',
        stderr: 'bwrap: Creating new namespace failed: Operation not permitted',
      },
      'namespaces-unavailable',
      /Creating new namespace failed/,
    ],
  ])('%j -> %s', (facts, code, message) => {
    const e = diagnoseProbeFailure(facts);
    expect(e.code).toBe(code);
    expect(e.message).toMatch(message);
    expect(e.message).toMatch(/sandbox: none/);
  });
});

describe('bubblewrap arguments', () => {
  const layout: SandboxLayout = {
    workspace: '/tmp/ws',
    rootEntries: [{ path: '/bin', symlinkTo: 'usr/bin' }, { path: '/lib64' }],
    etcPaths: ['/etc/ssl'],
    generatedFiles: [{ source: '/tmp/s/passwd', target: '/etc/passwd' }],
    readOnlyPaths: ['/opt/hostedtoolcache'],
    home: '/home/agent',
    tmpfsBytes: 4096,
    uid: 1000,
    gid: 1000,
    egressSocket: { host: '/tmp/e/egress.sock', inside: '/run/airlock/egress.sock' },
    seccompFd: 3,
  };
  const args = bwrapArguments(layout);
  const pairs = (flag: string) => args.flatMap((a, i) => (a === flag ? [args[i + 1]] : []));

  it('isolates every namespace, drops capabilities and forbids nested user namespaces', () => {
    for (const flag of [
      '--unshare-all',
      '--unshare-user',
      '--disable-userns',
      '--die-with-parent',
      '--new-session',
    ])
      expect(args).toContain(flag);
    expect(pairs('--cap-drop')).toEqual(['ALL']);
    expect(pairs('--seccomp')).toEqual(['3']);
    expect(args).not.toContain('--share-net');
  });

  it('binds only listed host paths, the workspace as the only writable one and last', () => {
    expect(pairs('--bind')).toEqual(['/tmp/ws']);
    expect(pairs('--ro-bind')).toEqual([
      '/usr',
      '/lib64',
      '/etc/ssl',
      '/tmp/s/passwd',
      '/opt/hostedtoolcache',
      '/tmp/e/egress.sock',
    ]);
    expect(args).not.toContain('/etc/resolv.conf');
    expect(args).not.toContain('/dev/shm');
    expect(pairs('--tmpfs')).toEqual(['/tmp', '/var/tmp', '/home/agent', '/run']);
    expect(pairs('--size')).toEqual(['4096', '4096', '4096', String(16 * 1024 * 1024)]);
    expect(args.slice(args.indexOf('/tmp') - 3, args.indexOf('/tmp'))).toEqual([
      '--size',
      '4096',
      '--tmpfs',
    ]);
    expect(args.lastIndexOf('--tmpfs')).toBeLessThan(args.indexOf('--bind'));
    expect(pairs('--chdir')).toEqual(['/tmp/ws']);
    expect(args.at(-1)).toBe('--');
  });
});
