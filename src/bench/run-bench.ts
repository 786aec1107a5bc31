import type { CliCommand } from '../cli/cli-io.js';

// `npm run bench -- <name>`: each benchmark prints one JSON document on stdout.
const benches: Record<string, () => Promise<CliCommand>> = {
  scan: async () => (await import('./scan-bench.js')).scanBench,
  policy: async () => (await import('./policy-bench.js')).policyBench,
  sandbox: async () => (await import('./sandbox-bench.js')).sandboxBench,
  sts: async () => (await import('./sts-bench.js')).stsBench,
  'action-start': async () => (await import('./action-start-bench.js')).actionStartBench,
  attest: async () => (await import('./attest-bench.js')).attestBench,
  webhooks: async () => (await import('./webhooks-bench.js')).webhooksBench,
};

export const benchCommand: CliCommand = async (argv, io) => {
  const [name, ...rest] = argv;
  const names = name ? [name] : Object.keys(benches);
  for (const n of names) {
    const load = benches[n];
    if (!load) {
      io.stderr(`airlock bench: unknown benchmark "${n}"; expected one of: ${Object.keys(benches).join(', ')}\n`);
      return 2;
    }
    const code = await (await load())(rest, io);
    if (code !== 0) return code;
  }
  return 0;
};
