import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EvalLimits } from './rego/limits.js';
import type { ModuleSource } from './rego/rego-policy.js';

/**
 * Limits for decisions on a request path (token exchange, webhook): far below the CLI's, so a
 * runaway policy is cut off quickly and the request denied.
 */
export const REQUEST_PATH_LIMITS: Partial<EvalLimits> = { maxSteps: 1_000_000, maxDepth: 100, timeoutMs: 1_000 };

/**
 * The policies shipped with Airlock (`policies/` at the package root), or `AIRLOCK_POLICY_DIR`.
 * Found by walking up from this module, so it works from the sources and from `dist/`.
 */
export function policyDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.AIRLOCK_POLICY_DIR) return resolve(env.AIRLOCK_POLICY_DIR);
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the Airlock package root (with policies/); set AIRLOCK_POLICY_DIR');
    dir = parent;
  }
  return join(dir, 'policies');
}

/** The `.rego` modules of a policy directory, tests (`*_test.rego`) left out. */
export async function loadPolicyModules(dir: string): Promise<ModuleSource[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.rego') && !n.endsWith('_test.rego')).sort();
  } catch (error) {
    throw new Error(`policy directory ${dir} cannot be read; set AIRLOCK_POLICY_DIR to a directory of .rego files`, { cause: error });
  }
  if (names.length === 0) throw new Error(`policy directory ${dir} holds no .rego policies`);
  return Promise.all(names.map(async (n) => ({ file: join(dir, n), source: await readFile(join(dir, n), 'utf8') })));
}
