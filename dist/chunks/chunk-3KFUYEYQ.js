import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);

// src/policy/policy-modules.ts
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
var REQUEST_PATH_LIMITS = { maxSteps: 1e6, maxDepth: 100, timeoutMs: 1e3 };
function policyDir(env = process.env) {
  if (env.AIRLOCK_POLICY_DIR) return resolve(env.AIRLOCK_POLICY_DIR);
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error("cannot find the Airlock package root (with policies/); set AIRLOCK_POLICY_DIR");
    dir = parent;
  }
  return join(dir, "policies");
}
async function loadPolicyModules(dir) {
  let names;
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith(".rego") && !n.endsWith("_test.rego")).sort();
  } catch (error) {
    throw new Error(`policy directory ${dir} cannot be read; set AIRLOCK_POLICY_DIR to a directory of .rego files`, { cause: error });
  }
  if (names.length === 0) throw new Error(`policy directory ${dir} holds no .rego policies`);
  return Promise.all(names.map(async (n) => ({ file: join(dir, n), source: await readFile(join(dir, n), "utf8") })));
}

export {
  REQUEST_PATH_LIMITS,
  policyDir,
  loadPolicyModules
};
