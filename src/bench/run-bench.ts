import type { CliCommand } from '../cli/cli-io.js';
import { answerHelpOrVersion, CliError, renderHelp, reportCliError } from '../cli/parse-command-args.js';

// `npm run bench -- <name>`: each benchmark prints one JSON document on stdout.
const benches: Record<string, () => Promise<CliCommand>> = {
  scan: async () => (await import('./scan-bench.js')).scanBench,
  policy: async () => (await import('./policy-bench.js')).policyBench,
  sandbox: async () => (await import('./sandbox-bench.js')).sandboxBench,
  sts: async () => (await import('./sts-bench.js')).stsBench,
  'action-start': async () => (await import('./action-start-bench.js')).actionStartBench,
  attest: async () => (await import('./attest-bench.js')).attestBench,
  webhooks: async () => (await import('./webhooks-bench.js')).webhooksBench,
  soak: async () => (await import('./soak-bench.js')).soakBench,
};

const HELP = renderHelp({
  usage: ['airlock bench [<name> [options]]'],
  about: `Runs one benchmark, or all of them in turn, each printing one JSON document on stdout.
Benchmarks: ${Object.keys(benches).join(', ')}. airlock bench <name> --help shows a benchmark's options.`,
  exit: { 0: 'measured', 1: 'a benchmark failed', 2: 'usage error' },
});

export const benchCommand: CliCommand = async (argv, io) => {
  const [name, ...rest] = argv;
  if (name?.startsWith('-')) {
    const answered = answerHelpOrVersion(io, HELP, [name]);
    if (answered !== undefined) return answered;
    return reportCliError(io, 'bench', new CliError('usage', `options belong to one benchmark; name it first, e.g. airlock bench scan ${name}`));
  }
  if (name !== undefined && !Object.hasOwn(benches, name)) return reportCliError(io, 'bench', new CliError('usage', `unknown benchmark "${name}"; expected one of ${Object.keys(benches).join(', ')}`));
  for (const n of name === undefined ? Object.keys(benches) : [name]) {
    const code = await (await benches[n]!())(n === name ? rest : [], io);
    if (code !== 0) return code;
  }
  return 0;
};
