// Installs the real agent CLIs the end-to-end suites run (versions pinned in
// __tests__/support/real-agents.json), one npm prefix each, into AIRLOCK_AGENTS_DIR or
// ~/.cache/airlock-agents; an agent already there at its version is left as it is. `.ci/run` calls
// it so the suites never download inside a test; the suites call it too when run on their own.
// Usage: node scripts/install-real-agents.js [name ...]
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const packages = JSON.parse(readFileSync(join(root, '__tests__/support/real-agents.json'), 'utf8'));
export const agentsDir = process.env.AIRLOCK_AGENTS_DIR || join(homedir(), '.cache', 'airlock-agents');

const installed = (pkgDir) => {
  try {
    return JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
};

for (const name of process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(packages)) {
  const pkg = packages[name];
  if (!pkg) throw new Error(`unknown agent ${name}; known: ${Object.keys(packages).join(', ')}`);
  const prefix = join(agentsDir, name);
  const pkgDir = join(prefix, 'node_modules', pkg.name);
  if (installed(pkgDir) === pkg.version) continue;
  mkdirSync(prefix, { recursive: true });
  // A package.json of its own keeps npm from walking up into another project's.
  writeFileSync(join(prefix, 'package.json'), JSON.stringify({ name: `airlock-agent-${name}`, private: true }));
  console.log(`installing ${pkg.name}@${pkg.version} into ${prefix}`);
  execFileSync('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--no-package-lock', '--omit=dev', `${pkg.name}@${pkg.version}`], { stdio: 'inherit' });
  // The native build's postinstall places a binary of hundreds of MB over a stub of a few hundred bytes.
  if (!pkg.viaNode && statSync(join(pkgDir, pkg.entry)).size < 10 * 1024 * 1024) throw new Error(`${join(pkgDir, pkg.entry)} is still the stub: the package's postinstall did not run`);
}
