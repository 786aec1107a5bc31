import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstat, mkdtemp, readdir, realpath, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/*
 * A test image built on this machine (images cannot be pulled here): a small root filesystem of
 * the host's own binaries and the libraries `ldd` lists for them, with its own node, perl, curl and
 * git, imported with `podman import`. Its configuration is hostile on purpose: an entrypoint and
 * a user (root) that Airlock must override, and variables it must filter. Built once per content
 * (the tag is a digest of what goes in), so suites share it.
 */
export const ENGINE = 'podman';
const exec = promisify(execFile);

/** Tools the suites' agents use; each must exist on the host (Debian: coreutils, curl, git, perl-base, binutils, util-linux, mawk, findutils, grep, sed, libc-bin, procps). */
const BINARIES = [
  'bash', 'sh', 'cat', 'ls', 'id', 'env', 'tr', 'od', 'base64', 'rev', 'head', 'tail', 'mktemp', 'dd', 'cut', 'sort', 'wc', 'tee', 'sed', 'grep', 'awk',
  'find', 'xargs', 'getent', 'strings', 'unshare', 'su', 'curl', 'git', 'perl', 'sleep', 'true', 'false', 'ln', 'chmod', 'mkdir', 'rm', 'cp', 'mv', 'touch',
  'stat', 'readlink', 'dirname', 'basename', 'uname', 'ps', 'kill', 'date', 'sha256sum', 'printf', 'echo', 'seq',
];
/** Whole directories: git's helpers (HTTP transport), perl's core modules (IO::Socket, for the relay), the C.UTF-8 locale (glibc's, as Debian images have it). */
const DIRECTORIES = ['/usr/lib/git-core', '/usr/lib/x86_64-linux-gnu/perl-base', '/usr/lib/aarch64-linux-gnu/perl-base', '/usr/lib/locale/C.utf8'];

async function which(name: string): Promise<string> {
  const { stdout } = await exec('bash', ['-c', `type -P -- ${name}`], { env: { PATH: '/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin' } }).catch(() => ({ stdout: '' }));
  const path = stdout.trim();
  if (!path.startsWith('/')) throw new Error(`the test image needs ${name} on this host`);
  return path;
}

async function libraries(binary: string): Promise<string[]> {
  const { stdout } = await exec('ldd', [binary]).catch(() => ({ stdout: '' }));
  return [...stdout.matchAll(/(\/\S+)/g)].map((m) => m[1]!);
}

export interface TestImageOptions {
  /** Leave perl out, so the relay must be node. */
  readonly withoutPerl?: boolean;
  /** Leave bash out, so the image cannot run the agent. */
  readonly withoutBash?: boolean;
  /** Leave node and perl out, so nothing can relay egress. */
  readonly withoutRelay?: boolean;
  /** An ENTRYPOINT that says it ran (on stderr, with its uid and a variable it exports) and execs its arguments. */
  readonly withEntrypoint?: boolean;
}

const built = new Map<string, Promise<string>>();

/** Builds (once per content) and returns the image's reference; variants are layers over the full image. */
export function testImage(options: TestImageOptions = {}): Promise<string> {
  const key = JSON.stringify(options);
  let p = built.get(key);
  if (!p) {
    p = Object.keys(options).length ? variant(options) : buildTestImage();
    built.set(key, p);
  }
  return p;
}

async function variant(options: TestImageOptions): Promise<string> {
  const base = await testImage();
  const perl = 'rm -rf /usr/bin/perl /usr/lib/*/perl-base';
  const entrypoint = String.raw`printf '#!/bin/bash\necho "entrypoint ran as $(id -u)" >&2\nexport FROM_ENTRYPOINT=yes\nexec "$@"\n' > /usr/local/bin/entry && chmod 755 /usr/local/bin/entry` + '\nENTRYPOINT ["/usr/local/bin/entry"]';
  const [suffix, run] = options.withoutBash
    ? ['no-bash', 'rm -f /usr/bin/bash']
    : options.withoutRelay
      ? ['no-relay', `${perl} /usr/local/bin/node`]
      : options.withEntrypoint
        ? ['entrypoint', entrypoint]
        : ['no-perl', perl];
  const reference = `${base}-${suffix}`;
  if (await exec(ENGINE, ['image', 'exists', reference]).then(() => true, () => false)) return reference;
  const context = await mkdtemp(join(tmpdir(), 'airlock-test-image-'));
  try {
    await writeFile(join(context, 'Containerfile'), `FROM ${base}\nRUN ${run}\n`);
    await exec(ENGINE, ['build', '--pull=never', '--network', 'none', '--ulimit', 'nofile=1024:1024', '--ulimit', 'nproc=1024:1024', '-t', reference, '-f', join(context, 'Containerfile'), context]);
    return reference;
  } finally {
    await rm(context, { recursive: true, force: true });
  }
}

async function buildTestImage(): Promise<string> {
  const files = new Set<string>();
  for (const b of BINARIES) {
    const path = await which(b);
    files.add(path);
    for (const lib of await libraries(path)) files.add(lib);
  }
  const helper = '/usr/lib/git-core/git-remote-http';
  for (const lib of await libraries(helper)) files.add(lib);
  const node = await realpath(process.execPath);
  for (const lib of await libraries(node)) files.add(lib);
  const dirs: string[] = [];
  for (const d of DIRECTORIES) if (await stat(d).then(() => true, () => false)) dirs.push(d);
  const extra = ['/etc/ssl/certs/ca-certificates.crt'];
  const listing = [...files].sort().join('\n') + dirs.join('\n') + node;
  const nodeStat = await stat(process.execPath);
  const digest = createHash('sha256').update(listing).update(`${nodeStat.size} ${nodeStat.mtimeMs}`).digest('hex').slice(0, 16);
  const reference = `localhost/airlock-test-agent:${digest}`;
  const exists = await exec(ENGINE, ['image', 'exists', reference]).then(() => true, () => false);
  if (exists) return reference;

  const root = await mkdtemp(join(tmpdir(), 'airlock-test-image-'));
  try {
    // Copied where merged-/usr puts them (/lib/x → /usr/lib/x), the top-level names as symlinks.
    const script = [
      'set -euo pipefail',
      'root=$1; shift',
      'mkdir -p "$root/usr/bin" "$root/usr/lib" "$root/usr/lib64" "$root/usr/sbin" "$root/usr/local/bin" "$root/etc/ssl/certs" "$root/tmp" "$root/proc" "$root/sys" "$root/dev" "$root/run" "$root/home" "$root/var/tmp"',
      'ln -s usr/bin "$root/bin"; ln -s usr/lib "$root/lib"; ln -s usr/lib64 "$root/lib64"; ln -s usr/sbin "$root/sbin"',
      'for f in "$@"; do',
      '  case $f in',
      '    dir:*) d=$(realpath "${f#dir:}"); mkdir -p "$root$(dirname "$d")"; cp -a "$d" "$root$(dirname "$d")/" ;;',
      '    node:*) cp -L "${f#node:}" "$root/usr/local/bin/node" ;;',
      '    *) dst="$(realpath "$(dirname "$f")")/$(basename "$f")"; mkdir -p "$root$(dirname "$dst")"; cp -L --preserve=mode "$f" "$root$dst" ;;',
      '  esac',
      'done',
      'chmod 1777 "$root/tmp" "$root/var/tmp"',
    ].join('\n');
    await exec('bash', ['-c', script, 'build', root, ...files, ...extra, ...dirs.map((d) => `dir:${d}`), `node:${node}`], { maxBuffer: 16 * 1024 * 1024 });
    const changes = [
      'ENV PATH=/usr/local/bin:/usr/bin:/bin',
      'ENV IMAGE_ONLY=from-the-image',
      'ENV HTTP_PROXY=http://image-proxy.invalid:1',
      'ENV LD_PRELOAD=/image/preload.so',
      'USER 0',
      'ENTRYPOINT ["/bin/false"]',
      'CMD ["/bin/false"]',
    ].flatMap((c) => ['--change', c]);
    await new Promise<void>((resolve, reject) => {
      const tar = spawn('tar', ['-C', root, '-c', '.'], { stdio: ['ignore', 'pipe', 'inherit'] });
      const imp = spawn(ENGINE, ['import', ...changes, '-', reference], { stdio: ['pipe', 'ignore', 'pipe'] });
      let err = '';
      imp.stderr.on('data', (d: Buffer) => (err += d.toString()));
      tar.stdout.pipe(imp.stdin);
      imp.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`podman import failed: ${err}`))));
      tar.on('error', reject);
      imp.on('error', reject);
    });
    return reference;
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/** Containers (any state) whose command line contains `marker`. */
export async function containersWith(marker: string): Promise<string[]> {
  const { stdout } = await exec(ENGINE, ['ps', '--all', '--format', 'json']);
  const list = JSON.parse(stdout || '[]') as { Names?: string[]; Command?: string[] | string }[];
  return list.filter((c) => JSON.stringify(c.Command ?? '').includes(marker)).flatMap((c) => c.Names ?? []);
}

/** Directory entries under `dir` not owned by `uid`. */
export async function notOwnedBy(dir: string, uid: number): Promise<string[]> {
  const out: string[] = [];
  const walk = async (path: string) => {
    const st = await lstat(path);
    if (st.uid !== uid) out.push(path);
    if (st.isDirectory()) for (const e of await readdir(path)) await walk(join(path, e));
  };
  await walk(dir);
  return out;
}
