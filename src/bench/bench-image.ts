import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { engineCommand, type ContainerEngine } from '../sandbox/container-engine.js';

const exec = promisify(execFile);

/** What `sandbox: container` needs of an image (bash, and perl for the relay), taken from this host. */
const BINARIES = ['/bin/bash', '/usr/bin/perl', '/bin/true'];

/**
 * The bench's image when none is named: the host's bash, perl (with its core modules) and the
 * libraries `ldd` lists, imported into the engine's store as `localhost/airlock-bench:<digest>`
 * (built once per content). Nothing is pulled, so the bench runs where images cannot be.
 */
export async function benchImage(engine: ContainerEngine): Promise<string> {
  const files = new Set<string>();
  for (const b of BINARIES) {
    files.add(b);
    const { stdout } = await exec('ldd', [b]).catch(() => ({ stdout: '' }));
    for (const m of stdout.matchAll(/(\/\S+)/g)) files.add(m[1]!);
  }
  const { stdout: inc } = await exec('/usr/bin/perl', ['-e', 'print join("\\n", @INC)']);
  const dirs: string[] = [];
  for (const d of inc.split('\n')) if (d.startsWith('/') && (await stat(d).then((s) => s.isDirectory(), () => false))) dirs.push(d);
  const listing = [...files, ...dirs].sort().join('\n');
  const reference = `localhost/airlock-bench:${createHash('sha256').update(listing).digest('hex').slice(0, 16)}`;
  if ((await engineCommand(engine, ['image', 'inspect', reference])).code === 0) return reference;
  const root = await mkdtemp(join(tmpdir(), 'airlock-bench-image-'));
  try {
    // Each file where merged-/usr puts it; the top-level names as symlinks into /usr.
    const script = [
      'set -euo pipefail',
      'root=$1; shift',
      'mkdir -p "$root/usr/bin" "$root/usr/lib" "$root/usr/lib64" "$root/tmp" "$root/etc"',
      'ln -s usr/bin "$root/bin"; ln -s usr/lib "$root/lib"; ln -s usr/lib64 "$root/lib64"',
      'for f in "$@"; do case $f in dir:*) d=$(realpath "${f#dir:}"); mkdir -p "$root$(dirname "$d")"; cp -a "$d" "$root$(dirname "$d")/" ;; *) dst="$(realpath "$(dirname "$f")")/$(basename "$f")"; mkdir -p "$root$(dirname "$dst")"; cp -L "$f" "$root$dst" ;; esac; done',
    ].join('\n');
    await exec('bash', ['-c', script, 'bench-image', root, ...files, ...dirs.map((d) => `dir:${d}`)], { maxBuffer: 16 * 1024 * 1024 });
    await new Promise<void>((resolve, reject) => {
      const tar = spawn('tar', ['-C', root, '-c', '.'], { stdio: ['ignore', 'pipe', 'ignore'] });
      const imp = spawn(engine.path, ['import', '--change', 'ENV PATH=/usr/bin:/bin', '-', reference], { stdio: ['pipe', 'ignore', 'pipe'], env: engine.env });
      let err = '';
      imp.stderr.on('data', (d: Buffer) => (err += d.toString()));
      tar.stdout.pipe(imp.stdin);
      tar.on('error', reject);
      imp.on('error', reject);
      imp.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${engine.name} import failed: ${err.trim()}`))));
    });
    return reference;
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
