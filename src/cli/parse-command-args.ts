import { parseArgs, type ParseArgsConfig } from 'node:util';
import { AIRLOCK_VERSION } from './airlock-version.js';
import type { CliCommand, CliIo } from './cli-io.js';

/*
 * The one convention every `airlock` command follows (docs/cli.md): options parsed by node:util
 * parseArgs in strict mode (https://nodejs.org/api/util.html#utilparseargsconfig); --help/-h and
 * --version answered before anything else happens; a usage or input error is one line on stderr
 * and exit 2; reports take --format, with --json short for --format json.
 */

/**
 * Why a command stops with exit 2. `usage`: the command line is wrong (the line points to
 * --help); `input`: a named file, the environment or a repository cannot be used as given.
 */
export type CliErrorCode = 'usage' | 'input';

/** node:util's option declarations (@types/node 20 does not export their type by name). */
export type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig['options']>;

export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    readonly code: CliErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** What --help prints; rendered the same way for every command. */
export interface HelpText {
  /** Synopsis lines, each starting `airlock ...`. */
  readonly usage: readonly string[];
  /** What the command does, and anything a user must know; blank lines separate paragraphs. */
  readonly about?: string;
  /** [flags, explanation]; -h/--help and --version are added. */
  readonly options?: readonly (readonly [string, string])[];
  /** Exit statuses (0, 1 where it has a meaning, 2). */
  readonly exit: { readonly 0: string; readonly 1?: string; readonly 2: string };
}

export interface CommandSpec<O extends ParseArgsOptionsConfig> {
  /** As typed after `airlock`, e.g. `policy test`. */
  readonly name: string;
  readonly help: HelpText;
  readonly options: O;
  /** Whether it takes positional arguments (files, a query); default: none. */
  readonly positionals?: boolean;
}

export type ParsedValues<O extends ParseArgsOptionsConfig> = ReturnType<typeof parseArgs<{ options: O; allowPositionals: true; strict: true }>>['values'];

export interface ParsedCommand<O extends ParseArgsOptionsConfig> {
  readonly values: ParsedValues<O>;
  readonly positionals: string[];
}

const STANDARD_OPTIONS: readonly (readonly [string, string])[] = [
  ['-h, --help', 'show this help and exit'],
  ['--version', 'print the version and exit'],
];

export function renderHelp(help: HelpText): string {
  const options = [...(help.options ?? []), ...STANDARD_OPTIONS];
  const width = Math.min(28, Math.max(...options.map(([flags]) => flags.length)) + 2);
  const option = ([flags, text]: readonly [string, string]) => (flags.length + 2 > width ? `  ${flags}\n  ${' '.repeat(width)}${text}` : `  ${flags.padEnd(width)}${text}`);
  const exits = ([0, 1, 2] as const).flatMap((code) => (help.exit[code] === undefined ? [] : [`  ${code}  ${help.exit[code]}`]));
  return [
    help.usage.map((line, i) => `${i === 0 ? 'usage: ' : '       '}${line}`).join('\n'),
    ...(help.about ? [help.about.replace(/^\n+|\s+$/g, '')] : []),
    `options:\n${options.map(option).join('\n')}`,
    `exit status:\n${exits.join('\n')}`,
  ].join('\n\n') + '\n';
}

/** One line: `airlock <cmd>: <what was wrong>; see airlock <cmd> --help`, exit 2. */
export function reportCliError(io: CliIo, command: string, error: CliError): number {
  const line = error.message.replace(/\s*\n\s*/g, ' ');
  io.stderr(`airlock ${command}: ${line}${error.code === 'usage' ? `; see airlock ${command} --help` : ''}\n`);
  return 2;
}

/** --help or --version before `--`, wherever they stand: answered without parsing anything else. */
function helpOrVersion(argv: readonly string[]): 'help' | 'version' | undefined {
  for (const arg of argv) {
    if (arg === '--') return undefined;
    if (arg === '--help' || arg === '-h') return 'help';
    if (arg === '--version') return 'version';
  }
  return undefined;
}

/** Answers --help/--version (exit 0) if asked; otherwise undefined. */
export function answerHelpOrVersion(io: CliIo, help: string, argv: readonly string[]): number | undefined {
  const asked = helpOrVersion(argv);
  if (asked === 'help') io.stdout(help);
  else if (asked === 'version') io.stdout(`airlock ${AIRLOCK_VERSION}\n`);
  return asked === undefined ? undefined : 0;
}

const optionList = (options: ParseArgsOptionsConfig): string =>
  Object.keys(options)
    .map((name) => `--${name}`)
    .join(', ');

/** node:util's messages are several sentences; say the same in one line, naming the option. */
function parseErrorLine(error: unknown, options: ParseArgsOptionsConfig): string {
  const { code, message } = error as { code?: string; message: string };
  const quoted = /'([^']+)'/.exec(message)?.[1] ?? '';
  const flag = /--[\w-]+/.exec(quoted)?.[0] ?? quoted.split(/[ ,]/)[0] ?? quoted;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option "${flag}"; expected ${Object.keys(options).length ? `one of ${optionList(options)}` : 'no options'} (a file name starting with "-" goes after --)`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    if (message.includes('argument missing')) return `${flag} needs a value, e.g. ${flag} <value>`;
    if (message.includes('does not take an argument')) return `${flag} takes no value; write ${flag} alone`;
    if (message.includes('ambiguous')) return `bad ${flag} value: the next argument starts with "-"; write ${flag}=<value> if the value really starts with "-"`;
  }
  return message.split('\n')[0]!;
}

/** Strict parseArgs of `argv` against `spec`; a CliError('usage') names what was wrong. */
export function parseCommandArgs<O extends ParseArgsOptionsConfig>(spec: CommandSpec<O>, argv: readonly string[]): ParsedCommand<O> {
  let parsed: ParsedCommand<O>;
  try {
    parsed = parseArgs({ args: [...argv], options: spec.options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new CliError('usage', parseErrorLine(error, spec.options));
  }
  if (!spec.positionals && parsed.positionals.length > 0) throw new CliError('usage', `unexpected argument "${parsed.positionals[0]}"; airlock ${spec.name} takes ${Object.keys(spec.options).length ? 'only options' : 'no arguments'}`);
  return parsed;
}

/**
 * Runs one command the conventional way: --help/--version first (no side effects), then strict
 * parsing, then `body`. A CliError from parsing or from `body` is one line and exit 2; any other
 * error is the command's to report.
 */
export async function runCommand<O extends ParseArgsOptionsConfig>(spec: CommandSpec<O>, argv: readonly string[], io: CliIo, body: (args: ParsedCommand<O>) => Promise<number>): Promise<number> {
  const answered = answerHelpOrVersion(io, renderHelp(spec.help), argv);
  if (answered !== undefined) return answered;
  try {
    return await body(parseCommandArgs(spec, argv));
  } catch (error) {
    if (error instanceof CliError) return reportCliError(io, spec.name, error);
    throw error;
  }
}

/** A command made of subcommands (`policy test|eval|conformance`): each parses its own options. */
export interface CommandGroup {
  readonly name: string;
  readonly about: string;
  readonly subcommands: Readonly<Record<string, { readonly summary: string; readonly run: CliCommand }>>;
  readonly exit: HelpText['exit'];
}

export function renderGroupHelp(group: CommandGroup): string {
  const names = Object.keys(group.subcommands);
  const width = Math.max(...names.map((n) => n.length)) + 2;
  return renderHelp({
    usage: [`airlock ${group.name} <${names.join('|')}> [options]`],
    about: `${group.about}\n\n${names.map((n) => `  ${n.padEnd(width)}${group.subcommands[n]!.summary}`).join('\n')}\n\nairlock ${group.name} <subcommand> --help shows each one's options.`,
    exit: group.exit,
  });
}

export async function runCommandGroup(group: CommandGroup, argv: readonly string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  const expected = `expected one of ${Object.keys(group.subcommands).join(', ')}`;
  if (sub === undefined) return reportCliError(io, group.name, new CliError('usage', `missing subcommand; ${expected}`));
  if (sub.startsWith('-')) {
    const answered = answerHelpOrVersion(io, renderGroupHelp(group), [sub]);
    if (answered !== undefined) return answered;
  }
  const subcommand = Object.hasOwn(group.subcommands, sub) ? group.subcommands[sub] : undefined;
  if (!subcommand) return reportCliError(io, group.name, new CliError('usage', `unknown subcommand "${sub}"; ${expected}`));
  return subcommand.run(rest, io);
}

/**
 * The one rule for report output: --format text|json[|sarif] (text by default) and --json as
 * short for --format json; both at once must agree.
 */
export function reportFormat<F extends string>(values: { format?: string; json?: boolean }, allowed: readonly F[]): F | 'text' {
  const { format, json } = values;
  if (json && format !== undefined && format !== 'json') throw new CliError('usage', `--json means --format json and contradicts --format ${format}; give one of them`);
  const chosen = format ?? (json ? 'json' : 'text');
  if (chosen !== 'text' && !(allowed as readonly string[]).includes(chosen)) throw new CliError('usage', `unknown format "${chosen}"; expected --format ${['text', ...allowed].join(', ')}`);
  return chosen as F | 'text';
}

/** The option declarations behind reportFormat. */
export const FORMAT_OPTIONS = {
  format: { type: 'string', short: 'f' },
  json: { type: 'boolean' },
} as const;

/** A numeric option's value, or `fallback` when absent; anything else is a usage error naming it. */
export function numberOption(flag: string, raw: string | undefined, fallback: number, rule: { integer: boolean; min: number }): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || (rule.integer && !Number.isInteger(n)) || n < rule.min) throw new CliError('usage', `${flag} ${raw} is not valid; expected ${rule.integer ? 'an integer' : 'a number'} >= ${rule.min}`);
  return n;
}
