import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);

// src/cli/run-cli.ts
async function runCli(argv) {
  console.error(`airlock: unknown command ${JSON.stringify(argv[0] ?? "")}`);
  return 2;
}

// src/cli/index.ts
process.exitCode = await runCli(process.argv.slice(2));
