import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { buildGateInput, type GateInputFacts } from '../../app/gate/gate-input.js';
import type { AgentRunPredicate } from '../../src/attest/agent-run-statement.js';
import { evaluatePolicy } from '../../src/policy/evaluate-policy.js';
import { loadPolicyModules, policyDir } from '../../src/policy/policy-modules.js';
import { containerLauncherArgv, containerRunArguments, environFile, removeArguments, type ContainerLayout } from '../../src/sandbox/container-arguments.js';
import { parseImageReference } from '../../src/sandbox/container-image.js';
import { readProbeReport } from '../../src/sandbox/container-probe.js';
import { hardenedSeccompProfile, type SeccompProfile } from '../../src/sandbox/container-seccomp.js';
import { containerEnvironment } from '../../src/sandbox/run-container.js';
import { fixedVariables } from '../../src/sandbox/sandbox-facts.js';
import { SandboxError } from '../../src/sandbox/sandbox-error.js';
import { DENIED_SYSCALLS } from '../../src/sandbox/seccomp-filter.js';

const DIGEST = `sha256:${'ab'.repeat(32)}`;

describe('image references', () => {
  it.each([
    ['ghcr.io/acme/agent:1.2', { name: 'ghcr.io/acme/agent', tag: '1.2' }],
    [`ghcr.io/acme/agent@${DIGEST}`, { name: 'ghcr.io/acme/agent', digest: DIGEST }],
    [`localhost:5000/a/b_c:v1@${DIGEST}`, { name: 'localhost:5000/a/b_c', tag: 'v1', digest: DIGEST }],
    ['node', { name: 'node' }],
  ])('%s', (reference, parsed) => expect(parseImageReference(reference)).toEqual(parsed));

  it.each(['--privileged', '-v/:/host', 'Acme/Agent', 'agent name', 'agent@sha256:abc', `a@${DIGEST}@${DIGEST}`, 'a\nb', '', '/abs/path'])('refuses %j, naming the expected form', (reference) => {
    expect(() => parseImageReference(reference)).toThrow(new SandboxError('invalid-options', `image ${JSON.stringify(reference)} is not an image reference; expected name[:tag] or name@sha256:<64 hex digits>, e.g. ghcr.io/acme/agent@sha256:…`));
  });
});

const layout: ContainerLayout = {
  engine: 'podman',
  name: 'airlock-0123456789abcdef',
  image: DIGEST,
  uid: 1000,
  gid: 1000,
  keepId: false,
  workspace: '/runner/temp/ws',
  home: '/home/agent',
  tmpfsBytes: 1024,
  runFiles: [{ source: '/scratch/passwd', target: '/etc/passwd' }],
  readOnlyPaths: ['/opt/tool'],
  egressSocket: { host: '/scratch/egress.sock', inside: '/run/airlock/egress.sock' },
  memoryBytes: 2048,
  pidsLimit: 64,
  nofile: 1024,
  nproc: 512,
  seccompProfile: '/scratch/seccomp.json',
  clearedVariables: ['LD_PRELOAD'],
};

describe('container run options', () => {
  it('isolate by default and bind only what is listed, the workspace last and alone writable', () => {
    const args = containerRunArguments(layout);
    const pairs = (flag: string) => args.flatMap((a, i) => (a === flag ? [args[i + 1]] : []));
    expect(args.slice(0, 2)).toEqual(['run', '--rm']);
    expect(args.at(-1)).toBe(DIGEST);
    expect(pairs('--network')).toEqual(['none']);
    expect(pairs('--cap-drop')).toEqual(['ALL']);
    expect(pairs('--security-opt')).toEqual(['no-new-privileges', 'seccomp=/scratch/seccomp.json']);
    expect(pairs('--user')).toEqual(['1000:1000']);
    expect(pairs('--pull')).toEqual(['never']);
    expect(pairs('--entrypoint')).toEqual(['/bin/bash']);
    expect(args).toContain('--read-only');
    expect(args).toContain('--read-only-tmpfs=false');
    expect(pairs('--mount')).toEqual([
      'type=bind,src=/scratch/passwd,dst=/etc/passwd,ro',
      'type=bind,src=/opt/tool,dst=/opt/tool,ro',
      'type=bind,src=/scratch/egress.sock,dst=/run/airlock/egress.sock,ro',
      'type=bind,src=/runner/temp/ws,dst=/runner/temp/ws',
    ]);
    expect(pairs('--tmpfs').map((t) => t!.split(':')[0])).toEqual(['/tmp', '/var/tmp', '/home/agent', '/run']);
    expect(pairs('--tmpfs')[2]).toMatch(/mode=0700,U$/);
    // Names only: no value of any variable is ever on the engine's command line.
    expect(pairs('--env')).toEqual(['LD_PRELOAD=']);
    expect(args.some((a) => /\/(docker|podman)\.sock|containerd/.test(a))).toBe(false);
  });

  it('uses Docker\'s spelling where it differs, and keep-id for rootless Podman', () => {
    const docker = containerRunArguments({ ...layout, engine: 'docker', uid: 1001, gid: 118 });
    expect(docker).not.toContain('--read-only-tmpfs=false');
    expect(docker.find((a) => a.startsWith('/home/agent:'))).toMatch(/uid=1001,gid=118$/);
    expect(containerRunArguments({ ...layout, keepId: true })).toEqual(expect.arrayContaining(['--userns', 'keep-id:uid=1000,gid=1000']));
    expect(removeArguments('podman', 'n')).toEqual(['rm', '--force', '--time', '0', '--ignore', 'n']);
    expect(removeArguments('docker', 'n')).toEqual(['rm', '--force', 'n']);
  });

  it("keeps the image's entrypoint only when asked, handing it the launcher's shell", () => {
    const own = containerRunArguments({ ...layout, imageEntrypoint: true });
    expect(own).not.toContain('--entrypoint');
    expect(own.slice(-2)).toEqual([DIGEST, '/bin/bash']);
    expect(own).toEqual(expect.arrayContaining(['--user', '1000:1000']));
  });

  it('refuses a path --mount cannot carry', () => {
    expect(() => containerRunArguments({ ...layout, workspace: '/runner/a,b' })).toThrow(/contains a comma or a line break/);
  });

  it('hands the launcher the agent argv after the relay, and the environment in a file', () => {
    const argv = containerLauncherArgv('airlock-container-started-x', 'make test', ['/usr/bin/perl', '-e', 'relay']);
    expect(argv.slice(0, 3)).toEqual(['--noprofile', '--norc', '-c']);
    expect(argv[3]).toMatch(/^printf '%s\\n' airlock-container-started-x >&2\n/);
    expect(argv.slice(4)).toEqual(['airlock-launcher', '/usr/bin/perl', '-e', 'relay', '/bin/bash', '--noprofile', '--norc', '-eo', 'pipefail', '-c', 'make test']);
    expect(environFile({ A: 'x\ny', 'B-C': '1', _d: '' })).toEqual({ text: 'A=x\ny\0_d=\0', unexportable: ['B-C'] });
  });

  it("layers the image's variables under the requested ones, the image's PATH over the runner's, through the same allow-list", () => {
    const { env, dropped } = containerEnvironment(
      ['PATH=/opt/conda/bin:/usr/bin', 'JAVA_HOME=/opt/jdk', 'LD_PRELOAD=/evil.so', 'HTTP_PROXY=http://image:1', 'HOME=/root'],
      { PATH: '/home/runner/bin:/usr/bin', JAVA_HOME: '/requested', GITHUB_TOKEN: 'x', ACTIONS_RUNTIME_TOKEN: 'y' },
      fixedVariables({ proxyPort: 3128, trust: false }),
    );
    expect(env).toEqual({ PATH: '/opt/conda/bin:/usr/bin', JAVA_HOME: '/requested', HOME: '/home/agent', TMPDIR: '/tmp', USER: 'agent', LOGNAME: 'agent', HTTP_PROXY: 'http://127.0.0.1:3128', HTTPS_PROXY: 'http://127.0.0.1:3128', http_proxy: 'http://127.0.0.1:3128', https_proxy: 'http://127.0.0.1:3128', NODE_USE_ENV_PROXY: '1' });
    expect(dropped).toEqual(['ACTIONS_RUNTIME_TOKEN', 'GITHUB_TOKEN']);
  });
});

describe('seccomp profile', () => {
  const base: SeccompProfile = {
    defaultAction: 'SCMP_ACT_ERRNO',
    archMap: [{ architecture: 'SCMP_ARCH_X86_64', subArchitectures: ['SCMP_ARCH_X86', 'SCMP_ARCH_X32'] }],
    syscalls: [
      { names: ['read', 'ptrace', 'clone', 'clone3', 'unshare', 'keyctl', 'process_vm_readv'], action: 'SCMP_ACT_ALLOW' },
      { names: ['bpf'], action: 'SCMP_ACT_ALLOW', includes: { caps: ['CAP_SYS_ADMIN'] } },
    ],
  };

  it("keeps the engine's rules, takes out what bubblewrap denies, allows clone without namespace flags, and the native ABI only", () => {
    const hardened = hardenedSeccompProfile(base, 'x64');
    expect(hardened.archMap).toEqual([{ architecture: 'SCMP_ARCH_X86_64', subArchitectures: [] }]);
    expect(hardened.syscalls).toEqual([
      { names: ['read'], action: 'SCMP_ACT_ALLOW' },
      { names: ['clone'], action: 'SCMP_ACT_ALLOW', args: [{ index: 0, value: 0x7e020000, valueTwo: 0, op: 'SCMP_CMP_MASKED_EQ' }] },
      { names: ['clone3'], action: 'SCMP_ACT_ERRNO', errnoRet: 38 },
      { names: [...DENIED_SYSCALLS, 'unshare', 'setns'], action: 'SCMP_ACT_ERRNO', errnoRet: 1 },
    ]);
    expect(hardenedSeccompProfile(base, 'arm64').archMap).toEqual([{ architecture: 'SCMP_ARCH_AARCH64', subArchitectures: [] }]);
  });
});

describe('probe report', () => {
  const good = ['Uid=1000\t1000\t1000\t1000', 'Gid=1000\t1000\t1000\t1000', 'CapInh=0000000000000000', 'CapPrm=0000000000000000', 'CapEff=0000000000000000', 'CapBnd=0000000000000000', 'CapAmb=0000000000000000', 'NoNewPrivs=1', 'Seccomp=2', 'iface=lo', 'node=/usr/local/bin/node', 'bundle=/etc/ssl/certs/ca-certificates.crt', 'identity=synthetic', 'workspace=writable', 'probe=done'];
  const report = (lines: string[]) => readProbeReport(lines.join('\n') + '\n', { uid: 1000, gid: 1000 });

  it('reads the relay and the bundles of a container that holds the guarantees', () => {
    expect(report(good)).toEqual({ relay: { kind: 'node', interpreter: '/usr/local/bin/node' }, bundles: ['/etc/ssl/certs/ca-certificates.crt'] });
    expect(report([...good, 'perl=/usr/bin/perl']).relay).toEqual({ kind: 'perl', interpreter: '/usr/bin/perl' });
  });

  it.each([
    ['a capability left', (l: string) => l.replace('CapBnd=0000000000000000', 'CapBnd=00000000a80425fb'), /CapBnd is 00000000a80425fb/],
    ['no seccomp', (l: string) => l.replace('Seccomp=2', 'Seccomp=0'), /no seccomp filter/],
    ['no no_new_privs', (l: string) => l.replace('NoNewPrivs=1', 'NoNewPrivs=0'), /no_new_privs/],
    ['root', (l: string) => l.replace('Uid=1000\t1000\t1000\t1000', 'Uid=0\t0\t0\t0'), /runs as uid 0/],
    ['a network', (l: string) => l.replace('iface=lo', 'iface=lo\niface=eth0'), /network interfaces are lo, eth0/],
    ["a remote engine's files", (l: string) => l.replace('identity=synthetic', ''), /not this host's/],
  ])('refuses %s', (_name, change, message) => {
    const e = (() => {
      try {
        report(change(good.join('\n')).split('\n'));
      } catch (error) {
        return error as SandboxError;
      }
      return undefined;
    })();
    expect(e?.code).toBe('container-unsafe');
    expect(e?.message).toMatch(message);
  });

  it('refuses an unfinished report as a refusal of the engine', () => {
    expect(() => report(good.slice(0, 3))).toThrow(expect.objectContaining({ code: 'container-refused' }));
  });
});

describe('a policy can require a pinned image (policies/README.md)', () => {
  const readme = readFileSync('policies/README.md', 'utf8');
  const rule = /<!-- pinned-image-rule:start -->\n```rego\n([\s\S]*?)```\n<!-- pinned-image-rule:end -->/.exec(readme)![1]!;
  const sandbox = (pinned: boolean): AgentRunPredicate['sandbox'] => ({ backend: 'container', network: 'proxy', engine: { name: 'podman', version: '4.3.1' }, image: { reference: pinned ? `ghcr.io/acme/agent@${DIGEST}` : 'ghcr.io/acme/agent:latest', id: DIGEST, repoDigests: [`ghcr.io/acme/agent@${DIGEST}`], pinned } });
  const facts = (attestation: GateInputFacts['attestation']): GateInputFacts => ({ number: 7, author: 'airlock[bot]', headSha: 'a'.repeat(40), baseRef: 'main', isAgent: true, changedFiles: ['src/a.ts'], changedFilesComplete: true, solo: false, approvals: [], requiredApprovals: 1, approvalPaths: [], attestation, secretFindings: { status: 'clean' } });

  it('the gate passes the attested sandbox to airlock.pr, and the documented rule denies an unpinned container image only', async () => {
    const modules = [...(await loadPolicyModules(policyDir())), { file: 'pinned-image.rego', source: rule }];
    const deny = (attestation: GateInputFacts['attestation']) => evaluatePolicy({ modules, entrypoint: 'airlock.pr', input: buildGateInput(facts(attestation)) }).deny;
    const message = 'the agent ran in an image not pinned by digest; set image: name@sha256:<digest> in the workflow';
    expect(deny({ status: 'verified', sandbox: sandbox(false) })).toContain(message);
    expect(deny({ status: 'verified', sandbox: sandbox(true) })).not.toContain(message);
    expect(deny({ status: 'verified', sandbox: { backend: 'bwrap', network: 'proxy' } })).not.toContain(message);
  });
});
