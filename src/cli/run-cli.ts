import type { CliCommand, CliIo } from './cli-io.js';
import { answerHelpOrVersion, renderHelp } from './parse-command-args.js';

// Each command is loaded only when called, so `airlock scan` does not pay for Probot or PGlite.
const commands: Record<string, { summary: string; load: () => Promise<CliCommand> }> = {
  app: {
    summary: 'start the Airlock App (webhooks and the token broker)',
    load: async () => (await import('./app-command.js')).appCommand,
  },
  world: {
    summary: 'start the local GitHub world (API, OIDC issuer) and print its settings as JSON',
    load: async () => (await import('./world-command.js')).worldCommand,
  },
  demo: {
    summary: 'run the whole flow against the local world and print a JSON summary',
    load: async () => (await import('./demo-command.js')).demoCommand,
  },
  scan: {
    summary: 'scan files, git history or a diff for secrets',
    load: async () => (await import('./scan-command.js')).scanCommand,
  },
  bench: {
    summary: 'run a benchmark and print JSON (scan, policy, sts, ...)',
    load: async () => (await import('../bench/run-bench.js')).benchCommand,
  },
  audit: {
    summary: 'verify | export --jsonl: check or export the hash-chained audit log',
    load: async () => (await import('./audit-command.js')).auditCommand,
  },
  runs: {
    summary: "show <owner/repo> <run_id>: a run's timeline from its telemetry",
    load: async () => (await import('./runs-command.js')).runsCommand,
  },
  verify: {
    summary: 'verify attestation bundles (signature, timestamp, signer) or the agent-run -> verdict -> commit chain',
    load: async () => (await import('./verify-command.js')).verifyCommand,
  },
  policy: {
    summary: 'eval | test | conformance: evaluate Rego policies',
    load: async () => (await import('./policy-command.js')).policyCommand,
  },
  identity: {
    summary: 'suspend | resume: the kill switch for an agent identity in a repository',
    load: async () => (await import('./identity-command.js')).identityCommand,
  },
  config: {
    summary: 'check: validate trust policies and airlock.yml offline against the published schemas',
    load: async () => (await import('./config-command.js')).configCommand,
  },
};

const usage = (): string =>
  renderHelp({
    usage: ['airlock <command> [options]'],
    about: `${Object.entries(commands)
      .map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`)
      .join('\n')}\n\nairlock <command> --help shows a command's options and exit statuses (docs/cli.md).`,
    exit: { 0: 'success', 1: 'a finding, a failed verification or a failed test (per command)', 2: 'usage or configuration error' },
  });

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.stderr(usage());
    return 2;
  }
  if (name.startsWith('-')) {
    const answered = answerHelpOrVersion(io, usage(), [name]);
    if (answered !== undefined) return answered;
  }
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!command) {
    io.stderr(`airlock: unknown command "${name}"; expected one of ${Object.keys(commands).join(', ')}; see airlock --help\n`);
    return 2;
  }
  return (await command.load())(rest, io);
}
