import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);

// src/store/database-target.ts
import { resolve } from "node:path";
var DEFAULT_DATA_DIR = ".airlock-data";
function databaseTarget(env, cwd) {
  const dataDir = resolve(cwd, env.AIRLOCK_DATA_DIR || DEFAULT_DATA_DIR);
  return env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL, dataDir } : { dataDir };
}

export {
  databaseTarget
};
