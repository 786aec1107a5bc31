import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { trustFromRoots } from '../attest/trust-material.js';
import { publicGoodRoot } from '../attest/trusted-roots.js';
import { verifyChain, type ChainReport } from '../attest/verify-chain.js';
import type { CliCommand, CliIo } from './cli-io.js';

const USAGE = `usage: airlock verify <bundle>... --repository <owner/repo> --workflow <ref> --app-key <pem>
                      [--commit <sha>] [--trusted-root <file>]... [--issuer <url>]
                      [--runner-environment <env>]... [--server-url <url>] [--json]

Verifies the chain agent-run attestation -> App verdict -> commit, for release pipelines to run
before deploy. Bundles are Sigstore bundle files; a check run's text (with the verdict in a json
code block) is accepted as is. --workflow is the signing workflow, e.g.
.github/workflows/agent.yml@refs/heads/main. --app-key is the App's public key, from
GET <app>/airlock/v1/keys. Exits 0 only if every link holds, 1 if any breaks, 2 on usage errors.
`;

class UsageError extends Error {}

interface Flags {
  files: string[];
  repository?: string;
  workflow?: string;
  appKey?: string;
  commit?: string;
  trustedRoots: string[];
  issuer: string;
  runnerEnvironments: string[];
  serverUrl: string;
  json: boolean;
}

function parseFlags(args: string[]): Flags {
  const flags: Flags = { files: [], trustedRoots: [], issuer: 'https://token.actions.githubusercontent.com', runnerEnvironments: [], serverUrl: 'https://github.com', json: false };
  const valued: Record<string, (value: string) => void> = {
    '--repository': (v) => (flags.repository = v),
    '--workflow': (v) => (flags.workflow = v),
    '--app-key': (v) => (flags.appKey = v),
    '--commit': (v) => (flags.commit = v),
    '--trusted-root': (v) => flags.trustedRoots.push(v),
    '--issuer': (v) => (flags.issuer = v),
    '--runner-environment': (v) => flags.runnerEnvironments.push(v),
    '--server-url': (v) => (flags.serverUrl = v.replace(/\/+$/, '')),
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--json') flags.json = true;
    else if (valued[arg]) {
      const value = args[++i];
      if (value === undefined) throw new UsageError(`${arg} needs a value`);
      valued[arg](value);
    } else if (arg.startsWith('--')) throw new UsageError(`unknown option ${arg}`);
    else flags.files.push(arg);
  }
  if (flags.files.length === 0) throw new UsageError('give the bundle files to verify: the agent-run attestation and the App verdict');
  if (!flags.repository || !/^[^/\s]+\/[^/\s]+$/.test(flags.repository)) throw new UsageError('--repository <owner/repo> is required');
  if (!flags.workflow || !flags.workflow.includes('@')) throw new UsageError('--workflow <path@ref> is required, e.g. .github/workflows/agent.yml@refs/heads/main');
  if (!flags.appKey) throw new UsageError('--app-key <file> is required: the App public key from GET <app>/airlock/v1/keys');
  if (flags.commit !== undefined && !/^[0-9a-f]{40}$/i.test(flags.commit)) throw new UsageError('--commit must be a 40-digit commit sha');
  return flags;
}

/** A bundle file, or a check run's text whose verdict sits in a ```json block. */
async function readBundle(path: string): Promise<unknown> {
  const text = await readFile(path, 'utf8');
  const fenced = /```json\n([\s\S]*?)\n```/.exec(text);
  try {
    return JSON.parse(fenced ? fenced[1]! : text);
  } catch {
    throw new UsageError(`${path} is neither a Sigstore bundle (JSON) nor a check run text with one`);
  }
}

function printText(io: CliIo, report: ChainReport): void {
  for (const l of report.links) io.stdout(`${l.ok ? 'ok  ' : 'FAIL'} ${l.link.padEnd(9)} ${l.code ? `${l.code}: ` : ''}${l.message}\n`);
  io.stdout(report.ok ? `verified: ${report.repository} commit ${report.commit}\n` : 'chain broken: do not release\n');
}

export const verifyCommand: CliCommand = async (argv, io) => {
  let flags: Flags;
  let bundles: unknown[];
  let roots: unknown[];
  let appKeyPem: string;
  try {
    flags = parseFlags(argv);
    bundles = await Promise.all(flags.files.map((f) => readBundle(resolve(io.cwd, f))));
    roots = flags.trustedRoots.length ? await Promise.all(flags.trustedRoots.map(async (f) => JSON.parse(await readFile(resolve(io.cwd, f), 'utf8')) as unknown)) : [publicGoodRoot()];
    appKeyPem = await readFile(resolve(io.cwd, flags.appKey!), 'utf8');
  } catch (error) {
    io.stderr(`airlock verify: ${(error as Error).message}\n${error instanceof UsageError ? USAGE : ''}`);
    return 2;
  }
  const repository = flags.repository!;
  const workflow = flags.workflow!.startsWith(`${repository}/`) ? flags.workflow! : `${repository}/${flags.workflow!.replace(/^\/+/, '')}`;
  const report = verifyChain(bundles, {
    trust: trustFromRoots(roots),
    identity: { serverUrl: flags.serverUrl, issuer: flags.issuer, repository, workflows: { refs: [workflow] }, ...(flags.runnerEnvironments.length ? { runnerEnvironments: flags.runnerEnvironments } : {}) },
    appKeyPem,
    commit: flags.commit,
  });
  if (flags.json) io.stdout(`${JSON.stringify(report)}\n`);
  else printText(io, report);
  return report.ok ? 0 : 1;
};
