import { access, constants, open, realpath } from 'node:fs/promises';
import { delimiter, dirname, isAbsolute, join, sep } from 'node:path';

/** What the sandbox already shows (read-only /usr and its merged-/usr links): nothing to add for it. */
const VISIBLE = ['/usr/', '/bin/', '/sbin/', '/lib/', '/lib64/'];
const visible = (path: string) => VISIBLE.some((p) => path.startsWith(p));

/** Shell words that are not programs: nothing to resolve. */
const SHELL_WORDS = new Set(['if', 'then', 'for', 'while', 'until', 'case', 'do', 'time', 'exec', 'set', 'cd', 'export', 'echo', 'printf', 'test', '[', 'true', 'false', ':', '.', 'source', 'eval', 'env', 'command', 'builtin']);

const executable = (path: string) =>
  access(path, constants.X_OK).then(
    () => true,
    () => false,
  );

/** The first program `run` starts, as bash would find it on `PATH` (leading `NAME=value` assignments skipped). */
export function firstCommand(run: string): string | undefined {
  for (const word of run.trim().split(/\s+/)) {
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(word)) continue;
    return /^[A-Za-z0-9._+/-]+$/.test(word) && !SHELL_WORDS.has(word) ? word : undefined;
  }
  return undefined;
}

async function lookup(name: string, pathEnv: string | undefined): Promise<string | undefined> {
  if (name.includes('/')) return isAbsolute(name) && (await executable(name)) ? name : undefined;
  for (const dir of (pathEnv ?? '').split(delimiter).filter((d) => isAbsolute(d))) {
    const candidate = join(dir, name);
    if (await executable(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Where a program's installation lives: for a file inside a `node_modules` tree, that whole tree
 * (a package may start another from a sibling package, as CLIs with platform binaries do); else
 * the file's own directory.
 */
function installRoot(file: string): string {
  const marker = `${sep}node_modules${sep}`;
  const at = file.indexOf(marker);
  return at >= 0 ? file.slice(0, at + marker.length - 1) : dirname(file);
}

/** `#!/usr/bin/env node` -> node; `#!/opt/x/bin/python3 -u` -> /opt/x/bin/python3. */
async function interpreterOf(file: string): Promise<string | undefined> {
  const handle = await open(file, 'r').catch(() => undefined);
  if (!handle) return undefined;
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(256), 0, 256, 0);
    const line = buffer.subarray(0, bytesRead).toString('latin1').split('\n')[0] ?? '';
    if (!line.startsWith('#!')) return undefined;
    const [program, ...rest] = line.slice(2).trim().split(/\s+/);
    if (program === '/usr/bin/env' || program === '/bin/env') return rest.find((w) => !w.startsWith('-'));
    return program;
  } finally {
    await handle.close();
  }
}

/** A toolchain's prefix (…/x64 for …/x64/bin/node), so its lib/ and share/ come along. */
const prefixOf = (binary: string) => (dirname(binary).endsWith(`${sep}bin`) ? dirname(dirname(binary)) : dirname(binary));

/**
 * What the agent's command needs from outside /usr to start in the sandbox: for a program found on
 * the runner's PATH (setup-node's tool cache, a global npm install, ~/.local), the directory it was
 * found in, the package it resolves into, and its interpreter's prefix. Each is bound read-only at
 * the same path, so the runner's PATH works unchanged inside. Nothing under /usr is added (the
 * sandbox already has it), and nothing is searched beyond the command's own files.
 */
export async function commandToolPaths(run: string, pathEnv: string | undefined): Promise<string[]> {
  const name = firstCommand(run);
  const found = name ? await lookup(name, pathEnv) : undefined;
  if (!found) return [];
  const real = await realpath(found);
  const paths: string[] = [];
  if (!visible(found)) paths.push(dirname(found));
  if (!visible(real)) paths.push(installRoot(real));
  const interpreter = await interpreterOf(real);
  const interpreterPath = interpreter ? await lookup(interpreter, pathEnv) : undefined;
  if (interpreterPath) {
    const realInterpreter = await realpath(interpreterPath);
    if (!visible(realInterpreter)) paths.push(prefixOf(realInterpreter));
    if (!visible(interpreterPath)) paths.push(dirname(interpreterPath));
  }
  return minimalCover(paths);
}

/** Drops duplicates and paths inside another listed path. */
export function minimalCover(paths: readonly string[]): string[] {
  const sorted = [...new Set(paths)].sort((a, b) => a.length - b.length);
  const kept: string[] = [];
  for (const p of sorted) if (!kept.some((k) => p === k || p.startsWith(`${k}${sep}`))) kept.push(p);
  return kept.sort();
}
