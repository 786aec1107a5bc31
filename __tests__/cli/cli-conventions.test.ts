import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIo } from '../../src/cli/cli-io.js';
import { runCli } from '../../src/cli/run-cli.js';

// The one convention (docs/cli.md), asked of every command and subcommand through runCli, the
// CLI's own entry, with a captured CliIo: --help and --version answer with exit 0 and touch
// nothing; an unknown option is one line on stderr and exit 2.

const VERSION = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;

interface Run {
  code: number;
  out: string;
  err: string;
}

/** Runs `airlock ...argv` in an empty directory with an empty environment (no APP_ID). */
async function airlock(argv: string[]): Promise<Run & { cwdAfter: string[] }> {
  const cwd = mkdtempSync(join(tmpdir(), 'airlock-cli-conv-'));
  let out = '';
  let err = '';
  const io: CliIo = { stdout: (t) => void (out += t), stderr: (t) => void (err += t), env: {}, cwd };
  try {
    const code = await runCli(argv, io);
    return { code, out, err, cwdAfter: readdirSync(cwd) };
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}

const listening = (): number => process.getActiveResourcesInfo().filter((r) => r === 'TCPServerWrap' || r === 'TCPSocketWrap').length;

/** The commands `airlock --help` lists (so a command added later is held to the same rules). */
async function listedCommands(): Promise<string[]> {
  const { out } = await airlock(['--help']);
  return [...out.matchAll(/^ {2}([a-z][a-z-]*) {2,}/gm)].map((m) => m[1]!);
}

/** The benchmarks `airlock bench --help` names (each is a subcommand with its own options). */
async function benchmarks(): Promise<string[]> {
  const { out } = await airlock(['bench', '--help']);
  return /Benchmarks: ([a-z, -]+)\./.exec(out)![1]!.split(', ');
}

const SUBCOMMANDS: string[][] = [
  ['policy', 'test'],
  ['policy', 'eval'],
  ['policy', 'conformance'],
  ['audit', 'verify'],
  ['audit', 'export'],
  ['verify', 'chain'],
  ...(await benchmarks()).map((b) => ['bench', b]),
];

describe('airlock --help / --version / unknown options, on every command', () => {
  it('airlock --help lists the commands and the exit statuses; no command is exit 2 with the usage on stderr', async () => {
    expect(await benchmarks()).toEqual(expect.arrayContaining(['scan', 'policy', 'sandbox', 'sts', 'action-start', 'attest', 'webhooks']));
    const help = await airlock(['--help']);
    expect(help).toMatchObject({ code: 0, err: '' });
    expect(help.out).toMatch(/^usage: airlock <command>/);
    expect(help.out).toMatch(/exit status:\n {2}0 {2}.+\n {2}1 {2}.+\n {2}2 {2}usage/);
    expect(await listedCommands()).toEqual(expect.arrayContaining(['app', 'world', 'demo', 'scan', 'bench', 'audit', 'verify', 'policy']));
    const none = await airlock([]);
    expect(none).toMatchObject({ code: 2, out: '' });
    expect(none.err).toMatch(/^usage: airlock <command>/);
    const unknown = await airlock(['frobnicate']);
    expect(unknown).toMatchObject({ code: 2, out: '', err: 'airlock: unknown command "frobnicate"; expected one of ' + (await listedCommands()).join(', ') + '; see airlock --help\n' });
  });

  it('airlock --version and airlock <command> [<subcommand>] --version print the package.json version', async () => {
    const all = [[], ...(await listedCommands()).map((c) => [c]), ...SUBCOMMANDS];
    for (const argv of all) {
      const r = await airlock([...argv, '--version']);
      expect({ argv, ...r }).toEqual({ argv, code: 0, out: `airlock ${VERSION}\n`, err: '', cwdAfter: [] });
    }
  });

  it('<command> --help and <command> <subcommand> --help: usage with exit statuses, exit 0, no side effects', async () => {
    const before = listening();
    for (const argv of [...(await listedCommands()).map((c) => [c]), ...SUBCOMMANDS]) {
      // app would ask for APP_ID (or serve registration), world and demo would start servers,
      // bench would measure: each must answer instead, and return.
      const r = await airlock([...argv, '--help']);
      expect({ argv, code: r.code, err: r.err, cwdAfter: r.cwdAfter }).toEqual({ argv, code: 0, err: '', cwdAfter: [] });
      const name = argv[0] === 'verify' ? 'verify' : argv.join(' ');
      expect(r.out).toContain(`usage: airlock ${name}`);
      expect(r.out).toMatch(/\nexit status:\n {2}0 {2}\S.*\n(?: {2}1 {2}\S.*\n)? {2}2 {2}\S.*\n$/);
      expect(r.out).toContain('-h, --help');
      expect(r.out).not.toContain('APP_ID is not set');
    }
    // -h is --help, also after other arguments, which are not read.
    const short = await airlock(['scan', 'no-such-file', '-h']);
    expect(short.code).toBe(0);
    expect(short.out).toContain('usage: airlock scan');
    expect(listening()).toBe(before);
  });

  it('an unknown option is one line on stderr naming it, and exit 2, before anything runs', async () => {
    for (const argv of [['app'], ['world'], ['demo'], ['scan', '.'], ['verify', 'x.json'], ...SUBCOMMANDS.filter((a) => a[1] !== 'chain')]) {
      const r = await airlock([...argv, '--no-such-option']);
      const name = argv[0] === 'verify' ? 'verify' : argv.filter((a) => !a.includes('.')).join(' ');
      expect({ argv, code: r.code, out: r.out, cwdAfter: r.cwdAfter }).toEqual({ argv, code: 2, out: '', cwdAfter: [] });
      expect(r.err).toMatch(new RegExp(`^airlock ${name}: unknown option "--no-such-option"; expected .*; see airlock ${name} --help\\n$`));
    }
    // Groups: an option where the subcommand belongs, or an unknown subcommand.
    for (const [argv, line] of [
      [['policy', '--no-such-option'], 'airlock policy: unknown subcommand "--no-such-option"; expected one of test, eval, conformance; see airlock policy --help\n'],
      [['audit', 'rotate'], 'airlock audit: unknown subcommand "rotate"; expected one of verify, export; see airlock audit --help\n'],
      [['bench', 'nope'], `airlock bench: unknown benchmark "nope"; expected one of ${(await benchmarks()).join(', ')}; see airlock bench --help\n`],
      [['bench', '--runs', '3'], 'airlock bench: options belong to one benchmark; name it first, e.g. airlock bench scan --runs; see airlock bench --help\n'],
    ] as const) {
      expect(await airlock([...argv])).toEqual({ code: 2, out: '', err: line, cwdAfter: [] });
    }
  });

  it('a missing or bad option value, a stray argument and --json beside another --format are usage errors (exit 2, one line)', async () => {
    for (const [argv, message] of [
      [['scan', '.', '--format'], 'airlock scan: --format needs a value, e.g. --format <value>; see airlock scan --help\n'],
      [['scan', '.', '--json=yes'], 'airlock scan: --json takes no value; write --json alone; see airlock scan --help\n'],
      [['scan', '.', '--json', '--format', 'sarif'], 'airlock scan: --json means --format json and contradicts --format sarif; give one of them; see airlock scan --help\n'],
      [['policy', 'test', '.', '--format', 'sarif'], 'airlock policy test: unknown format "sarif"; expected --format text, json; see airlock policy test --help\n'],
      [['audit', 'verify', 'extra'], 'airlock audit verify: unexpected argument "extra"; airlock audit verify takes only options; see airlock audit verify --help\n'],
      [['app', 'now'], 'airlock app: unexpected argument "now"; airlock app takes no arguments; see airlock app --help\n'],
      [['world', '--port', '70000'], 'airlock world: --port 70000 is not a TCP port number; expected 0-65535; see airlock world --help\n'],
      [['bench', 'policy', '--decisions', '0'], 'airlock bench policy: --decisions 0 is not valid; expected an integer >= 5; see airlock bench policy --help\n'],
    ] as const) {
      expect(await airlock([...argv])).toEqual({ code: 2, out: '', err: message, cwdAfter: [] });
    }
  });
});
