import { SandboxError } from './sandbox-error.js';

/**
 * A classic-BPF seccomp program (struct sock_filter[], little endian) that bubblewrap loads with
 * `--seccomp FD`. Built by hand to avoid a libseccomp dependency. Denied calls fail with EPERM.
 * https://www.kernel.org/doc/html/latest/userspace-api/seccomp_filter.html
 *
 * Denied: reading or steering other processes (ptrace, process_vm_readv/writev, kcmp), kernel
 * attack surface an agent has no use for (bpf, perf_event_open, userfaultfd, io_uring, whose
 * operations bypass seccomp), and the kernel keyring. Every syscall of a foreign ABI (i386 via
 * `int 0x80`, x32) is denied, because the numbers above only mean something for the native ABI.
 * Unix sockets are not filtered: the sandbox has a private network namespace (no abstract
 * sockets of the host) and a mount namespace with no host socket files except the egress
 * bridge, which the forwarder inside needs.
 */
export type SeccompArch = 'x64' | 'arm64';

export const DENIED_SYSCALLS = [
  'ptrace',
  'process_vm_readv',
  'process_vm_writev',
  'kcmp',
  'perf_event_open',
  'bpf',
  'userfaultfd',
  'keyctl',
  'add_key',
  'request_key',
  'io_uring_setup',
  'io_uring_enter',
  'io_uring_register',
] as const;
export type DeniedSyscall = (typeof DENIED_SYSCALLS)[number];

interface ArchTable {
  readonly auditArch: number;
  /** Syscall numbers at or above this belong to another ABI on the same arch (x32). */
  readonly foreignFrom?: number;
  readonly numbers: Readonly<Record<DeniedSyscall, number>>;
}

// linux/audit.h: AUDIT_ARCH_X86_64 = EM_X86_64|64BIT|LE, AUDIT_ARCH_AARCH64 = EM_AARCH64|64BIT|LE.
export const ARCH_TABLES: Readonly<Record<SeccompArch, ArchTable>> = {
  // arch/x86/entry/syscalls/syscall_64.tbl
  x64: {
    auditArch: 0xc000003e,
    foreignFrom: 0x40000000,
    numbers: {
      ptrace: 101,
      process_vm_readv: 310,
      process_vm_writev: 311,
      kcmp: 312,
      perf_event_open: 298,
      bpf: 321,
      userfaultfd: 323,
      keyctl: 250,
      add_key: 248,
      request_key: 249,
      io_uring_setup: 425,
      io_uring_enter: 426,
      io_uring_register: 427,
    },
  },
  // include/uapi/asm-generic/unistd.h
  arm64: {
    auditArch: 0xc00000b7,
    numbers: {
      ptrace: 117,
      process_vm_readv: 270,
      process_vm_writev: 271,
      kcmp: 272,
      perf_event_open: 241,
      bpf: 280,
      userfaultfd: 282,
      keyctl: 219,
      add_key: 217,
      request_key: 218,
      io_uring_setup: 425,
      io_uring_enter: 426,
      io_uring_register: 427,
    },
  },
};

const BPF_LD_W_ABS = 0x20;
const BPF_JEQ_K = 0x15;
const BPF_JGE_K = 0x35;
const BPF_RET_K = 0x06;
const SECCOMP_RET_ALLOW = 0x7fff0000;
const SECCOMP_RET_ERRNO = 0x00050000;
const EPERM = 1;
/** struct seccomp_data: int nr; __u32 arch; ... */
const OFFSET_NR = 0;
const OFFSET_ARCH = 4;

export interface BpfInstruction {
  readonly code: number;
  readonly jt: number;
  readonly jf: number;
  readonly k: number;
}

export function seccompInstructions(arch: SeccompArch): BpfInstruction[] {
  const table = ARCH_TABLES[arch];
  const numbers = DENIED_SYSCALLS.map((s) => table.numbers[s]);
  const checks = (table.foreignFrom === undefined ? 0 : 1) + numbers.length;
  // Layout: [ld arch][jeq arch][ret deny][ld nr][checks...][ret allow][ret deny]
  const prog: BpfInstruction[] = [
    { code: BPF_LD_W_ABS, jt: 0, jf: 0, k: OFFSET_ARCH },
    { code: BPF_JEQ_K, jt: 1, jf: 0, k: table.auditArch },
    { code: BPF_RET_K, jt: 0, jf: 0, k: SECCOMP_RET_ERRNO | EPERM },
    { code: BPF_LD_W_ABS, jt: 0, jf: 0, k: OFFSET_NR },
  ];
  let remaining = checks;
  // Each check jumps over the rest of the checks and the allow to reach the final deny.
  if (table.foreignFrom !== undefined)
    prog.push({ code: BPF_JGE_K, jt: remaining--, jf: 0, k: table.foreignFrom });
  for (const n of numbers) prog.push({ code: BPF_JEQ_K, jt: remaining--, jf: 0, k: n });
  prog.push({ code: BPF_RET_K, jt: 0, jf: 0, k: SECCOMP_RET_ALLOW });
  prog.push({ code: BPF_RET_K, jt: 0, jf: 0, k: SECCOMP_RET_ERRNO | EPERM });
  return prog;
}

/** The program as bytes for `--seccomp FD`. */
export function seccompProgram(arch: SeccompArch): Buffer {
  const prog = seccompInstructions(arch);
  const out = Buffer.alloc(prog.length * 8);
  prog.forEach((ins, i) => {
    out.writeUInt16LE(ins.code, i * 8);
    out.writeUInt8(ins.jt, i * 8 + 2);
    out.writeUInt8(ins.jf, i * 8 + 3);
    out.writeUInt32LE(ins.k >>> 0, i * 8 + 4);
  });
  return out;
}

export function seccompArch(nodeArch: string): SeccompArch {
  if (nodeArch === 'x64' || nodeArch === 'arm64') return nodeArch;
  throw new SandboxError(
    'unsupported-platform',
    `no seccomp filter for architecture ${nodeArch}; Airlock's sandbox supports x64 and arm64 Linux`,
  );
}
